"""mla-writer: draft mutual legal assistance and extradition requests that the requested state accepts."""

__version__ = "0.1.0"
