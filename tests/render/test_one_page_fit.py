"""A document that must fit on one page (the transmittal note) is set smaller when it runs to a
second page; its layout at a size that does not fit is abandoned as soon as the second page
begins, and the PDF is the one the first size that fits gives on its own (the same bytes as
laying out every size to the end)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from mla_writer.domain.clock import fixed_clock
from mla_writer.render import build_document
from mla_writer.render import pdf_writer as pw
from mla_writer.storage import load

ROOT = Path(__file__).resolve().parents[2]
CLOCK = fixed_clock(dt.datetime(2026, 11, 2, 9, 30, tzinfo=dt.UTC))


def _whole_layouts(doc: object) -> bytes:
    """The PDF of the first size whose whole layout has one page (the last size else)."""
    for scale in pw.ONE_PAGE_SCALES:
        pdf, pages = pw._render(doc, pw._scaled_styles(scale), scale)  # type: ignore[arg-type]
        if pages == 1:
            break
    return pdf


@pytest.mark.parametrize("lang", ["my", "en", "th"])
def test_a_long_transmittal_is_abandoned_at_its_second_page(lang: str) -> None:
    case = load(ROOT / "examples" / "mla-bank-records.json")
    doc = build_document(case, template="transmittal", lang=lang, clock=CLOCK)
    assert doc.template in pw.ONE_PAGE_TEMPLATES
    full, pages = pw._render(doc, pw._scaled_styles(1.0), 1.0)
    if lang == "my":  # Burmese lines are tallest: at full size the note runs to a second page
        assert pages > 1
    if pages > 1:
        with pytest.raises(pw._SecondPage):
            pw._render(doc, pw._scaled_styles(1.0), 1.0, one_page=True)
    else:
        assert pw._render(doc, pw._scaled_styles(1.0), 1.0, one_page=True)[0] == full
    assert pw.render_pdf(doc) == _whole_layouts(doc)


@pytest.mark.parametrize("lang", ["my", "en", "km"])
def test_the_measured_fit_is_the_drawn_layouts(lang: str) -> None:
    """`_fits` (the layout without drawing) says one page exactly when the drawn layout has
    one page, at every size."""
    case = load(ROOT / "examples" / "mla-bank-records.json")
    doc = build_document(case, template="transmittal", lang=lang, clock=CLOCK)
    seen = set()
    for scale in pw.ONE_PAGE_SCALES:
        styles = pw._scaled_styles(scale)
        fits = pw._fits(doc, pw._story(doc, styles, scale, None))
        seen.add(fits)
        assert fits == (pw._render(doc, styles, scale)[1] == 1), scale
    if lang == "my":
        assert seen == {False, True}  # both outcomes are compared
