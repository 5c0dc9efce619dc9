"""cms_build makes, without pyHanko, the very CMS shapes pyHanko made for us: compared field by
field with pyHanko's output for the same identity (signature values aside), accepted by the
strict checker, by openssl, and — embedded in a PDF — by pyHanko's validator."""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import io
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from asn1crypto import cms as asn1_cms
from asn1crypto import tsp as asn1_tsp
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from mla_writer.signing import Identity, cms_build, create_identity
from mla_writer.signing.cms import check_detached, der_problem
from mla_writer.signing.cms_build import DETACHED, PADES, max_size, sign_content, sign_digest
from mla_writer.signing.pdf_sign import check_pdf

from .conftest import CLOCK, ROOT

del asn1_tsp  # imported to register signing-certificate-v2 with asn1crypto's cms

KEYS = ["identity", "rsa_identity", "chain_identity", "long_name_identity"]
CONTENT = b'{"format":"mla-writer-package/2","files":[]}'


@pytest.fixture(scope="module")
def chain_identity() -> Identity:
    """A signer certified by a (fictional) state CA: the CA travels in the signature."""
    start, end = dt.datetime(2026, 1, 1, tzinfo=dt.UTC), dt.datetime(2028, 1, 1, tzinfo=dt.UTC)

    def issue(cn: str, key: Any, issuer: x509.Name, issuer_key: Any, ca: bool, serial: int
              ) -> x509.Certificate:
        return (x509.CertificateBuilder()
                .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)]))
                .issuer_name(issuer).public_key(key.public_key())
                .serial_number(serial)
                .not_valid_before(start).not_valid_after(end)
                .add_extension(x509.BasicConstraints(ca=ca, path_length=None), True)
                .add_extension(x509.KeyUsage(
                    digital_signature=True, content_commitment=not ca, key_encipherment=False,
                    data_encipherment=False, key_agreement=False, key_cert_sign=ca,
                    crl_sign=ca, encipher_only=False, decipher_only=False), True)
                .sign(issuer_key, hashes.SHA256()))

    ca_key, leaf_key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(
        ec.SECP256R1())
    root_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Fictional Root CA")])
    ca = issue("Fictional Root CA", ca_key, root_name, ca_key, ca=True, serial=1)
    # a serial number whose DER INTEGER needs a leading zero byte
    leaf = issue("Chan Sophea", leaf_key, ca.subject, ca_key, ca=False, serial=0x80 << 64)
    return Identity(certificate=leaf, private_key=leaf_key, chain=(ca,))


@pytest.fixture(scope="module")
def long_name_identity() -> Identity:
    """An issuer name longer than 127 bytes (long-form DER lengths inside the attributes) and
    text outside ASCII."""
    identity = create_identity(
        None, "Nguyễn Thị Minh Khai", "Directrice générale des affaires pénales et des grâces",
        "Ministère de la Justice, Direction des affaires criminelles et des grâces (fictif)",
        "x", country="FR", key_type="ec", clock=CLOCK)
    assert len(identity.certificate.issuer.public_bytes()) > 127
    return identity


def _pyhanko_signer(identity: Identity) -> Any:
    """pyHanko's own SimpleSigner for the identity: the reference the shapes are compared to."""
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from pyhanko.sign.signers import SimpleSigner
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    der = serialization.Encoding.DER
    return SimpleSigner(
        signing_cert=asn1_x509.Certificate.load(identity.certificate.public_bytes(der)),
        signing_key=asn1_keys.PrivateKeyInfo.load(identity.private_key.private_bytes(
            der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())),
        cert_registry=SimpleCertificateStore.from_certs(
            [asn1_x509.Certificate.load(c.public_bytes(der)) for c in identity.chain]))


def _pyhanko_detached(identity: Identity, content: bytes, when: dt.datetime) -> bytes:
    """What sign_detached wrote before cms_build: pyHanko's general-data signature."""
    from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes

    info = asyncio.run(_pyhanko_signer(identity).async_sign_general_data(
        content, "sha256", detached=True,
        signed_attr_settings=PdfCMSSignedAttributes(signing_time=when)))
    return bytes(info.dump())


