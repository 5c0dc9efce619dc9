"""The only place that patches reportlab internals (pinned ==5.1.0); installed by pdf_text.

Three fixes and one addition, each guarded by tests in tests/scripts/:
1. `PDFTextObject.setRise` forgot the new rise when it merged consecutive `Ts` operators, so
   text after a Khmer mark with a vertical offset stayed lowered.
2. `shapeFragWord` shaped a whole word with the font of its first fragment; words mixing
   scripts (fonts) are now shaped per font, and every shaped piece remembers its source text;
   shaping of a one-font word is cached by (font, size, text).
3. `PDFTextObject._formatText` wraps each shaped piece whose glyphs do not spell its source
   text in a marked-content span `/Span <</ActualText …>> BDC … EMC`, so text extraction
   (pdftotext, MuPDF, PDFium) returns the real characters of Thai, Khmer, Lao and Burmese.
4. Faces registered in SYNTHETIC_BOLD (the CJK font has no bold) are drawn filled and stroked.
5. Speed, same output: the shaped-text branch of `_formatText` (`fast_format`), the
   fragment comparison `sameFrag` (rl_accel's C version is several times slower than the
   plain Python one, which it replaces with the same result), and `TTFont.splitString` for
   text whose characters all have their code in the font's first subset already
   (`split_string`), and the PDF-text encoding of printable ASCII (`pdfdoc_enc`).
"""

from __future__ import annotations

# isort: off
from . import reportlab_start  # noqa: F401  (first: reportlab loads without its start-up cost)
# isort: on
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache, lru_cache
from typing import Any
from weakref import WeakKeyDictionary

import reportlab
from reportlab.pdfbase import pdfdoc, ttfonts
from reportlab.pdfgen import textobject
from reportlab.platypus import paragraph as rl_paragraph

REPORTLAB_VERSION = "5.1.0"
# Registered font names drawn with synthetic bold (their family has no bold face), and the
# outline stroke width as a share of the font size.
SYNTHETIC_BOLD: set[str] = set()
SYNTHETIC_BOLD_STROKE = 0.035
_installed = False
# While positive, text is drawn without ActualText spans: it sits inside an enclosing span
# (e.g. an empty one that hides a watermark from extraction) that an inner span would undo.
_no_spans = 0
_orig_shape = ttfonts.shapeFragWord
_orig_format = textobject.PDFTextObject._formatText
_orig_split = ttfonts.TTFont.splitString
_orig_pdfdoc_enc = pdfdoc.pdfdocEnc
_get_font = textobject.pdfmetrics_getFont
_fp_str = textobject.fp_str
ShapedStr = ttfonts.ShapedStr


class SpanStart(ttfonts.ShapeData):
    """Shape data of the first glyph of a piece that needs ActualText (`actual`, `length`)."""

    actual: str
    length: int


def fixed_set_rise(self: Any, rise: float) -> None:
    """Replacement for PDFTextObject.setRise that always records the current rise."""
    v = f"{textobject.fp_str(rise)} Ts"
    if self._code and self._code[-1].endswith(" Ts"):  # merge "r0 Ts r1 Ts" into "r1 Ts"
        self._y += self._rise
        self._code[-1] = v
    else:
        self._code.append(v)
    self._rise = rise
    self._y -= rise


def _mark_piece(s: Any, source: str) -> Any:
    """Return ShapedStr `s` with its first glyph carrying `source` when the glyphs differ."""
    if not isinstance(s, ShapedStr) or not s.__shapeData__:
        return s
    if str(s) == source and not any(d.x_offset or d.y_offset for d in s.__shapeData__):
        return s  # one glyph per character, drawn in order: extraction needs no help
    data = list(s.__shapeData__)
    start = SpanStart(*data[0])
    start.actual = source
    start.length = len(data)
    data[0] = start
    return ShapedStr(str(s), shapeData=data)


def _annotate(word: list, text: str) -> list:
    """Give each shaped piece of `word` (shaped from `text`) the source text it draws."""
    pieces = word[1:]
    starts = []
    for _f, s in pieces:
        data = getattr(s, "__shapeData__", None)
        starts.append(min(d.cluster for d in data) if data else None)
    out = [word[0]]
    for i, (f, s) in enumerate(pieces):
        if starts[i] is None:
            out.append((f, s))
            continue
        end = next((c for c in starts[i + 1:] if c is not None), len(text))
        out.append((f, _mark_piece(s, text[starts[i]:end])))
    return out


