"""Line breaking: ICU break opportunities, never inside a cluster, no visible break marks."""

from __future__ import annotations

from itertools import pairwise

import pytest
from reportlab.platypus.paragraph import _HSFrag
from scripts_support import LANGS, body_style, build_pdf, corpus, pdftotext

from mla_writer.render import pdf_text
from mla_writer.render.document import Run
from mla_writer.render.linebreak import grapheme_boundaries, line_segments

SPACELESS_LANGS = ("km", "th", "lo", "my", "zh")


@pytest.mark.parametrize("lang", LANGS)
def test_segments_join_back_and_respect_clusters(lang: str) -> None:
    for line in corpus(lang):
        segments = line_segments(line, lang)
        assert "".join(segments) == line
        graphemes = grapheme_boundaries(line, lang)
        pos = 0
        for seg in segments:
            pos += len(seg)
            assert pos in graphemes, (line[:pos][-5:], line[pos:][:5])


@pytest.mark.parametrize("lang", SPACELESS_LANGS)
def test_text_without_spaces_has_break_opportunities(lang: str) -> None:
    longest = max(corpus(lang), key=len)
    assert len(line_segments(longest, lang)) >= 5


def test_no_break_before_closing_cjk_punctuation() -> None:
    segments = line_segments("调取银行账户记录。请提供（北京）资料", "zh")
    assert not any(seg.startswith(("。", "）")) for seg in segments)
    assert any(seg.endswith("录。") for seg in segments)
    assert any(seg.startswith("（北") for seg in segments)


def _allowed_ends(text: str, lang: str) -> set[int]:
    """Positions in `text` with whitespace removed where a line may end."""
    squeeze = [0]
    for ch in text:
        squeeze.append(squeeze[-1] + (0 if ch.isspace() else 1))
    ends = set()
    pos = 0
    for seg in line_segments(text, lang):
        pos += len(seg)
        ends.add(squeeze[pos])
    return ends


@pytest.mark.parametrize("lang", SPACELESS_LANGS)
def test_rendered_lines_end_only_at_break_opportunities(lang: str) -> None:
    text = "".join(corpus(lang)[1:4])
    pdf = build_pdf([[Run(text, lang)]], width_mm=45)
    lines = [ln for ln in pdftotext(pdf).splitlines() if ln.strip()]
    assert len(lines) >= 6  # really broken into many lines
    squeezed = ["".join(ln.split()) for ln in lines]
    assert "".join(squeezed) == "".join(text.split())  # nothing lost, nothing added (no ZWSP)
    allowed = _allowed_ends(text, lang)
    graphemes = grapheme_boundaries("".join(text.split()), lang)
    pos = 0
    for ln in squeezed[:-1]:
        pos += len(ln)
        assert pos in allowed and pos in graphemes, ln


def test_fragment_words_carry_the_breaks() -> None:
    pdf_text.register_fonts()
    words, used = pdf_text._frag_words([Run("ស្ត្រីក្សត្រ ព្រះ", "km"),
                                             Run(" John", "en")], body_style())
    texts = ["".join(t for _f, t in w[1:]) for w in words]
    assert used == {"khmer", "latin"}
    assert "".join(texts) == "ស្ត្រីក្សត្រព្រះJohn"
    assert len(texts) == 4  # two Khmer words without a space between them, then two more
    assert [isinstance(w, _HSFrag) for w in words] == [False, True, True, False]
    assert all("\u200b" not in t for t in texts)


@pytest.mark.parametrize(("text", "lang"), [
    ("ព្រះរាជាណាចក្រកម្ពុជាក្រសួងយុត្តិធម៌ស្ត្រីក្សត្រ", "km"),
    ("ผู้ต้องหาได้โอนเงินจำนวนมากไปยังบัญชีธนาคาร", "th"),
    ("mla.division.central.authority@procuracy.example.vn", "en"),
])
def test_words_longer_than_the_line_split_between_clusters(text: str, lang: str) -> None:
    style = body_style()
    flow = pdf_text.paragraph([Run(text, lang)], style)
    assert flow.style.splitLongWords == 0  # reportlab's splitter would cut clusters
    pdf = build_pdf([[Run(text, lang)]], width_mm=25)
    lines = ["".join(ln.split()) for ln in pdftotext(pdf).splitlines() if ln.strip()]
    assert len(lines) >= 3
    assert "".join(lines) == text
    graphemes = grapheme_boundaries(text, lang)
    pos = 0
    for ln in lines[:-1]:
        pos += len(ln)
        assert pos in graphemes


