"""Script splitting remembers each text's pieces (the DOCX and the PDF of a document split the
same runs): a remembered answer is the one splitting gives, and a caller changing its list
does not change the next answer."""

from __future__ import annotations

from mla_writer.render import scripts

TEXTS = ["กรุงเทพฯ 12/03/2026 (Bangkok)", "ក្រសួង 2026", "Nguyễn — 中华 ၁၂", "«»", " 12 "]


def test_a_remembered_split_is_the_split_and_stays_so() -> None:
    for text in TEXTS:
        for lang in ("th", "km", "en", "zh"):
            scripts._SPLIT.pop((text, lang), None)
            fresh = scripts.split_by_script(text, lang)
            assert "".join(seg for _s, seg in fresh) == text
            assert fresh == list(scripts._split(text, lang))
            fresh.append(("latin", "changed by a caller"))
            assert (text, lang) in scripts._SPLIT
            assert scripts.split_by_script(text, lang) == fresh[:-1]
