"""Reading data files someone else may have placed: legal profiles, catalogs, a policy file.

A data folder can be pointed elsewhere (MLA_WRITER_PROFILES, MLA_WRITER_TRANSLATIONS), so what
is in it is not trusted: a "profile" that is a link to /dev/zero would fill memory, a FIFO would
hang the program, and a file nested thousands of levels deep would exhaust the stack. Here only
regular files are read (opened without blocking, checked after opening), never beyond a size
limit, and parsed data deeper than MAX_NESTING is refused, each with a message naming the file.
"""

# lazy imports (start-up cost): tomllib
from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

#: a legal profile or catalog is a few hundred KB; nothing legitimate comes near this
MAX_DATA_BYTES = 8 * 2**20
#: TOML tables and arrays nest a handful of levels in a profile
MAX_NESTING = 32


class DataFileError(Exception):
    """A data file cannot be used; the message names the file and says why (`why` alone)."""

    def __init__(self, path: Path, why: str) -> None:
        super().__init__(f"{path}: {why}")
        self.path, self.why = path, why


def read_regular(path: str | os.PathLike[str], limit: int = MAX_DATA_BYTES) -> bytes:
    """The bytes of `path` when it is a regular file of at most `limit` bytes."""
    p = Path(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(p, flags)
    except OSError as exc:
        raise DataFileError(p, f"cannot be read ({exc.strerror or exc})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise DataFileError(p, "not a regular file (a device, pipe or folder);"
                                " only ordinary files are read")
        if info.st_size > limit:
            raise DataFileError(p, f"{info.st_size} bytes, more than the {limit} allowed")
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 16, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise DataFileError(p, f"more than the {limit} bytes allowed")
        return b"".join(chunks)
    except OSError as exc:
        raise DataFileError(p, f"cannot be read ({exc.strerror or exc})") from None
    finally:
        os.close(fd)


def nesting_problem(value: Any, limit: int = MAX_NESTING) -> str:
    """'' when `value` (parsed TOML or JSON) nests at most `limit` levels, else why not
    (walked without recursion, so any depth is safe to ask about)."""
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return f"nested more than {limit} levels deep"
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
    return ""


def load_toml(path: str | os.PathLike[str], limit: int = MAX_DATA_BYTES) -> dict[str, Any]:
    """A TOML file read with `read_regular`; DataFileError for anything unusable (unreadable,
    not UTF-8, not TOML, nested too deeply), with tomllib's own message where it has one."""
    p = Path(path)
    return parse_toml(read_regular(p, limit), p)


def parse_toml(raw: bytes, path: str | os.PathLike[str]) -> dict[str, Any]:
    """The TOML document `raw` (the bytes of `path`, named in errors), as `load_toml`."""
    import tomllib  # the start screen reads catalogs (this module), not TOML

    p = Path(path)
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise DataFileError(p, f"not UTF-8 text (byte {exc.start})") from None
    except tomllib.TOMLDecodeError as exc:
        raise DataFileError(p, f"not valid TOML ({exc})") from None
    except RecursionError:
        raise DataFileError(p, f"nested more than {MAX_NESTING} levels deep") from None
    why = nesting_problem(data)
    if why:
        raise DataFileError(p, why)
    return data
