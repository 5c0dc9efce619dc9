"""Line breaking through ICU's C API (ctypes, no compiled binding): the same breaks as ICU
on real sentences, and never a break inside a syllable cluster."""

from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path

import pytest

from mla_writer.icu_capi import UBRK_LINE, BreakIterator, icu, script_code
from mla_writer.render.linebreak import grapheme_boundaries, line_segments

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = json.loads((ROOT / "tests" / "scripts" / "corpus" / "icu_line_breaks.json")
                       .read_text("utf-8"))
sys.path.insert(0, str(ROOT / "bench"))
from icu_reference import agreement  # noqa: E402

# a break is never allowed right after these (they join the next letter to the syllable)
JOINERS = frozenset("\u0e3a\u17d2\u1039\u200d\u200c")


def _cuts(text: str, lang: str) -> list[int]:
    cuts, pos = [], 0
    for seg in line_segments(text, lang)[:-1]:
        pos += len(seg)
        cuts.append(pos)
    return cuts


@pytest.mark.parametrize("lang", sorted(REFERENCE["languages"]))
def test_line_breaks_agree_with_icu_reference(lang: str) -> None:
    rows = REFERENCE["languages"][lang]
    assert len(rows) >= 50
    assert agreement()[lang] >= 99.0


@pytest.mark.parametrize("lang", sorted(REFERENCE["languages"]))
def test_no_line_break_inside_a_syllable_cluster(lang: str) -> None:
    broken = []
    for text, _expected in REFERENCE["languages"][lang]:
        graphemes = grapheme_boundaries(text, lang)
        for cut in _cuts(text, lang):
            nxt, prev = text[cut], text[cut - 1]
            closed = text[cut + 1:cut + 2] in ("\u103a", "\u1039")  # a killed consonant
            if cut not in graphemes or unicodedata.category(nxt) in ("Mn", "Mc") \
                    or prev in JOINERS or nxt in "\u103a\u1039" or closed:
                broken.append(f"{text[max(0, cut - 4):cut]}|{text[cut:cut + 4]}")
    assert not broken


@pytest.mark.parametrize(("text", "inside"), [
    ("အီးမေးလ်လိပ်စာ", "အီးမေး|လ်"),          # e-mail: ICU offers a break before the closed consonant
    ("ဗင်းရ", "ဗ|င်း"),
    ("អាប៉ូស្ទីល", "ស្|ទ"),                  # apostille: after a coeng
])
def test_known_breaks_inside_a_syllable_are_not_kept(text: str, inside: str) -> None:
    before, after = inside.split("|")
    at = text.index(before + after) + len(before)
    lang = "km" if "\u17d2" in text else "my"
    assert at not in {len("".join(line_segments(text, lang)[:i + 1]))
                      for i in range(len(line_segments(text, lang)))}


def test_every_spaceless_sentence_gets_breaks() -> None:
    for lang, rows in REFERENCE["languages"].items():
        longest = max((text for text, _ in rows), key=len)
        assert len(line_segments(longest, lang)) > 3, lang


def test_offsets_count_characters_outside_the_bmp_once() -> None:
    text = "𠀋𠀋 ราย 😀 งาน ok"
    segments = line_segments(text, "th")
    assert "".join(segments) == text
    cuts = BreakIterator(UBRK_LINE, "th_TH").boundaries(text)
    assert all(0 < c < len(text) for c in cuts)
    assert text.index("ราย") in cuts and text.index("😀") in cuts


def test_script_codes() -> None:
    assert [script_code(c) for c in "aกកລမ中😀"] == \
        ["Latn", "Thai", "Khmr", "Laoo", "Mymr", "Hani", "Zyyy"]


def test_the_library_says_its_version() -> None:
    major = int(icu().version().split(".")[0])
    assert major >= 60


def test_boundaries_are_str_indices_beside_characters_outside_the_bmp() -> None:
    """Offsets are Python str indices whether or not the text has characters that take two
    UTF-16 units (the fast return is only for text without them)."""
    plain = "Records of account 12-345 were sent. ผู้ต้องหาได้โอนเงิน"
    wide = plain.replace(" ", " \U0001f600 ", 2)
    for text in (plain, wide, "\U0001f600" * 3, "a\U00020000b c"):
        cuts = _cuts(text, "th")
        assert cuts == sorted(set(cuts)) and all(0 < c < len(text) for c in cuts)
        assert "".join(line_segments(text, "th")) == text
    assert _cuts("a \U0001f600 b", "en") == [2, 4]
