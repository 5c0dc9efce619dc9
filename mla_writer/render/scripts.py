"""Which writing system each character belongs to, and which bundled font and tags it needs.

Both writers split every run by script so each piece gets a font that has its glyphs (PDF) and
the right Word font slot and language tag (DOCX). Common characters (spaces, digits,
punctuation) and combining marks join a neighbouring piece when that piece's font covers them.
HAN stands for the CJK font: Chinese characters, and also Japanese kana and Korean Hangul,
which the same bundled face draws. A character that its script's font lacks goes to another
bundled font that has it; `printable` says whether any has it (what `check` warns about).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from mla_writer.resources import data_dir

LATIN, THAI, LAO, KHMER, MYANMAR, HAN = "latin", "thai", "lao", "khmer", "myanmar", "han"
SCRIPTS = (LATIN, THAI, LAO, KHMER, MYANMAR, HAN)
# Scripts written without spaces between words: lines break at dictionary word boundaries.
SPACELESS = frozenset({THAI, LAO, KHMER, MYANMAR})
COMMON, INHERITED = "common", "inherited"

# (first, last, script) — sorted, non-overlapping. Everything unlisted counts as Latin.
_RANGES: tuple[tuple[int, int, str], ...] = (
    (0x0000, 0x0040, COMMON), (0x005B, 0x0060, COMMON), (0x007B, 0x00BF, COMMON),
    (0x00D7, 0x00D7, COMMON), (0x00F7, 0x00F7, COMMON),
    (0x0300, 0x036F, INHERITED),
    (0x0E00, 0x0E7F, THAI), (0x0E80, 0x0EFF, LAO),
    (0x1000, 0x109F, MYANMAR),
    (0x1780, 0x17FF, KHMER), (0x19E0, 0x19FF, KHMER),
    (0x1AB0, 0x1AFF, INHERITED), (0x1DC0, 0x1DFF, INHERITED),
    (0x2000, 0x200B, COMMON), (0x200C, 0x200D, INHERITED), (0x200E, 0x2BFF, COMMON),
    (0x2E80, 0x2FDF, HAN), (0x3000, 0x303F, HAN),
    (0x3040, 0x30FF, HAN),  # Japanese hiragana and katakana (in the CJK face)
    (0x3100, 0x312F, HAN),
    (0x3130, 0x318F, HAN),  # Hangul compatibility jamo (in the CJK face)
    (0x31C0, 0x31EF, HAN), (0x31F0, 0x31FF, HAN), (0x3200, 0x33FF, HAN), (0x3400, 0x4DBF, HAN),
    (0x4E00, 0x9FFF, HAN), (0xA9E0, 0xA9FF, MYANMAR), (0xAA60, 0xAA7F, MYANMAR),
    (0xAC00, 0xD7AF, HAN),  # Hangul syllables (in the CJK face)
    (0xF900, 0xFAFF, HAN), (0xFE00, 0xFE0F, INHERITED), (0xFE30, 0xFE4F, HAN),
    (0xFEFF, 0xFEFF, COMMON), (0xFF00, 0xFF60, HAN), (0xFF61, 0xFFEF, COMMON),
    (0x20000, 0x3FFFF, HAN),
)
_STARTS = [r[0] for r in _RANGES]

# Script a text in each document language is written in: used for text made only of common
# characters (a date "12/03/2026" in a Thai run is set in the Thai run's font when it can be).
LANG_SCRIPT = {"en": LATIN, "vi": LATIN, "th": THAI, "lo": LAO, "km": KHMER, "my": MYANMAR,
               "zh": HAN}
# Full language tags for DOCX w:lang, by language code.
LANG_TAG = {"en": "en-GB", "vi": "vi-VN", "th": "th-TH", "lo": "lo-LA", "km": "km-KH",
            "my": "my-MM", "zh": "zh-CN"}


@dataclass(frozen=True, slots=True)
class FontSpec:
    """The bundled faces for one script, their PDF names, and how DOCX tags text in it."""

    script: str
    family: str  # font family name as Word and LibreOffice know it
    files: tuple[str, str, str, str]  # regular, bold, italic, bold italic (file names in fonts/)
    subfont: int  # face index inside a .ttc collection
    docx_slot: str  # "ascii" (Latin), "eastAsia" (Chinese) or "cs" (complex scripts)
    lang_tag: str  # w:lang value for this script's text
    has_bold: bool  # False: the family has no bold face; writers embolden another way

    def pdf_name(self, bold: bool = False, italic: bool = False) -> str:
        """The name under which `pdf_text.register_fonts` registers this face."""
        suffix = {(False, False): "", (True, False): "-Bold", (False, True): "-Italic",
                  (True, True): "-BoldItalic"}[(bold, italic)]
        return f"MLA-{self.script}{suffix}"

    def path(self, bold: bool = False, italic: bool = False) -> Path:
        index = (2 if italic else 0) + (1 if bold else 0)
        return data_dir("fonts") / self.files[index]


def _spec(script: str, family: str, stem: str, slot: str, tag: str) -> FontSpec:
    files = (f"{stem}-Regular.ttf", f"{stem}-Bold.ttf", f"{stem}-Regular.ttf", f"{stem}-Bold.ttf")
    return FontSpec(script, family, files, 0, slot, tag, True)


FONTS: dict[str, FontSpec] = {
    LATIN: FontSpec(LATIN, "Noto Sans", ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf",
                    "NotoSans-Italic.ttf", "NotoSans-BoldItalic.ttf"), 0, "ascii", "en-GB", True),
    THAI: _spec(THAI, "Noto Sans Thai", "NotoSansThai", "cs", "th-TH"),
    LAO: _spec(LAO, "Noto Sans Lao", "NotoSansLao", "cs", "lo-LA"),
    KHMER: _spec(KHMER, "Noto Sans Khmer", "NotoSansKhmer", "cs", "km-KH"),
    MYANMAR: _spec(MYANMAR, "Noto Sans Myanmar", "NotoSansMyanmar", "cs", "my-MM"),
    HAN: FontSpec(HAN, "WenQuanYi Micro Hei", ("wqy-microhei.ttc",) * 4, 0, "eastAsia", "zh-CN",
                  False),
}


def font_for_script(script: str) -> FontSpec:
    """The bundled font for `script` (one of SCRIPTS); unknown scripts get the Latin font."""
    return FONTS.get(script, FONTS[LATIN])


def lang_base(lang: str) -> str:
    """'zh_Hans' / 'zh-CN' / 'th' -> 'zh' / 'zh' / 'th'."""
    return lang.replace("_", "-").split("-")[0].lower()


def char_script(ch: str) -> str:
    """Script of one character: one of SCRIPTS, COMMON or INHERITED.

    A letter whose script's font lacks it but another bundled font has counts as of that
    font's script (Greek letters missing from Noto Sans are in the CJK face), so that it is
    printed, not drawn as an empty box."""
    script = _SCRIPT_OF.get(ch)
    if script is None:
        cp = ord(ch)
        i = bisect_right(_STARTS, cp) - 1
        script = _RANGES[i][2] if i >= 0 and _RANGES[i][0] <= cp <= _RANGES[i][1] else LATIN
        if script in SCRIPTS and cp > 0x7F and not covers(script, ch):
            script = _covering(ch) or script
        if len(_SCRIPT_OF) < 100_000:  # a document uses a few hundred distinct characters
            _SCRIPT_OF[ch] = script
    return script


_SCRIPT_OF: dict[str, str] = {}


@cache
def _coverage(script: str) -> frozenset[int]:
    """Code points the script's regular face maps (read once from the bundled font)."""
    from reportlab.pdfbase.ttfonts import TTFontFile

    spec = font_for_script(script)
    face = TTFontFile(str(spec.path()), subfontIndex=spec.subfont)
    return frozenset(face.charToGlyph)


