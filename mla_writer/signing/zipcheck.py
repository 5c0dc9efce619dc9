"""A strict check of a zip's structure: its local entries and its central directory must agree
exactly, with nothing before, between or after them.

A zip names its files twice: a local header before each file's data, and the central
directory at the end. Readers differ in which they trust: Python's zipfile and most desktop
tools read the central directory, streaming unzippers read the local headers front to back.
A zip whose two lists differ (an extra local entry the directory does not list, data before
the archive or after it, an entry whose local name or size differs) can therefore show one
file to the verifier and extract another for the reader. mla-writer writes zips in which
both agree byte for byte, so any difference is refused, with the exact reason.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import BinaryIO

_EOCD = b"PK\x05\x06"
_Z64_LOCATOR = b"PK\x06\x07"
_Z64_EOCD = b"PK\x06\x06"
_CENTRAL = b"PK\x01\x02"
_LOCAL = b"PK\x03\x04"
_DESCRIPTOR = b"PK\x07\x08"
_MAX_COMMENT = 0xFFFF


class ZipStructureError(Exception):
    """The zip's structure is not exactly what one consistent archive is."""


class NotAZip(ZipStructureError):
    """No end-of-archive record at all: the file is not a zip."""


@dataclass
class _Entry:
    name: bytes
    flags: int
    method: int
    crc: int
    csize: int
    usize: int
    offset: int


def _read_at(fh: BinaryIO, offset: int, size: int, what: str) -> bytes:
    fh.seek(offset)
    data = fh.read(size)
    if len(data) != size:
        raise ZipStructureError(f"{what} at byte {offset} is cut off (the file ends early)")
    return data


def _zip64_values(extra: bytes, wanted: list[bool]) -> list[int]:
    """The zip64 extra field's 8-byte values for the fields marked as 0xFFFFFFFF."""
    pos = 0
    while pos + 4 <= len(extra):
        tag, size = struct.unpack_from("<HH", extra, pos)
        body = extra[pos + 4:pos + 4 + size]
        if tag == 1:
            count = sum(wanted)
            if 8 * count > len(body):
                raise ZipStructureError("a zip64 extra field is too short")
            return [struct.unpack_from("<Q", body, 8 * i)[0] for i in range(count)]
        pos += 4 + size
    if any(wanted):
        raise ZipStructureError("an entry says its sizes are in a zip64 field it does not have")
    return []


def _has_zip64_field(extra: bytes) -> bool:
    pos = 0
    while pos + 4 <= len(extra):
        tag, size = struct.unpack_from("<HH", extra, pos)
        if tag == 1:
            return True
        pos += 4 + size
    return False


def _end_record(fh: BinaryIO, size: int) -> tuple[int, int, int, int]:
    """(entries, central directory size, its offset, where the end records start)."""
    tail_start = max(0, size - 22 - _MAX_COMMENT)
    tail = _read_at(fh, tail_start, size - tail_start, "the end of the zip")
    at = tail.rfind(_EOCD)
    if at < 0:
        raise NotAZip("no end-of-archive record")
    while at >= 0:
        (disk, cd_disk, on_disk, total, cd_size, cd_offset,
         comment_len) = struct.unpack_from("<HHHHIIH", tail, at + 4)
        if tail_start + at + 22 + comment_len == size:
            break
        at = tail.rfind(_EOCD, 0, at)
    else:
        raise ZipStructureError("no end-of-archive record ends the file: data follows the"
                                " archive, or it is not a zip")
    eocd = tail_start + at
    if disk or cd_disk or on_disk != total:
        raise ZipStructureError("the zip claims to span several disks")
    start = eocd
    if 0xFFFF in (on_disk, total) or 0xFFFFFFFF in (cd_size, cd_offset):
        if eocd < 20:
            raise ZipStructureError("a zip64 archive without its zip64 end records")
        locator = _read_at(fh, eocd - 20, 20, "the zip64 locator")
        if locator[:4] != _Z64_LOCATOR:
            raise ZipStructureError("a zip64 archive without its zip64 locator")
        z64_at = struct.unpack_from("<Q", locator, 8)[0]
        record = _read_at(fh, z64_at, 56, "the zip64 end record")
        if record[:4] != _Z64_EOCD:
            raise ZipStructureError("the zip64 locator does not point at the zip64 end record")
        rec_size = struct.unpack_from("<Q", record, 4)[0]
        if z64_at + 12 + rec_size != eocd - 20:
            raise ZipStructureError("data between the zip64 end record and its locator")
        on_disk, total, cd_size, cd_offset = struct.unpack_from("<QQQQ", record, 24)
        if on_disk != total:
            raise ZipStructureError("the zip claims to span several disks")
        start = z64_at
    return total, cd_size, cd_offset, start


