"""The strict CMS check: every part of the signature matters, for RSA and EC signers alike."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from pathlib import Path

import pytest
from asn1crypto import cms as asn1_cms
from asn1crypto import x509 as asn1_x509

from mla_writer.signing import verify_package
from mla_writer.signing.cms import check_detached
from mla_writer.signing.manifest import sign_detached

from .conftest import CLOCK

KEYS = ["identity", "rsa_identity"]


def _regions(signature: bytes) -> dict[str, tuple[int, int]]:
    """(start, end) byte offsets of each structural part of a DER SignedData."""
    info = asn1_cms.ContentInfo.load(signature)
    signed = info["content"]
    base = signature.index(signed.contents)
    out = {"outer headers": (0, base)}
    pos = base
    for name in ("version", "digest_algorithms", "encap_content_info", "certificates",
                 "signer_infos"):
        part = signed[name].dump()
        start = signature.index(part, pos)
        out[name] = (start, start + len(part))
        pos = start + len(part)
    si = signed["signer_infos"][0]
    pos = out["signer_infos"][0]
    for name in ("sid", "digest_algorithm", "signed_attrs", "signature_algorithm", "signature"):
        part = si[name].dump()
        start = signature.index(part, pos)
        out[f"signer_info.{name}"] = (start, start + len(part))
        pos = start + len(part)
    return out


def _offsets(region: tuple[int, int], n: int = 12) -> list[int]:
    start, end = region
    step = max(1, (end - start) // n)
    return sorted({*range(start, end, step), end - 1})


@pytest.mark.parametrize("key", KEYS)
def test_a_flipped_bit_anywhere_breaks_the_signature(key: str, request) -> None:
    identity = request.getfixturevalue(key)
    content = b'{"format":"mla-writer-package/2"}'
    signature = sign_detached(content, identity, CLOCK.now())
    ok = check_detached(content, signature, "manifest.json.p7s")
    assert ok.intact and ok.problem == "" and ok.signing_time == CLOCK.now()
    regions = _regions(signature)
    assert len(regions) == 11
    for name, region in regions.items():
        for offset in _offsets(region):
            for bit in (0x01, 0x80):
                damaged = bytearray(signature)
                damaged[offset] ^= bit
                result = check_detached(content, bytes(damaged), "manifest.json.p7s")
                assert not result.intact, (key, name, offset, bit)
                assert result.problem, (key, name, offset)
    assert not check_detached(content, signature + b"\x00", "x").intact  # trailing bytes
    assert not check_detached(content + b" ", signature, "x").intact


def _with_altered_certificate(signature: bytes) -> bytes:
    """The CMS with its certificate's notAfter moved to 2049 (so its own signature breaks)."""
    info = asn1_cms.ContentInfo.load(signature)
    cert_der = info["content"]["certificates"][0].chosen.dump()
    cert = asn1_x509.Certificate.load(cert_der)
    tbs = cert["tbs_certificate"]
    tbs["validity"]["not_after"] = asn1_x509.Time(
        {"utc_time": dt.datetime(2049, 12, 31, tzinfo=dt.UTC)})
    altered = asn1_x509.Certificate({"tbs_certificate": tbs,
                                     "signature_algorithm": cert["signature_algorithm"],
                                     "signature_value": cert["signature_value"]}).dump()
    assert len(altered) == len(cert_der) and altered != cert_der
    return signature.replace(cert_der, altered)


@pytest.mark.parametrize("which", ["package", "rsa_package"])
def test_a_certificate_altered_inside_the_cms_is_caught(which, request, tmp_path: Path) -> None:
    result = request.getfixturevalue(which)[0]
    folder = tmp_path / "pkg"
    shutil.copytree(result.directory, folder)
    p7s = folder / "manifest.json.p7s"
    p7s.write_bytes(_with_altered_certificate(p7s.read_bytes()))
    report = verify_package(folder, trust=folder / "signer.pem")
    assert not report.ok and not report.intact
    assert len(report.problems) == 1, report.problems
    assert report.problems[0].startswith("manifest signature broken: ")
    assert "signing-certificate" in report.problems[0]


def test_a_signature_with_the_digest_algorithm_field_changed_is_refused(identity) -> None:
    """The auditor's accepted flips sat in SignedData.digestAlgorithms (not used to verify)."""
    content = b"{}"
    signature = sign_detached(content, identity, CLOCK.now())
    sha256_oid = bytes.fromhex("0609608648016503040201")
    sha512_oid = bytes.fromhex("0609608648016503040203")
    first = signature.index(sha256_oid)
    swapped = signature[:first] + sha512_oid + signature[first + len(sha256_oid):]
    result = check_detached(content, swapped, "manifest.json.p7s")
    assert not result.intact and "digest algorithm" in result.problem


def test_ess_signing_certificate_v2_names_the_signer(identity) -> None:
    from cryptography.hazmat.primitives.serialization import Encoding

    signature = sign_detached(b"{}", identity, CLOCK.now())
    attrs = {a["type"].native: a["values"][0] for a in
             asn1_cms.ContentInfo.load(signature)["content"]["signer_infos"][0]["signed_attrs"]}
    assert set(attrs) == {"content_type", "signing_time", "message_digest",
                          "signing_certificate_v2", "cms_algorithm_protection"}
    ess = attrs["signing_certificate_v2"]["certs"][0]
    assert ess["cert_hash"].native == hashlib.sha256(
        identity.certificate.public_bytes(Encoding.DER)).digest()
