"""Text for the PDF writer: runs become reportlab paragraphs with a bundled font per script.

The PDF writer calls only `register_fonts`, `base_font_name` and `paragraph`. Paragraphs are
built from ready-made fragment words, never from markup, so user text cannot be read as
markup. Lines break at ICU line-break opportunities (dictionary word boundaries for Thai,
Lao, Khmer and Burmese, between ideographs for Chinese); shaping is on, and the reportlab
hooks in `pdf_text_hooks` fix the baseline after Khmer marks and make the text extractable.
"""

from __future__ import annotations

# isort: off
from . import reportlab_start  # noqa: F401  (first: reportlab loads without its start-up cost)
# isort: on
import copy
from collections.abc import Iterable, Sequence
from itertools import pairwise
from typing import Any
from weakref import WeakKeyDictionary

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import ShapedFragWord, TTEncoding, TTFont
from reportlab.platypus import Flowable, Paragraph
from reportlab.platypus.paragraph import (
    _FK_BREAK,
    _FK_TEXT,
    FragLine,
    ParaLines,
    _HSFrag,
    _InjectedFrag,
)
from reportlab.platypus.paraparser import ParaParser

from mla_writer.render import pdf_font_cache, pdf_line_breaking, pdf_text_hooks
from mla_writer.render.document import Run
from mla_writer.render.linebreak import line_segments, split_points
from mla_writer.render.pdf_font_metrics import describe_letters_only
from mla_writer.render.scripts import (
    FONTS,
    HAN,
    KHMER,
    LAO,
    LATIN,
    MYANMAR,
    SPACELESS,
    THAI,
    font_for_script,
    split_by_script,
)
from mla_writer.render.text import clean

# Spaces that end a word (a line may break after them); no-break spaces are not among them.
_BREAKING_SPACES = frozenset(" \t\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008"
                             "\u2009\u200a\u200b\u205f\u3000")


_hooks_installed = False
_registered: set[str] = set()  # scripts whose four faces are registered
_loaded: dict[tuple[str, int], TTFont] = {}  # each file is parsed once (the CJK one is big)


def register_fonts(scripts: Iterable[str] = (LATIN,)) -> None:
    """Register the bundled faces of `scripts` with reportlab and install the hooks
    (idempotent). Each script's faces are parsed on first use: an English request never
    reads the 5 MB CJK face. Registration order does not change the PDF's bytes."""
    global _hooks_installed
    if not _hooks_installed:
        pdf_text_hooks.install()
        _hooks_installed = True
    for script in scripts:
        if script not in _registered:
            _register_script(script)


def _register_script(script: str) -> None:
    spec = font_for_script(script)
    registered = set(pdfmetrics.getRegisteredFontNames())
    names = []
    for bold, italic in ((False, False), (True, False), (False, True), (True, True)):
        name = spec.pdf_name(bold, italic)
        if name not in registered:
            key = (str(spec.path(bold, italic)), spec.subfont)
            if key in _loaded:  # same face under another name: share the parsed file
                font = copy.copy(_loaded[key])
                font.fontName, font.state, font.encoding = name, WeakKeyDictionary(), \
                    TTEncoding()
            else:
                font = _loaded[key] = pdf_font_cache.load_font(name, key[0], spec.subfont)
                if spec.script in (LAO, MYANMAR):  # see pdf_font_metrics
                    describe_letters_only(font, spec.script, key[0], spec.subfont)
            pdfmetrics.registerFont(font)
        names.append(name)
        if bold and not spec.has_bold:
            pdf_text_hooks.SYNTHETIC_BOLD.add(name)
    pdfmetrics.registerFontFamily(names[0], normal=names[0], bold=names[1],
                                  italic=names[2], boldItalic=names[3])
    _registered.add(script)


def prepare_shaping(scripts: Iterable[str]) -> None:
    """Make the harfbuzz fonts of the registered faces of `scripts` now (the first word shaped
    in a face makes its font): see `pdf_writer.warm_up`."""
    for script in scripts:
        spec = font_for_script(script)
        for bold in (False, True):
            for italic in (False, True):
                font = pdfmetrics.getFont(spec.pdf_name(bold, italic))
                if isinstance(font, TTFont) and font.shapable:
                    pdf_text_hooks.harfbuzz_font(font)


def base_font_name(bold: bool = False, italic: bool = False) -> str:
    """Registered name of the Latin body font (for styles, headers and footers)."""
    register_fonts()
    return FONTS[LATIN].pdf_name(bold, italic)


