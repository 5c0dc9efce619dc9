"""Independent validators agree with ours: poppler's pdfsig and `openssl cms -verify`.

With our self-signed certificate pdfsig 22.12 prints "Signature Validation: Signature is
Valid." and "Total document signed", and "Certificate Validation: Certificate issuer is
unknown." (it has no trust store entry for it), which is the expected outcome.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from mla_writer.signing.pdf_sign import FIELD_NAME, check_pdf

needs_pdfsig = pytest.mark.skipif(shutil.which("pdfsig") is None, reason="poppler not installed")
needs_openssl = pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl missing")


def _pdfsig(path: Path) -> str:
    return subprocess.run(["pdfsig", str(path)], capture_output=True, text=True).stdout


def _flip(path: Path, at: float = 0.3) -> None:
    data = bytearray(path.read_bytes())
    data[int(len(data) * at)] ^= 0x01
    path.write_bytes(bytes(data))


@needs_pdfsig
def test_pdfsig_and_pyhanko_agree_on_the_signed_pdfs(package, identity) -> None:
    pdfs = sorted(package[0].directory.glob("*.pdf"))
    assert len(pdfs) == 2
    for pdf in pdfs:
        out = _pdfsig(pdf)
        assert f"Signature Field Name: {FIELD_NAME}" in out
        assert "Signer Certificate Common Name: Sok Dara" in out
        assert "Signature Type: ETSI.CAdES.detached" in out
        assert "Total document signed" in out
        assert "Signature Validation: Signature is Valid." in out
        assert "Certificate issuer is unknown" in out  # self-signed: not in a trust store
        ours = check_pdf(pdf.read_bytes(), [identity.certificate])
        assert (ours.intact, ours.valid, ours.trusted, ours.whole_file) == (True,) * 4


@needs_pdfsig
def test_pdfsig_and_pyhanko_agree_a_changed_pdf_is_broken(package, identity,
                                                          tmp_path: Path) -> None:
    pdf = tmp_path / "changed.pdf"
    shutil.copy(next(package[0].directory.glob("*request_en.pdf")), pdf)
    _flip(pdf)
    assert "Signature is Valid." not in _pdfsig(pdf)
    assert check_pdf(pdf.read_bytes(), [identity.certificate]).problems


def _openssl_cms(folder: Path, ca: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in",
         str(folder / "manifest.json.p7s"), "-content", str(folder / "manifest.json"),
         "-CAfile", str(ca), "-out", "/dev/null"], capture_output=True, text=True)


@needs_openssl
def test_openssl_accepts_the_manifest_signature_and_rejects_a_change(
        package, trust_pem: Path, other_identity, tmp_path: Path) -> None:
    folder = package[0].directory
    ok = _openssl_cms(folder, trust_pem)
    assert ok.returncode == 0, ok.stderr
    assert "Verification successful" in ok.stderr
    wrong_ca = tmp_path / "other.pem"
    wrong_ca.write_bytes(other_identity.cert_pem())
    assert _openssl_cms(folder, wrong_ca).returncode != 0
    copy = tmp_path / "copy"
    shutil.copytree(folder, copy)
    (copy / "manifest.json").write_bytes((copy / "manifest.json").read_bytes() + b" ")
    assert _openssl_cms(copy, trust_pem).returncode != 0