def covers(script: str, ch: str) -> bool:
    """Whether the font chosen for `script` has a glyph for `ch`."""
    return ord(ch) in _coverage(script)


def _covering(ch: str) -> str | None:
    """The first script (in SCRIPTS order) whose bundled font has a glyph for `ch`."""
    cp = ord(ch)
    return next((s for s in SCRIPTS if cp in _coverage(s)), None)


_PRINTABLE: dict[str, bool] = {}


def printable(ch: str) -> bool:
    """Whether the PDF can draw `ch`: some bundled font has a glyph for it (the splitter gives
    it that font), or it is an ASCII space or control (a line feed, a tab). Reads a font's
    character map only for characters outside ASCII, and first the font of the character's
    own script (Thai text reads only the Thai font)."""
    found = _PRINTABLE.get(ch)
    if found is None:
        if ch.isascii():
            found = ch.isspace() or not ch.isprintable() or covers(LATIN, ch)
        else:
            kind = char_script(ch)
            found = (kind in SCRIPTS and covers(kind, ch)) or _covering(ch) is not None
        if len(_PRINTABLE) < 100_000:
            _PRINTABLE[ch] = found
    return found


#: characters found printable so far: most texts are then checked by one set operation
_SEEN_PRINTABLE: set[str] = set()


def unprintable_chars(text: str) -> set[str]:
    """The distinct characters of `text` that no bundled font can draw (see `printable`)."""
    if text.isascii() or _SEEN_PRINTABLE.issuperset(text):
        return set()
    new = set(text).difference(_SEEN_PRINTABLE)
    bad = {ch for ch in new if not printable(ch)}
    if len(_SEEN_PRINTABLE) < 100_000:
        _SEEN_PRINTABLE.update(new - bad)
    return bad


def split_by_script(text: str, lang: str = "en") -> list[tuple[str, str]]:
    """Split `text` into (script, segment) pieces in order; joining the segments gives `text`.

    Common characters and marks join the piece before them when its font covers them, else
    the piece after them, else a Latin piece; text of common characters only takes the script
    of `lang` when that font covers it.
    """
    if not text:
        return []
    if text.isascii() and any(c.isalpha() for c in text):
        return [(LATIN, text)]  # the common case: every character joins the Latin letters
    default = LANG_SCRIPT.get(lang_base(lang), LATIN)
    script_of = _SCRIPT_OF.get
    kinds = [script_of(c) or char_script(c) for c in text]
    # Resolve common/inherited characters in place, looking at real-script neighbours.
    resolved: list[str] = list(kinds)
    prev: str | None = None  # resolved script of the previous character
    for i, k in enumerate(kinds):
        if k in SCRIPTS:
            prev = k
            continue
        ch = text[i]
        if prev is not None and (k == INHERITED or covers(prev, ch)):
            resolved[i] = prev
            continue
        nxt = next((kinds[j] for j in range(i + 1, len(text)) if kinds[j] in SCRIPTS), None)
        choice = nxt if nxt is not None else default
        if not covers(choice, ch):
            choice = LATIN if covers(LATIN, ch) else _covering(ch) or prev or LATIN
        resolved[i] = prev = choice
    pieces: list[tuple[str, str]] = []
    start = 0
    current = resolved[0]
    for i, script in enumerate(resolved):
        if script != current:
            pieces.append((current, text[start:i]))
            start, current = i, script
    pieces.append((current, text[start:]))
    return pieces
