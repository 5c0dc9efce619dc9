"""Entry point of the desktop bundle: the same as the `mla-writer` command."""

from mla_writer.cli import main

raise SystemExit(main())
