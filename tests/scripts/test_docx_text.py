"""DOCX runs: each script piece gets all four rFonts slots, its language tags and cs flags."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from docx.oxml.ns import qn
from scripts_support import LANG_SCRIPT, corpus

from mla_writer.render.document import Run
from mla_writer.render.docx_text import add_runs, set_style_fonts

EXPECTED = {  # lang: (cs font, bidi tag or None, complex script?)
    "km": ("Noto Sans Khmer", "km-KH", True),
    "th": ("Noto Sans Thai", "th-TH", True),
    "lo": ("Noto Sans Lao", "lo-LA", True),
    "my": ("Noto Sans Myanmar", "my-MM", True),
    "zh": ("Noto Sans", None, False),
    "vi": ("Noto Sans", None, False),
    "en": ("Noto Sans", None, False),
}


def _props(r) -> dict[str, str | bool | None]:
    rpr = r.find(qn("w:rPr"))
    fonts = rpr.find(qn("w:rFonts"))
    lang = rpr.find(qn("w:lang"))
    return {
        "text": "".join(t.text for t in r.iter(qn("w:t"))),
        "ascii": fonts.get(qn("w:ascii")), "hAnsi": fonts.get(qn("w:hAnsi")),
        "eastAsia": fonts.get(qn("w:eastAsia")), "cs": fonts.get(qn("w:cs")),
        "hint": fonts.get(qn("w:hint")),
        "lang": lang.get(qn("w:val")), "lang_ea": lang.get(qn("w:eastAsia")),
        "bidi": lang.get(qn("w:bidi")),
        "cs_flag": rpr.find(qn("w:cs")) is not None,
        "b": rpr.find(qn("w:b")) is not None, "bCs": rpr.find(qn("w:bCs")) is not None,
        "szCs": (rpr.find(qn("w:szCs")).get(qn("w:val"))
                 if rpr.find(qn("w:szCs")) is not None else None),
    }


def _paragraph():
    d = docx.Document()
    return d, d.add_paragraph()


@pytest.mark.parametrize("lang", list(EXPECTED))
def test_run_properties_per_script(lang: str) -> None:
    _d, p = _paragraph()
    add_runs(p, [Run(corpus(lang)[0], lang, bold=True)], size_pt=11)
    cs_font, bidi, complex_script = EXPECTED[lang]
    runs = [_props(r) for r in p._p.iter(qn("w:r"))]
    # pieces in the language's own script (Latin pieces, e.g. digits, are checked elsewhere)
    main = runs if LANG_SCRIPT[lang] == "latin" else [r for r in runs if r["hint"]]
    assert main
    for r in main:
        assert r["ascii"] == r["hAnsi"] == "Noto Sans"
        assert r["eastAsia"] == "WenQuanYi Micro Hei"
        assert r["cs"] == cs_font
        assert r["cs_flag"] is complex_script
        assert r["b"] and r["bCs"] and r["szCs"] == "22"
        assert r["lang_ea"] == "zh-CN"
        if bidi:
            assert r["bidi"] == bidi
    if lang == "zh":
        assert all(r["hint"] == "eastAsia" for r in main)
    if lang == "vi":
        assert all(r["lang"] == "vi-VN" for r in runs)
    assert "".join(r["text"] for r in runs) == corpus(lang)[0]


def test_english_names_in_khmer_paragraph_get_their_own_runs() -> None:
    _d, p = _paragraph()
    add_runs(p, [Run("លោក ", "km"), Run("John SMITH", "en", bold=True),
                 Run(" ជាជនសង្ស័យ (ref. 12/2026)", "km")])
    runs = [_props(r) for r in p._p.iter(qn("w:r"))]
    assert [r["text"] for r in runs] == ["លោក ", "John SMITH", " ជាជនសង្ស័យ (", "ref. 12/2026)"]
    khmer = [runs[0], runs[2]]
    latin = [runs[1], runs[3]]
    assert all(r["cs_flag"] and r["cs"] == "Noto Sans Khmer" and r["bidi"] == "km-KH"
               for r in khmer)
    assert all(not r["cs_flag"] and r["hint"] is None and r["lang"] == "en-GB" for r in latin)
    assert runs[1]["b"] and not runs[0]["b"]


def test_line_feeds_become_breaks_and_markup_stays_text() -> None:
    d, p = _paragraph()
    text = "<w:t>&amp; </w:p> ស្ត្រី\nsecond"
    add_runs(p, [Run(text, "km", underline=True)])
    assert p._p.findall(".//" + qn("w:br"))
    assert p.text == text
    buf = io.BytesIO()
    d.save(buf)
    xml = zipfile.ZipFile(buf).read("word/document.xml").decode()
    assert "&lt;w:t&gt;&amp;amp; &lt;/w:p&gt;" in xml
    assert docx.Document(io.BytesIO(buf.getvalue())).paragraphs[-1].text == text


def test_rpr_children_follow_the_schema_order() -> None:
    _d, p = _paragraph()
    add_runs(p, [Run("ស្ត្រី", "km", bold=True, italic=True, underline=True)], size_pt=10.5)
    rpr = p._p.find(".//" + qn("w:rPr"))
    order = [child.tag.split("}")[1] for child in rpr]
    assert order == ["rFonts", "b", "bCs", "i", "iCs", "sz", "szCs", "u", "cs", "lang"]


def test_style_helper_sets_slots_without_forcing_complex_script() -> None:
    d = docx.Document()
    normal = d.styles["Normal"]
    set_style_fonts(normal, "km", 10.5, bold=True)
    rpr = normal.element.rPr
    fonts = rpr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:cs")) == "Noto Sans Khmer"
    assert fonts.get(qn("w:ascii")) == "Noto Sans"
    assert fonts.get(qn("w:eastAsia")) == "WenQuanYi Micro Hei"
    assert not any(k.endswith("Theme") for k in fonts.attrib)
    assert rpr.find(qn("w:lang")).get(qn("w:bidi")) == "km-KH"
    assert rpr.find(qn("w:szCs")).get(qn("w:val")) == "21"
    assert rpr.find(qn("w:bCs")) is not None
    assert rpr.find(qn("w:cs")) is None
    set_style_fonts(d.styles["Heading 1"], "zh")
    h1 = d.styles["Heading 1"].element.rPr
    assert h1.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "WenQuanYi Micro Hei"
    assert not any(k.endswith("Theme") for k in h1.find(qn("w:rFonts")).attrib)


@pytest.mark.parametrize(("text", "lang", "tag"), [
    ("Nguyễn Thị Lan Phương", "en", "vi-VN"),
    ("ĐOÀN Minh Quang", "th", "vi-VN"),
    ("Hà Nội", "en", "vi-VN"),
    ("Nguye\u0302\u0303n", "en", "vi-VN"),  # decomposed: the combining marks count too
    ("John Smith, Café", "en", "en-GB"),  # é alone is not Vietnamese
    ("Lê Hoàng Nam", "vi", "vi-VN"),
])
def test_latin_runs_with_vietnamese_letters_are_tagged_vietnamese(text, lang, tag) -> None:
    _d, p = _paragraph()
    add_runs(p, [Run(text, lang)])
    latin = [r for r in (_props(r) for r in p._p.iter(qn("w:r"))) if not r["hint"]]
    assert latin and all(r["lang"] == tag for r in latin)


def _docx_parts(lang: str) -> dict[str, str]:
    import datetime as dt

    from mla_writer.render.document import Document, Paragraph
    from mla_writer.render.docx_writer import render_docx

    doc = Document(title="t", lang=lang, blocks=[Paragraph([Run("x", lang)])], reference="R/1",
                   marking="DRAFT", created=dt.datetime(2026, 3, 2, tzinfo=dt.UTC),
                   page_label="Page %(page)s of %(pages)s")
    z = zipfile.ZipFile(io.BytesIO(render_docx(doc)))
    return {n: z.read(n).decode() for n in z.namelist() if n.endswith(".xml")}


@pytest.mark.parametrize("lang", ["en", "th", "zh"])
def test_page_number_fields_have_fonts_size_and_language(lang: str) -> None:
    from lxml import etree

    footer = next(v for k, v in _docx_parts(lang).items() if "footer" in k)
    fields = etree.fromstring(footer.encode()).findall(".//" + qn("w:fldSimple"))
    assert [f.get(qn("w:instr")) for f in fields] == ["PAGE", "NUMPAGES"]
    for f in fields:
        rpr = f.find(qn("w:r")).find(qn("w:rPr"))
        assert rpr is not None
        assert rpr.find(qn("w:rFonts")).get(qn("w:ascii")) == "Noto Sans"
        assert rpr.find(qn("w:sz")).get(qn("w:val")) == "16"
        assert rpr.find(qn("w:lang")).get(qn("w:eastAsia")) == "zh-CN"


@pytest.mark.parametrize("lang", ["en", "km", "zh"])
def test_document_defaults_use_our_fonts_and_chinese_east_asian_tag(lang: str) -> None:
    from lxml import etree

    parts = _docx_parts(lang)
    styles = etree.fromstring(parts["word/styles.xml"].encode())
    rpr = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    fonts = rpr.find(qn("w:rFonts"))
    assert not any(k.endswith("Theme") for k in fonts.attrib)
    assert fonts.get(qn("w:ascii")) == "Noto Sans"
    assert fonts.get(qn("w:eastAsia")) == "WenQuanYi Micro Hei"
    assert rpr.find(qn("w:lang")).get(qn("w:eastAsia")) == "zh-CN"
    settings = etree.fromstring(parts["word/settings.xml"].encode())
    theme_lang = settings.find(qn("w:themeFontLang"))
    assert theme_lang.get(qn("w:eastAsia")) == "zh-CN"
    assert "ja-JP" not in parts["word/settings.xml"] + parts["word/styles.xml"]
