"""Helpers shared by the command modules: loading a case with a clear error, printing."""

from __future__ import annotations

import sys
from pathlib import Path

from ..domain.model import CaseFile
from ..storage import CaseFileError, load

EXIT_OK, EXIT_PROBLEMS, EXIT_UNREADABLE = 0, 1, 2


EXAMPLE_PREFIX = "example:"


def resolve_case_path(arg: str | Path) -> Path:
    """A case-file argument: a path, or `example:NAME` for a bundled example case."""
    text = str(arg)
    if text.startswith(EXAMPLE_PREFIX):
        from ..resources import data_dir

        return data_dir("examples") / f"{text[len(EXAMPLE_PREFIX):]}.json"
    return Path(text)


def load_case_or_exit(path: str | Path) -> CaseFile | None:
    """Load a case file; on failure print the reasons to stderr and return None (exit 2)."""
    try:
        return load(resolve_case_path(path))
    except CaseFileError as exc:
        print(f"mla-writer: {exc}", file=sys.stderr)
        return None
