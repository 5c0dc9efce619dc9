"""The one-fragment shaping of the PDF writer (pdf_text_hooks._shape_one) gives what
reportlab's shapeFragWord gives through `_shape_run`: the same width, glyphs, shape data and
extraction text, for words in every script, with kerning, ligatures, marks and glyphs that
have no character of their own."""

from __future__ import annotations

import pytest

from mla_writer.glyphs import FONTS
from mla_writer.render import pdf_text, pdf_text_hooks

WORDS = {
    "latin": ["AVAWAY", "office", "Tế", "Việt", "Nguyễn", "ffi", "To", "Ty.", "(2026)", "x",
              "", " ", "Yo'Pa", "—«»", "naïve", "Đồng", "ﬁne", "Ω≤∞"],
    "thai": ["กรุงเทพมหานคร", "ที่", "ผู้ต้องหา", "ปฏิบัติ", "๒๕๖๙"],
    "lao": ["ສາທາລະນະລັດ", "ປະຊາຊົນ", "ເລກທີ"],
    "khmer": ["ព្រះរាជាណាចក្រកម្ពុជា", "ស្ត្រី", "ក្រសួងយុត្តិធម៌"],
    "myanmar": ["မြန်မာနိုင်ငံ", "ကြည့်ရှု", "ပြည်ထောင်စု"],
    "han": ["中华人民共和国", "司法协助", "，。"],
}


def _data(piece: object) -> list[tuple[object, ...]]:
    data = getattr(piece, "__shapeData__", None) or []
    return [(*d, getattr(d, "actual", None), getattr(d, "length", None)) for d in data]


@pytest.mark.parametrize("script", sorted(WORDS))
def test_one_fragment_shaping_equals_reportlabs(script: str) -> None:
    pdf_text.register_fonts([script])
    spec = FONTS[script]
    for bold in (False, True):
        name = spec.pdf_name(bold, False)
        font = pdf_text_hooks.ttfonts.pdfmetrics.getFont(name)
        for size in (10, 11.5):
            for word in WORDS[script]:
                proto = pdf_text_hooks._FontOnly(name, size)
                width, pieces, changed = pdf_text_hooks._shape_run([(proto, word)], (), {})
                expected = (width, pieces[0][1] if changed and len(pieces) == 1 else None,
                            changed)
                got = pdf_text_hooks._shape_one(font, size, word)
                assert got[0] == expected[0] and got[2] == expected[2], (name, size, word)
                assert type(got[0]) is type(expected[0]), (name, size, word)
                assert str(got[1]) == str(expected[1]), (name, size, word)
                assert _data(got[1]) == _data(expected[1]), (name, size, word)


def test_some_words_change_when_shaped() -> None:
    """The comparison covers both outcomes: kerned or substituted words, and plain ones."""
    pdf_text.register_fonts(["latin", "khmer"])
    latin = pdf_text_hooks.ttfonts.pdfmetrics.getFont(FONTS["latin"].pdf_name(False, False))
    khmer = pdf_text_hooks.ttfonts.pdfmetrics.getFont(FONTS["khmer"].pdf_name(False, False))
    assert pdf_text_hooks._shape_one(latin, 10, "AVAWAY")[2]
    assert not pdf_text_hooks._shape_one(latin, 10, "x")[2]
    assert pdf_text_hooks._shape_one(khmer, 10, "ស្ត្រី")[2]


def test_no_bundled_face_shapes_differently_by_size() -> None:
    """Words are shaped once per face and text, for every size (`_shape_units`): harfbuzz
    reads the size only from a tracking table (trak) or an optical-size axis (fvar)."""
    hb = pdf_text_hooks.ttfonts.uharfbuzz
    paths = {str(spec.path(bold, italic)) for spec in FONTS.values()
             for bold in (False, True) for italic in (False, True)}
    for path in paths:
        face = hb.Face(hb.Blob.from_file_path(path))
        assert not {"trak", "fvar"} & set(face.table_tags), path
