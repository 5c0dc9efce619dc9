"""Lao and Burmese PDFs give their text back in pdftotext's default reading order: the font
descriptors' Ascent/Descent are the letters' extents, not the line-spacing metrics."""

from __future__ import annotations

import re

import pytest
from fontTools.ttLib import TTFont
from scripts_support import extraction_scores, pdftotext
from test_real_documents import CLOCK, block_texts, case

from mla_writer.render import build_document, pdf_writer
from mla_writer.render.pdf_font_metrics import letter_extents
from mla_writer.render.scripts import FONTS, LAO, MYANMAR

SCRIPT = {"lo": LAO, "my": MYANMAR, "th": "thai", "km": "khmer", "zh": "han", "vi": "latin",
          "en": "latin"}


@pytest.mark.parametrize("script", [LAO, MYANMAR])
def test_letter_extents_leave_out_the_stacked_marks(script: str) -> None:
    spec = FONTS[script]
    ascent, descent = letter_extents(str(spec.path()), spec.subfont, script)
    hhea = TTFont(str(spec.path()))["hhea"]
    assert 700 < ascent < hhea.ascent and hhea.descent < descent < -150


def _descriptors(pdf: bytes) -> set[tuple[int, int]]:
    return {(int(a), int(d)) for a, d in
            re.findall(rb"/Ascent (\d+) /CapHeight \d+ /Descent (-\d+)", pdf)}


@pytest.mark.parametrize("lang", ["lo", "my", "th", "km", "zh", "vi", "en"])
def test_the_example_request_gives_back_all_its_script_text(lang: str) -> None:
    """Default reading order (no -raw): wrapped table cells stay in place."""
    doc = build_document(case(), lang=lang, clock=CLOCK)
    pdf = pdf_writer.render_pdf(doc)
    scores = extraction_scores("\n".join(block_texts(doc.blocks)), pdftotext(pdf))
    assert scores[SCRIPT[lang]] == 1.0, scores  # the document's own script: all of it
    assert all(v >= (0.98 if s == "common" else 0.99) for s, v in scores.items()), scores
    if lang in ("lo", "my"):
        spec = FONTS[SCRIPT[lang]]
        assert letter_extents(str(spec.path()), spec.subfont, spec.script) in _descriptors(pdf)
