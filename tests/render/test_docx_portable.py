"""DOCX that renders anywhere: the script fonts travel inside the file (Word's obfuscated
embedded-font parts), the markings are watermarks as in the PDF, and the properties name
mla-writer. LibreOffice on a profile without any Noto or CJK font shows every script."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from mla_writer.domain.clock import fixed_clock
from mla_writer.render import build_document
from mla_writer.render.docx_fonts import faces_for, font_key, obfuscate
from mla_writer.render.docx_writer import render_docx
from mla_writer.render.scripts import FONTS, HAN, KHMER, LAO, LATIN, MYANMAR, THAI, char_script
from mla_writer.storage import load

ROOT = Path(__file__).resolve().parents[2]
CLOCK = fixed_clock(dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC))
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
LANG_FONT = {"th": THAI, "lo": LAO, "km": KHMER, "my": MYANMAR, "zh": HAN}
LANGS = ("en", "km", "lo", "my", "th", "vi", "zh")


def _case():
    return load(ROOT / "examples" / "mla-bank-records.json")


def _docx(lang: str, draft: bool = True) -> bytes:
    return render_docx(build_document(_case(), lang=lang, clock=CLOCK, draft=draft))


def _embedded(data: bytes) -> dict[str, list[tuple[str, bytes]]]:
    """family -> [(embed element name, de-obfuscated font bytes)] from the font table."""
    z = zipfile.ZipFile(io.BytesIO(data))
    table = etree.fromstring(z.read("word/fontTable.xml"))
    rels = etree.fromstring(z.read("word/_rels/fontTable.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels}
    out: dict[str, list[tuple[str, bytes]]] = {}
    for font in table.iter(f"{W}font"):
        for embed in font:
            if embed.tag.startswith(f"{W}embed"):
                raw = z.read("word/" + targets[embed.get(f"{R}id")])
                out.setdefault(font.get(f"{W}name"), []).append(
                    (embed.tag[len(W):], obfuscate(raw, embed.get(f"{W}fontKey"))))
    return out


def test_obfuscation_is_its_own_inverse_and_touches_only_32_bytes() -> None:
    font = FONTS[LAO].path().read_bytes()
    key = font_key(font)
    hidden = obfuscate(font, key)
    assert hidden[:32] != font[:32] and hidden[32:] == font[32:]
    assert obfuscate(hidden, key) == font
    assert key == font_key(font) and key.startswith("{") and len(key) == 38


@pytest.mark.parametrize("lang", ["th", "lo", "km", "my"])
def test_the_script_font_is_embedded_whole(lang: str) -> None:
    spec = FONTS[LANG_FONT[lang]]
    faces = dict(_embedded(_docx(lang))[spec.family])
    assert faces["embedRegular"] == spec.path().read_bytes()
    assert faces["embedBold"] == spec.path(bold=True).read_bytes()


def test_chinese_gets_a_subset_that_has_every_character() -> None:
    from fontTools.ttLib import TTFont

    data = _docx("zh")
    (slot, font), = _embedded(data)[FONTS[HAN].family]
    assert slot == "embedRegular"
    assert len(font) < FONTS[HAN].path().stat().st_size / 10
    cmap = TTFont(io.BytesIO(font)).getBestCmap()
    doc = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    han = {c for c in doc if char_script(c) == HAN}
    assert han and all(ord(c) in cmap for c in han)


def test_the_chinese_subset_is_the_same_bytes_every_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reproducible documents: fontTools would stamp the subset's head.modified with the time
    of saving; the source font's date is kept instead."""
    import time

    from mla_writer.render import docx_fonts

    text = ["中华人民共和国司法部"]
    first = faces_for(text)
    docx_fonts._han_subset.cache_clear()
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + 86400 * 400)  # a year later
    assert faces_for(text) == first


def test_only_the_scripts_a_document_uses_are_embedded() -> None:
    assert faces_for(["Hello, Việt Nam 2026 — “quoted”"]) == []
    lao = faces_for(["ສະບາຍດີ", "Vientiane"])
    assert [(f.family, f.slot) for f in lao] == [(FONTS[LAO].family, "embedRegular"),
                                                 (FONTS[LAO].family, "embedBold")]
    both = faces_for(["ສະບາຍດີ 北京"])
    assert [f.family for f in both] == [FONTS[LAO].family] * 2 + [FONTS[HAN].family]


def test_word_keeps_the_fonts_and_the_properties_name_mla_writer() -> None:
    z = zipfile.ZipFile(io.BytesIO(_docx("th", draft=False)))
    settings = etree.fromstring(z.read("word/settings.xml"))
    assert settings.find(f"{W}embedTrueTypeFonts") is not None
    assert settings.find(f"{W}saveSubsetFonts") is not None
    app = z.read("docProps/app.xml").decode()
    assert "<Application>mla-writer</Application>" in app and "Microsoft" not in app
    assert "mla-writer" in z.read("docProps/core.xml").decode()
    assert not any("thumbnail" in n for n in z.namelist())
    types = z.read("[Content_Types].xml").decode()
    assert "application/vnd.openxmlformats-officedocument.obfuscatedFont" in types


def _watermarks(data: bytes) -> list[str]:
    z = zipfile.ZipFile(io.BytesIO(data))
    out = []
    for name in z.namelist():
        if name.startswith("word/header"):
            root = etree.fromstring(z.read(name))
            out += [t.get("string") for t in root.iter("{urn:schemas-microsoft-com:vml}textpath")
                    if t.get("string")]
    return out


