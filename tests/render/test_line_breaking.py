"""The PDF writer's copy of reportlab's line breaking (render.pdf_line_breaking) breaks our
paragraphs exactly as reportlab's Paragraph.breakLines does: the same lines (widths, word
counts, fonts, ascent and descent, first word), the same fragments on each line, the same
processed words and widest line, for text in every script, mixed runs, forced line breaks,
bullets and several widths."""

from __future__ import annotations

import copy
import itertools
from typing import Any

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph as RLParagraph

from mla_writer.render import pdf_line_breaking, pdf_text
from mla_writer.render.document import Run

TEXTS = {
    "en": "The requesting authority asks for the records of account 12-345-678 held at the "
          "Fictional Bank plc between 1 January 2024 and 31 March 2025, including statements,"
          " signature cards and know-your-customer files (e-mail: records@example.org).",
    "th": "ผู้ต้องหาได้โอนเงินจากบัญชีธนาคารในกรุงเทพมหานครไปยังบัญชีในต่างประเทศ "
          "เพื่อปกปิดแหล่งที่มาของเงินที่ได้จากการกระทำความผิด ตามพระราชบัญญัติป้องกัน",
    "km": "ព្រះរាជាណាចក្រកម្ពុជា ក្រសួងយុត្តិធម៌ សំណើសុំជំនួយទៅវិញទៅមកផ្នែកច្បាប់ "
          "ក្នុងរឿងព្រហ្មទណ្ឌ ស្ត្រី",
    "my": "ပြည်ထောင်စုသမ္မတမြန်မာနိုင်ငံတော် တရားလွှတ်တော်ချုပ် ကြည့်ရှုစစ်ဆေးရန်",
    "lo": "ສາທາລະນະລັດ ປະຊາທິປະໄຕ ປະຊາຊົນລາວ ເລກທີ ກະຊວງຍຸຕິທຳ",
    "zh": "中华人民共和国司法部，关于刑事司法协助的请求。被请求方应当尽快执行本请求。",
}


def _runs(lang: str) -> list[list[Run]]:
    text = TEXTS[lang]
    half = len(text) // 2
    return [
        [Run(text, lang)],
        [Run(text[:half], lang), Run(text[half:], lang, bold=True)],
        [Run("Case MLA-2026/0042: ", "en", bold=True), Run(text, lang),
         Run(" (see annex 3)", "en", italic=True)],
        [Run(text[:half] + "\n" + text[half:] + "\n\n", lang)],
        [Run("x" * 120 + " " + text, lang)],  # a word longer than the line
        # a font change at every word: each line holds many fragments
        [Run(word + " ", lang, bold=bool(i % 2)) for i, word in enumerate(text.split())],
    ]


def _line(line: Any) -> tuple[Any, ...]:
    return (line.extraSpace, line.wordCount, line.lineBreak, line.fontSize, line.ascent,
            line.descent, line.maxWidth, line.sFW,
            [(type(w), str(w.text), sorted((k, repr(v)) for k, v in w.__dict__.items()))
             for w in line.words])


def _words(words: list[Any]) -> list[Any]:
    return [(type(w), w[0], [(id(f), str(t)) for f, t in w[1:]]) for w in words]


STYLE = ParagraphStyle("t", fontSize=10.5, leading=14.5, alignment=4)


@pytest.mark.parametrize("lang", sorted(TEXTS))
def test_line_breaking_equals_reportlabs(lang: str) -> None:
    compared = 0
    for runs in _runs(lang):
        for width in (60.0, 170.0, 453.5, [120.0, 300.0], [300.0, 80.0, 200.0],
                      *(float(w) for w in range(90, 460, 12))):
            for bullet in (None, "3.") if isinstance(width, list) or width < 200 else (None,):
                flow = pdf_text.paragraph(runs, STYLE)
                flow.bulletText = bullet
                limit = min(width) if isinstance(width, list) else width
                if any(w[0] > limit for w in flow.frags):  # as ScriptParagraph does first
                    flow.frags = pdf_text._split_long_words(flow.frags, limit, flow.lang)
                ours, theirs = flow, copy.copy(flow)
                assert pdf_line_breaking.handles(ours)
                got = pdf_line_breaking.break_lines(ours, copy.copy(width))
                expected = RLParagraph.breakLines(theirs, copy.copy(width))
                assert got.kind == expected.kind == 1
                assert [_line(x) for x in got.lines] == [_line(x) for x in expected.lines], \
                    (lang, width, bullet)
                assert _words(ours.frags) == _words(theirs.frags)
                assert ours._width_max == theirs._width_max
                compared += len(got.lines)
    assert compared > 100  # lines were really broken, many of them


def test_other_paragraphs_are_left_to_reportlab() -> None:
    flow = pdf_text.paragraph([Run(TEXTS["en"], "en")], STYLE)
    assert pdf_line_breaking.handles(flow)
    hyphenated = copy.copy(flow)
    hyphenated.style = ParagraphStyle("h", parent=flow.style, hyphenationLang="en_GB")
    assert not pdf_line_breaking.handles(hyphenated)
    split = copy.copy(flow)
    split.style = ParagraphStyle("s", parent=flow.style, splitLongWords=1)
    assert not pdf_line_breaking.handles(split)
    markup = RLParagraph("plain <b>markup</b>", flow.style)
    assert not pdf_line_breaking.handles(markup)


def test_trailing_space_split_equals_its_definition() -> None:
    """`_split_trailing_space`'s shortcuts give what its general rule gives, for every short
    mix of letters, spaces, zero width and no-break spaces."""
    spaces = pdf_text._BREAKING_SPACES_STR

    def rule(segment: str) -> tuple[str, bool]:
        body = segment.rstrip(spaces)
        return body, len(body) < len(segment) and \
            segment.count("\u200b", len(body)) < len(segment) - len(body)

    alphabet = ["a", " ", "\u200b", "\u3000", "\xa0", "\t", "ก"]
    for k in range(5):
        for chars in itertools.product(alphabet, repeat=k):
            segment = "".join(chars)
            assert pdf_text._split_trailing_space(segment) == rule(segment), repr(segment)
