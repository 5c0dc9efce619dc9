"""The signature placeholder the renderer wrote into a PDF: find it, hash it, fill it.

`render.pdf_writer.render_pdf(doc, signature=...)` writes the signature field, its appearance
and the signature dictionary in the PDF's one revision, with /Contents reserved as zeros and
the real /ByteRange already written (reportlab's serialiser knows every offset before it
joins the bytes). Signing is then: `find` (or `prepare`), `digest`, build the CMS over the
digest, `fill`. No pyHanko: it stays the validator.

The placeholder is found by structure, never by searching the bytes: the trailer's /Root,
the catalog's /AcroForm, its one signature field's /V, that dictionary's /ByteRange and
/Contents, each object read at the offset the cross-reference table gives. Text the user
typed (names, facts) is inside escaped strings and compressed page streams and cannot pass
for the placeholder.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any, NamedTuple

_SPACE = b" \t\r\n\f\x00"
_DELIMS = b"()<>[]{}/%"
_NUMBER = re.compile(rb"[+-]?(\d+\.?\d*|\.\d+)")
_REF = re.compile(rb"\s*(\d+)\s+(\d+)\s+R")
_HEX = frozenset(b"0123456789abcdefABCDEF")


class Placeholder(NamedTuple):
    """Where the signature goes: the /ByteRange (start, length, start, length) and the
    /Contents hex string's position (from its '<' to after its '>')."""

    byte_range: tuple[int, int, int, int]
    contents_start: int
    contents_end: int

    @property
    def capacity(self) -> int:
        """Bytes of DER that fit in /Contents."""
        return (self.contents_end - self.contents_start - 2) // 2


class _Name(str):
    """A /Name (with its slash)."""


class _Ref(NamedTuple):
    number: int
    generation: int


class _Hex(NamedTuple):
    """A hex string and where it sits in the file (from '<' to after '>')."""

    start: int
    end: int


class _Array(list[Any]):
    """An array and where it sits in the file (from '[' to after ']')."""

    start = end = 0