def _our_font(name: str) -> bool:
    return name.startswith("MLA-")


# Smallest line height, as a multiple of the font size, at which stacked marks of each script
# (Burmese medials and vowels, Khmer subscripts, Lao and Thai tone marks) clear the next line.
MIN_LEADING = {MYANMAR: 1.8, KHMER: 1.6, LAO: 1.55, THAI: 1.45}


_EFFECTIVE: WeakKeyDictionary[ParagraphStyle, dict[float, ParagraphStyle]] = \
    WeakKeyDictionary()


def _effective_style(style: ParagraphStyle, scripts: frozenset[str] = frozenset()
                     ) -> ParagraphStyle:
    """`style` with shaping on, one of our fonts, without reportlab's long-word splitting
    (it cuts inside clusters), and with room for the scripts' marks (made once per style)."""
    factor = max((MIN_LEADING.get(s, 0) for s in scripts), default=0)
    per_style = _EFFECTIVE.get(style)
    if per_style is None:
        per_style = _EFFECTIVE[style] = {}
    eff = per_style.get(factor)
    if eff is None:
        eff = per_style[factor] = _make_effective(style, factor)
    return eff


def _make_effective(style: ParagraphStyle, factor: float) -> ParagraphStyle:
    changes: dict[str, Any] = {}
    if style.leading < factor * style.fontSize:
        changes["leading"] = round(factor * style.fontSize, 2)
    if not getattr(style, "shaping", 0):
        changes["shaping"] = 1
    if not _our_font(style.fontName):
        changes["fontName"] = base_font_name()
    if style.splitLongWords:  # ScriptParagraph splits long words between clusters itself
        changes["splitLongWords"] = 0
    if style.wordWrap:  # our fragment words already carry the break opportunities
        changes["wordWrap"] = None
    if not changes:
        return style
    eff = ParagraphStyle(f"{style.name}+scripts", parent=style, **changes)
    eff.parent = None  # only refresh() reads it; a cache entry must not keep `style` alive
    return eff


_PROTOS: WeakKeyDictionary[ParagraphStyle, dict[bool, Any]] = WeakKeyDictionary()


def _protos(style: ParagraphStyle) -> dict[bool, Any]:
    """Prototype fragments carrying the style's defaults, by underline (False, True); made
    once per style by reportlab's own parser."""
    protos = _PROTOS.get(style)
    if protos is None:
        protos = _PROTOS[style] = {
            underline: ParaParser().parse("<u>x</u>" if underline else "x", style)[1][0]
            for underline in (False, True)}
    return protos


def prepare_style(style: ParagraphStyle, scripts: Iterable[str] = ()) -> None:
    """Make now what the first paragraph in `style` would make (its variant with shaping on,
    its prototype fragments, its variant for `scripts`): see `pdf_writer.warm_up`."""
    _protos(_effective_style(style))
    for script in scripts:
        _effective_style(style, frozenset({script}))


_BREAKING_SPACES_STR = "".join(sorted(_BREAKING_SPACES))


def _split_trailing_space(segment: str) -> tuple[str, bool]:
    """(word, whether a visible space follows it); a zero width space only marks a break."""
    last = segment[-1:]
    if last not in _BREAKING_SPACES:  # most segments: a word without a space ("" included)
        return segment, False
    if last == " " and len(segment) > 1 and segment[-2] not in _BREAKING_SPACES:
        return segment[:-1], True  # most others: a word and one space
    body = segment.rstrip(_BREAKING_SPACES_STR)
    return body, len(body) < len(segment) and \
        segment.count("\u200b", len(body)) < len(segment) - len(body)


# Registered font name per (script, bold, italic).
_FONT_NAMES = {(s, b, i): font_for_script(s).pdf_name(b, i) for s in FONTS
               for b in (False, True) for i in (False, True)}


def _spans(runs: Sequence[Run]) -> tuple[str, list[tuple[int, Run, str]]]:
    """The text of `runs` (cleaned, tabs as spaces) and its pieces of one run and one
    script: (end offset, run, script); neighbouring equal pieces are merged."""
    parts: list[str] = []
    spans: list[tuple[int, Run, str]] = []
    end = 0
    for run in runs:
        for script, segment in split_by_script(clean(run.text).replace("\t", " "), run.lang):
            parts.append(segment)
            end += len(segment)
            if spans and spans[-1][2] == script and spans[-1][1] == run:
                spans[-1] = (end, run, script)
            else:
                spans.append((end, run, script))
    return "".join(parts), spans