def _fields(der: bytes) -> dict[str, Any]:
    """Every part of a SignedData as DER, except the signature value."""
    info = asn1_cms.ContentInfo.load(der)
    signed = info["content"]
    out: dict[str, Any] = {"content_type": info["content_type"].dump(),
                           "signer_infos": len(signed["signer_infos"])}
    for name in ("version", "digest_algorithms", "encap_content_info", "certificates", "crls"):
        out[name] = signed[name].dump()
    signer = signed["signer_infos"][0]
    for name in ("version", "sid", "digest_algorithm", "signature_algorithm", "signed_attrs",
                 "unsigned_attrs"):
        out[f"signer_info.{name}"] = signer[name].dump()
    out["attribute types"] = [a["type"].native for a in signer["signed_attrs"]]
    return out


@pytest.mark.parametrize("key", KEYS)
def test_detached_has_pyhankos_shape_field_by_field(key: str, request) -> None:
    identity = request.getfixturevalue(key)
    ours = _fields(sign_content(DETACHED, CONTENT, identity, CLOCK.now()))
    theirs = _fields(_pyhanko_detached(identity, CONTENT, CLOCK.now()))
    assert ours == theirs
    assert sorted(ours["attribute types"]) == sorted([
        "content_type", "signing_time", "message_digest", "signing_certificate_v2",
        "cms_algorithm_protection"])
    certs = asn1_cms.ContentInfo.load(sign_content(DETACHED, CONTENT, identity))[
        "content"]["certificates"]
    assert len(certs) == 1 + len(identity.chain)


@pytest.mark.parametrize("key", KEYS)
def test_detached_passes_the_strict_check(key: str, request) -> None:
    identity = request.getfixturevalue(key)
    signature = sign_content(DETACHED, CONTENT, identity, CLOCK.now())
    check = check_detached(CONTENT, signature, "manifest.json.p7s")
    assert check.intact and check.problem == ""
    assert check.signing_time == CLOCK.now()
    assert check.certificate == identity.certificate
    assert check.others == list(identity.chain)
    assert sign_digest(DETACHED, hashlib.sha256(CONTENT).digest(), identity, CLOCK.now())[:2] \
        == signature[:2]
    broken = check_detached(CONTENT + b" ", signature, "manifest.json.p7s")
    assert not broken.intact and "modified after signing" in broken.problem


@pytest.mark.parametrize("key", KEYS)
def test_serial_and_issuer_are_the_certificates_own_bytes(key: str, request) -> None:
    from asn1crypto import x509 as asn1_x509

    from mla_writer.signing.cms_build import _element, _serial_and_issuer, _tlv

    identity = request.getfixturevalue(key)
    certificate = identity.certificate
    tbs = asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))[
        "tbs_certificate"]
    found = _serial_and_issuer(certificate.tbs_certificate_bytes)
    assert found == (tbs["serial_number"].dump(), tbs["issuer"].dump())
    # a version 1 certificate has no [0] version before the serial number
    _tag, pos, end = _element(certificate.tbs_certificate_bytes, 0)
    _tag, _start, version_end = _element(certificate.tbs_certificate_bytes, pos)
    assert _serial_and_issuer(_tlv(0x30, certificate.tbs_certificate_bytes[version_end:end])) \
        == found


@pytest.mark.parametrize("kind", [DETACHED, PADES])
@pytest.mark.parametrize("key", KEYS)
def test_the_der_is_strict(kind: str, key: str, request) -> None:
    identity = request.getfixturevalue(key)
    signature = sign_content(kind, CONTENT, identity, CLOCK.now())
    assert der_problem(signature) == ""
    assert asn1_cms.ContentInfo.load(signature, strict=True).dump(force=True) == signature


