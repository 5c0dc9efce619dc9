"""The PDF writer's shortcuts through reportlab give reportlab's answers: TTFont.splitString
(pdf_text_hooks.split_string) the same runs, leaving the font's subset state as reportlab's
loop leaves it, for text whose characters are known, new, missing from the font, no-break
spaces, or past the first subset; pdfdoc.pdfdocEnc (pdf_text_hooks.pdfdoc_enc) the same
bytes or the same error."""

from __future__ import annotations

import copy
import io
import random

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from mla_writer.glyphs import FONTS
from mla_writer.render import pdf_text, pdf_text_hooks


class _Doc:
    """A stand-in for the PDF document a font's subset state belongs to."""


def _state(font: object, doc: object) -> tuple[object, ...]:
    st = font.state[doc]  # type: ignore[attr-defined]
    return dict(st.assignments), copy.deepcopy(st.subsets), st.nextCode


def test_split_string_equals_reportlabs() -> None:
    pdf_text.register_fonts(["latin", "thai", "han"])
    rng = random.Random(13)
    for script in ("latin", "thai", "han"):
        font = pdfmetrics.getFont(FONTS[script].pdf_name(False, False))
        sample = {"latin": "Records of account 12-345, sent (e-mail) ÀÉÎÕÜ ",
                  "thai": "ผู้ต้องหาได้โอนเงินจากบัญชีธนาคาร ",
                  "han": "中华人民共和国司法部关于刑事司法协助的请求"}
        alphabet = sample[script] + "\xa0\ue000\U0001f600"  # no-break space, unmapped
        if script == "han":  # more than 256 characters: later subsets
            alphabet += "".join(chr(c) for c in range(0x4e00, 0x4e00 + 400))
        ours, theirs = _Doc(), _Doc()
        fast = 0
        for _ in range(400):
            pool = alphabet if rng.random() < 0.5 else sample[script]  # known characters
            text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 30)))
            got = pdf_text_hooks.split_string(font, text, ours)
            expected = pdf_text_hooks._orig_split(font, text, theirs)
            assert got == expected, (script, text)
            assert _state(font, ours) == _state(font, theirs)
            fast += len(got) == 1 and got[0][0] == 0
        assert fast > 100  # the shortcut was taken, many times


def test_pdfdoc_encoding_equals_reportlabs() -> None:
    samples = [chr(c) for c in range(0x300)] + [
        "", "12.5", "/Helvetica", "0 0 595.2756 841.8898", "a\nb", "\x18\x19", "é", "Ω", b"x",
        "ASCII but \x1f", "D:20261207000000+00'00'", "\u2026", "\U0001f600", 7, None]
    for x in samples:
        try:
            expected: object = pdf_text_hooks._orig_pdfdoc_enc(x)
        except UnicodeError as exc:
            expected = type(exc)
        try:
            got: object = pdf_text_hooks.pdfdoc_enc(x)
        except UnicodeError as exc:
            got = type(exc)
        assert got == expected and type(got) is type(expected), repr(x)


def _spans_by_units(self: object, text: object) -> str:
    """The ActualText grouping as first written (a list of units, then groups): the
    reference for pdf_text_hooks._format_with_spans."""
    fast_format, span_start = pdf_text_hooks.fast_format, pdf_text_hooks.SpanStart
    data = text.__shapeData__  # type: ignore[attr-defined]
    units, i, n = [], 0, len(data)
    while i < n:
        d = data[i]
        end = min(n, i + d.length) if isinstance(d, span_start) else i + 1
        units.append((i, end, d.actual if isinstance(d, span_start) else None))
        i = end
    out: list[str] = []
    chars = str(text)
    group: list[tuple[int, int, str | None]] = []

    def flush() -> None:
        if group:
            a, b = group[0][0], group[-1][1]
            if any(act is not None for _s, _e, act in group):
                actual = "".join(chars[s:e] if act is None else act for s, e, act in group)
                out.extend((pdf_text_hooks._span_open(actual),
                            fast_format(self, text[a:b]), "EMC"))  # type: ignore[index]
            else:
                out.append(fast_format(self, text[a:b]))  # type: ignore[index]
            group.clear()

    for unit in units:
        if unit[2] is None and chars[unit[0]] in " \t":
            flush()
            out.append(fast_format(self, text[unit[0]:unit[1]]))  # type: ignore[index]
        else:
            group.append(unit)
    flush()
    return " ".join(o for o in out if o)


def test_actual_text_spans_equal_the_unit_formulation() -> None:
    lines = {"thai": "ผู้ต้องหาได้โอนเงิน จากบัญชี ธนาคาร ที่", "khmer": "ព្រះរាជាណាចក្រ ស្ត្រី ក្រសួង",
             "myanmar": "ပြည်ထောင်စု ကြည့်ရှု", "latin": "office ffi AVAWAY Tế x"}
    pdf_text.register_fonts(list(lines))
    for script, line in lines.items():
        name = FONTS[script].pdf_name(False, False)
        shaped = [pdf_text_hooks._shape_cached(name, 10.5, w) for w in line.split(" ")]
        pieces = [s if changed else w for (_w, s, changed), w in zip(shaped, line.split(" "),
                                                                      strict=True)]
        text = pieces[0]
        for piece in pieces[1:]:
            text = text + " " + piece
        if not isinstance(text, pdf_text_hooks.ShapedStr):
            continue
        got, expected = [], []
        for result, formatter in ((got, pdf_text_hooks._format_with_spans),
                                  (expected, _spans_by_units)):
            canvas = Canvas(io.BytesIO())
            tx = canvas.beginText(0, 0)
            tx.setFont(name, 10.5)
            result.append(formatter(tx, text))
        assert got == expected, script
        assert "ActualText" in got[0] or script == "latin"
