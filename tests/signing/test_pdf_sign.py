"""The visible signature block: where it goes and that every line (any script) is drawn."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path

import pytest

from mla_writer.signing import create_identity, pdf_sign
from mla_writer.signing.pdf_sign import FIELD_NAME, appearance_pdf, sign_pdf, stamp_lines

from .conftest import CLOCK, PASSPHRASE, approved_case

WHEN = dt.datetime(2026, 11, 20, 8, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def request_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from mla_writer.render import build_documents

    out = tmp_path_factory.mktemp("doc")
    return next(p for p in build_documents(approved_case(), out, formats=("pdf",),
                                           languages=["en"], clock=CLOCK)
                if "_request_" in p.name)


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


def test_block_sits_beside_the_signature_line_on_the_last_page(request_pdf: Path,
                                                                tmp_path: Path,
                                                                identity) -> None:
    signed = sign_pdf(request_pdf, identity, WHEN, out=tmp_path / "s.pdf")
    page, rect = _field(signed.read_bytes())
    pages, _w, height = pdf_sign._page_count_and_size(request_pdf.read_bytes())
    assert page == pages - 1
    line = pdf_sign._signature_line(request_pdf, pages)
    if line is not None:  # poppler present: right of the underscores, around their height
        assert rect[0] > line[2]
        assert rect[1] < height - line[3] < rect[3]
    assert rect[2] - rect[0] >= 200 and rect[3] - rect[1] >= 40


def test_without_poppler_the_block_goes_to_the_foot_of_the_last_page(
        request_pdf: Path, tmp_path: Path, identity, monkeypatch) -> None:
    monkeypatch.setattr(pdf_sign.shutil, "which", lambda name: None)
    signed = sign_pdf(request_pdf, identity, WHEN, out=tmp_path / "s.pdf")
    page, rect = _field(signed.read_bytes())
    assert rect[1] == 60 and page == pdf_sign._page_count_and_size(
        request_pdf.read_bytes())[0] - 1
    assert pdf_sign.check_pdf(signed.read_bytes(), [identity.certificate]).problems == []


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler not installed")
@pytest.mark.parametrize("name", ["Sok Dara", "Phạm Đức Thịnh", "王小明"])
def test_every_line_of_the_block_is_drawn(name: str, tmp_path: Path) -> None:
    ident = create_identity(None, name, "Deputy Director, Department of International"
                            " Cooperation and Mutual Legal Assistance in Criminal Matters",
                            "Supreme People's Procuracy", PASSPHRASE, key_type="ec")
    lines = stamp_lines(ident, WHEN)
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(appearance_pdf(lines, 250, 46))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert name in text
    assert "Date: 2026-11-20 08:00 UTC" in text
    assert "Supreme People's Procuracy" in text


def test_rsa_key_signs_with_pkcs1_and_validates(request_pdf: Path, tmp_path: Path) -> None:
    ident = create_identity(None, "Rsa Signer", "Director", "Ministry", PASSPHRASE)
    assert ident.describe()["key"] == "RSA 3072"
    signed = sign_pdf(request_pdf, ident, WHEN, out=tmp_path / "rsa.pdf")
    result = pdf_sign.check_pdf(signed.read_bytes(), [ident.certificate])
    assert (result.problems, result.trusted) == ([], True)
    if shutil.which("pdfsig"):
        out = subprocess.run(["pdfsig", str(signed)], capture_output=True, text=True).stdout
        assert "Signature is Valid." in out
