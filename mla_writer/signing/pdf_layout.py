"""Where the text of a PDF page sits, read from the page's own content stream.

The visible signature block goes beside the document's signature line (a run of underscores).
Finding it must not depend on an external program (pdftotext), or the same package would look
different on different machines. This tokenises the page's content stream itself (pyHanko's
parser reads operators such as `f*` as booleans) and follows the PDF text operators (BT, Tf,
Tm, Td, TD, T*, TL, Tc, Tw, Tz, Ts, Tj, TJ, ' and ") through the graphics state (q, Q, cm),
with glyph widths from each font's /Widths and text from its /ToUnicode map: enough for the
simple fonts reportlab writes.
"""

from __future__ import annotations

import re
from typing import Any

from ..render import signature_place
from ..render.signature_place import TextRun

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _mul(m: Matrix, n: Matrix) -> Matrix:
    """m × n (PDF row-vector convention: a point is transformed by m, then by n)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5]


class _Font:
    def __init__(self, font: Any) -> None:
        self.first = int(font.get("/FirstChar", 0)) if font is not None else 0
        widths = _deref(font.get("/Widths")) if font is not None else None
        self.widths = [float(w) for w in widths] if widths is not None else []
        self.two_byte = font is not None and font.get("/Subtype") == "/Type0"
        self.cmap = _to_unicode(font)

    def codes(self, raw: bytes) -> list[int]:
        if self.two_byte:
            return [int.from_bytes(raw[i:i + 2], "big") for i in range(0, len(raw) - 1, 2)]
        return list(raw)

    def width(self, code: int) -> float:
        i = code - self.first
        return self.widths[i] if 0 <= i < len(self.widths) else 500.0

    def text(self, codes: list[int]) -> str:
        return "".join(self.cmap.get(c, chr(c) if not self.two_byte else "") for c in codes)


def _to_unicode(font: Any) -> dict[int, str]:
    """bfchar / bfrange entries of a /ToUnicode CMap (what a simple font needs)."""
    out: dict[int, str] = {}
    if font is None or "/ToUnicode" not in font:
        return out
    try:
        data = _deref(font["/ToUnicode"]).data.decode("latin-1")
    except Exception:  # an unreadable map: fall back to the codes themselves
        return out

    def text(hexa: str) -> str:
        raw = bytes.fromhex(hexa)
        return raw.decode("utf-16-be", errors="replace")

    for block in re.findall(r"beginbfchar(.*?)endbfchar", data, re.S):
        for src, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            out[int(src, 16)] = text(dst)
    for block in re.findall(r"beginbfrange(.*?)endbfrange", data, re.S):
        for lo, hi, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>",
                                      block):
            start = int(dst, 16)
            for n, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                out[code] = chr(start + n) if start + n < 0x110000 else ""
    return out


def _num(v: Any) -> float:
    return float(v)


def _deref(v: Any) -> Any:
    return v.get_object() if hasattr(v, "get_object") else v


def _raw(v: Any) -> bytes | None:
    return bytes(v) if isinstance(v, bytes | bytearray) else None


_DELIMS = b"()<>[]{}/%"
_SPACE = b" \t\r\n\f\x00"
_ESCAPES = {ord("n"): b"\n", ord("r"): b"\r", ord("t"): b"\t", ord("b"): b"\b",
            ord("f"): b"\f"}


class _Name(str):
    """A /Name operand."""


def _string(data: bytes, i: int) -> tuple[bytes, int]:
    """A literal string starting after its '(' at `i`: (bytes, index after ')')."""
    out, depth = bytearray(), 1
    while i < len(data):
        c = data[i]
        if c == 0x5C:  # backslash
            i += 1
            if i >= len(data):
                break
            e = data[i]
            if e in _ESCAPES:
                out += _ESCAPES[e]
            elif 0x30 <= e <= 0x37:
                j = i
                while j < min(i + 3, len(data)) and 0x30 <= data[j] <= 0x37:
                    j += 1
                out.append(int(data[i:j], 8) & 0xFF)
                i = j - 1
            elif e in b"\r\n":
                if e == 0x0D and i + 1 < len(data) and data[i + 1] == 0x0A:
                    i += 1
            else:
                out.append(e)
        elif c == 0x28:
            depth += 1
            out.append(c)
        elif c == 0x29:
            depth -= 1
            if depth == 0:
                return bytes(out), i + 1
            out.append(c)
        else:
            out.append(c)
        i += 1
    return bytes(out), i


def _tokens(data: bytes) -> Any:
    """Operands (float, bytes, _Name, list, dict as None) and operators (str) in order."""
    i, n = 0, len(data)
    stack: list[list[Any]] = []

    def emit(value: Any) -> Any:
        if stack:
            stack[-1].append(value)
            return None
        return value

    while i < n:
        c = data[i]
        value: Any = None
        if c in _SPACE:
            i += 1
            continue
        if c == 0x25:  # % comment
            while i < n and data[i] not in b"\r\n":
                i += 1
            continue
        if c == 0x28:
            raw, i = _string(data, i + 1)
            value = emit(raw)
        elif data.startswith(b"<<", i):
            stack.append([])
            i += 2
            continue
        elif data.startswith(b">>", i):
            if stack:
                stack.pop()
            i += 2
            value = emit(None)  # dictionaries (marked-content properties) are not needed
        elif c == 0x3C:
            end = data.find(b">", i)
            end = n if end < 0 else end
            hexa = bytes(h for h in data[i + 1:end] if h not in _SPACE)
            value = emit(bytes.fromhex((hexa + b"0" * (len(hexa) % 2)).decode("ascii")))
            i = end + 1
        elif c == 0x5B:
            stack.append([])
            i += 1
            continue
        elif c == 0x5D:
            i += 1
            items = stack.pop() if stack else []
            value = emit(items)
        elif c == 0x2F:
            j = i + 1
            while j < n and data[j] not in _SPACE and data[j] not in _DELIMS:
                j += 1
            value = emit(_Name(data[i:j].decode("latin-1")))
            i = j
        else:
            j = i
            while j < n and data[j] not in _SPACE and data[j] not in _DELIMS:
                j += 1
            word = data[i:j].decode("latin-1")
            i = j if j > i else i + 1
            try:
                value = emit(float(word))
            except ValueError:
                if stack:
                    continue  # a keyword inside an array or dictionary (true, null)
                if word == "BI":  # inline image: skip to its end
                    end = data.find(b"EI", i)
                    i = n if end < 0 else end + 2
                    continue
                yield word
                continue
        if value is not None:
            yield value


def _operations(data: bytes) -> Any:
    """(operator, operands) pairs."""
    args: list[Any] = []
    for token in _tokens(data):
        if isinstance(token, str) and not isinstance(token, _Name):
            yield token, args
            args = []
        else:
            args.append(token)


class _TextState:
    """The graphics and text state that positions glyphs (PDF 32000-1, 9.3 and 9.4)."""

    def __init__(self, fonts: Any) -> None:
        self.fonts_dict, self.fonts = fonts, dict[Any, Any]()
        self.runs: list[TextRun] = []
        self.ctm, self.stack = IDENTITY, list[Any]()
        self.tm = self.tlm = IDENTITY
        self.font, self.size, self.leading = _Font(None), 0.0, 0.0
        self.tc, self.tw, self.tz, self.rise = 0.0, 0.0, 1.0, 0.0

    def show(self, raw: bytes | None) -> None:
        if raw is None:
            return
        codes = self.font.codes(raw)
        advance = sum((self.font.width(c) / 1000 * self.size + self.tc
                       + (self.tw if c == 32 else 0)) * self.tz for c in codes)
        m = _mul(self.tm, self.ctm)
        x0, y0 = _apply(m, 0, self.rise)
        x1, _y1 = _apply(m, advance, self.rise)
        scale = (m[2] ** 2 + m[3] ** 2) ** 0.5
        upright = abs(m[1]) < 1e-6 and abs(m[2]) < 1e-6 and m[0] > 0 and m[3] > 0
        self.runs.append(TextRun(self.font.text(codes), min(x0, x1), max(x0, x1), y0,
                                 self.size * scale, upright))
        self.tm = _mul((1, 0, 0, 1, advance, 0), self.tm)

    def next_line(self, tx: float, ty: float) -> None:
        self.tlm = _mul((1, 0, 0, 1, tx, ty), self.tlm)
        self.tm = self.tlm

    def step(self, op: str, args: list[Any]) -> None:
        if op == "q":
            self.stack.append(self.ctm)
        elif op == "Q":
            self.ctm = self.stack.pop() if self.stack else IDENTITY
        elif op == "cm":
            self.ctm = _mul(_matrix(args), self.ctm)
        elif op == "BT":
            self.tm = self.tlm = IDENTITY
        elif op == "Tf":
            key = str(args[0])
            if key not in self.fonts:
                self.fonts[key] = _Font(_deref(self.fonts_dict.get(key)))
            self.font, self.size = self.fonts[key], _num(args[1])
        elif op == "TL":
            self.leading = _num(args[0])
        elif op == "Tc":
            self.tc = _num(args[0])
        elif op == "Tw":
            self.tw = _num(args[0])
        elif op == "Tz":
            self.tz = _num(args[0]) / 100
        elif op == "Ts":
            self.rise = _num(args[0])
        elif op == "Tm":
            self.tm = self.tlm = _matrix(args)
        elif op in ("Td", "TD"):
            if op == "TD":
                self.leading = -_num(args[1])
            self.next_line(_num(args[0]), _num(args[1]))
        elif op == "T*":
            self.next_line(0, -self.leading)
        elif op == "Tj":
            self.show(_raw(args[0]))
        elif op == "'":
            self.next_line(0, -self.leading)
            self.show(_raw(args[0]))
        elif op == '"':
            self.tw, self.tc = _num(args[0]), _num(args[1])
            self.next_line(0, -self.leading)
            self.show(_raw(args[2]))
        elif op == "TJ":
            for item in args[0]:
                if isinstance(item, float):
                    shift = -item / 1000 * self.size * self.tz
                    self.tm = _mul((1, 0, 0, 1, shift, 0), self.tm)
                else:
                    self.show(_raw(item))


def _matrix(args: list[Any]) -> Matrix:
    if len(args) != 6:
        raise ValueError("a matrix has six numbers")
    a, b, c, d, e, f = (_num(v) for v in args)
    return (a, b, c, d, e, f)


def text_runs(page: Any) -> list[TextRun]:
    """Every string shown on `page` (a pyHanko page dictionary), in content order."""
    contents = _deref(page["/Contents"])
    streams = [_deref(s) for s in contents] if isinstance(contents, list) else [contents]
    resources = _deref(page.get("/Resources")) or {}
    state = _TextState(_deref(resources.get("/Font")) or {})
    for op, args in _operations(b"\n".join(s.data for s in streams)):
        try:
            state.step(op, args)
        except (TypeError, ValueError, IndexError, AttributeError):
            continue  # a malformed operation: skip it, as viewers do
    return state.runs


def signature_line(runs: list[TextRun]) -> TextRun | None:
    """The last run made only of underscores (five or more): where the signatory signs."""
    found = None
    for run in runs:
        text = run.text.strip()
        if run.upright and len(text) >= 5 and set(text) == {"_"}:
            found = run
    return found


def free_band(runs: list[TextRun], line: TextRun, x0: float, x1: float) -> tuple[float, float]:
    """(lowest, highest) y around `line` with no other text between x0 and x1."""
    return signature_place.free_band(runs, line, x0, x1)
