"""Reading a package safely, from a folder or straight from a zip (nothing is extracted).

A package holds regular files at its root and nothing else. Whatever breaks that — a symbolic
link or device in a folder, a zip entry that is a directory, a link, a duplicate (also after
Unicode NFC and case folding, as Windows and macOS would merge them), a name with a backslash,
a drive letter, a path or `..` — is a finding, and such an entry is never read. Files are read
as streams, only when the signed manifest lists them, and never beyond a size limit, so a zip
bomb costs nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import stat
import struct
import unicodedata
import zipfile
from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from .zipcheck import NotAZip, ZipStructureError, check_structure

#: default upper bound of what verification reads from one package (a request package is a few
#: MB; annex scans can be large, so the limit can be raised)
MAX_PACKAGE_BYTES = 200 * 2**20
CHUNK = 1 << 16
_DRIVE = re.compile(r"^[A-Za-z]:")


class PackageReadError(Exception):
    """The path is neither a package folder nor a readable zip."""


class TooLarge(Exception):
    """Reading would pass the size limit."""


def name_problem(name: str) -> str:
    """Why `name` cannot be a file of a package ('' when it can)."""
    if not name or name in (".", ".."):
        return "an empty name"
    if "\\" in name:
        return "a backslash in the name"
    if _DRIVE.match(name) or name.startswith("/"):
        return "an absolute name"
    if "/" in name:
        return "a path (a package holds files at its root only)"
    if any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in name):
        return "control or invisible characters in the name"
    return ""


def fold(name: str) -> str:
    """The form under which two names are the same file on common file systems."""
    return unicodedata.normalize("NFC", name).casefold()


@dataclass
class Digest:
    size: int
    sha256: str
    data: bytes | None = None  # kept when asked for (PDFs are validated afterwards)


@dataclass
class Source(ABC):
    """Entries of a package and a bounded reader; `problems` are structural findings. A folder
    and a zip each say how an entry is opened (`_open`)."""

    label: str
    problems: list[str] = field(default_factory=list)
    limit: int = MAX_PACKAGE_BYTES
    read_so_far: int = 0
    #: readable entries: name -> size as declared by the file system or the zip directory
    sizes: dict[str, int] = field(default_factory=dict)
    #: entries present but refused (reported in `problems`, never read)
    rejected: set[str] = field(default_factory=set)
    #: why the container itself cannot be trusted (a zip whose two lists of files differ):
    #: then nothing in it is read ('' when it can)
    unusable: str = ""

    def names(self) -> set[str]:
        return set(self.sizes)

    @abstractmethod
    def _open(self, name: str) -> contextlib.AbstractContextManager[BinaryIO]:
        """A binary stream of the readable entry `name`."""

    def digest(self, name: str, keep: bool = False, at_most: int | None = None) -> Digest:
        """Stream `name` through SHA-256, reading at most `at_most` + 1 bytes (so a longer file
        is known to be longer without reading it all). Raises TooLarge past the package limit,
        OSError or zipfile.BadZipFile when it cannot be read."""
        cap = self.limit if at_most is None else min(at_most + 1, self.limit)
        h, size, kept = hashlib.sha256(), 0, bytearray()
        with self._open(name) as fh:
            while size < cap:
                chunk = fh.read(min(CHUNK, cap - size))
                if not chunk:
                    break
                size += len(chunk)
                self.read_so_far += len(chunk)
                if self.read_so_far > self.limit:
                    raise TooLarge(name)
                h.update(chunk)
                if keep:
                    kept += chunk
        return Digest(size=size, sha256=h.hexdigest(), data=bytes(kept) if keep else None)

    def read(self, name: str, at_most: int) -> bytes:
        """The whole entry, refused (TooLarge) when longer than `at_most`."""
        got = self.digest(name, keep=True, at_most=at_most)
        if got.size > at_most:
            raise TooLarge(name)
        return got.data or b""


class FolderSource(Source):
    def __init__(self, root: Path, limit: int) -> None:
        super().__init__(label=str(root), limit=limit)
        self.root = root
        with os.scandir(root) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                mode = entry.stat(follow_symlinks=False).st_mode
                why = name_problem(entry.name)
                if why or not stat.S_ISREG(mode):
                    self.rejected.add(entry.name)
                if why:
                    self.problems.append(f"unexpected entry {entry.name!r} ({why})")
                elif stat.S_ISDIR(mode):
                    self.problems.append(f"unexpected folder in the package: {entry.name}/")
                elif not stat.S_ISREG(mode):
                    kind = "a symbolic link" if stat.S_ISLNK(mode) else "a device or other"
                    self.problems.append(f"not a regular file: {entry.name} ({kind})")
                else:
                    self.sizes[entry.name] = entry.stat(follow_symlinks=False).st_size

    @contextlib.contextmanager
    def _open(self, name: str) -> Iterator[BinaryIO]:
        # O_NOFOLLOW: a file swapped for a link after the listing is still not followed
        fd = os.open(self.root / name, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
                     | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                raise OSError(f"{name} is not a regular file")
            yield fh


class ZipSource(Source):
    def __init__(self, zf: zipfile.ZipFile, label: str, limit: int) -> None:
        super().__init__(label=label, limit=limit)
        self.zf = zf
        self.infos: dict[str, zipfile.ZipInfo] = {}
        seen: dict[str, list[str]] = {}
        for info in zf.infolist():
            seen.setdefault(fold(info.filename), []).append(info.filename)
        duplicates = {k for k, v in seen.items() if len(v) > 1}
        for key in sorted(duplicates):
            names = seen[key]
            shown = names[0] if len(set(names)) == 1 else " / ".join(sorted(set(names)))
            self.problems.append(f"duplicate entry in the zip: {shown!r} appears {len(names)}"
                                 " times (zip tools would show only one of them)")
        for info in zf.infolist():
            name = info.filename
            if fold(name) in duplicates:
                self.rejected.add(name)
                continue
            why = "a folder entry" if info.is_dir() else name_problem(name)
            kind = stat.S_IFMT(info.external_attr >> 16) if info.create_system == 3 else 0
            if not why and kind and kind != stat.S_IFREG:
                why = "a symbolic link" if kind == stat.S_IFLNK else "not a regular file"
            if not why and info.flag_bits & 0x1:
                why = "an encrypted entry"
            if why:
                self.problems.append(f"unexpected entry in the zip: {name!r} ({why})")
                self.rejected.add(name)
                continue
            self.infos[name] = info
            self.sizes[name] = info.file_size
        if zf.comment:
            self.problems.append("the zip has a comment, which the signed manifest does not"
                                 " cover (mla-writer writes none)")

    @contextlib.contextmanager
    def _open(self, name: str) -> Iterator[BinaryIO]:
        with self.zf.open(self.infos[name]) as fh:
            yield fh  # type: ignore[misc]


@contextlib.contextmanager
def open_source(path: Path, limit: int = MAX_PACKAGE_BYTES) -> Iterator[Source]:
    """A Source for a package folder or zip; PackageReadError when it is neither."""
    if path.is_dir():
        try:
            folder = FolderSource(path, limit)
        except OSError as exc:
            raise PackageReadError(f"{path}: cannot read the folder ({exc.strerror or exc})"
                                   ) from None
        yield folder
        return
    if not path.is_file():
        raise PackageReadError(f"{path}: no such package folder or zip file")
    try:
        with path.open("rb") as fh:
            check_structure(fh)
        why = ""
    except NotAZip as exc:
        raise PackageReadError(f"{path}: not a readable zip file ({exc})") from None
    except ZipStructureError as exc:
        why = str(exc)
    except (OSError, struct.error) as exc:
        raise PackageReadError(f"{path}: cannot read the zip file ({exc})") from None
    if why:  # read nothing: which of its two lists of files is "the" package is unknown
        yield _Unusable(label=str(path), limit=limit, unusable=f"zip structure not accepted:"
                        f" {why} (mla-writer accepts only a zip whose local entries and"
                        " central directory agree exactly, with nothing before or after)")
        return
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise PackageReadError(f"{path}: not a readable zip file ({exc})") from None
    with zf:
        yield ZipSource(zf, str(path), limit)


@dataclass
class _Unusable(Source):
    """A package container that is not read at all (see `Source.unusable`)."""

    def _open(self, name: str) -> contextlib.AbstractContextManager[BinaryIO]:
        raise OSError(f"{name}: the package is not read ({self.unusable})")