def _central(fh: BinaryIO, count: int, cd_offset: int, cd_size: int) -> list[_Entry]:
    entries: list[_Entry] = []
    pos = cd_offset
    for n in range(count):
        head = _read_at(fh, pos, 46, f"central directory entry {n + 1}")
        if head[:4] != _CENTRAL:
            raise ZipStructureError(f"central directory entry {n + 1} at byte {pos} is not a"
                                    " central directory header")
        (flags, method, _time, _date, crc, csize, usize, name_len, extra_len, comment_len,
         disk, _iattr, _eattr, offset) = struct.unpack_from("<HHHHHHIIIHHHHHII", head, 4)[2:]
        name = _read_at(fh, pos + 46, name_len, f"the name of central entry {n + 1}")
        extra = _read_at(fh, pos + 46 + name_len, extra_len, f"central entry {n + 1}")
        big = _zip64_values(extra, [usize == 0xFFFFFFFF, csize == 0xFFFFFFFF,
                                    offset == 0xFFFFFFFF])
        if usize == 0xFFFFFFFF:
            usize = big.pop(0)
        if csize == 0xFFFFFFFF:
            csize = big.pop(0)
        if offset == 0xFFFFFFFF:
            offset = big.pop(0)
        if disk:
            raise ZipStructureError("the zip claims to span several disks")
        entries.append(_Entry(name, flags, method, crc, csize, usize, offset))
        pos += 46 + name_len + extra_len + comment_len
    if pos != cd_offset + cd_size:
        raise ZipStructureError(f"the central directory is {pos - cd_offset} bytes long but the"
                                f" end record says {cd_size}")
    return entries


def _local(fh: BinaryIO, entry: _Entry, pos: int) -> int:
    """Check the local entry at `pos` against the central `entry`; the byte after it."""
    shown = entry.name.decode("utf-8", "replace")
    if entry.offset != pos:
        if entry.offset > pos and pos == 0:
            raise ZipStructureError(f"{entry.offset} bytes of data before the first entry"
                                    " (data before the archive)")
        if entry.offset > pos:
            raise ZipStructureError(f"{entry.offset - pos} bytes at byte {pos} belong to no"
                                    f" entry the central directory lists (before {shown!r}):"
                                    " a hidden entry")
        raise ZipStructureError(f"the entry {shown!r} overlaps the one before it")
    head = _read_at(fh, pos, 30, f"the local header of {shown!r}")
    if head[:4] != _LOCAL:
        raise ZipStructureError(f"no local header where the central directory puts {shown!r}")
    (_version, flags, method, _time, _date, crc, csize, usize, name_len,
     extra_len) = struct.unpack_from("<HHHHHIIIHH", head, 4)
    name = _read_at(fh, pos + 30, name_len, f"the local name of {shown!r}")
    extra = _read_at(fh, pos + 30 + name_len, extra_len, f"the local header of {shown!r}")
    if name != entry.name:
        raise ZipStructureError(f"the local header names {name.decode('utf-8', 'replace')!r}"
                                f" where the central directory names {shown!r}")
    if flags != entry.flags or method != entry.method:
        raise ZipStructureError(f"the local header of {shown!r} differs from the central"
                                " directory (flags or compression method)")
    data_start = pos + 30 + name_len + extra_len
    end = data_start + entry.csize
    if flags & 0x8:  # sizes in a data descriptor after the data
        descriptor = _read_at(fh, end, 4, f"the data descriptor of {shown!r}")
        at = end + 4 if descriptor == _DESCRIPTOR else end
        wide = (entry.csize >= 0xFFFFFFFF or entry.usize >= 0xFFFFFFFF
                or _has_zip64_field(extra))
        fmt = "<IQQ" if wide else "<III"
        values = struct.unpack(fmt, _read_at(fh, at, struct.calcsize(fmt),
                                             f"the data descriptor of {shown!r}"))
        if values != (entry.crc, entry.csize, entry.usize):
            raise ZipStructureError(f"the data descriptor of {shown!r} differs from the central"
                                    " directory (checksum or sizes)")
        return at + struct.calcsize(fmt)
    big = _zip64_values(extra, [usize == 0xFFFFFFFF, csize == 0xFFFFFFFF])
    if usize == 0xFFFFFFFF:
        usize = big.pop(0)
    if csize == 0xFFFFFFFF:
        csize = big.pop(0)
    if (crc, csize, usize) != (entry.crc, entry.csize, entry.usize):
        raise ZipStructureError(f"the local header of {shown!r} differs from the central"
                                " directory (checksum or sizes)")
    return end


def check_structure(fh: BinaryIO) -> None:
    """Raise ZipStructureError unless the zip in `fh` is exactly one consistent archive:
    entries from byte 0, each local header equal to its central entry, in the same order, the
    central directory right after the last entry's data, and the end record ending the file."""
    fh.seek(0, 2)
    size = fh.tell()
    count, cd_size, cd_offset, end_start = _end_record(fh, size)
    actual = end_start - cd_size
    if actual > cd_offset and _read_at(fh, actual, 4, "the central directory") == _CENTRAL:
        raise ZipStructureError(f"{actual - cd_offset} bytes of data before the archive (its"
                                f" central directory is at byte {actual}, not at byte"
                                f" {cd_offset} where its end record puts it)")
    if cd_offset + cd_size != end_start:
        raise ZipStructureError(f"{end_start - cd_offset - cd_size} bytes between the central"
                                " directory and the end record" if end_start > cd_offset
                                + cd_size else "the central directory overlaps the end record")
    entries = _central(fh, count, cd_offset, cd_size)
    pos = 0
    for entry in entries:
        pos = _local(fh, entry, pos)
    if pos != cd_offset:
        raise ZipStructureError(f"{cd_offset - pos} bytes between the last entry and the"
                                " central directory belong to no listed entry (a hidden"
                                " entry?)" if pos < cd_offset else
                                "the last entry overlaps the central directory")
