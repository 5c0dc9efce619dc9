"""Where the register is: $MLA_WRITER_REGISTER, else SQLite in the user's data folder.
(No database library here: the start screen asks whether a register exists without loading
one.)"""

# lazy imports (start-up cost): platformdirs

from __future__ import annotations

import os
from pathlib import Path

URL_ENV = "MLA_WRITER_REGISTER"
FILE_NAME = "register.sqlite3"
SQLITE_PREFIX = "sqlite:///"


def default_url() -> str:
    """$MLA_WRITER_REGISTER, else SQLite in the user's data folder (MLA_WRITER_DATA_DIR)."""
    url = os.environ.get(URL_ENV, "").strip()
    if url:
        return url
    folder = os.environ.get("MLA_WRITER_DATA_DIR")
    if not folder:
        from platformdirs import user_data_dir

        folder = user_data_dir("mla-writer", appauthor=False)
    return f"{SQLITE_PREFIX}{Path(folder) / FILE_NAME}"


def exists(url: str | None = None) -> bool:
    """Whether there is a register to read: a server URL, or a SQLite file that exists."""
    url = url or default_url()
    return not url.startswith(SQLITE_PREFIX) or Path(url[len(SQLITE_PREFIX):]).exists()