def test_justification_stretches_only_real_spaces() -> None:
    from reportlab.lib.enums import TA_JUSTIFY

    style = body_style(10.5, alignment=TA_JUSTIFY)
    text = ("Investigation Police Agency on Drug-Related Crimes, Ministry of Public Security, "
            "under the supervision of the Supreme People's Procuracy " * 3)
    flow = pdf_text.paragraph([Run(text, "en")], style)
    flow.wrap(300, 1000)
    for line in flow.blPara.lines[:-1]:
        spaces = sum(str(w.text).count(" ") for w in line.words)
        assert line.wordCount == spaces + 1
    thai = pdf_text.paragraph([Run("".join(corpus("th")[:3]), "th")], style)
    thai.wrap(300, 1000)
    for line in thai.blPara.lines:
        spaces = sum(str(w.text).count(" ") for w in line.words)
        gap = line.extraSpace / spaces if spaces else None
        # a Thai line without spaces, or needing gaps wider than 0.6 em, is not stretched
        assert line.wordCount == 1 or gap <= pdf_text.MAX_JUSTIFY_GAP * 10.5


def test_zero_width_spaces_typed_by_the_user_break_without_a_gap() -> None:
    plain = "ព្រះរាជាណាចក្រកម្ពុជា"
    typed = "ព្រះរាជាណាចក្រ\u200bកម្ពុជា"
    style = body_style()
    widths = []
    for text in (plain, typed):
        flow = pdf_text.paragraph([Run(text, "km")], style)
        widths.append(sum(w[0] for w in flow.frags))
        assert not any(isinstance(w, _HSFrag) for w in flow.frags)
    assert abs(widths[0] - widths[1]) < 0.5
    extracted = pdftotext(build_pdf([[Run(typed, "km")]]))
    assert "".join(extracted.split()) == plain


@pytest.mark.parametrize(("text", "syllables"), [
    ("ဗီယက်နမ်", ["ဗီ", "ယက်", "နမ်"]),
    ("အတွက်", ["အ", "တွက်"]),
    ("ลำดับ", ["ลำ", "ดับ"]),
    ("ผู้ต้องหาได้โอนเงิน", ["ผู้", "ต้อง", "หา", "ได้", "โอน", "เงิน"]),
    ("จำนวน", ["จำ", "นวน"]),
    ("ຈຳນວນເງິນ", ["ຈຳ", "ນວນ", "ເງິນ"]),
    ("mla.division@example.vn", ["mla.", "division@", "example.", "vn"]),
])
def test_syllable_starts(text: str, syllables: list[str]) -> None:
    from mla_writer.render.linebreak import syllable_starts

    cuts = [0, *sorted(syllable_starts(text)), len(text)]
    assert [text[a:b] for a, b in pairwise(cuts)] == syllables


@pytest.mark.parametrize(("text", "lang", "width_mm"), [
    ("ဗီယက်နမ်နိုင်ငံသားအတွက်", "my", 20),
    ("mla.division.central.authority@procuracy.example.vn", "en", 30),
    ("ลำดับจำนวนหน้า", "th", 15),
])
def test_long_words_are_cut_between_syllables(text: str, lang: str, width_mm: float) -> None:
    from mla_writer.render.linebreak import syllable_starts

    pdf = build_pdf([[Run(text, lang)]], width_mm=width_mm)
    lines = ["".join(ln.split()) for ln in pdftotext(pdf).splitlines() if ln.strip()]
    assert len(lines) >= 2 and "".join(lines) == text
    allowed = syllable_starts(text) | set(_allowed_ends(text, lang))
    pos = 0
    for ln in lines[:-1]:
        pos += len(ln)
        assert pos in allowed, (ln, text[pos:])