def _span_frag(span: tuple[int, Run, str], protos: dict[bool, Any], style_bold: bool,
               style_italic: bool, size: float) -> tuple[dict[str, Any], Any]:
    """(the attributes of a fragment of `span`'s text but its text, the width function of
    its font): what every fragment of one span shares, made once per span."""
    _end, run, script = span
    bold, italic = run.bold or style_bold, run.italic or style_italic
    font = _FONT_NAMES.get((script, bold, italic)) or font_for_script(script).pdf_name(bold,
                                                                                       italic)
    attrs = {**protos[run.underline].__dict__, "fontName": font, "fontSize": size, "text": "",
             "_fkind": _FK_TEXT}
    return attrs, pdfmetrics.getFont(font).stringWidth  # = pdfmetrics.stringWidth(…, font, …)


def _frag_words(runs: Sequence[Run], style: ParagraphStyle
                ) -> tuple[list[list], frozenset[str]]:
    """Fragment words for reportlab: [width, (frag, text), …], one per line-break segment;
    a word followed by a space is an `_HSFrag`. Returns the words and the scripts used."""
    size = style.fontSize
    # A style set in our bold (italic) face makes all its text bold (italic).
    style_bold = "-Bold" in style.fontName
    style_italic = style.fontName.endswith("Italic")
    text, spans = _spans(runs)
    protos = _protos(style)
    frag_class: Any = type(protos[False])
    new_frag = frag_class.__new__
    lang = runs[0].lang if runs else "en"
    used = frozenset(script for _end, _run, script in spans)
    register_fonts(used)
    per_span: dict[int, tuple[dict[str, Any], Any]] = {}  # by span: see _span_frag
    words: list[list] = []
    pos = 0
    k = 0  # index of the span holding `pos`
    for line_no, line in enumerate(text.split("\n")):
        if line_no:
            brk = protos[False].clone(_fkind=_FK_BREAK, lineBreak=True, text="")
            words.append([0, (brk, "")])
        for segment in line_segments(line, lang):
            body, spaced = _split_trailing_space(segment)
            if not body:
                if spaced and words and type(words[-1]) is list and words[-1][0]:
                    words[-1] = _HSFrag(words[-1])
                pos += len(segment)
                continue
            word: list = [0.0]
            a, b = pos, pos + len(body)
            while a < b:  # one fragment per (run, script) piece of the body
                while spans[k][0] <= a:
                    k += 1
                end = spans[k][0]
                made = per_span.get(k)
                if made is None:
                    made = per_span[k] = _span_frag(spans[k], protos, style_bold,
                                                    style_italic, size)
                attrs, width_of = made
                end = min(end, b)
                piece = text[a:end]
                frag = new_frag(frag_class)  # = proto.clone(fontName=…), without its overhead
                frag.__dict__ = attrs.copy()
                frag.text = piece
                word.append((frag, piece))
                word[0] += width_of(piece, size)
                a = end
            words.append(_HSFrag(word) if spaced else word)
            pos += len(segment)
        pos += 1  # the line feed
    return words, used


# A justified line with Thai, Khmer, Lao, Burmese or Chinese text whose few spaces would each
# have to grow by more than this share of the font size is set flush left instead.
MAX_JUSTIFY_GAP = 0.6
_SPACELESS_FONTS = frozenset(font_for_script(s).pdf_name(b, i) for s in (*SPACELESS, HAN)
                             for b in (False, True) for i in (False, True))


