"""`profiles review CODE --by NAME`: record a lawyer's legal review of a profile in its file.

`last_reviewed` means a legal review, never a code change: it is set only here, together with
who made the review, and the file is re-validated before it is written (atomically).
"""

# lazy imports (start-up cost): storage

from __future__ import annotations

import datetime as dt
import re
import tomllib
from pathlib import Path

from .loader import profiles_dir
from .schema import Baseline, StateProfile

_TOP_KEY = re.compile(r"^(last_reviewed|reviewed_by)\s*=")
_VERSION = re.compile(r"^profile_version\s*=")


def _toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def record_review(code: str, by: str, on: dt.date, directory: Path | None = None) -> Path:
    """Set `last_reviewed = on` and `reviewed_by = by` in the profile of `code` ("baseline" for
    baseline.toml); returns the file. ValueError when the name is blank, the profile does not
    exist, or the result would not load."""
    from ..storage import atomic_write_bytes

    by = " ".join(by.split())
    if not by:
        raise ValueError("give the name of the lawyer who reviewed the profile (--by NAME)")
    root = Path(directory) if directory is not None else profiles_dir()
    path = root / "baseline.toml" if code.lower() == "baseline" \
        else root / "states" / f"{code.upper()}.toml"
    if not path.is_file():
        raise ValueError(f"no profile {path}")
    lines = path.read_text("utf-8").splitlines()
    first_table = next((i for i, ln in enumerate(lines) if ln.lstrip().startswith("[")),
                       len(lines))
    head = [ln for ln in lines[:first_table] if not _TOP_KEY.match(ln)]
    at = next((i + 1 for i, ln in enumerate(head) if _VERSION.match(ln)), len(head))
    head[at:at] = [f"last_reviewed = {on.isoformat()}", f"reviewed_by = {_toml_string(by)}"]
    text = "\n".join(head + lines[first_table:]) + "\n"
    model = Baseline if path.name == "baseline.toml" else StateProfile
    model.model_validate(tomllib.loads(text))  # never write a file that would not load
    atomic_write_bytes(path, text.encode("utf-8"))
    return path
