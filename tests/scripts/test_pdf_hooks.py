"""The reportlab hooks: setRise baseline fix, per-font shaping, version guard."""

from __future__ import annotations

import importlib.util
import re

import pytest
import reportlab
from reportlab.pdfbase import ttfonts
from reportlab.pdfgen import textobject
from reportlab.platypus import paragraph as rl_paragraph
from scripts_support import build_pdf, content_streams, pdftotext

from mla_writer.render import pdf_text, pdf_text_hooks
from mla_writer.render.document import Run

# Khmer words whose consecutive clusters are drawn with different vertical offsets.
RISE_WORDS = ("ស្ត្រី", "ស្នើសុំ", "ឆ្នាំ", "ផ្ញើ")


def _pristine_set_rise():
    """reportlab's own PDFTextObject.setRise, loaded from a fresh copy of its module."""
    spec = importlib.util.find_spec("reportlab.pdfgen.textobject")
    fresh = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fresh)
    return fresh.PDFTextObject.setRise


def _rise_when_drawing_marker(content: bytes) -> float:
    """Text rise (Ts) in force when the last text is shown: the Latin marker ' Z' that
    follows the Khmer word on the same line."""
    rise = 0.0
    at_show = None
    for tok in re.finditer(rb"(-?[\d.]+) Ts|\) Tj|\] TJ", content):
        if tok.group(1) is not None:
            rise = float(tok.group(1))
        else:
            at_show = rise
    assert at_show is not None, "no text shown"
    return at_show


def _render_with(set_rise, word: str) -> bytes:
    original = textobject.PDFTextObject.setRise
    textobject.PDFTextObject.setRise = set_rise
    try:
        return content_streams(build_pdf([[Run(word, "km"), Run(" Z", "en")]], compress=False))
    finally:
        textobject.PDFTextObject.setRise = original


@pytest.mark.parametrize("word", RISE_WORDS)
def test_text_after_khmer_marks_is_back_on_the_baseline(word: str) -> None:
    pdf_text.register_fonts()
    assert _rise_when_drawing_marker(_render_with(pdf_text_hooks.fixed_set_rise, word)) == 0


def test_reportlab_pinned_version_still_has_the_rise_bug() -> None:
    """If this fails, reportlab fixed setRise: the hook may go (update the pin and the hook)."""
    pdf_text.register_fonts()
    lowered = [w for w in RISE_WORDS
               if _rise_when_drawing_marker(_render_with(_pristine_set_rise(), w)) != 0]
    assert lowered, "reportlab no longer lowers text after Khmer marks"


def test_fixed_set_rise_merges_and_records() -> None:
    tx = textobject.PDFTextObject.__new__(textobject.PDFTextObject)
    tx._code, tx._rise, tx._y = ["BT"], 0, 100.0
    pdf_text_hooks.fixed_set_rise(tx, -2)
    pdf_text_hooks.fixed_set_rise(tx, -3)  # merged into one operator
    assert tx._code == ["BT", "-3 Ts"] and tx._rise == -3 and tx._y == 103
    pdf_text_hooks.fixed_set_rise(tx, 0)
    assert tx._code[-1] == "0 Ts" and tx._rise == 0 and tx._y == 100


def test_hooks_are_installed_and_idempotent() -> None:
    pdf_text.register_fonts()
    pdf_text.register_fonts()
    pdf_text_hooks.install()
    assert textobject.PDFTextObject.setRise is pdf_text_hooks.fixed_set_rise
    assert textobject.PDFTextObject._formatText is pdf_text_hooks.format_text
    assert ttfonts.shapeFragWord is pdf_text_hooks.shape_frag_word
    assert rl_paragraph.shapeFragWord is pdf_text_hooks.shape_frag_word
    assert reportlab.Version == pdf_text_hooks.REPORTLAB_VERSION


def test_install_refuses_another_reportlab(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_text_hooks, "_installed", False)
    monkeypatch.setattr(reportlab, "Version", "9.9.9")
    with pytest.raises(RuntimeError, match=r"reportlab==5\.1\.0"):
        pdf_text_hooks.install()


def test_words_mixing_scripts_are_shaped_per_font() -> None:
    # No break opportunity between "(ABC" and the Khmer word: one word, two fonts.
    text = "(ABCស្ត្រី)"
    pdf = build_pdf([[Run(text, "km")]])
    assert "".join(pdftotext(pdf).split()) == text
    content = content_streams(build_pdf([[Run(text, "km")]], compress=False))
    assert b"ActualText" in content


def test_shaping_cache_keeps_font_and_size_apart() -> None:
    pdf_text.register_fonts()
    pdf_text_hooks._shape_cached.cache_clear()
    regular = pdf_text_hooks._shape_cached("MLA-khmer", 10.0, "ស្ត្រី")
    bold = pdf_text_hooks._shape_cached("MLA-khmer-Bold", 10.0, "ស្ត្រី")
    large = pdf_text_hooks._shape_cached("MLA-khmer", 20.0, "ស្ត្រី")
    assert regular[2] and bold[2] and large[2]  # shaping changed the glyphs
    assert abs(large[0] - 2 * regular[0]) < 1e-6
    assert regular[0] != bold[0]
    assert pdf_text_hooks._shape_cached("MLA-khmer", 10.0, "ស្ត្រី") is regular
    # the cached glyph string carries the source text for ActualText
    first = regular[1].__shapeData__[0]
    assert isinstance(first, pdf_text_hooks.SpanStart) and first.actual == "ស្ត្រី"