def _shape_run(run: list, args: tuple, kwds: dict) -> tuple[float, list, bool]:
    """Shape one run of fragments sharing a font: (width, pieces, changed)."""
    text = "".join(s for _f, s in run)
    sub_width = sum(ttfonts.pdfmetrics.stringWidth(s, f.fontName, f.fontSize) for f, s in run)
    shaped = _orig_shape([sub_width, *run], *args, **kwds)
    if shaped is not None and len(shaped) > 1 and isinstance(shaped[1][1], ShapedStr):
        shaped = _annotate(shaped, text)
        return shaped[0], list(shaped[1:]), True
    return sub_width, list(run), False


@lru_cache(maxsize=50_000)
def _shape_cached(font_name: str, font_size: float, text: str) -> tuple[float, Any, bool]:
    """Shaping of a one-fragment run depends only on font, size and text: remember it."""
    font = ttfonts.pdfmetrics.getFont(font_name)
    if ttfonts.uharfbuzz is not None and isinstance(font, ttfonts.TTFont):
        return _shape_one(font, font_size, text)
    proto = _FontOnly(font_name, font_size)
    width, pieces, changed = _shape_run([(proto, text)], (), {})
    return width, (pieces[0][1] if changed and len(pieces) == 1 else None), changed


#: the OpenType features reportlab's shapeFragWord applies (its default argument)
_FEATURES = _orig_shape.__defaults__[0] if _orig_shape.__defaults__ else None


def _shape_one(font: Any, font_size: float, text: str) -> tuple[float, Any, bool]:
    """`_shape_run` of one fragment of `text` in `font` at `font_size`: reportlab's
    shapeFragWord (5.1.0, pinned) for a one-fragment word, the same values computed in the
    same order, without its per-glyph work for several fragments (the glyph's name is asked
    for only when a glyph has no character; the scale is skipped where it is 1).
    tests/render/test_shaping.py compares the two on text in every script.

    The glyphs and their positions are in font units: harfbuzz shapes a word the same at
    every size (reportlab gives it the size as `ptem`, which only fonts with a tracking table
    or an optical-size axis read; no bundled face has either, tests/render/test_shaping.py
    checks), so they are shaped once per font and text (`_shape_units`) and only the width
    is worked out per size."""
    if not text:
        return _unshaped(font, font_size, text)
    units = _shape_units(font, text)
    if units is None:
        return _unshaped(font, font_size, text)
    piece, advances = units
    ttfs = font_size / 1000
    newlen: float = 0
    for x_advance in advances:  # reportlab's order of additions: the same float
        if x_advance:
            newlen += x_advance * ttfs
    return 0 + newlen, piece, True


@lru_cache(maxsize=50_000)
def _shape_units(font: Any, text: str) -> tuple[Any, tuple[Any, ...]] | None:
    """`text` (not empty) shaped in `font`: (its glyphs, marked for extraction, and their
    advances in font units), or None when shaping changes nothing (one glyph per character,
    each the character's own, with its own advance and no offset)."""
    hb = ttfonts.uharfbuzz
    try:
        hbf = harfbuzz_font(font)
    except AttributeError:
        return None
    buf = hb.Buffer()
    buf.cluster_level = _monotone_characters(hb)
    buf.add_str(text)
    buf.guess_segment_properties()
    hb.shape(hbf, buf, _FEATURES)
    face = font.face
    glyph_to_char, char_widths = face.glyphToChar, face.charWidths
    scale = None if face.unitsPerEm == 1000 else face._pdfScale
    infos = buf.glyph_infos
    positions = buf.glyph_positions
    if scale is None and len(infos) == len(text) and \
            _plain(infos, positions, text, glyph_to_char, char_widths):
        return None  # most words: the loop below would find nothing changed
    # more glyphs than characters: changed (reportlab: a glyph index past the text's end), and
    # the padding that keeps the glyphs past the end in the loop is never compared
    changed = len(infos) > len(text)
    sources = text.ljust(len(infos))
    chars: list[str] = []
    data: list[Any] = []
    advances: list[Any] = []
    new_data, shape_data = tuple.__new__, ttfonts.ShapeData  # = ShapeData(…), without its call
    for info, pos, source in zip(infos, positions, sources, strict=False):
        gid = info.codepoint
        x_offset, y_offset, x_advance, y_advance = pos.position
        try:
            code = glyph_to_char[gid][0]
        except KeyError:
            code = font.hbAddPrivate(hbf.glyph_to_string(gid), gid, x_advance)
        char_width = char_widths[code]
        char = chr(code)
        chars.append(char)
        if scale is not None:
            x_advance, x_offset = scale(x_advance), scale(x_offset)
            y_advance, y_offset = scale(y_advance), scale(y_offset)
        advances.append(x_advance)
        # reportlab: offset, a glyph past the text, another character, or another advance
        if not changed and (x_offset or y_offset or source != char or x_advance != char_width):
            changed = True
        data.append(new_data(shape_data, (info.cluster, x_advance, y_advance, x_offset,
                                          y_offset, char_width)))
    if not changed:
        return None
    start = min(d.cluster for d in data)
    return _mark_piece(ShapedStr("".join(chars), shapeData=data), text[start:]), \
        tuple(advances)


