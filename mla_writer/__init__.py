"""mla-writer: draft mutual legal assistance and extradition requests.

The aim is a request the requested state accepts on first reading.
"""

__version__ = "0.1.0"