class _Parser:
    """Just enough of PDF's object syntax (ISO 32000-1, 7.3) to read a classic cross-reference
    table, the trailer and the dictionaries on the way to the signature."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.offsets = self._xref()

    def _skip(self, i: int) -> int:
        data = self.data
        while i < len(data):
            if data[i] in _SPACE:
                i += 1
            elif data[i] == 0x25:  # a comment runs to the end of the line
                while i < len(data) and data[i] not in b"\r\n":
                    i += 1
            else:
                break
        return i

    def value(self, i: int) -> tuple[Any, int]:
        """The object starting at (or after whitespace from) `i`, and the index after it."""
        data = self.data
        i = self._skip(i)
        if i >= len(data):
            raise ValueError("unexpected end of the PDF")
        if data.startswith(b"<<", i):
            out: dict[str, Any] = {}
            i += 2
            while True:
                i = self._skip(i)
                if data.startswith(b">>", i):
                    return out, i + 2
                key, i = self.value(i)
                if not isinstance(key, _Name):
                    raise ValueError("a dictionary key is not a name")
                out[key], i = self.value(i)
        c = data[i]
        if c == 0x3C:  # <hex>
            end = data.find(b">", i)
            if end < 0 or not all(b in _HEX or b in _SPACE for b in data[i + 1:end]):
                raise ValueError("a malformed hex string")
            return _Hex(i, end + 1), end + 1
        if c == 0x28:  # (literal)
            return None, self._string_end(i + 1)
        if c == 0x5B:  # [array]
            arr, start = _Array(), i
            i += 1
            while True:
                i = self._skip(i)
                if i >= len(data):
                    raise ValueError("an unterminated array")
                if data[i] == 0x5D:
                    arr.start, arr.end = start, i + 1
                    return arr, i + 1
                item, i = self.value(i)
                arr.append(item)
        if c == 0x2F:  # /Name
            j = i + 1
            while j < len(data) and data[j] not in _SPACE and data[j] not in _DELIMS:
                j += 1
            return _Name(data[i:j].decode("latin-1")), j
        ref = _REF.match(data, i)
        if ref is not None:
            return _Ref(int(ref[1]), int(ref[2])), ref.end()
        number = _NUMBER.match(data, i)
        if number is not None:
            text = number[0]
            return (float(text) if b"." in text else int(text)), number.end()
        j = i
        while j < len(data) and data[j] not in _SPACE and data[j] not in _DELIMS:
            j += 1
        if j == i:
            raise ValueError(f"unexpected byte {data[i:i + 1]!r} at {i}")
        return data[i:j].decode("latin-1"), j  # true, false, null, obj keywords

    def _string_end(self, i: int) -> int:
        """The index after the ')' closing a literal string whose '(' precedes `i`."""
        data, depth = self.data, 1
        while i < len(data):
            c = data[i]
            if c == 0x5C:
                i += 2
                continue
            if c == 0x28:
                depth += 1
            elif c == 0x29:
                depth -= 1
                if depth == 0:
                    return i + 1
            i += 1
        raise ValueError("an unterminated string")

    def _xref(self) -> dict[int, int]:
        """Object number → offset, from the file's one classic cross-reference table."""
        data = self.data
        tail = data[-1024:]
        at = tail.rfind(b"startxref")
        if at < 0 or data.count(b"startxref", len(data) - 1024) != 1:
            raise ValueError("not a single-revision PDF (no single startxref at its end)")
        m = re.match(rb"startxref\s+(\d+)\s+%%EOF\s*$", tail[at:])
        if m is None:
            raise ValueError("a malformed PDF end")
        i = int(m[1])
        if not data.startswith(b"xref", i):
            raise ValueError("no cross-reference table where startxref points")
        i += 4
        offsets: dict[int, int] = {}
        while True:
            i = self._skip(i)
            head = re.compile(rb"(\d+)\s+(\d+)[ \t]*\r?\n").match(data, i)
            if head is None:
                break
            first, count = int(head[1]), int(head[2])
            i = head.end()
            for n in range(count):
                entry = data[i:i + 20]
                m2 = re.match(rb"(\d{10}) (\d{5}) ([nf])", entry)
                if m2 is None:
                    raise ValueError("a malformed cross-reference entry")
                if m2[3] == b"n":
                    offsets[first + n] = int(m2[1])
                i += 20
        if not data.startswith(b"trailer", i):
            raise ValueError("no trailer after the cross-reference table")
        self.trailer_at = i + len(b"trailer")
        return offsets

    def trailer(self) -> dict[str, Any]:
        value, _ = self.value(self.trailer_at)
        if not isinstance(value, dict):
            raise ValueError("the trailer is not a dictionary")
        return value

    def obj(self, ref: Any) -> Any:
        """The object `ref` points to (a direct value is returned as it is)."""
        if not isinstance(ref, _Ref):
            return ref
        at = self.offsets.get(ref.number)
        if at is None:
            raise ValueError(f"object {ref.number} is not in the cross-reference table")
        m = re.compile(rb"(\d+)\s+(\d+)\s+obj").match(self.data, at)
        if m is None or int(m[1]) != ref.number:
            raise ValueError(f"object {ref.number} is not where the table says")
        value, _ = self.value(m.end())
        return value

    def dict_at(self, ref: Any, what: str) -> dict[str, Any]:
        value = self.obj(ref)
        if not isinstance(value, dict):
            raise ValueError(f"{what} is not a dictionary")
        return value


