"""Where a line may break: ICU's line BreakIterator (UAX #14 with dictionaries for Thai, Lao,
Khmer and Burmese, which write words without spaces, and CJK punctuation rules).
"""

from __future__ import annotations

import unicodedata
from itertools import pairwise

from mla_writer.icu_capi import UBRK_CHARACTER, UBRK_LINE, break_iterator
from mla_writer.render.scripts import lang_base

_ICU_LOCALE = {"zh": "zh_Hans_CN", "th": "th_TH", "lo": "lo_LA", "km": "km_KH", "my": "my_MM",
               "vi": "vi_VN", "en": "en_GB"}


# Where ICU's dictionary does not know a word it may offer a break inside a syllable: after a
# Khmer coeng or a Burmese virama (the loanword "អាប៉ូស្ទីល", apostille, cut from its stacked
# consonant), or before a Burmese consonant that an asat or a virama closes into the syllable
# before it ("အီးမေး|လ်", e-mail). A break is never kept there, nor before a combining mark.
_JOINERS = frozenset("\u17d2\u1039\u0e3a\u200c\u200d")
_MY_CLOSERS = frozenset("\u103a\u1039")  # asat, virama: they join their consonant backwards


def _inside_cluster(text: str, pos: int) -> bool:
    if text[pos - 1] in _JOINERS or unicodedata.category(text[pos])[0] == "M":
        return True
    nxt = text[pos + 1] if pos + 1 < len(text) else ""
    return text[pos] in _MY_CLOSERS or nxt in _MY_CLOSERS


def _boundaries(kind: int, text: str, lang: str) -> list[int]:
    """Boundary offsets (in Python str indices) of `kind` (UBRK_LINE/UBRK_CHARACTER) inside
    `text`, 0 and len(text) excluded."""
    if not text:
        return []
    cuts = break_iterator(kind, _ICU_LOCALE.get(lang_base(lang), "en_GB")).boundaries(text)
    if kind == UBRK_LINE and not text.isascii():
        cuts = [p for p in cuts if not _inside_cluster(text, p)]
    return cuts


def line_segments(text: str, lang: str = "en") -> list[str]:
    """Split `text` at every line break opportunity; each segment keeps its trailing spaces.

    Joining the segments gives `text` back. A line may break only between two segments.
    """
    cuts = [0, *_boundaries(UBRK_LINE, text, lang), len(text)]
    return [text[a:b] for a, b in pairwise(cuts) if b > a]


def grapheme_boundaries(text: str, lang: str = "en") -> set[int]:
    """Offsets between user-perceived characters (extended grapheme clusters)."""
    return {0, len(text), *_boundaries(UBRK_CHARACTER, text, lang)}


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
