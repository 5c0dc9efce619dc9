"""A sample page per script, rendered with pdftoppm and compared with a reviewed image.

To refresh the references after a reviewed, intended change, run
`MLA_UPDATE_GOLDEN=1 pytest tests/scripts/test_golden_pages.py` and look at every image in
tests/golden/scripts/ before committing them.
"""

from __future__ import annotations

import io
import os
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate
from scripts_support import LANGS, body_style, corpus

from mla_writer.render import pdf_text
from mla_writer.render.document import Run

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "scripts"
DPI = 100
PAGE = (150 * mm, 105 * mm)
# A pixel "differs" when its grey level moves by more than 64 of 255; a page passes while
# fewer than 0.5% of its pixels differ and the mean difference stays under 2 grey levels.
PIXEL_DELTA, MAX_DIFFERING, MAX_MEAN = 64, 0.005, 2.0


def sample_pdf(lang: str) -> bytes:
    lines = corpus(lang)
    style = body_style(10.5, alignment=TA_JUSTIFY)
    heading = body_style(12, fontName=pdf_text.base_font_name(bold=True))
    story = [
        pdf_text.paragraph([Run(lines[0], lang, bold=True)], heading),
        pdf_text.paragraph([Run("Ms Chan Sophea (", "en"), Run(lines[1], lang),
                            Run(") ref. 2026/17", "en", italic=True)], style),
        pdf_text.paragraph([Run(" ".join(lines[2:4]), lang),
                            Run(" " + lines[4][:24], lang, underline=True)], style),
    ]
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=PAGE, leftMargin=8 * mm, rightMargin=8 * mm,
                      topMargin=6 * mm, bottomMargin=4 * mm, invariant=1).build(story)
    return buf.getvalue()


def render_first_page(pdf: bytes) -> np.ndarray:
    png = subprocess.run(["pdftoppm", "-png", "-gray", "-r", str(DPI), "-f", "1", "-l", "1",
                          "-"], input=pdf, capture_output=True, check=True).stdout
    return np.asarray(Image.open(io.BytesIO(png)).convert("L"), dtype=np.int16)


@pytest.mark.parametrize("lang", LANGS)
def test_sample_page_matches_reviewed_image(lang: str) -> None:
    image = render_first_page(sample_pdf(lang))
    ref_path = GOLDEN / f"sample_{lang}.png"
    if os.environ.get("MLA_UPDATE_GOLDEN") == "1":
        GOLDEN.mkdir(parents=True, exist_ok=True)
        Image.fromarray(image.astype(np.uint8), "L").save(ref_path, optimize=True)
    reference = np.asarray(Image.open(ref_path).convert("L"), dtype=np.int16)
    assert image.shape == reference.shape
    delta = np.abs(image - reference)
    differing = float((delta > PIXEL_DELTA).mean())
    assert differing < MAX_DIFFERING and float(delta.mean()) < MAX_MEAN, (differing, delta.mean())
    # the page is not blank: text covers a real share of it
    assert float((image < 128).mean()) > 0.02