def _signature(data: bytes) -> tuple[_Array, _Hex]:
    """The /ByteRange array and /Contents string of the document's one signature field."""
    pdf = _Parser(data)
    root = pdf.dict_at(pdf.trailer().get("/Root"), "the catalog")
    if "/AcroForm" not in root:
        raise ValueError("expected exactly one signature field, found none (no /AcroForm)")
    form = pdf.dict_at(root.get("/AcroForm"), "the /AcroForm")
    fields = pdf.obj(form.get("/Fields"))
    if not isinstance(fields, list):
        raise ValueError("the /AcroForm has no /Fields array")
    sigs = []
    for ref in fields:
        field = pdf.dict_at(ref, "a form field")
        if field.get("/FT") == "/Sig" and "/V" in field:
            sigs.append(pdf.dict_at(field["/V"], "the signature dictionary"))
    if len(sigs) != 1:
        raise ValueError(f"expected exactly one signature field, found {len(sigs)}")
    sig = sigs[0]
    if sig.get("/Type", "/Sig") != "/Sig":
        raise ValueError("the field's value is not a signature dictionary")
    byte_range, contents = sig.get("/ByteRange"), sig.get("/Contents")
    if not isinstance(byte_range, _Array) or len(byte_range) != 4 \
            or not all(type(v) is int for v in byte_range):
        raise ValueError("the signature has no /ByteRange of four integers")
    if not isinstance(contents, _Hex):
        raise ValueError("the signature's /Contents is not a hex string")
    return byte_range, contents


def _expected(data: bytes, contents: _Hex) -> tuple[int, int, int, int]:
    return (0, contents.start, contents.end, len(data) - contents.end)


def find(data: bytes) -> Placeholder:
    """The placeholder of a prepared PDF; ValueError unless there is exactly one signature
    field and its /ByteRange covers the whole file except exactly its /Contents."""
    byte_range, contents = _signature(data)
    expected = _expected(data, contents)
    if tuple(byte_range) != expected:
        raise ValueError(f"the /ByteRange {list(byte_range)} does not match the file "
                         f"(expected {list(expected)})")
    return Placeholder(expected, contents.start, contents.end)


def prepare(data: bytes) -> tuple[bytes, Placeholder]:
    """`data` with its real /ByteRange written over the placeholder (same length, padded with
    spaces), and the placeholder. The renderer already writes the real numbers: then the
    data comes back unchanged (this only checks them)."""
    byte_range, contents = _signature(data)
    expected = _expected(data, contents)
    placeholder = Placeholder(expected, contents.start, contents.end)
    if tuple(byte_range) == expected:
        return data, placeholder
    if byte_range.start < contents.start and byte_range.end > contents.start:
        raise ValueError("the /ByteRange overlaps /Contents")
    width = byte_range.end - byte_range.start
    numbers = b"[%d %d %d %d" % expected
    if len(numbers) + 1 > width:
        raise ValueError("the /ByteRange placeholder is too short for this file")
    real = numbers.ljust(width - 1) + b"]"
    out = data[:byte_range.start] + real + data[byte_range.end:]
    return out, placeholder


def _check(data: bytes, p: Placeholder) -> None:
    a, b, c, d = p.byte_range
    if (a, b, c) != (0, p.contents_start, p.contents_end) or c + d != len(data) \
            or data[b:b + 1] != b"<" or data[c - 1:c] != b">":
        raise ValueError("the placeholder does not belong to this file")


def digest(data: bytes, p: Placeholder) -> bytes:
    """SHA-256 of the two signed byte ranges (everything but /Contents)."""
    _check(data, p)
    a, b, c, d = p.byte_range
    h = hashlib.sha256()
    h.update(memoryview(data)[a:a + b])
    h.update(memoryview(data)[c:c + d])
    return h.digest()


def fill(data: bytes, p: Placeholder, cms_der: bytes) -> bytes:
    """`data` with `cms_der` written into /Contents (hex, zero-padded); ValueError when it
    does not fit."""
    _check(data, p)
    if len(cms_der) > p.capacity:
        raise ValueError(f"the signature ({len(cms_der)} bytes) does not fit the "
                         f"{p.capacity} bytes reserved")
    hexa = cms_der.hex().encode("ascii").ljust(2 * p.capacity, b"0")
    return data[:p.contents_start + 1] + hexa + data[p.contents_end - 1:]
