"""Key-file layout: only the private key is encrypted; the public certificate is in clear but
covered by the strengthened MAC, and files of the older, fully encrypted layout still load."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from asn1crypto import pkcs12 as asn1_pkcs12
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12

from mla_writer.signing import Identity, KeyFileError, WrongPassphrase, load_identity
from mla_writer.signing import keys as keys_mod

from .conftest import PASSPHRASE, old_layout

needs_openssl = pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl missing")


def safes(data: bytes) -> list[tuple[str, list[str]]]:
    """The authenticated safe as (content type, bag types) per ContentInfo ([] when encrypted)."""
    out = []
    for ci in asn1_pkcs12.Pfx.load(data).authenticated_safe:
        kind = ci["content_type"].native
        bags = ([b["bag_id"].native for b in asn1_pkcs12.SafeContents.load(ci["content"].native)]
                if kind == "data" else [])
        out.append((kind, bags))
    return out


def bags(data: bytes, bag_id: str) -> list[asn1_pkcs12.SafeBag]:
    return [b for ci in asn1_pkcs12.Pfx.load(data).authenticated_safe
            if ci["content_type"].native == "data"
            for b in asn1_pkcs12.SafeContents.load(ci["content"].native)
            if b["bag_id"].native == bag_id]


@pytest.fixture(scope="module")
def chained(tmp_path_factory: pytest.TempPathFactory, identity: Identity,
            other_identity: Identity) -> tuple[Identity, Path]:
    """An identity with a chain certificate, written by write_identity (the new layout)."""
    with_chain = Identity(certificate=identity.certificate, private_key=identity.private_key,
                          chain=(other_identity.certificate,))
    path = tmp_path_factory.mktemp("layout") / "chained.p12"
    keys_mod.write_identity(with_chain, path, PASSPHRASE)
    return with_chain, path


def test_only_the_key_is_encrypted_and_the_mac_stays_strong(chained) -> None:
    identity, path = chained
    data = path.read_bytes()
    assert safes(data) == [("data", ["cert_bag", "cert_bag"]),
                           ("data", ["pkcs8_shrouded_key_bag"])]
    certs = [b["bag_value"]["cert_value"].parsed.dump() for b in bags(data, "cert_bag")]
    der = serialization.Encoding.DER
    assert certs == [identity.certificate.public_bytes(der), identity.chain[0].public_bytes(der)]
    # the key: PBES2, PBKDF2-HMAC-SHA256 with KDF_ROUNDS, AES-256-CBC
    (key_bag,) = bags(data, "pkcs8_shrouded_key_bag")
    algorithm = key_bag["bag_value"]["encryption_algorithm"]
    assert algorithm["algorithm"].native == "pbes2"
    kdf = algorithm["parameters"]["key_derivation_func"]
    assert kdf["algorithm"].native == "pbkdf2"
    assert kdf["parameters"]["iteration_count"].native == keys_mod.KDF_ROUNDS == 600_000
    assert kdf["parameters"]["prf"]["algorithm"].native == "sha256"
    assert algorithm["parameters"]["encryption_scheme"]["algorithm"].native == "aes256_cbc"
    # the MAC over the whole authenticated safe (certificates included)
    mac_data = asn1_pkcs12.Pfx.load(data)["mac_data"]
    assert mac_data["iterations"].native == keys_mod.MAC_ITERATIONS == 1_200_000
    assert mac_data["mac"]["digest_algorithm"]["algorithm"].native == "sha256"
    loaded = load_identity(path, PASSPHRASE)
    assert loaded.certificate == identity.certificate and loaded.chain == identity.chain


def test_the_certificate_is_linked_to_the_key_as_cryptography_writes_it(chained) -> None:
    """friendlyName and localKeyId on the signer's certificate bag are the key bag's, and the
    same as cryptography writes when it leaves certificates in clear; the chain has none."""
    identity, path = chained
    data = path.read_bytes()
    signer_bag, chain_bag = bags(data, "cert_bag")
    (key_bag,) = bags(data, "pkcs8_shrouded_key_bag")
    attributes = {a["type"].native: a["values"].native for a in signer_bag["bag_attributes"]}
    assert attributes == {a["type"].native: a["values"].native
                          for a in key_bag["bag_attributes"]}
    assert attributes["friendly_name"] == ["Sok Dara"]
    der = identity.certificate.public_bytes(serialization.Encoding.DER)
    assert attributes["local_key_id"] == [hashlib.sha1(der).digest()]  # the id openssl writes
    clear = pkcs12.serialize_key_and_certificates(
        b"Sok Dara", identity.private_key, identity.certificate, list(identity.chain),
        serialization.NoEncryption())
    theirs = bags(clear, "cert_bag")
    assert [b.dump() for b in (signer_bag, chain_bag)] == [b.dump() for b in theirs]


@needs_openssl
def test_openssl_reads_it_with_the_passphrase_and_refuses_a_wrong_one(chained) -> None:
    _, path = chained

    def info(passphrase: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["openssl", "pkcs12", "-in", str(path), "-info", "-nokeys", "-passin", "env:PW"],
            capture_output=True, text=True, env={**os.environ, "PW": passphrase})

    good = info(PASSPHRASE)
    assert good.returncode == 0, good.stderr
    assert "MAC: sha256, Iteration 1200000" in good.stderr
    assert "Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC, Iteration 600000" in good.stderr
    assert "PKCS7 Encrypted data" not in good.stderr
    assert good.stdout.count("BEGIN CERTIFICATE") == 2
    bad = info("not the passphrase")
    assert bad.returncode != 0 and "mac verify error" in bad.stderr.lower()
    assert "BEGIN CERTIFICATE" not in bad.stdout


def test_a_wrong_passphrase_is_still_refused(chained) -> None:
    _, path = chained
    with pytest.raises(WrongPassphrase, match="wrong passphrase"):
        load_identity(path, "not the passphrase")


def test_a_key_file_of_the_older_layout_still_loads(tmp_path: Path, chained) -> None:
    identity, _ = chained
    path = tmp_path / "old.p12"
    path.write_bytes(old_layout(identity))
    assert [kind for kind, _ in safes(path.read_bytes())] == ["encrypted_data", "data"]
    loaded = load_identity(path, PASSPHRASE)
    assert loaded.certificate == identity.certificate and loaded.chain == identity.chain
    assert loaded.private_key.public_key() == identity.private_key.public_key()
    with pytest.raises(WrongPassphrase):
        load_identity(path, "not the passphrase")
    assert [kind for kind, _ in safes(path.read_bytes())] == ["encrypted_data", "data"]


def test_a_certificate_that_is_not_the_keys_is_refused(tmp_path: Path, identity: Identity,
                                                       other_identity: Identity) -> None:
    """Someone who knows the passphrase and recomputes the MAC still cannot pair the key with
    another certificate."""
    data = pkcs12.serialize_key_and_certificates(
        b"Sok Dara", identity.private_key, identity.certificate, None,
        keys_mod._encryption(PASSPHRASE.encode("utf-8")))
    swapped = keys_mod._strengthen_mac(
        keys_mod._certificates_in_clear(data, [other_identity.certificate]), PASSPHRASE)
    path = tmp_path / "swapped.p12"
    path.write_bytes(swapped)
    with pytest.raises(KeyFileError,
                       match="must hold a private key and its certificate") as err:
        load_identity(path, PASSPHRASE)
    assert not isinstance(err.value, WrongPassphrase)


def test_a_changed_byte_in_the_certificate_in_clear_breaks_the_mac(tmp_path: Path,
                                                                   chained) -> None:
    identity, path = chained
    data = path.read_bytes()
    der = identity.certificate.public_bytes(serialization.Encoding.DER)
    at = data.index(der) + der.index(b"Sok Dara")  # the subject's name, in clear
    tampered = tmp_path / "tampered.p12"
    tampered.write_bytes(data[:at] + b"X" + data[at + 1:])
    assert load_identity(path, PASSPHRASE).name == "Sok Dara"  # the original opens
    with pytest.raises(KeyFileError, match="wrong passphrase"):
        load_identity(tampered, PASSPHRASE)


def test_keys_import_writes_the_new_layout(tmp_path: Path, identity: Identity) -> None:
    """Re-writing a key (`keys import`, also to change a passphrase) gives the new layout;
    loading an old file never rewrites it."""
    from mla_writer.cli import main

    old = tmp_path / "old.p12"
    old.write_bytes(old_layout(identity))
    before = old.read_bytes()
    pw = tmp_path / "pw.txt"
    pw.write_text(f"{PASSPHRASE}\n", "utf-8")
    new_pw = tmp_path / "new.txt"
    new_pw.write_text("river lantern orchard\n", "utf-8")
    out = tmp_path / "new.p12"
    assert main(["keys", "import", str(old), "--out", str(out), "--passphrase-file", str(pw),
                 "--new-passphrase-file", str(new_pw)]) == 0
    assert old.read_bytes() == before
    assert safes(out.read_bytes()) == [("data", ["cert_bag"]),
                                       ("data", ["pkcs8_shrouded_key_bag"])]
    assert load_identity(out, "river lantern orchard").certificate == identity.certificate


@needs_openssl
def test_the_layout_is_the_one_openssl_writes_with_certpbe_none(tmp_path: Path,
                                                                 identity: Identity) -> None:
    """`openssl pkcs12 -export -certpbe NONE` writes the same shape, and load_identity reads
    such a file too."""
    key_pem, cert_pem = tmp_path / "k.pem", tmp_path / "c.pem"
    key_pem.write_bytes(identity.private_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))
    cert_pem.write_bytes(identity.cert_pem())
    p12 = tmp_path / "openssl.p12"
    subprocess.run(["openssl", "pkcs12", "-export", "-inkey", str(key_pem), "-in",
                    str(cert_pem), "-certpbe", "NONE", "-out", str(p12), "-passout", "env:PW"],
                   check=True, capture_output=True, env={**os.environ, "PW": PASSPHRASE})
    assert safes(p12.read_bytes()) == [("data", ["cert_bag"]),
                                       ("data", ["pkcs8_shrouded_key_bag"])]
    assert load_identity(p12, PASSPHRASE).certificate == identity.certificate


def test_the_certificates_in_clear_are_read_without_the_passphrase(chained) -> None:
    """The signer's certificate (the bag linked to the key) first, then the chain."""
    identity, path = chained
    assert keys_mod.clear_certificates(path) == (identity.certificate, *identity.chain)


def test_nothing_is_read_in_clear_from_an_older_or_a_foreign_file(tmp_path: Path,
                                                                  chained) -> None:
    identity, _path = chained
    old = tmp_path / "old.p12"
    old.write_bytes(old_layout(identity))
    junk = tmp_path / "junk.p12"
    junk.write_bytes(b"0\x82\x01\x00 not a key file")
    for path in (old, junk, tmp_path / "missing.p12"):
        assert keys_mod.clear_certificates(path) is None, path.name
