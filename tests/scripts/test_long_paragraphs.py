"""A long paragraph is laid out in windows and its rest reuses the lines after each page
(pdf_text.WINDOW): the PDF must be byte for byte what one pass gives."""

from __future__ import annotations

import pytest
from reportlab.lib.enums import TA_JUSTIFY
from scripts_support import body_style, build_pdf, corpus

from mla_writer.render import pdf_text
from mla_writer.render.document import Run

EN = "The suspect transferred funds (USD 12,000) to account 123-456; see annex 3. "


def _texts() -> dict[str, list[list[Run]]]:
    th, km = " ".join(corpus("th")), " ".join(corpus("km"))
    return {
        "latin": [[Run(EN * 60, "en")]],
        # forced line breaks, some doubled: page splits land after one too
        "breaks": [[Run("".join(f"{i}. {EN}" + ("\n" if i % 4 else "\n\n") for i in range(90)),
                        "en")]],
        "runs and scripts": [[Run(f"Mr Sok Dara {i} ", "en", bold=i % 3 == 0),
                              Run(th if i % 2 else km, "th" if i % 2 else "km"),
                              Run(" (ref. 2026/17)\n", "en", italic=True)] for i in range(1)]
        + [[r for i in range(12) for r in (Run(f"{i}. Sok Dara ", "en", bold=i % 2 == 0),
                                            Run(th, "th"), Run("\n" if i % 5 == 4 else " ",
                                                               "en"))]],
    }


@pytest.mark.parametrize("name", ["latin", "breaks", "runs and scripts"])
@pytest.mark.parametrize("align", [0, TA_JUSTIFY])
def test_windowed_layout_is_byte_identical(name: str, align: int,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    paragraphs = _texts()[name]
    style = body_style(10.5, alignment=align, firstLineIndent=12)
    monkeypatch.setattr(pdf_text, "WINDOW", 10**9)  # one pass: reportlab's own breaking
    one_pass = build_pdf(paragraphs, style=style)
    calls: list[int] = []
    windows = pdf_text.ScriptParagraph._break_in_windows

    def counted(self, width):  # type: ignore[no-untyped-def]
        calls.append(len(self.frags))
        return windows(self, width)

    monkeypatch.setattr(pdf_text, "WINDOW", 40)  # many windows, and every page reuses lines
    monkeypatch.setattr(pdf_text.ScriptParagraph, "_break_in_windows", counted)
    assert build_pdf(paragraphs, style=style) == one_pass
    assert calls, "the windowed path was not taken"