def _split_long_words(words: list[list], limit: float, lang: str) -> list[list]:
    """Cut every word wider than `limit` into pieces that fit: between syllables (Burmese,
    Khmer, Thai, Lao) or after '.', '@', '/' (addresses), and only where a single syllable is
    wider than the line, between grapheme clusters (reportlab's own long-word splitting cuts
    inside Khmer or Thai clusters)."""
    out: list[list] = []
    for word in words:
        if word[0] <= limit or isinstance(word, ShapedFragWord) or \
                any(not isinstance(t, str) or hasattr(f, "cbDefn") for f, t in word[1:]):
            out.append(word)
            continue
        per_char = [(f, ch) for f, t in word[1:] for ch in t]
        text = "".join(ch for _f, ch in per_char)
        ends = [0.0]  # ends[i]: width of text[:i]
        for f, ch in per_char:
            ends.append(ends[-1] + pdfmetrics.stringWidth(ch, f.fontName, f.fontSize))
        graphemes, preferred = split_points(text, lang)
        cuts, start, best = [], 0, None  # best: the last preferred cut that still fits
        for prev, pos in pairwise(graphemes):
            if ends[pos] - ends[start] > limit and prev > start:
                cut = best if best is not None and start < best <= prev else prev
                cuts.append((start, cut))
                start, best = cut, None
            if pos in preferred:
                best = pos
        cuts.append((start, len(text)))
        for n, (a, b) in enumerate(cuts):
            piece: list = [0.0]
            for f, ch in per_char[a:b]:
                if len(piece) > 1 and piece[-1][0] is f:
                    piece[-1] = (f, piece[-1][1] + ch)
                else:
                    piece.append((f, ch))
            piece[0] = sum(pdfmetrics.stringWidth(t, f.fontName, f.fontSize)
                           for f, t in piece[1:])
            out.append(type(word)(piece) if n == len(cuts) - 1 else piece)
    return out


#: Words of a paragraph that reportlab breaks into lines in one pass. Its pass costs the
#: square of the paragraph's length (it takes each word off the front of a list) and it breaks
#: the rest of a paragraph again after every page: a longer paragraph (a 10 MB free text) is
#: broken WINDOW words at a time, and what follows a page reuses the lines already broken.
#: The lines are the same: a line only depends on the words from its start.
WINDOW = 2000


class _NoWindows(Exception):
    """Words were split or injected while breaking: break in one pass instead."""


def _is_break(word: Any) -> bool:
    return bool(word[1][0]._fkind == _FK_BREAK)


