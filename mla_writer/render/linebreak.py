"""Where a line may break: ICU's line BreakIterator (UAX #14 with dictionaries for Thai, Lao,
Khmer and Burmese, which write words without spaces, and CJK punctuation rules).
"""

from __future__ import annotations

import threading
from itertools import pairwise

import icu

from mla_writer.render.scripts import lang_base

_local = threading.local()
_ICU_LOCALE = {"zh": "zh_Hans_CN", "th": "th_TH", "lo": "lo_LA", "km": "km_KH", "my": "my_MM",
               "vi": "vi_VN", "en": "en_GB"}


def _iterator(kind: str, lang: str) -> icu.BreakIterator:
    cache = getattr(_local, "cache", None)
    if cache is None:
        cache = _local.cache = {}
    key = (kind, lang_base(lang))
    it = cache.get(key)
    if it is None:
        locale = icu.Locale(_ICU_LOCALE.get(key[1], "en_GB"))
        it = (icu.BreakIterator.createLineInstance(locale) if kind == "line"
              else icu.BreakIterator.createCharacterInstance(locale))
        cache[key] = it
    return it


def _boundaries(kind: str, text: str, lang: str) -> list[int]:
    """Boundary offsets (in Python str indices) of `kind` ("line"/"char") inside `text`."""
    if not text:
        return []
    it = _iterator(kind, lang)
    ustr = icu.UnicodeString(text)
    it.setText(ustr)
    out = []
    astral = max(text) > "\uffff"
    for pos in it:  # UTF-16 offsets
        if astral:
            pos = len(str(ustr[:pos]))
        if 0 < pos < len(text):
            out.append(pos)
    return out


def line_segments(text: str, lang: str = "en") -> list[str]:
    """Split `text` at every line break opportunity; each segment keeps its trailing spaces.

    Joining the segments gives `text` back. A line may break only between two segments.
    """
    cuts = [0, *_boundaries("line", text, lang), len(text)]
    return [text[a:b] for a, b in pairwise(cuts) if b > a]


def grapheme_boundaries(text: str, lang: str = "en") -> set[int]:
    """Offsets between user-perceived characters (extended grapheme clusters)."""
    return {0, len(text), *_boundaries("char", text, lang)}
