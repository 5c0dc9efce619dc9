"""PDFs are right to the machine: pdftotext gives back ≥ 99% of each script's characters."""

from __future__ import annotations

import re
import subprocess

import pytest
from reportlab.lib.enums import TA_JUSTIFY
from scripts_support import (
    LANG_SCRIPT,
    LANGS,
    body_style,
    build_pdf,
    content_streams,
    corpus,
    extraction_scores,
    pdftotext,
    spurious_spaces,
)

from mla_writer.render.document import Run

THRESHOLD = 0.99


@pytest.mark.parametrize("lang", LANGS)
def test_corpus_round_trip_per_script(lang: str) -> None:
    lines = corpus(lang)
    pdf = build_pdf([[Run(line, lang)] for line in lines])
    extracted = pdftotext(pdf)
    scores = extraction_scores("\n".join(lines), extracted)
    assert scores[LANG_SCRIPT[lang]] >= THRESHOLD, scores
    assert all(v >= THRESHOLD for v in scores.values()), scores
    assert spurious_spaces("\n".join(lines), extracted) == []


def test_bold_justified_mixed_paragraphs_spanning_pages() -> None:
    paras = []
    for lang in LANGS:
        text = " ".join(corpus(lang))
        paras.append([Run("Mr Sok Dara, ", "en", bold=True), Run(text * 3, lang),
                      Run(" (ref. 2026/17) ", "en", italic=True), Run(text[:40], lang, bold=True)])
    pdf = build_pdf(paras, style=body_style(10.5, alignment=TA_JUSTIFY))
    source = "\n".join("".join(r.text for r in p) for p in paras)
    extracted = pdftotext(pdf)
    scores = extraction_scores(source, extracted)
    assert all(v >= THRESHOLD for v in scores.values()), scores
    pages = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True)
    assert int(re.search(rb"Pages:\s+(\d+)", pages.stdout).group(1)) >= 3


def test_bold_runs_use_the_bold_faces() -> None:
    paras = [[Run(corpus(lang)[0], lang, bold=True)] for lang in LANGS]
    pdf = build_pdf(paras)
    fonts = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True, check=True)
    names = fonts.stdout.decode()
    for face in ("NotoSans-Bold", "NotoSansKhmer-Bold", "NotoSansThai-Bold", "NotoSansLao-Bold",
                 "NotoSansMyanmar-Bold"):
        assert face in names
    assert "NotoSansKhmer-Regular" not in names
    # the CJK face has no bold: it is drawn filled and stroked (render mode 2)
    content = content_streams(build_pdf([[Run("中华人民共和国", "zh", bold=True)]], compress=False))
    assert re.search(rb"w 2 Tr .*\) Tj.* 0 Tr", content)


def test_actualtext_spans_wrap_shaped_words_only() -> None:
    content = content_streams(build_pdf([[Run("ស្ត្រី ABC", "km")]], compress=False))
    spans = re.findall(rb"/Span <</ActualText <FEFF([0-9A-F]+)>>> BDC", content)
    assert [bytes.fromhex(s.decode()).decode("utf-16-be") for s in spans] == ["ស្ត្រី"]
    assert content.count(b"BDC") == content.count(b"EMC")



def test_one_paragraph_over_several_pages() -> None:
    text = " ".join(corpus("km")) * 14
    pdf = build_pdf([[Run(text, "km")]])
    pages = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True)
    assert int(re.search(rb"Pages:\s+(\d+)", pages.stdout).group(1)) >= 2
    scores = extraction_scores(text, pdftotext(pdf))
    assert scores["khmer"] >= THRESHOLD, scores


def test_characters_without_a_bundled_glyph_do_not_break_the_page() -> None:
    text = "Ref 😀 العربية Ελληνικά ✓ ស្ត្រី"
    pdf = build_pdf([[Run(text, "km")]])
    extracted = pdftotext(pdf)
    assert "Ελληνικά" in extracted and "ស្ត្រី" in extracted


@pytest.mark.parametrize("text", ["김민수", "やまだ", "✓"])
def test_korean_japanese_and_symbols_in_an_english_run_use_the_cjk_face(text: str) -> None:
    # before, Hangul and kana went to Noto Sans, which lacks them: empty boxes
    pdf = build_pdf([[Run(f"Name: {text}", "en")]])
    fonts = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True, check=True)
    assert b"WenQuanYi" in fonts.stdout
    assert text in pdftotext(pdf)


def test_decomposed_vietnamese_comes_back_as_typed() -> None:
    import unicodedata

    text = unicodedata.normalize("NFD", " ".join(corpus("vi")[:2]))
    assert text != unicodedata.normalize("NFC", text)
    extracted = pdftotext(build_pdf([[Run(text, "vi")]]))
    assert extraction_scores(text, extracted)["latin"] >= THRESHOLD
