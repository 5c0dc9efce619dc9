"""Script classification, splitting into runs, bundled fonts and their coverage of the corpus."""

from __future__ import annotations

from itertools import pairwise

import pytest
from scripts_support import LANG_SCRIPT, LANGS, corpus

from mla_writer import glyphs
from mla_writer.render import scripts
from mla_writer.render.scripts import (
    FONTS,
    HAN,
    KHMER,
    LAO,
    LATIN,
    MYANMAR,
    THAI,
    char_script,
    covers,
    font_for_script,
    split_by_script,
)
from mla_writer.resources import data_dir


@pytest.mark.parametrize(("ch", "script"), [
    ("A", LATIN), ("ệ", LATIN), ("Đ", LATIN), ("ก", THAI), ("ກ", LAO), ("ក", KHMER),
    ("៣", KHMER), ("က", MYANMAR), ("中", HAN), ("。", HAN), ("（", HAN), ("𠀀", HAN),
    (" ", scripts.COMMON), ("1", scripts.COMMON), ("(", scripts.COMMON),
    ("\u0301", scripts.INHERITED), ("\u200d", scripts.INHERITED),
    # Korean and Japanese are drawn by the CJK face, which has Hangul and kana
    ("김", HAN), ("ㄱ", HAN), ("や", HAN), ("ア", HAN), ("ㇰ", HAN),
])
def test_char_script(ch: str, script: str) -> None:
    assert char_script(ch) == script


@pytest.mark.parametrize("lang", LANGS)
def test_split_gives_the_text_back_and_each_piece_has_glyphs(lang: str) -> None:
    for line in corpus(lang):
        pieces = split_by_script(line, lang)
        assert "".join(seg for _s, seg in pieces) == line
        for script, seg in pieces:
            missing = [c for c in seg if not covers(script, c)]
            assert not missing, (script, seg, missing)
        # neighbouring pieces always differ in script
        assert all(a[0] != b[0] for a, b in pairwise(pieces))
        assert LANG_SCRIPT[lang] in {s for s, _ in pieces}


def test_english_names_inside_khmer_text() -> None:
    pieces = split_by_script("លោក John Smith (អាយុ ៣៥ ឆ្នាំ) 12/03/2026", "km")
    assert pieces == [(KHMER, "លោក "), (LATIN, "John Smith ("), (KHMER, "អាយុ ៣៥ ឆ្នាំ) "),
                      (LATIN, "12/03/2026")]


def test_common_characters_follow_their_neighbours() -> None:
    assert split_by_script("ที่ นี้ 2026", "th") == [(THAI, "ที่ นี้ "), (LATIN, "2026")]
    assert split_by_script("2025年1月", "zh") == [(HAN, "2025年1月")]  # the CJK face has digits
    assert split_by_script("123", "th") == [(LATIN, "123")]  # the Thai face has no digits
    assert split_by_script("\u0301a", "en") == [(LATIN, "\u0301a")]
    assert split_by_script("", "km") == []


@pytest.mark.parametrize("text", ["김민수", "山田太郎 やまだ", "ヤマダ タロウ", "Paid ✓",
                                  "Kim Min-su (김민수)", "ស្រី ✓", "Chapter Ⅲ"])
def test_characters_of_a_bundled_font_get_that_font(text: str) -> None:
    # Hangul and kana were taken for Latin and drawn as empty boxes with Noto Sans, and a
    # symbol only the CJK face has took the Latin font of its neighbour
    for lang in ("en", "km", "zh"):
        for script, seg in split_by_script(text, lang):
            assert all(covers(script, c) for c in seg), (lang, script, seg)
    assert all(glyphs.printable(c) for c in text)


@pytest.mark.parametrize(("ch", "printable"), [
    ("A", True), ("\n", True), ("\t", True), ("ệ", True), ("ก", True), ("ក", True),
    ("ກ", True), ("က", True), ("中", True), ("김", True), ("や", True), ("✓", True),
    ("“", True), ("€", True), ("\u200b", True),
    ("अ", False), ("ب", False), ("😀", False), ("ᄀ", False), ("\ue000", False),
])
def test_printable_follows_the_fonts_character_maps(ch: str, printable: bool) -> None:
    assert glyphs.printable(ch) is printable
    assert printable is any(covers(s, ch) for s in scripts.SCRIPTS) or ch in "\n\t"


def test_fonts_are_bundled_with_licences_and_small() -> None:
    folder = data_dir("fonts")
    for spec in FONTS.values():
        for f in spec.files:
            assert (folder / f).is_file(), f
    assert "SIL Open Font License" in (folder / "OFL-Noto.txt").read_text("utf-8")
    assert "Apache License" in (folder / "LICENSE-WenQuanYi-Apache-2.0.txt").read_text("utf-8")
    total = sum(p.stat().st_size for p in folder.iterdir())
    assert total < 15_000_000


def test_font_spec_per_script() -> None:
    assert font_for_script(KHMER).family == "Noto Sans Khmer"
    assert font_for_script(KHMER).docx_slot == "cs"
    assert font_for_script(HAN).docx_slot == "eastAsia"
    assert font_for_script("klingon") is FONTS[LATIN]
    assert font_for_script(THAI).pdf_name(bold=True) == "MLA-thai-Bold"
    assert all(font_for_script(s).has_bold for s in (LATIN, THAI, LAO, KHMER, MYANMAR))
