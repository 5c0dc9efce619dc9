"""A signer certified by a state's own CA: verify trusts the CA, not the signer directly."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from mla_writer.signing import Identity, verify_package
from mla_writer.workflow.package import build_package

from .conftest import CLOCK, approved_case

START = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
END = dt.datetime(2028, 1, 1, tzinfo=dt.UTC)


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Ministry of Justice")])


def _usage(sign: bool) -> x509.KeyUsage:
    return x509.KeyUsage(digital_signature=not sign, content_commitment=not sign,
                         key_encipherment=False, data_encipherment=False, key_agreement=False,
                         key_cert_sign=sign, crl_sign=sign, encipher_only=False,
                         decipher_only=False)


def _issue(subject: x509.Name, key, issuer: x509.Name, issuer_key, ca: bool) -> x509.Certificate:
    return (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(START).not_valid_after(END)
            .add_extension(x509.BasicConstraints(ca=ca, path_length=0 if ca else None), True)
            .add_extension(_usage(ca), True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                issuer_key.public_key()), False)
            .sign(issuer_key, hashes.SHA256()))


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> tuple[Identity, Path, Path]:
    ca_key, leaf_key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(
        ec.SECP256R1())
    ca = _issue(_name("Fictional State Root CA"), ca_key, _name("Fictional State Root CA"),
                ca_key, ca=True)
    leaf = _issue(_name("Chan Sophea"), leaf_key, ca.subject, ca_key, ca=False)
    folder = tmp_path_factory.mktemp("pki")
    ca_pem = folder / "ca.pem"
    ca_pem.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    identity = Identity(certificate=leaf, private_key=leaf_key, chain=(ca,))
    result = build_package(approved_case(), folder / "pkg", identity, languages=["en"],
                           clock=CLOCK)
    return identity, ca_pem, result.directory


def test_package_signed_under_a_ca_verifies_against_the_ca(pki) -> None:
    _identity, ca_pem, folder = pki
    report = verify_package(folder, trust=ca_pem)
    assert report.ok, report.problems
    assert report.signer.startswith("Chan Sophea")


def test_trusting_another_ca_fails(pki, other_identity) -> None:
    _identity, _ca, folder = pki
    report = verify_package(folder, trust=other_identity.certificate)
    assert any(p.startswith("signer not trusted") for p in report.problems)


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl missing")
def test_openssl_verifies_the_manifest_up_to_the_ca(pki) -> None:
    _identity, ca_pem, folder = pki
    run = subprocess.run(
        ["openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in",
         str(folder / "manifest.json.p7s"), "-content", str(folder / "manifest.json"),
         "-CAfile", str(ca_pem), "-out", "/dev/null"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr


def test_a_self_signed_signer_vouches_only_for_itself(identity, tmp_path: Path) -> None:
    """`keys new` certificates are CA:TRUE (for NSS); trusting one must not trust a
    certificate its holder issues to someone else."""
    key = ec.generate_private_key(ec.SECP256R1())
    fake = _issue(_name("Someone Else"), key, identity.certificate.subject,
                  identity.private_key, ca=False)
    impostor = Identity(certificate=fake, private_key=key, chain=(identity.certificate,))
    result = build_package(approved_case(), tmp_path / "pkg", impostor, languages=["en"],
                           clock=CLOCK)
    report = verify_package(result.directory, trust=identity.certificate)
    assert report.intact and not report.trusted
    assert report.problems == ["signer not trusted: the signer's certificate does not chain to"
                               " the trust anchor(s) given"]
