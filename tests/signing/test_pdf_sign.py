"""The visible signature block: where it goes and that every line (any script) is drawn;
a document rendered with its field and signed (`pdf_sign.sign_document`) validates."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path

import pytest

from mla_writer.signing import create_identity, pdf_sign
from mla_writer.signing.pdf_sign import FIELD_NAME, sign_document, stamp_lines

from .conftest import CLOCK, PASSPHRASE, approved_case

WHEN = dt.datetime(2026, 11, 20, 8, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def request_doc():
    from mla_writer.render import build_document

    return build_document(approved_case(), lang="en", clock=CLOCK)


@pytest.fixture(scope="module")
def request_pdf(tmp_path_factory: pytest.TempPathFactory, request_doc) -> Path:
    """The request as `mla-writer build` writes it (no signature field)."""
    from mla_writer.render import write_pdf

    out = tmp_path_factory.mktemp("doc") / "request.pdf"
    write_pdf(request_doc, out)
    return out


def _signed(doc, identity, path: Path) -> Path:
    path.write_bytes(sign_document(doc, identity, WHEN))
    return path


def _field(data: bytes) -> tuple[int, list[float]]:
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(data))
    sig = reader.embedded_signatures[0]
    assert sig.field_name == FIELD_NAME
    widget = sig.sig_field
    rect = [float(v) for v in widget["/Rect"]]
    pages = [reader.find_page_for_modification(i)[0].idnum
             for i in range(int(reader.root["/Pages"]["/Count"]))]
    return pages.index(widget.raw_get("/P").idnum), rect


def _runs(data: bytes):
    from mla_writer.signing.pdf_layout import text_runs

    return text_runs(pdf_sign._last_page(data)[1])


def _overlaps(rect: list[float], data: bytes) -> list[str]:
    """Text of the page's upright runs that the signature block's rectangle touches."""
    x1, y1, x2, y2 = rect
    return [r.text for r in _runs(data) if r.upright and r.text.strip()
            and r.x0 < x2 and r.x1 > x1 and r.bottom < y2 and r.top > y1]


def test_block_sits_beside_the_signature_line_on_the_last_page(request_pdf: Path, request_doc,
                                                                tmp_path: Path,
                                                                identity) -> None:
    signed = _signed(request_doc, identity, tmp_path / "s.pdf")
    page, rect = _field(signed.read_bytes())
    pages, _w, _height = pdf_sign._page_count_and_size(request_pdf.read_bytes())
    assert page == pages - 1
    line = pdf_sign.signature_line(request_pdf.read_bytes())
    assert line is not None
    _x_start, x_end, baseline = line
    assert rect[0] > x_end and rect[1] < baseline < rect[3]
    assert rect[2] - rect[0] >= 200 and rect[3] - rect[1] >= 30
    assert _overlaps(rect, request_pdf.read_bytes()) == []


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler not installed")
def test_our_reading_of_the_signature_line_matches_pdftotext(request_pdf: Path) -> None:
    import re

    pages = pdf_sign._page_count_and_size(request_pdf.read_bytes())[0]
    out = subprocess.run(["pdftotext", "-bbox", "-f", str(pages), "-l", str(pages),
                          str(request_pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    m = re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">_{5,}'
                   r"</word>", out)[-1]
    x_start, x_end, _baseline = pdf_sign.signature_line(request_pdf.read_bytes())
    assert (x_start, x_end) == pytest.approx((float(m[0]), float(m[1])), abs=0.01)


def test_placement_does_not_depend_on_poppler(request_doc, tmp_path: Path, identity,
                                              monkeypatch) -> None:
    """The same package must look the same on every machine: no external program decides."""
    first = _field(_signed(request_doc, identity, tmp_path / "a.pdf").read_bytes())
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))  # no pdftotext, no anything
    second = _field(_signed(request_doc, identity, tmp_path / "b.pdf").read_bytes())
    assert first == second


LONG_NAMES = {
    "latin": "Associate Professor Dr. Wichai Saengthong na Ayutthaya-Rattanakosin",
    "khmer": "ឯកឧត្តម បណ្ឌិត សុខ ដារ៉ា ព្រះរាជអាជ្ញារងអមសាលាឧទ្ធរណ៍ភ្នំពេញ",
    "chinese": "最高人民检察院国际合作局副局长兼刑事司法协助处处长王小明",
}


@pytest.mark.parametrize("script", sorted(LONG_NAMES))
def test_a_long_printed_name_never_runs_under_the_block(script: str, tmp_path: Path,
                                                        identity) -> None:
    from mla_writer.render import build_document
    from mla_writer.render.pdf_writer import render_pdf

    case = approved_case()
    case.request.signatory.name = LONG_NAMES[script]
    case.request.signatory.function = ("Deputy Director-General, Department of International"
                                       " Cooperation and Mutual Legal Assistance")
    doc = build_document(case, lang="en", clock=CLOCK)
    data = render_pdf(doc)
    _page, rect = _field(_signed(doc, identity, tmp_path / "s.pdf").read_bytes())
    _x_start, x_end, baseline = pdf_sign.signature_line(data)
    assert rect[0] > x_end and rect[1] <= baseline <= rect[3]
    assert _overlaps(rect, data) == []
    assert rect[3] - rect[1] >= 30


def test_without_a_signature_line_the_block_goes_to_the_foot_of_the_last_page(
        tmp_path: Path, identity) -> None:
    from mla_writer.render.document import Document, Paragraph, Run

    doc = Document(lang="en", title="Letter", blocks=[
        Paragraph([Run("A letter without a line to sign on.")])])
    signed = _signed(doc, identity, tmp_path / "s.pdf")
    page, rect = _field(signed.read_bytes())
    assert rect[1] == 60 and page == 0
    assert pdf_sign.check_pdf(signed.read_bytes(), [identity.certificate]).problems == []


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler not installed")
@pytest.mark.parametrize("name", ["Sok Dara", "Phạm Đức Thịnh", "王小明"])
def test_every_line_of_the_block_is_drawn(name: str, tmp_path: Path) -> None:
    ident = create_identity(None, name, "Deputy Director, Department of International"
                            " Cooperation and Mutual Legal Assistance in Criminal Matters",
                            "Supreme People's Procuracy", PASSPHRASE, key_type="ec")
    from mla_writer.render.document import Document, Paragraph, Run

    assert stamp_lines(ident, WHEN)[0] == f"Digitally signed by {name}"
    doc = Document(lang="en", title="Letter", blocks=[Paragraph([Run("Body.")])])
    pdf = _signed(doc, ident, tmp_path / "a.pdf")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert name in text
    assert "Date: 2026-11-20 08:00 UTC" in text
    assert "Supreme People's Procuracy" in text


def test_rsa_key_signs_with_pkcs1_and_validates(request_doc, tmp_path: Path) -> None:
    ident = create_identity(None, "Rsa Signer", "Director", "Ministry", PASSPHRASE)
    assert ident.describe()["key"] == "RSA 3072"
    signed = _signed(request_doc, ident, tmp_path / "rsa.pdf")
    result = pdf_sign.check_pdf(signed.read_bytes(), [ident.certificate])
    assert (result.problems, result.trusted) == ([], True)
    if shutil.which("pdfsig"):
        out = subprocess.run(["pdfsig", str(signed)], capture_output=True, text=True).stdout
        assert "Signature is Valid." in out
