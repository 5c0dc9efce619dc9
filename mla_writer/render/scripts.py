"""Which writing system each character belongs to, and which bundled font and tags it needs.

Both writers split every run by script so each piece gets a font that has its glyphs (PDF) and
the right Word font slot and language tag (DOCX). Common characters (spaces, digits,
punctuation) and combining marks join a neighbouring piece when that piece's font covers them.
HAN stands for the CJK font: Chinese characters, and also Japanese kana and Korean Hangul,
which the same bundled face draws. A character that its script's font lacks goes to another
bundled font that has it (`glyphs.covering_script`); `glyphs.printable` says whether any has
it (what `check` warns about).
"""

from __future__ import annotations

from bisect import bisect_right

# The bundled fonts and what they can draw live in mla_writer.glyphs (the checks read them
# without loading the renderer); they are used from here by the writers.
from mla_writer.glyphs import (  # noqa: F401  (re-exported for the writers)
    FONTS,
    HAN,
    KHMER,
    LAO,
    LATIN,
    MYANMAR,
    SCRIPTS,
    THAI,
    FontSpec,
    covering_script,
    covers,
    font_for_script,
    printable,
    unprintable_chars,
)

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
            script = covering_script(ch) or script
        if len(_SCRIPT_OF) < 100_000:  # a document uses a few hundred distinct characters
            _SCRIPT_OF[ch] = script
    return script


_SCRIPT_OF: dict[str, str] = {}


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
    key = (text, lang)
    pieces = _SPLIT.get(key)
    if pieces is None:
        pieces = _split(text, lang)
        if len(_SPLIT) < 20_000 and len(text) < 100_000:  # the DOCX and the PDF split the
            # same runs
            _SPLIT[key] = pieces
    return list(pieces)


_SPLIT: dict[tuple[str, str], tuple[tuple[str, str], ...]] = {}


def _split(text: str, lang: str) -> tuple[tuple[str, str], ...]:
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
            choice = LATIN if covers(LATIN, ch) else covering_script(ch) or prev or LATIN
        resolved[i] = prev = choice
    pieces: list[tuple[str, str]] = []
    start = 0
    current = resolved[0]
    for i, script in enumerate(resolved):
        if script != current:
            pieces.append((current, text[start:i]))
            start, current = i, script
    pieces.append((current, text[start:]))
    return tuple(pieces)
