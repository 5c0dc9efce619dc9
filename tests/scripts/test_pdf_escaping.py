"""User text is data in the PDF: markup characters print literally, line feeds break lines."""

from __future__ import annotations

import pytest
from scripts_support import body_style, build_pdf, pdftotext

from mla_writer.render import pdf_text
from mla_writer.render.document import Run

NASTY = [
    "<b>not bold</b> & <i>x</i>",
    "</para> <para> <br/> <font name='Courier'>x</font>",
    "&amp; &lt; &#60; &unknown; <![CDATA[x]]> <!-- c -->",
    "<img src='/etc/passwd'/> <a href='javascript:alert(1)'>link</a>",
    "a < b > c && d ' \" ; %(name)s {{ x }} {% y %}",
    "ស្ត្រី <b>ព្រះ</b> & ที่ <u>นี้</u>",
]


@pytest.mark.parametrize("text", NASTY)
def test_markup_in_user_text_is_printed_literally(text: str) -> None:
    pdf = build_pdf([[Run(text, "km")]])
    assert "".join(pdftotext(pdf).split()) == "".join(text.split())


def test_line_feed_and_tab() -> None:
    pdf = build_pdf([[Run("first line\nsecond\tline", "en"), Run("\nត្រី", "km")]])
    lines = [ln.strip() for ln in pdftotext(pdf).splitlines() if ln.strip()]
    assert lines == ["first line", "second line", "ត្រី"]


def test_empty_and_whitespace_runs() -> None:
    style = body_style()
    for runs in ([], [Run("", "en")], [Run("   ", "km")]):
        flow = pdf_text.paragraph(runs, style)
        flow.wrap(300, 1000)
    assert pdftotext(build_pdf([[Run("  x  ", "en")]])).strip() == "x"


def test_style_fonts_are_replaced_by_bundled_faces() -> None:
    from reportlab.lib.styles import ParagraphStyle

    plain = ParagraphStyle("p", fontName="Helvetica", fontSize=10)
    flow = pdf_text.paragraph([Run("ស្ត្រី", "km")], plain)
    assert flow.style.fontName == pdf_text.base_font_name()
    assert flow.style.shaping == 1
    bold = ParagraphStyle("b", fontName=pdf_text.base_font_name(bold=True), fontSize=10)
    frags = pdf_text.paragraph([Run("ស្ត្រី John", "km")], bold).frags
    names = {f.fontName for w in frags for f, _t in w[1:]}
    assert names == {"MLA-khmer-Bold", "MLA-latin-Bold"}


def test_line_height_leaves_room_for_stacked_marks() -> None:
    from reportlab.lib.styles import ParagraphStyle

    tight = ParagraphStyle("t", fontName=pdf_text.base_font_name(), fontSize=10, leading=12)
    assert pdf_text.paragraph([Run("ပြည်", "my")], tight).style.leading == 18
    assert pdf_text.paragraph([Run("John ស្ត្រី", "km")], tight).style.leading == 16
    assert pdf_text.paragraph([Run("John", "en")], tight).style.leading == 12
    roomy = ParagraphStyle("r", parent=tight, leading=20)
    assert pdf_text.paragraph([Run("ပြည်", "my")], roomy).style.leading == 20


def test_control_characters_are_dropped_not_fatal() -> None:
    import docx

    from mla_writer.render.docx_text import add_runs

    text = "a\x00b\x07c\r\nd\ufffe"
    assert "".join(pdftotext(build_pdf([[Run(text, "en")]])).split()) == "abcd"
    p = docx.Document().add_paragraph()
    add_runs(p, [Run(text, "en")])
    assert p.text == "abc\nd"


def test_bidi_controls_are_removed_from_both_formats() -> None:
    import docx

    from mla_writer.render.docx_text import add_runs
    from mla_writer.render.text import clean

    controls = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
    text = "Ref \u202eABC-123\u202c and \u2067x\u2069 ស្ត្រី\u200bក្សត្រ"
    assert not set(clean(text)) & set(controls)
    assert "\u200b" in clean(text)  # zero width space: a break opportunity, kept
    extracted = pdftotext(build_pdf([[Run(text, "km")]]))
    assert not set(extracted) & set(controls)
    assert "ABC-123" in extracted
    p = docx.Document().add_paragraph()
    add_runs(p, [Run(text, "km")])
    assert not set(p.text) & set(controls) and "ABC-123" in p.text