def _plain(infos: Any, positions: Any, text: str, glyph_to_char: Any, char_widths: Any
           ) -> bool:
    """Whether every glyph is its character's own, with its advance and no offset (the
    shaping loop's test, without building the shape data; a glyph without a character of its
    own answers False and is left to the loop, which gives it one)."""
    for info, pos, source in zip(infos, positions, text, strict=True):
        x_offset, y_offset, x_advance, _y_advance = pos.position
        codes = glyph_to_char.get(info.codepoint)
        if x_offset or y_offset or not codes or chr(codes[0]) != source or \
                x_advance != char_widths.get(codes[0]):
            return False
    return True


_HB_FONTS: WeakKeyDictionary[Any, Any] = WeakKeyDictionary()


def harfbuzz_font(font: Any) -> Any:
    """The harfbuzz font of `font`, made once (reportlab makes one per word)."""
    hbf = _HB_FONTS.get(font)
    if hbf is None:
        hbf = _HB_FONTS[font] = font.hbFont(10)
    return hbf


@cache
def _monotone_characters(hb: Any) -> Any:
    """harfbuzz's MONOTONE_CHARACTERS cluster level (looked up once: an enum call)."""
    return hb.BufferClusterLevel.MONOTONE_CHARACTERS


def _unshaped(font: Any, font_size: float, text: str) -> tuple[float, Any, bool]:
    return ttfonts.pdfmetrics.stringWidth(text, font.fontName, font_size), None, False


class _FontOnly:
    """A stand-in fragment carrying only what shaping reads."""

    __slots__ = ("fontName", "fontSize")

    def __init__(self, font_name: str, font_size: float) -> None:
        self.fontName, self.fontSize = font_name, font_size


def shape_frag_word(w: list, *args: Any, **kwds: Any) -> list:
    """shapeFragWord per font run, keeping each shaped piece's source text (see module doc)."""
    if isinstance(w, ttfonts.ShapedFragWord):
        return w
    if len(w) == 2 and not args and not kwds:  # most words: one fragment, plain text
        f, s = w[1]
        if type(s) is str and not hasattr(f, "cbDefn"):
            sub_width, glyphs, sub_changed = _shape_cached(f.fontName, f.fontSize, s)
            if not sub_changed:
                return w
            if glyphs is not None:  # the loop below, for this one run
                return ttfonts.makeShapedFragWord(w)([0.0 + sub_width, (f, glyphs)])
    runs: list[list] = []
    for f, s in w[1:]:
        if runs and not hasattr(f, "cbDefn") and runs[-1][-1][0].fontName == f.fontName \
                and not hasattr(runs[-1][-1][0], "cbDefn"):
            runs[-1].append((f, s))
        else:
            runs.append([(f, s)])
    width = 0.0
    merged: list = []
    changed = False
    for run in runs:
        f0 = run[0][0]
        if hasattr(f0, "cbDefn") or not all(isinstance(s, str) for _f, s in run):
            merged.extend(run)
            continue
        if len(run) == 1 and not args and not kwds and type(run[0][1]) is str:
            sub_width, glyphs, sub_changed = _shape_cached(f0.fontName, f0.fontSize, run[0][1])
            pieces = [(f0, glyphs)] if glyphs is not None else list(run)
            if sub_changed and glyphs is None:  # several pieces: shape this one directly
                sub_width, pieces, sub_changed = _shape_run(run, args, kwds)
        else:
            sub_width, pieces, sub_changed = _shape_run(run, args, kwds)
        changed = changed or sub_changed
        width += sub_width
        merged.extend(pieces)
    if not changed:
        return w
    return ttfonts.makeShapedFragWord(w)([width, *merged])


def _tj(items: list[Any], escape: Any) -> str:
    """The show-text operator for alternating glyph bytes (bytearray) and adjustments."""
    parts = [f"({escape(bytes(v))})" if type(v) is bytearray else v for v in items]
    if len(parts) == 1 and parts[0].startswith("("):
        return f"{parts[0]} Tj"
    return f"[{' '.join(parts)}] TJ"


