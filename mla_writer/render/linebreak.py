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
    index = _utf16_index(text) if max(text) > "\uffff" else None
    for pos in it:  # UTF-16 offsets
        if index is not None:
            pos = index.get(pos, -1)
        if 0 < pos < len(text):
            out.append(pos)
    return out


def _utf16_index(text: str) -> dict[int, int]:
    """UTF-16 offset -> str index, counted here: PyICU cannot convert every slice back to str
    (a plane-16 private-use character fails with SystemError)."""
    index, units = {}, 0
    for i, ch in enumerate(text):
        index[units] = i
        units += 2 if ch > "\uffff" else 1
    index[units] = len(text)
    return index


def line_segments(text: str, lang: str = "en") -> list[str]:
    """Split `text` at every line break opportunity; each segment keeps its trailing spaces.

    Joining the segments gives `text` back. A line may break only between two segments.
    """
    cuts = [0, *_boundaries("line", text, lang), len(text)]
    return [text[a:b] for a, b in pairwise(cuts) if b > a]


def grapheme_boundaries(text: str, lang: str = "en") -> set[int]:
    """Offsets between user-perceived characters (extended grapheme clusters)."""
    return {0, len(text), *_boundaries("char", text, lang)}


# Where a word that is too long for its line may be cut, when it has no line-break
# opportunity left: between syllables. The rules are deliberately simple and only ever
# propose a position that is also a grapheme boundary (see `split_points`):
# - Burmese: a syllable starts at a consonant or independent vowel that is not stacked under
#   the one before it (U+1039 virama) and not itself killed by asat/virama (U+103A, U+1039).
# - Khmer, Thai, Lao: a syllable starts at a base letter that carries a vowel, a tone or a
#   subscript (it cannot be a final consonant then) and does not follow a coeng or a leading
#   vowel; at every Thai or Lao leading vowel (เ แ โ ใ ไ); and after sara a or sara am.
# - Latin text (e-mail addresses, URLs, references): after '.', '@', '/', '_' or '-'.
_MY_START = frozenset(chr(c) for c in (*range(0x1000, 0x102B), 0x103F, *range(0x1040, 0x104A),
                                       *range(0x104C, 0x1050)))
_MY_NO_START_AFTER = frozenset("\u1039")
_MY_KILLERS = frozenset("\u103a\u1039")
_KM_BASE = frozenset(chr(c) for c in range(0x1780, 0x17B4))
_KM_MARK = frozenset(chr(c) for c in range(0x17B6, 0x17D4))
_TH_BASE = frozenset(chr(c) for c in range(0x0E01, 0x0E2F))
_TH_LEADING = frozenset("\u0e40\u0e41\u0e42\u0e43\u0e44")
_TH_MARK = frozenset("\u0e30\u0e31\u0e32\u0e33" + "".join(chr(c) for c in range(0x0E34, 0x0E3B))
                     + "".join(chr(c) for c in range(0x0E47, 0x0E4F)))
_LO_BASE = frozenset(chr(c) for c in (*range(0x0E81, 0x0EAF), 0x0EDC, 0x0EDD, 0x0EDE, 0x0EDF))
_LO_LEADING = frozenset("\u0ec0\u0ec1\u0ec2\u0ec3\u0ec4")
_LO_MARK = frozenset("\u0eb0\u0eb1\u0eb2\u0eb3" + "".join(chr(c) for c in range(0x0EB4, 0x0EBD))
                     + "".join(chr(c) for c in range(0x0EC8, 0x0ECF)))
_AFTER_PUNCT = frozenset(".@/_-")
_SYLLABLE_END = frozenset("\u0e30\u0e33\u0eb0\u0eb3")  # Thai, Lao sara a, sara am


def syllable_starts(text: str) -> set[int]:
    """Offsets inside `text` where a syllable begins (rules above), for cutting long words."""
    out: set[int] = set()
    n = len(text)
    for i in range(1, n):
        ch, prev = text[i], text[i - 1]
        nxt = text[i + 1] if i + 1 < n else ""
        if ch in _MY_START:
            if prev not in _MY_NO_START_AFTER and nxt not in _MY_KILLERS:
                out.add(i)
        elif ch in _KM_BASE:
            if prev != "\u17d2" and nxt in _KM_MARK:
                out.add(i)
        elif ch in _TH_LEADING or ch in _LO_LEADING or \
                ((ch in _TH_BASE or ch in _LO_BASE) and prev in _SYLLABLE_END) or \
                (ch in _TH_BASE and prev not in _TH_LEADING and nxt in _TH_MARK) or \
                (ch in _LO_BASE and prev not in _LO_LEADING and nxt in _LO_MARK):
            out.add(i)
        if prev in _AFTER_PUNCT and ch.isascii():
            out.add(i)
    return out


def split_points(text: str, lang: str = "en") -> tuple[list[int], set[int]]:
    """(grapheme boundaries in order, the preferred ones among them: syllable starts)."""
    graphemes = sorted(grapheme_boundaries(text, lang))
    return graphemes, syllable_starts(text) & set(graphemes)
