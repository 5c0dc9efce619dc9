"""The embedded-signature field the renderer writes (render_pdf(doc, signature=...)): the
objects a PDF reader needs, user text kept as data, and no change without a field."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from pathlib import Path

import pytest

from mla_writer import storage
from mla_writer.domain.clock import fixed_clock
from mla_writer.render.build import build_document
from mla_writer.render.document import Document, Paragraph, Run, SignatureBlock
from mla_writer.render.pdf_signature import SignatureField, pdf_date  # re-exported
from mla_writer.render.pdf_writer import render_pdf, write_pdf

ROOT = Path(__file__).resolve().parents[2]
CLOCK = fixed_clock(dt.datetime(2026, 11, 20, 8, 0, tzinfo=dt.UTC))
WHEN = dt.datetime(2026, 11, 20, 15, 4, 5, tzinfo=dt.timezone(dt.timedelta(hours=7)))
FIELD = SignatureField("CentralAuthoritySignature",
                       ("Digitally signed by Nguyễn Văn An", "Director-General",
                        "Bộ Tư pháp (fictional)", "Date: 2026-11-20 08:04 UTC"),
                       "Nguyễn Văn An", "Approval of the request", "Hà Nội", WHEN, 3000)


@pytest.fixture(scope="module")
def doc() -> Document:
    case = storage.load(ROOT / "examples" / "mla-bank-records.json")
    return build_document(case, lang="en", clock=CLOCK)


def _reader(data: bytes):
    from pyhanko.pdf_utils.reader import PdfFileReader

    return PdfFileReader(io.BytesIO(data), strict=True)


def _pages(reader) -> list:
    return [reader.find_page_for_modification(i)[0]
            for i in range(int(reader.root["/Pages"]["/Count"]))]


def test_without_a_field_the_output_is_unchanged(doc: Document, tmp_path: Path) -> None:
    plain = render_pdf(doc)
    assert render_pdf(doc, None) == plain
    write_pdf(doc, tmp_path / "a.pdf")
    assert (tmp_path / "a.pdf").read_bytes() == plain
    assert b"/AcroForm" not in plain and b"/Sig" not in plain


def test_the_pages_are_drawn_the_same_with_a_field(doc: Document) -> None:
    """The field is added beside the document: every page's content is unchanged."""
    plain, signed = _reader(render_pdf(doc)), _reader(render_pdf(doc, FIELD))
    before, after = _pages(plain), _pages(signed)
    assert len(before) == len(after) > 1
    for p, q in zip(before, after, strict=True):
        assert p.get_object()["/Contents"].data == q.get_object()["/Contents"].data


def test_the_field_is_in_the_one_revision(doc: Document) -> None:
    data = render_pdf(doc, FIELD)
    assert data.count(b"%%EOF") == 1 and data.count(b"startxref") == 1
    reader = _reader(data)
    form = reader.root["/AcroForm"]
    assert int(form["/SigFlags"]) == 3
    fields = form.raw_get("/Fields")
    assert len(fields) == 1
    widget = fields[0].get_object()
    assert widget["/Type"] == "/Annot" and widget["/Subtype"] == "/Widget"
    assert widget["/FT"] == "/Sig" and widget["/T"] == "CentralAuthoritySignature"
    assert int(widget["/F"]) == 132
    pages = _pages(reader)
    last = pages[-1]
    assert widget.raw_get("/P").idnum == last.idnum
    raw = last.get_object().raw_get("/Annots")
    annots = [raw.raw_get(i).idnum for i in range(len(raw))]
    assert fields.raw_get(0).idnum in annots
    assert all("/Annots" not in p.get_object() or not p.get_object()["/Annots"]
               for p in pages[:-1])
    x1, y1, x2, y2 = (float(v) for v in widget["/Rect"])
    assert x2 - x1 == 250 and 30 <= y2 - y1 <= 46
    appearance = widget["/AP"]["/N"]
    assert [float(v) for v in appearance["/BBox"]] == [0, 0, x2 - x1, y2 - y1]
    assert b".2 .3 .5 RG\n1 w\nn 0 0 250" in appearance.data  # the border
    sig = widget["/V"]
    assert sig["/Type"] == "/Sig" and sig["/Filter"] == "/Adobe.PPKLite"
    assert sig["/SubFilter"] == "/ETSI.CAdES.detached"
    assert sig["/M"] == "D:20261120080405Z"
    assert sig["/Name"] == "Nguyễn Văn An" and sig["/Location"] == "Hà Nội"
    assert sig["/Reason"] == "Approval of the request"
    assert bytes(sig["/Contents"]) == bytes(3000)
    start = data.index(b"/Contents <") + 10
    end = data.index(b">", start) + 1
    assert [int(v) for v in sig["/ByteRange"]] == [0, start, end, len(data) - end]


def test_non_latin_text_is_utf16_and_empty_entries_are_left_out(doc: Document) -> None:
    field = dataclasses.replace(FIELD, reason="", location="")
    data = render_pdf(doc, field)
    assert b"/Reason" not in data and b"/Location" not in data
    assert b"/Name (\\376\\377" in data  # UTF-16BE with its byte-order mark, escaped
    assert pdf_date(WHEN) == "D:20261120080405Z"
    with pytest.raises(ValueError):
        pdf_date(dt.datetime(2026, 1, 1))


def test_user_text_is_data(doc: Document) -> None:
    evil = "x) /ByteRange [0 1 2 3] /Contents <00> \\ (y"
    field = dataclasses.replace(FIELD, name=evil, reason=evil, location=evil,
                                lines=(evil, evil))
    data = render_pdf(dataclasses.replace(doc, title=evil, author=evil), field)
    sig = _reader(data).root["/AcroForm"]["/Fields"][0].get_object()["/V"]
    assert sig["/Name"] == evil and sig["/Reason"] == evil and sig["/Location"] == evil
    assert len(sig["/ByteRange"]) == 4


def _document(blocks: list) -> Document:
    return Document(title="t", lang="en", blocks=blocks, created=CLOCK.now())


def test_no_signature_line_puts_the_block_at_the_foot_of_the_last_page() -> None:
    data = render_pdf(_document([Paragraph([Run("Only text.", "en")])]), FIELD)
    widget = _reader(data).root["/AcroForm"]["/Fields"][0].get_object()
    assert [int(v) for v in widget["/Rect"]] == [289, 60, 539, 106]


def test_a_signature_line_on_an_earlier_page_counts_as_none() -> None:
    """As the PDF-reading rule had it: only a signature line on the last page places the
    block beside it."""
    from mla_writer.render.document import PageBreak

    blocks = [SignatureBlock([[Run("Yours,", "en")], [Run("__________", "en")]]), PageBreak(),
              Paragraph([Run("Annex.", "en")])]
    data = render_pdf(_document(blocks), FIELD)
    reader = _reader(data)
    widget = reader.root["/AcroForm"]["/Fields"][0].get_object()
    assert [int(v) for v in widget["/Rect"]] == [289, 60, 539, 106]
    assert widget.raw_get("/P").idnum == _pages(reader)[-1].idnum