def fast_format(self: Any, text: Any) -> str:
    """reportlab's _formatText, with the shaped-string branch written for speed.

    It emits exactly the operators reportlab 5.1.0 emits (tests compare them): per run of
    glyphs at one rise, a Tj or TJ whose numbers are the merged harfbuzz offsets; a number
    that prints as 0 is left out but still separates two strings, as in reportlab."""
    font = _get_font(self._fontname)
    if not (font._dynamicFont and font.shapable and isinstance(text, ShapedStr)):
        return _orig_format(self, text)
    canv = self._canvas
    escape = canv._escape
    code, x, y = self._code, self._x, self._y
    try:
        self._code = out = []
        fontsize = self._fontsize
        r0 = self._rise
        data = text.__shapeData__
        sd0 = 0
        tmpl = None
        for subset, t in font.splitString(text, canv._doc):
            if subset != self._curSubset:
                if not tmpl:
                    tmpl = f"{_fp_str(fontsize)} Tf {_fp_str(self._leading)} TL"
                out.append(f"{font.getSubsetInternalName(subset, canv._doc)} {tmpl}")
                self._curSubset = subset
            items: list[Any] | None = None  # the current run: bytearrays and number strings
            acc = 0  # pending adjustment (reportlab sums consecutive numbers, zeros dropped)
            glyphs: bytearray | None = None
            rise = self._rise  # = self._rise throughout (setRise is the only writer)
            for glyph, sd in zip(t, data[sd0:sd0 + len(t)], strict=True):
                _cluster, x_advance, _ya, x_offset, y_offset, width = sd
                r = r0 + fontsize * y_offset / 1000 if y_offset else r0
                if items is None or r != rise:
                    if items is not None:  # the rise changes: end this run
                        if acc:
                            v = _fp_str(acc)
                            if v != "0":
                                items.append(v)
                        out.append(_tj(items, escape))
                        if rise != r0:
                            self.setRise(r0)
                            rise = self._rise
                    if r != rise:
                        self.setRise(r)
                        rise = self._rise
                    items, acc, glyphs = [], 0, None
                if x_offset:
                    acc -= x_offset
                    glyphs = None
                if glyphs is None or acc:
                    if acc:
                        v = _fp_str(acc)
                        if v != "0":
                            items.append(v)
                        acc = 0
                    glyphs = bytearray()
                    items.append(glyphs)
                glyphs.append(glyph)
                adjust = width - x_advance + x_offset
                if adjust:
                    acc += adjust
                    glyphs = None
            sd0 += len(t)
            if items is not None:
                if acc:
                    v = _fp_str(acc)
                    if v != "0":
                        items.append(v)
                out.append(_tj(items, escape))
                if self._rise != r0:
                    self.setRise(r0)
        if self._rise != r0:
            self.setRise(r0)
        return " ".join(out)
    finally:
        self._code, self._x, self._y = code, x, y


def split_string(self: Any, text: Any, doc: Any, encoding: str = "utf-8") -> list:
    """TTFont.splitString (the text's subset codes, in runs of one subset) without its
    per-character loop when every character already has a code below 256: then the answer
    is one run of subset 0 and nothing is assigned. Anything else (a new character, a
    later subset, bytes, a no-break space: reportlab draws it as a space and never gives
    it a code of its own) takes reportlab's own loop, which assigns codes in order of first
    use."""
    state = self.state.get(doc) if type(text) is not bytes else None
    if state is not None and text:
        try:
            codes = bytes(map(state.assignments.__getitem__, map(ord, text)))
        except (KeyError, ValueError):  # a character without a code, or one past 255
            pass
        else:
            return [(0, codes)]
    return _orig_split(self, text, doc, encoding)


def pdfdoc_enc(x: Any) -> Any:
    """pdfdoc.pdfdocEnc: printable ASCII (every number and name in a PDF's objects) is the
    same in PDFDocEncoding, so it is encoded as ASCII without the codec registry's lookup of
    reportlab's 'extpdfdoc' codec (about 1 µs a call, some 6 000 calls a document)."""
    if type(x) is str and x.isascii() and x.isprintable():
        return x.encode("ascii")
    return _orig_pdfdoc_enc(x)


_SAME_FRAG_KEYS = ("fontName", "fontSize", "textColor", "rise", "us_lines", "link",
                   "backColor", "nobr")


def same_frag(f: Any, g: Any) -> bool:
    """reportlab's sameFrag: whether two fragments can share one drawn string."""
    fd, gd = f.__dict__, g.__dict__
    if "cbDefn" in fd or "lineBreak" in fd or "cbDefn" in gd or "lineBreak" in gd:
        return False
    fg, gg = fd.get, gd.get
    for key in _SAME_FRAG_KEYS:
        a, b = fg(key), gg(key)
        if a is not b and a != b:
            return False
    return True