def test_the_signing_time_is_now_when_not_given(identity) -> None:
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    check = check_detached(CONTENT, sign_content(DETACHED, CONTENT, identity), "x")
    assert check.signing_time is not None
    assert before <= check.signing_time <= dt.datetime.now(dt.UTC)


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl is not installed")
@pytest.mark.parametrize("key", KEYS)
def test_openssl_verifies_the_detached_signature(key: str, request, tmp_path: Path) -> None:
    identity = request.getfixturevalue(key)
    content, signature = tmp_path / "manifest.json", tmp_path / "manifest.json.p7s"
    content.write_bytes(CONTENT)
    signature.write_bytes(sign_content(DETACHED, CONTENT, identity, CLOCK.now()))
    command = ["openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", str(signature),
               "-content", str(content), "-noverify", "-out", "/dev/null"]
    assert subprocess.run(command, capture_output=True, text=True).returncode == 0
    content.write_bytes(CONTENT + b" ")
    assert subprocess.run(command, capture_output=True, text=True).returncode != 0


def _blank_pdf() -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, invariant=1)
    page.drawString(72, 720, "Fictional request for mutual legal assistance")
    page.showPage()
    page.save()
    return buffer.getvalue()


def _sign_pdf(identity: Identity, *, ours: bool, reserved: int | None = None) -> bytes:
    """A PAdES signature made by pyHanko's PdfSigner: pyHanko's own CMS, or (ours) the one
    sign_digest(PADES) makes for the document digest PdfSigner computed."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    reference = _pyhanko_signer(identity)
    if ours:
        class Ours(type(reference)):  # type: ignore[misc]
            async def async_sign(self, data_digest: bytes, digest_algorithm: str,
                                 *args: Any, **kwargs: Any) -> Any:
                assert digest_algorithm == "sha256"
                return asn1_cms.ContentInfo.load(sign_digest(PADES, data_digest, identity))

        signer = Ours(signing_cert=reference.signing_cert, signing_key=reference.signing_key,
                      cert_registry=reference.cert_registry)
    else:
        signer = reference
    meta = signers.PdfSignatureMetadata(field_name="Signature", md_algorithm="sha256",
                                        subfilter=fields.SigSeedSubFilter.PADES)
    out = io.BytesIO()
    signers.PdfSigner(meta, signer=signer).sign_pdf(
        IncrementalPdfFileWriter(io.BytesIO(_blank_pdf())), output=out,
        bytes_reserved=reserved)
    return out.getvalue()


def _embedded(pdf: bytes) -> bytes:
    """The CMS in the PDF's signature /Contents (without the zero padding after it)."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    contents = bytes(PdfFileReader(io.BytesIO(pdf)).embedded_signatures[0]
                     .sig_object["/Contents"])
    return bytes(asn1_cms.ContentInfo.load(contents, strict=False).dump())


@pytest.mark.parametrize("key", KEYS)
def test_pades_has_the_shape_pyhankos_pdfsigner_wrote(key: str, request) -> None:
    identity = request.getfixturevalue(key)
    theirs = _embedded(_sign_pdf(identity, ours=False))
    signer = asn1_cms.ContentInfo.load(theirs)["content"]["signer_infos"][0]
    digest = next(a["values"][0].native for a in signer["signed_attrs"]
                  if a["type"].native == "message_digest")
    ours = sign_digest(PADES, digest, identity, CLOCK.now())
    assert _fields(ours) == _fields(theirs)
    assert sorted(_fields(ours)["attribute types"]) == [
        "content_type", "message_digest", "signing_certificate_v2"]


@pytest.mark.parametrize("key", KEYS)
def test_pades_embedded_in_a_pdf_validates(key: str, request) -> None:
    identity = request.getfixturevalue(key)
    pdf = _sign_pdf(identity, ours=True, reserved=2 * max_size(PADES, identity))
    anchor = identity.chain[-1] if identity.chain else identity.certificate
    check = check_pdf(pdf, [anchor])
    assert check.problems == []
    assert check.intact and check.valid and check.whole_file and check.trusted
    tampered = pdf.replace(b"PDF document", b"PDF documenT", 1)
    assert tampered != pdf
    assert not check_pdf(tampered, [anchor]).intact


