"""Files in the user's cache folder: compiled templates, validated legal profiles.

A cache entry is read back as code (compiled templates) or as data trusted without validation
(profiles), so an entry another account could have written or replaced is never used: it is
ignored and built again. Entries are written atomically (a reader sees the old or the new
file), readable and writable by the user alone (0600, in folders of mode 0700). A folder that
cannot be written only loses the disk copy; nothing here raises.

The folder: $MLA_WRITER_CACHE_DIR when set ("" keeps everything in memory), else the user's
cache folder (platformdirs), with one sub-folder per kind of entry (`folder`).
"""

# lazy imports (start-up cost): platformdirs
from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import sys
from pathlib import Path

from . import __version__

#: environment variable naming the cache folder ("" = keep caches in memory only)
CACHE_ENV = "MLA_WRITER_CACHE_DIR"
#: the largest entry read back (the profiles are about 1 MB as JSON)
MAX_ENTRY_BYTES = 64 * 2**20


def folder(tag: str) -> Path | None:
    """The folder of the entries of one kind (`tag`, e.g. one per library version), None when
    caches are kept in memory only."""
    root = os.environ.get(CACHE_ENV)
    if root is None:
        from platformdirs import user_cache_dir

        root = user_cache_dir("mla-writer", appauthor=False)
    return Path(root) / tag if root else None


def source_stamp(*parts: str) -> str:
    """What identifies the code of these parts of mla_writer (sub-package names, e.g.
    "profiles"): the package version and each source file's size and modification time, so
    that an edited checkout makes new cache keys. (In a bundle without sources, the version
    alone names the code.)"""
    package = Path(__file__).resolve().parent
    out = [__version__, sys.version]
    for name in parts:
        for path in sorted((package / name).glob("*.py")):
            try:
                info = path.stat()
                out.append(f"{name}/{path.name}:{info.st_size}:{info.st_mtime_ns}")
            except OSError:
                out.append(f"{name}/{path.name}:-")
    return "\n".join(out)


def file_entry(tag: str, path: str, suffix: str, *key: str) -> Path | None:
    """Where the cache keeps what was derived from the file `path` (e.g. a font): named by
    `key` (what derived it) and the file's absolute path, size and change time, so that a
    changed or moved file is derived again. None when nothing is cached or the file is gone."""
    where = folder(tag)
    if where is None:
        return None
    try:
        info = os.stat(path)
    except OSError:
        return None
    stamp = "\n".join([*key, os.path.abspath(path), str(info.st_size), str(info.st_mtime_ns)])
    return where / f"{hashlib.sha256(stamp.encode()).hexdigest()}{suffix}"


def _private(info: os.stat_result) -> bool:
    """Owned by this user, and nobody else may write it (where the system has owners and modes;
    on Windows the entries live in the user's own profile folder)."""
    if not hasattr(os, "getuid"):
        return True
    return info.st_uid == os.getuid() and not info.st_mode & 0o022


def read(path: Path) -> bytes | None:
    """The bytes of the entry at `path`, or None when it is missing, unreadable, not a regular
    file, too large, or could have been written by another account (it and its folder must be
    the user's and writable by nobody else)."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0) \
        | getattr(os, "O_NONBLOCK", 0)
    try:
        if not _private(os.stat(path.parent)):
            return None
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        info = os.fstat(fd)  # the file opened, not whatever the name points to now
        if not stat.S_ISREG(info.st_mode) or not _private(info) \
                or info.st_size > MAX_ENTRY_BYTES:
            return None
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError:
        return None
    finally:
        os.close(fd)


def write(path: Path, data: bytes) -> bool:
    """Write the entry atomically, 0600 from its first byte, in a folder of mode 0700 (created
    when missing); False when it could not be written (read-only or full disk, a folder that is
    not private): the next process builds it again."""
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private(os.stat(path.parent)):
            return False  # it would not be read back
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
                     | getattr(os, "O_BINARY", 0), 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        return False
    return True


def prune(folder: Path, pattern: str, keep: int) -> None:
    """Remove all but the `keep` most recently written entries matching `pattern` (entries of
    older profiles or code are never read again)."""
    try:
        entries = sorted(folder.glob(pattern), key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for old in entries[keep:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass  # another process pruned at the same time, or a read-only folder
