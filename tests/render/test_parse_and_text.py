"""The markup parser and the cleaning of user text."""

from __future__ import annotations

import pytest
from markupsafe import escape

from mla_writer.render.document import (
    Heading,
    ListBlock,
    PageBreak,
    Paragraph,
    Run,
    SignatureBlock,
    Table,
)
from mla_writer.render.parse import TemplateMarkupError, parse_markup
from mla_writer.render.text import UserText, clean, paragraphs


def test_blocks_of_every_kind() -> None:
    blocks = parse_markup(
        '<h1>T</h1><h2 class="numbered">A</h2><h3 class="numbered">a</h3>'
        '<h2 class="numbered">B</h2><h3 class="numbered">b</h3><p class="right">r</p>'
        "<ul><li>one</li><li><p>two</p><p>2b</p></li></ul><ol><li>x</li></ol>"
        '<table data-widths="1,3"><tr><th>H1</th><th>H2</th></tr><tr><td>c</td><td></td></tr>'
        '</table><div class="page-break"></div><div class="signature"><p>L1</p><p>L2</p></div>',
        "en")
    kinds = [type(b) for b in blocks]
    assert kinds == [Heading, Heading, Heading, Heading, Heading, Paragraph, ListBlock,
                     ListBlock, Table, PageBreak, SignatureBlock]
    texts = ["".join(r.text for r in b.runs) for b in blocks[:5]]
    assert texts == ["T", "1. A", "1.1 a", "2. B", "2.1 b"]
    assert blocks[5].style == "right"
    assert [len(i) for i in blocks[6].items] == [1, 2] and not blocks[6].ordered
    assert blocks[7].ordered
    table = blocks[8]
    assert table.header_rows == 1 and table.widths == [1.0, 3.0]
    assert table.rows[1][1] == []
    assert [r[0].text for r in blocks[10].lines] == ["L1", "L2"]


def test_whitespace_collapses_across_runs_and_formatting_is_kept() -> None:
    (p,) = parse_markup("<p>\n  Hello   <strong> big </strong>\n <em>world</em>  </p>", "th")
    assert "".join(r.text for r in p.runs) == "Hello big world"
    assert [(r.bold, r.italic, r.lang) for r in p.runs] == [
        (False, False, "th"), (True, False, "th"), (False, True, "th")]


def test_user_text_keeps_its_language_and_comes_back_literally() -> None:
    nasty = "{{ 7*7 }} {% for %} <font color=red> &amp; </para> < >"
    (p,) = parse_markup(f"<p>Label: {escape(UserText(nasty, 'vi'))}</p>", "en")
    assert p.runs == [Run("Label: ", "en"), Run(nasty, "vi")]


@pytest.mark.parametrize("markup", [
    "<p>unclosed", "<script>x</script>", "<p><ul></ul></p>", "</p>", "<li>x</li>",
    "<td>x</td>", '<p class="evil">x</p>', "<p><strong>x</p>", "<div>x</div>",
])
def test_markup_outside_the_subset_is_a_template_error(markup: str) -> None:
    with pytest.raises(TemplateMarkupError):
        parse_markup(markup, "en")


def test_clean_removes_controls_and_keeps_everything_else() -> None:
    assert clean("a\x00b\x07c\x1bd\x7fe\x85f\ufffeg") == "abcdefg"
    assert clean("line1\r\nline2\rline3\tend") == "line1\nline2\nline3\tend"
    assert clean("\ud800x") == "\ufffdx"
    keep = "ĐOÀN พิมพ์ชนก ព្រះ 中文 \u00a0 \u200b &<>\"'"
    assert clean(keep) == keep


def test_user_text_html_is_escaped_and_tagged() -> None:
    html = UserText("<b>&</b>", "th").__html__()
    assert html == '<span lang="th">&lt;b&gt;&amp;&lt;/b&gt;</span>'
    assert UserText("x", 'en" onload="').lang == "en"  # a bad language code cannot inject


def test_paragraphs_filter_splits_lines_and_keeps_language() -> None:
    parts = paragraphs(UserText("one\n\n two \nthree", "lo"))
    assert parts == ["one", "two", "three"]
    assert all(isinstance(p, UserText) and p.lang == "lo" for p in parts)
    assert paragraphs(UserText("")) == []


def test_preview_html_escapes_user_text_and_keeps_every_block() -> None:
    from html.parser import HTMLParser

    from mla_writer.domain.model import CaseFile
    from mla_writer.render import build_document
    from mla_writer.render.preview import document_html

    case = CaseFile()
    case.request.facts_summary = "<script>alert(1)</script> & {{ 7*7 }}"
    case.request.annexes = [{"title": "<b>A</b>", "pages": 2, "language": "th"}]
    doc = build_document(case, draft=True)
    html = document_html(doc)
    assert "<script>" not in html and "&lt;script&gt;" in html
    texts: list[str] = []

    class Collect(HTMLParser):
        def handle_data(self, data: str) -> None:
            texts.append(data)

    Collect().feed(html.split("</style>", 1)[1])
    shown = " ".join(" ".join(texts).split())
    for line in doc.plain_text().splitlines():
        for cell in line.split(" | "):
            assert " ".join(cell.split()) in shown
    assert "DRAFT" in shown