@pytest.mark.skipif(shutil.which("pdfsig") is None, reason="poppler not installed")
@pytest.mark.parametrize("key", ["identity", "rsa_identity"])
def test_pdfsig_accepts_the_pades_signature(key: str, request, tmp_path: Path) -> None:
    pdf = tmp_path / "signed.pdf"
    pdf.write_bytes(_sign_pdf(request.getfixturevalue(key), ours=True))
    out = subprocess.run(["pdfsig", str(pdf)], capture_output=True, text=True).stdout
    assert "Signature Type: ETSI.CAdES.detached" in out
    assert "Total document signed" in out
    assert "Signature Validation: Signature is Valid." in out


@pytest.mark.parametrize("kind", [DETACHED, PADES])
def test_max_size_is_the_largest_size_an_ec_signature_reaches(kind: str, identity) -> None:
    # an ECDSA signature's DER varies in length; on P-256 its largest form (both integers
    # with the top bit set) comes one time in four, so 64 signatures all but surely reach it
    sizes = {len(sign_digest(kind, hashlib.sha256(bytes([n])).digest(), identity))
             for n in range(64)}
    assert max(sizes) == max_size(kind, identity)
    assert len(sizes) > 1


@pytest.mark.parametrize("curve", [ec.SECP384R1(), ec.SECP521R1()])
def test_max_size_holds_for_larger_curves(curve: ec.EllipticCurve) -> None:
    key = ec.generate_private_key(curve)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Sok Dara")])
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(7).not_valid_before(start)
            .not_valid_after(start + dt.timedelta(days=365)).sign(key, hashes.SHA256()))
    identity = Identity(certificate=cert, private_key=key)
    # the largest form (both integers of full length) comes one time in four
    sizes = {len(sign_digest(PADES, hashlib.sha256(bytes([n])).digest(), identity))
             for n in range(64)}
    assert max(sizes) == max_size(PADES, identity)
    assert check_detached(CONTENT, sign_content(DETACHED, CONTENT, identity, CLOCK.now()),
                          "x").intact


@pytest.mark.parametrize("kind", [DETACHED, PADES])
def test_max_size_is_the_rsa_signatures_size(kind: str, rsa_identity) -> None:
    assert len(sign_content(kind, CONTENT, rsa_identity)) == max_size(kind, rsa_identity)


def test_max_size_counts_the_chain(identity, chain_identity) -> None:
    der = serialization.Encoding.DER
    extra = len(chain_identity.chain[0].public_bytes(der))
    alone = Identity(certificate=chain_identity.certificate,
                     private_key=chain_identity.private_key)
    assert max_size(PADES, chain_identity) == max_size(PADES, alone) + extra
    assert len(sign_content(PADES, CONTENT, chain_identity)) <= max_size(PADES, chain_identity)


def test_refuses_what_it_cannot_sign(identity) -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        sign_digest(PADES, b"short", identity)
    with pytest.raises(ValueError, match="unknown CMS kind"):
        sign_content("enveloped", CONTENT, identity)
    with pytest.raises(ValueError, match="timezone-aware"):
        sign_content(DETACHED, CONTENT, identity, dt.datetime(2026, 11, 20, 8, 0))


def test_signing_imports_neither_pyhanko_nor_asn1crypto(tmp_path: Path) -> None:
    code = (
        "import datetime, sys\n"
        "from mla_writer.signing.keys import create_identity\n"
        "from mla_writer.signing import manifest, approval, cms_build\n"
        "ident = create_identity(None, 'Sok Dara', 'Director', 'Ministry', 'x', key_type='ec')\n"
        "manifest.sign_detached(b'{}', ident)\n"
        "approval.sign_approval(ident, b'{}', datetime.datetime.now(datetime.UTC))\n"
        "cms_build.sign_digest(cms_build.PADES, bytes(32), ident)\n"
        "cms_build.max_size(cms_build.PADES, ident)\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'pyhanko', 'asn1crypto',\n"
        "                                                     'pyhanko_certvalidator'}))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"


def test_the_module_names_what_it_builds() -> None:
    assert cms_build.KINDS == (DETACHED, PADES) == ("detached", "pades")
