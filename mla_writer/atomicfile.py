"""Atomic file writes: a reader sees the old file or the new one, never a torn mix.

A module of its own (re-exported by `storage`) so that a process writing documents made
elsewhere (the build's PDF process) does not load the case-file model with `storage`.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes, *,
                       mode: int | None = None) -> None:
    """Write to a temporary file beside `path`, flush and fsync, then rename over it.

    A crash at any moment leaves either the old file or the new one, never a torn mix. The
    new file keeps the permissions of the file it replaces (0600 for a new file), or `mode`.
    """
    p = Path(os.path.realpath(path))  # through a symlink: replace the real file, not the link
    p.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=p.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        elif p.exists():
            os.chmod(tmp, p.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o600)
        os.replace(tmp, p)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    try:
        dir_fd = os.open(p.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)
