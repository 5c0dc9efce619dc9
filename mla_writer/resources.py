"""Where the bundled data lives: templates, translations, legal profiles, fonts, examples.

The top-level data folders (exercises included) are shipped inside the installed package (as
`mla_writer/_data/<name>`); in a source checkout they are found beside the package.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PKG = Path(__file__).resolve().parent
DATA_DIRS = ("templates", "translations", "legal_profiles", "examples", "fonts",
             "exercises")


@cache
def data_dir(name: str) -> Path:
    """Return the folder of bundled data `name`, installed or in a checkout."""
    if name not in DATA_DIRS:
        raise ValueError(f"unknown data folder {name!r}")
    for candidate in (_PKG / "_data" / name, _PKG.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(
        f"bundled data folder {name!r} not found (looked in {_PKG / '_data'} and {_PKG.parent});"
        " the installation is incomplete")
