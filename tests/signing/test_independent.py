"""Independent validators agree with ours: poppler's pdfsig and `openssl cms -verify`.

pdfsig (poppler 22.12, NSS) prints "Signature Validation: Signature is Valid." and "Total
document signed" for our PDFs. Its certificate verdict depends on its NSS database: without our
certificate in it, "Certificate issuer isn't Trusted."; once the certificate is imported as a
trusted CA (`certutil -A -t C,C,C`), "Certificate is Trusted." — NSS accepts a self-signed
certificate as an anchor only with basicConstraints CA:TRUE and keyCertSign, which `keys new`
sets (certutil comes with Debian's libnss3-tools).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from mla_writer.signing.pdf_sign import FIELD_NAME, check_pdf

needs_pdfsig = pytest.mark.skipif(shutil.which("pdfsig") is None, reason="poppler not installed")
needs_openssl = pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl missing")
needs_certutil = pytest.mark.skipif(shutil.which("certutil") is None or shutil.which("pdfsig")
                                    is None, reason="libnss3-tools or poppler not installed")


def _pdfsig(path: Path, nssdir: Path | None = None) -> str:
    extra = ["-nssdir", f"sql:{nssdir}"] if nssdir is not None else []
    return subprocess.run(["pdfsig", *extra, str(path)], capture_output=True, text=True).stdout


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
        ours = check_pdf(pdf.read_bytes(), [identity.certificate])
        assert (ours.intact, ours.valid, ours.trusted, ours.whole_file) == (True,) * 4


@needs_certutil
@pytest.mark.parametrize("which", ["package", "rsa_package"])
def test_nss_trusts_the_certificate_once_imported(which, request, tmp_path: Path) -> None:
    """`keys new` certificates can be made trusted in NSS (pdfsig, Firefox, Thunderbird)."""
    result = request.getfixturevalue(which)[0]
    pdf = next(result.directory.glob("*request_en.pdf"))
    db = tmp_path / "nss"
    db.mkdir()
    subprocess.run(["certutil", "-N", "-d", f"sql:{db}", "--empty-password"], check=True,
                   capture_output=True)
    before = _pdfsig(pdf, db)
    assert "Certificate Validation: Certificate issuer isn't Trusted." in before
    subprocess.run(["certutil", "-A", "-d", f"sql:{db}", "-n", "signer", "-t", "C,C,C", "-i",
                    str(result.directory / "signer.pem")], check=True, capture_output=True)
    after = _pdfsig(pdf, db)
    assert "Signature Validation: Signature is Valid." in after
    assert "Certificate Validation: Certificate is Trusted." in after


@needs_pdfsig
def test_pdfsig_and_pyhanko_agree_a_changed_pdf_is_broken(package, identity,
                                                          tmp_path: Path) -> None:
    pdf = tmp_path / "changed.pdf"
    shutil.copy(next(package[0].directory.glob("*request_en.pdf")), pdf)
    _flip(pdf)
    out = _pdfsig(pdf)
    assert "Signature Validation: Digest Mismatch." in out  # a positive verdict, not silence
    assert "Signature is Valid." not in out
    assert check_pdf(pdf.read_bytes(), [identity.certificate]).problems


def _openssl_cms(folder: Path, ca: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in",
         str(folder / "manifest.json.p7s"), "-content", str(folder / "manifest.json"),
         "-CAfile", str(ca), "-out", "/dev/null"], capture_output=True, text=True)


@needs_openssl
@pytest.mark.parametrize("which", ["package", "rsa_package"])
def test_openssl_accepts_the_manifest_signature_and_rejects_a_change(
        which, request, other_identity, tmp_path: Path) -> None:
    folder = request.getfixturevalue(which)[0].directory
    trust_pem = folder / "signer.pem"
    ok = _openssl_cms(folder, trust_pem)
    assert ok.returncode == 0, ok.stderr
    assert "Verification successful" in ok.stderr
    wrong_ca = tmp_path / "other.pem"
    wrong_ca.write_bytes(other_identity.cert_pem())
    refused = _openssl_cms(folder, wrong_ca)
    assert refused.returncode != 0 and "Verification failure" in refused.stderr
    copy = tmp_path / "copy"
    shutil.copytree(folder, copy)
    (copy / "manifest.json").write_bytes((copy / "manifest.json").read_bytes() + b" ")
    changed = _openssl_cms(copy, trust_pem)
    assert changed.returncode != 0 and "content verify error" in changed.stderr