class ScriptParagraph(Paragraph):
    """A Paragraph whose justification stretches only real spaces: a break opportunity
    between words written without a space (Thai, Khmer, "Drug-|Related") gets no extra
    width, and a line that would need huge gaps stays flush left. A long paragraph is laid
    out in time proportional to its length (see WINDOW)."""

    lang = "en"
    frags: list[Any]  # reportlab's fragments, then its fragment words once lines are broken
    bulletText: Any
    _width_max: float  # the widest line (reportlab sets it while breaking)
    #: the rest of a long paragraph after a page: (line width, its lines, index of its first
    #: word in `frags`, which it shares with the paragraph it was split from)
    _rest: tuple[float, list[Any], int] | None = None

    def breakLines(self, width: Any) -> Any:
        # Tables and page splits wrap the same paragraph at the same width several times:
        # the lines only depend on the width and the fragments, so break them once. (reportlab
        # replaces `frags` by its processed word list while breaking: key on that list.)
        widths = tuple(width) if isinstance(width, (list, tuple)) else width
        cached = getattr(self, "_lines_cache", None)
        if cached is not None and cached[0] == (widths, id(self.frags), len(self.frags)):
            return cached[1]
        rest, self._rest = self._rest, None
        if rest is not None:
            later, lines, first_word = rest
            if all(w == later for w in (widths if isinstance(widths, tuple) else (widths,))):
                bl = ParaLines(kind=1, lines=lines)
                self._lines_cache = ((widths, id(self.frags), len(self.frags)), bl)
                return bl
            self.frags = self.frags[first_word:]  # another width: break the rest anew
        lines = self._break_lines(width)
        self._lines_cache = ((widths, id(self.frags), len(self.frags)), lines)
        return lines

    def _break_lines(self, width: Any) -> Any:
        limit = min(width) if isinstance(width, (list, tuple)) else width
        if any(w[0] > limit and not isinstance(w, ShapedFragWord) for w in self.frags):
            self.frags = _split_long_words(self.frags, limit, self.lang)
        bl = None
        if len(self.frags) >= 2 * WINDOW and (not isinstance(width, (list, tuple))
                                              or len(width) <= 2):
            words = self.frags
            try:
                bl = self._break_in_windows(width)
            except _NoWindows:
                self.frags = words
        if bl is None:
            bl = self._break_once(width)
        if getattr(bl, "kind", 0) == 1:
            for line in bl.lines:
                spaces = sum(str(w.text).count(" ") for w in line.words
                             if not hasattr(w, "cbDefn") and hasattr(w, "text"))
                size = getattr(line, "fontSize", 0) or self.style.fontSize
                too_wide = not spaces or (
                    line.extraSpace / spaces > MAX_JUSTIFY_GAP * size
                    and any(getattr(w, "fontName", "") in _SPACELESS_FONTS for w in line.words))
                line.wordCount = 1 if too_wide else spaces + 1  # reportlab: 1 + spaces
        return bl

    def _break_once(self, width: Any) -> Any:
        """reportlab's breakLines, in `pdf_line_breaking`'s cheaper copy where it applies."""
        if pdf_line_breaking.handles(self):
            return pdf_line_breaking.break_lines(self, width)
        return Paragraph.breakLines(self, width)

    def _break_in_windows(self, width: Any) -> Any:
        """reportlab's line breaking, WINDOW words at a time: the last line of a window may
        want words of the next, so it is broken again with them. Returns what one pass
        returns (the same lines, `frags` the processed words, line starts indexing them)."""
        words = self.frags
        widths = list(width) if isinstance(width, (list, tuple)) else [width]
        later = widths[-1]
        lines: list[Any] = []
        done: list[Any] = []  # the processed words of the lines kept so far
        start, bumped, widest = 0, False, 0.0
        bullet = self.bulletText
        try:
            while True:
                end = len(words) if len(words) - start < 2 * WINDOW else start + WINDOW
                self.frags = words[start:end]
                bl = self._break_once(widths if start == 0 else [later, later])
                processed = self.frags
                if getattr(bl, "kind", 0) != 1 or len(processed) != end - start:
                    raise _NoWindows
                widest = max(widest, self._width_max)
                part = bl.lines
                if end < len(words):
                    if len(part) < 2:
                        raise _NoWindows
                    restart = part.pop().sFW  # the last line starts here: break it again
                else:
                    restart = len(processed)
                for line in part:
                    line.sFW += start
                if bumped and part:  # one pass points a line after a break at the break
                    part[0].sFW = start - 1
                lines += part
                done += processed[:restart]
                if end == len(words):
                    break
                bumped = _is_break(processed[restart])
                start += restart + bumped
                if bumped:
                    done.append(processed[restart])
                self.bulletText = None  # the bullet goes with the first line only
        finally:
            self.bulletText = bullet
        self.frags = done
        self._width_max = widest
        return ParaLines(kind=1, lines=lines)

    def _get_split_blParaFunc(self) -> Any:
        func = super()._get_split_blParaFunc()
        if len(self.frags) < 2 * WINDOW or getattr(func, "__func__", None) is not \
                Paragraph._split_blParaProcessed:
            return func

        def split_words(bl_para: Any, start: int, stop: int) -> list[Any]:
            if start and stop == len(bl_para.lines):
                return self.frags  # the rest keeps the whole list: its lines index into it
            return func(bl_para, start, stop)

        return split_words

    def split(self, availWidth: Any, availHeight: Any) -> Any:
        parts = super().split(availWidth, availHeight)
        if len(parts) == 2 and parts[1].frags is self.frags:  # a long paragraph's rest
            first, rest = parts
            lines = self.blPara.lines
            s = len(first.blPara.lines)
            later = self._wrapWidths[-1]
            head = lines[s].sFW
            kept = lines[s:]
            word = self.frags[head]
            if _is_break(word):  # one pass over the rest would start with an empty line
                kept.insert(0, self._empty_line(word, later, rest.style, head))
            rest._rest = (later, kept, head)
            rest.lang = self.lang
        return parts

    @staticmethod
    def _empty_line(word: Any, width: float, style: Any, index: int) -> Any:
        """The line reportlab makes of a forced line break at the start of a paragraph."""
        f = word[-1][0]
        ascent, descent = pdfmetrics.getAscentDescent(f.fontName, f.fontSize)
        return FragLine(extraSpace=width, wordCount=1,
                        lineBreak=not style.justifyBreaks and not isinstance(word, _InjectedFrag),
                        words=[f.clone()], fontSize=f.fontSize, ascent=ascent, descent=descent,
                        maxWidth=width, sFW=index)


def paragraph(runs: Sequence[Run], style: ParagraphStyle) -> Flowable:
    """A flowable for `runs`: per-script fonts, shaping, line breaks between words of every
    script, extractable text. User text is data: nothing in it is read as markup."""
    register_fonts()
    runs = [r for r in runs if r.text]
    if not runs:
        return Paragraph("", _effective_style(style))
    base = _effective_style(style)
    words, used = _frag_words(runs, base)
    eff = _effective_style(style, used)
    if not words:
        return Paragraph("", eff)
    flow = ScriptParagraph("".join(r.text for r in runs), eff, frags=words)
    flow.lang = runs[0].lang
    return flow