@pytest.mark.parametrize("lang", LANGS)
def test_the_marking_is_a_watermark_as_in_the_pdf(lang: str) -> None:
    case = _case()
    case.translations.clear()  # DRAFT / UNTRANSLATED TEXT, except in English
    case.training = True
    doc = build_document(case, lang=lang, clock=CLOCK, draft=True)
    assert _watermarks(render_docx(doc)) == [" ".join(doc.marking.split())]
    assert "TRAINING" in doc.marking or lang != "en"


def test_a_final_document_has_no_watermark() -> None:
    assert _watermarks(_docx("en", draft=False)) == []


def test_the_watermark_text_is_data_not_markup() -> None:
    case = _case()
    case.request.case_reference = 'X"/><w:b/>&'
    doc = build_document(case, lang="en", clock=CLOCK, draft=True)
    etree.fromstring(zipfile.ZipFile(io.BytesIO(render_docx(doc))).read("word/header1.xml"))


# --- LibreOffice on a machine without the bundled fonts --------------------------------------

FONTS_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <dir>/usr/share/fonts</dir>
  <cachedir>{cache}</cachedir>
  <selectfont><rejectfont>
    <glob>*Noto*</glob><glob>*noto*</glob><glob>*wqy*</glob><glob>*WenQuanYi*</glob>
    <glob>*CJK*</glob><glob>*Droid*</glob><glob>*thai*</glob><glob>*tlwg*</glob>
    <glob>*khmer*</glob><glob>*lao*</glob><glob>*myanmar*</glob><glob>*padauk*</glob>
  </rejectfont></selectfont>
</fontconfig>
"""


def _soffice_pdfs(tmp: Path, docs: dict[str, bytes]) -> dict[str, Path]:
    """Convert DOCX files to PDF with LibreOffice, seeing no Noto, CJK or script font; one
    LibreOffice process per file (fonts embedded in one file stay loaded in its process)."""
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: scripts/install-system-deps.sh")
    (tmp / "fonts.conf").write_text(FONTS_CONF.format(cache=tmp / "fc-cache"), "utf-8")
    env = {**os.environ, "FONTCONFIG_FILE": str(tmp / "fonts.conf"), "HOME": str(tmp)}
    listed = subprocess.run(["fc-list"], env=env, capture_output=True, text=True).stdout
    assert "Noto" not in listed and "WenQuanYi" not in listed  # the profile has none
    out = {}
    for name, data in docs.items():
        (tmp / f"{name}.docx").write_bytes(data)
        subprocess.run([soffice, f"-env:UserInstallation=file://{tmp}/profile-{name}",
                        "--headless", "--convert-to", "pdf", "--outdir", str(tmp / "pdf"),
                        str(tmp / f"{name}.docx")],
                       env=env, capture_output=True, timeout=300, check=True)
        out[name] = tmp / "pdf" / f"{name}.pdf"
    return out


def _pdf_fonts(pdf: Path) -> str:
    return subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                          check=True).stdout


def _script_text_returned(source: str, extracted: str) -> dict[str, float]:
    """Per script: share of the source's characters that the extracted text has (as a
    multiset: LibreOffice's reading order of table cells may differ)."""
    src = Counter(c for c in source if not c.isspace() and c != "\u200b")
    got = Counter(extracted)
    per: dict[str, list[int]] = {}
    for c, n in src.items():
        found = per.setdefault(char_script(c), [0, 0])
        found[0] += min(n, got[c])
        found[1] += n
    return {s: a / b for s, (a, b) in per.items()}


@pytest.mark.slow
def test_libreoffice_without_the_fonts_shows_every_script(tmp_path: Path) -> None:
    docs = {lang: _docx(lang) for lang in LANGS}
    stripped = _without_embedded_fonts(docs["th"])
    pdfs = _soffice_pdfs(tmp_path, {**docs, "th-bare": stripped})
    for lang in LANGS:
        fonts = _pdf_fonts(pdfs[lang])
        script = LANG_FONT.get(lang)
        if script:
            assert FONTS[script].family.replace(" ", "") in fonts, (lang, fonts)
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdfs[lang]), "-"],
                              capture_output=True, check=True).stdout.decode()
        doc = zipfile.ZipFile(io.BytesIO(docs[lang])).read("word/document.xml")
        source = "".join(t.text or "" for t in etree.fromstring(doc).iter(f"{W}t"))
        scores = _script_text_returned(source, text)
        assert all(v == 1.0 for s, v in scores.items() if s != LATIN), (lang, scores)
        pages = subprocess.run(["pdfinfo", str(pdfs[lang])], capture_output=True, text=True,
                               check=True).stdout
        assert "Pages:" in pages
    # the check has teeth: without the embedded faces, LibreOffice has no Thai font to use
    assert FONTS[THAI].family.replace(" ", "") not in _pdf_fonts(pdfs["th-bare"])


def _without_embedded_fonts(data: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            blob = src.read(info.filename)
            if info.filename.startswith("word/fonts/"):
                continue
            if info.filename == "word/fontTable.xml":
                root = etree.fromstring(blob)
                for embed in [e for e in root.iter() if e.tag.startswith(f"{W}embed")]:
                    embed.getparent().remove(embed)
                blob = etree.tostring(root)
            if info.filename == "word/_rels/fontTable.xml.rels":
                continue
            out.writestr(info, blob)
    return buf.getvalue()
