"""`python -m mla_writer` runs the same entry point as the `mla-writer` command."""

from .cli import entry

entry()