def _span_open(actual: str) -> str:
    return "/Span <</ActualText <FEFF" + actual.encode("utf-16-be").hex().upper() + ">>> BDC"


def _ops(self: Any, action: Any) -> str:
    """PDF operators that the text object's own setter `action()` would append."""
    code, self._code = self._code, []
    try:
        action()
        return " ".join(self._code)
    finally:
        self._code = code


def format_text(self: Any, text: Any) -> str:
    """_formatText with ActualText spans, and synthetic bold for faces without a bold."""
    out = _format_with_spans(self, text)
    if self._fontname not in SYNTHETIC_BOLD or not out:
        return out
    # Fill and stroke the glyph outlines in the text colour (render mode 2), then restore
    # the stroke colour and line width the canvas believes are current.
    canvas = self._canvas
    fill = getattr(self, "_fillColorObj", None) or canvas._fillColorObj
    width = textobject.fp_str(self._fontsize * SYNTHETIC_BOLD_STROKE)
    before = _ops(self, lambda: self.setStrokeColor(fill))
    after = _ops(self, lambda: self.setStrokeColor(canvas._strokeColorObj))
    mode = self._textRenderMode
    return (f"{before} {width} w 2 Tr {out} {mode} Tr "
            f"{textobject.fp_str(canvas._lineWidth)} w {after}")


def _format_with_spans(self: Any, text: Any) -> str:
    """_formatText that wraps annotated shaped pieces in ActualText marked-content spans.

    Neighbouring words drawn without a space between them (Thai, Khmer, Lao, Burmese) share
    one span, so extractors do not invent a space between them; a space ends a span.
    The drawn string is read as units: an annotated piece (its SpanStart and the glyphs it
    covers) or one other glyph; a plain space or tab unit is drawn on its own, and the units
    between two of them form a group, drawn inside a span when one of them is annotated."""
    data = getattr(text, "__shapeData__", None) if isinstance(text, ShapedStr) else None
    if not data or _no_spans or SpanStart not in set(map(type, data)):
        return fast_format(self, text)  # (SpanStart has no subclasses)
    out: list[str] = []
    chars = str(text)
    n = len(data)
    start = -1  # where the current group starts (-1: no group)
    actual: list[str] = []  # the group's text, unit by unit
    annotated = False  # whether a unit of the group carries actual text

    def flush(end: int) -> None:
        if annotated:
            out.extend((_span_open("".join(actual)), fast_format(self, text[start:end]), "EMC"))
        else:
            out.append(fast_format(self, text[start:end]))

    i = 0
    while i < n:
        d = data[i]
        if type(d) is SpanStart:
            end, act = min(n, i + d.length), d.actual
        else:
            end, act = i + 1, None
        if act is None and chars[i] in " \t":
            if start >= 0:
                flush(i)
                start, annotated = -1, False
                actual.clear()
            out.append(fast_format(self, text[i:end]))
        else:
            if start < 0:
                start = i
            if act is None:
                actual.append(chars[i:end])
            else:
                actual.append(act)
                annotated = True
        i = end
    if start >= 0:
        flush(n)
    return " ".join(o for o in out if o)


@contextmanager
def hidden_from_extraction(canvas: Any, kind: str) -> Iterator[None]:
    """Draw what the block draws as a pagination artifact (`kind`: Watermark, Header,
    Footer) that text extraction skips: tagged-PDF readers skip /Artifact, and poppler's
    pdftotext (which ignores /Artifact) honours the empty ActualText inside it."""
    global _no_spans
    canvas._code.append(f"/Artifact <</Type /Pagination /Subtype /{kind}>> BDC "
                        "/Span <</ActualText ()>> BDC")
    _no_spans += 1
    try:
        yield
    finally:
        _no_spans -= 1
        canvas._code.append("EMC EMC")


def install() -> None:
    """Install the patches (idempotent); refuses an untested reportlab version."""
    global _installed
    if _installed:
        return
    if reportlab.Version != REPORTLAB_VERSION:
        raise RuntimeError(
            f"mla-writer's PDF text hooks are written for reportlab {REPORTLAB_VERSION}, "
            f"found {reportlab.Version}; install reportlab=={REPORTLAB_VERSION}")
    textobject.PDFTextObject.setRise = fixed_set_rise
    textobject.PDFTextObject._formatText = format_text
    ttfonts.shapeFragWord = shape_frag_word
    rl_paragraph.shapeFragWord = shape_frag_word
    rl_paragraph.sameFrag = same_frag
    ttfonts.TTFont.splitString = split_string
    pdfdoc.pdfdocEnc = pdfdoc_enc
    _installed = True
