"""Letters read as official correspondence: the addressee's postal address where the profile
records one, and a place for the seal and signature that never splits across pages."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import zipfile
from pathlib import Path

import pytest

from mla_writer.domain.clock import fixed_clock
from mla_writer.render import build_document
from mla_writer.render.document import SEAL_SPACE_MM
from mla_writer.render.docx_writer import render_docx
from mla_writer.render.pdf_writer import render_pdf
from mla_writer.storage import load

from .helpers import ROOT_EXAMPLES, pdf_page_count, squash

CLOCK = fixed_clock(dt.datetime.fromisoformat("2026-10-05T09:00+07:00"))
ADDRESS = {"en": "Rajaburi Direkrit Building, Government Complex, Chaeng Watthana Road",
           "th": "อาคารราชบุรีดิเรกฤทธิ์\nศูนย์ราชการเฉลิมพระเกียรติฯ ถนนแจ้งวัฒนะ"}
LINE = "_" * 30
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _case():
    return load(ROOT_EXAMPLES / "mla-bank-records.json")  # to Thailand


def _write(tmp_path: Path, lang: str, template: str | None = None) -> tuple[Path, Path]:
    doc = build_document(_case(), template=template, lang=lang, clock=CLOCK, draft=True)
    docx_path, pdf_path = tmp_path / f"{lang}.docx", tmp_path / f"{lang}.pdf"
    docx_path.write_bytes(render_docx(doc))
    pdf_path.write_bytes(render_pdf(doc))
    return docx_path, pdf_path


def _pdf_page(path: Path, page: int) -> str:
    out = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", "-f", str(page), "-l",
                          str(page), str(path), "-"], check=True, capture_output=True)
    return out.stdout.decode("utf-8")


@pytest.mark.parametrize("template", [None, "transmittal"])
@pytest.mark.parametrize("lang", ["en", "th", "km", "vi"])
def test_the_letter_carries_the_addressee_postal_address(tmp_path, lang, template) -> None:
    doc = build_document(_case(), template=template, lang=lang, clock=CLOCK, draft=True)
    expected = ADDRESS.get(lang, ADDRESS["en"])
    text = doc.plain_text()
    to = text.index(expected)
    assert text.index("Bangkok" if lang != "th" else "กรุงเทพมหานคร") > to
    docx_path, pdf_path = _write(tmp_path, lang, template)
    xml = zipfile.ZipFile(docx_path).read("word/document.xml").decode("utf-8")
    assert squash(expected) in squash(re.sub(r"<[^>]+>", "", xml))
    if lang in ("en", "vi"):  # Latin script: pdftotext gives the words back as printed
        assert squash(expected) in squash(_pdf_page(pdf_path, 1))


def test_no_address_where_the_profile_has_none(tmp_path) -> None:
    case = _case()
    case.request.requested_state = "KH"  # the profile records no address for Cambodia
    doc = build_document(case, lang="en", clock=CLOCK, draft=True)
    assert "Chaeng Watthana" not in doc.plain_text()


def _signature_table(docx_path: Path):
    from lxml import etree

    root = etree.fromstring(zipfile.ZipFile(docx_path).read("word/document.xml"))
    for tbl in root.iter(W + "tbl"):
        texts = ["".join(t.text or "" for t in p.iter(W + "t")) for p in tbl.iter(W + "p")]
        if LINE in texts:
            return tbl, texts
    raise AssertionError("no table holds the signature line")


@pytest.mark.parametrize("lang", ["en", "th", "my"])
def test_the_docx_signature_block_cannot_split(tmp_path, lang) -> None:
    docx_path, _pdf = _write(tmp_path, lang)
    tbl, texts = _signature_table(docx_path)
    rows = tbl.findall(W + "tr")
    assert len(rows) == 1
    split = rows[0].find(f"{W}trPr/{W}cantSplit")
    assert split is not None and split.get(W + "val") in (None, "true", "1")
    borders = tbl.find(f"{W}tblPr/{W}tblBorders")
    assert borders is not None and {b.get(W + "val") for b in borders} == {"nil"}
    paragraphs = list(tbl.iter(W + "p"))
    assert all(p.find(f"{W}pPr/{W}keepNext") is not None for p in paragraphs[:-1])
    line = paragraphs[texts.index(LINE)]
    before = int(line.find(f"{W}pPr/{W}spacing").get(W + "before"))
    assert abs(before - SEAL_SPACE_MM / 25.4 * 1440) < 2  # room for the seal and signature
    assert "Phạm Đức Thịnh" in texts  # the signatory, in the same unsplittable row


@pytest.mark.parametrize("lang", ["en", "th", "my", "vi"])
def test_the_pdf_signature_block_stays_on_one_page(tmp_path, lang) -> None:
    _docx, pdf_path = _write(tmp_path, lang)
    pages = [_pdf_page(pdf_path, n) for n in range(1, pdf_page_count(pdf_path) + 1)]
    with_line = [n for n, text in enumerate(pages) if LINE in text]
    assert len(with_line) == 1
    page = pages[with_line[0]]
    assert "Thịnh" in page  # the signatory's name below the line
    assert "2026" in page.split(LINE)[0]  # the place and date above it, same page


def test_the_pdf_leaves_the_seal_space_above_the_line(tmp_path) -> None:
    _docx, pdf_path = _write(tmp_path, "en")
    n = pdf_page_count(pdf_path)
    out = subprocess.run(["pdftotext", "-bbox", "-f", str(n), "-l", str(n), str(pdf_path),
                          "-"], check=True, capture_output=True, text=True).stdout
    words = [(float(m.group(1)), float(m.group(2)), m.group(3)) for m in re.finditer(
        r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', out)]
    line_top = next(top for top, _bottom, text in words if text.startswith("____"))
    above = max(bottom for _top, bottom, _text in words if bottom <= line_top)
    assert line_top - above >= SEAL_SPACE_MM * 72 / 25.4 - 2  # points
