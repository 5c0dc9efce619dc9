"""Key files: strong encryption, mode 0600, clear errors for wrong passphrases and bad files."""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest
from cryptography import x509

from mla_writer.cli import main
from mla_writer.signing import (
    KeyFileError,
    WrongPassphrase,
    create_identity,
    load_identity,
    passphrase_problem,
)
from mla_writer.signing import keys as keys_mod

from .conftest import PASSPHRASE


def test_new_key_file_is_private_and_strongly_encrypted(key_file: Path) -> None:
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    info = subprocess.run(
        ["openssl", "pkcs12", "-in", str(key_file), "-info", "-noout", "-passin", "env:PW"],
        capture_output=True, text=True, env={**os.environ, "PW": PASSPHRASE}, check=True).stderr
    assert "Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC, Iteration 600000" in info
    # the MAC is checked first by every reader: it must cost as much to test as the key
    assert "MAC: sha256, Iteration 1200000" in info
    assert keys_mod.mac_iterations(key_file.read_bytes()) == keys_mod.MAC_ITERATIONS == 1_200_000


def test_the_mac_key_derivation_is_the_one_openssl_and_cryptography_use() -> None:
    """Our RFC 7292 KDF reproduces cryptography's own MAC (2 048 iterations) byte for byte,
    for ASCII, Thai and non-BMP passphrases, so the strengthened MAC opens everywhere."""
    import hmac

    from asn1crypto import pkcs12 as asn1_pkcs12
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import pkcs12

    key = ec.generate_private_key(ec.SECP256R1())
    for pw in ["training passphrase", "รหัสผ่านยาวพอสมควร", "emoji 😀 passphrase"]:
        data = pkcs12.serialize_key_and_certificates(b"x", key, None, None,
                                                     keys_mod._encryption(pw.encode()))
        mac_data = asn1_pkcs12.Pfx.load(data)["mac_data"]
        content = asn1_pkcs12.Pfx.load(data)["auth_safe"]["content"].native
        mac_key = keys_mod._p12_mac_key(pw, mac_data["mac_salt"].native,
                                        mac_data["iterations"].native)
        assert hmac.new(mac_key, content, "sha256").digest() == mac_data["mac"]["digest"].native


def test_a_thai_passphrase_key_opens_with_openssl(tmp_path: Path) -> None:
    pw = "รหัสผ่านยาวพอสมควร"
    path = tmp_path / "th.p12"
    create_identity(path, "Somchai", "Director", "OAG", pw, key_type="ec")
    run = subprocess.run(["openssl", "pkcs12", "-in", str(path), "-info", "-noout", "-passin",
                          "env:PW"], capture_output=True, text=True, env={**os.environ, "PW": pw})
    assert run.returncode == 0 and "MAC: sha256, Iteration 1200000" in run.stderr
    assert load_identity(path, pw).name == "Somchai"


@pytest.mark.parametrize(("passphrase", "why"), [
    ("aaaaaaaa", "only 8 characters"),
    (" " * 8, "only spaces"),
    ("กขค", "only 3 characters"),  # nine bytes in UTF-8, three characters
    ("aaaaaaaaaaaaaaaa", "repeats one character or a short group"),
    ("abcabcabcabc", "repeats one character or a short group"),
    ("short", "only 5 characters"),
])
def test_weak_passphrases_are_refused_with_the_rule(passphrase: str, why: str,
                                                    tmp_path: Path) -> None:
    problem = passphrase_problem(passphrase)
    assert why in problem and "at least 12 characters, or at least 3 words" in problem
    with pytest.raises(KeyFileError, match=why):
        create_identity(tmp_path / "weak.p12", "A", "B", "C", passphrase, key_type="ec")
    assert not (tmp_path / "weak.p12").exists()


@pytest.mark.parametrize("passphrase", ["river lantern orchard", "training passphrase",
                                        "รหัสผ่านที่ยาวพอ", "Kx9#mP2$vL7q"])
def test_reasonable_passphrases_are_accepted(passphrase: str) -> None:
    assert passphrase_problem(passphrase) == ""


def test_force_overwrite_is_private_from_the_first_byte(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "k.p12"
    path.write_bytes(b"old")
    os.chmod(path, 0o644)
    seen: list[int] = []
    real_replace = os.replace

    def watch(src, dst):
        seen.append(stat.S_IMODE(os.stat(src).st_mode))
        real_replace(src, dst)

    monkeypatch.setattr(keys_mod.os, "replace", watch)
    create_identity(path, "Lim Vanna", "Prosecutor", "OAG", PASSPHRASE, key_type="ec")
    assert seen == [0o600]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_the_passphrase_is_not_left_for_child_processes(monkeypatch) -> None:
    import argparse

    from mla_writer.cli.keys_cmd import read_passphrase

    monkeypatch.setenv("MLA_WRITER_PASSPHRASE", PASSPHRASE)
    assert read_passphrase(argparse.Namespace(passphrase_file=None)) == PASSPHRASE
    assert "MLA_WRITER_PASSPHRASE" not in os.environ
    child = subprocess.run(["env"], capture_output=True, text=True, check=True).stdout
    assert "MLA_WRITER_PASSPHRASE" not in child and PASSPHRASE not in child


def test_certificate_says_who_signs_and_allows_non_repudiation(identity) -> None:
    info = identity.describe()
    assert (info["name"], info["role"], info["authority"]) == (
        "Sok Dara", "Director-General", "Ministry of Justice (fictional)")
    assert info["key_usage"] == ["digital_signature", "non_repudiation", "key_cert_sign"]
    assert info["self_signed"] is True
    # its own root, so NSS accepts it as a trust anchor (see test_independent)
    basic = identity.certificate.extensions.get_extension_for_class(x509.BasicConstraints)
    assert (basic.critical, basic.value.ca, basic.value.path_length) == (True, True, 0)
    ski = identity.certificate.extensions.get_extension_for_class(x509.SubjectKeyIdentifier)
    aki = identity.certificate.extensions.get_extension_for_class(x509.AuthorityKeyIdentifier)
    assert aki.value.key_identifier == ski.value.digest
    assert "private" not in repr(identity).lower()


def test_wrong_passphrase_and_bad_files(key_file: Path, tmp_path: Path) -> None:
    before = key_file.read_bytes()
    with pytest.raises(WrongPassphrase, match="wrong passphrase"):
        load_identity(key_file, "not the passphrase")
    assert key_file.read_bytes() == before
    junk = tmp_path / "junk.p12"
    junk.write_bytes(b"not a key")
    with pytest.raises(KeyFileError, match="not a PKCS#12") as err:
        load_identity(junk, PASSPHRASE)
    assert not isinstance(err.value, WrongPassphrase)
    with pytest.raises(KeyFileError, match="cannot read"):
        load_identity(tmp_path / "missing.p12", PASSPHRASE)


def test_ca_issued_pkcs12_loads_through_the_same_path(tmp_path: Path, identity) -> None:
    """A PKCS#12 made by openssl (as a CA would hand out) with a chain certificate."""
    key_pem, cert_pem = tmp_path / "k.pem", tmp_path / "c.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:P-256", "-nodes", "-keyout", str(key_pem), "-out",
                    str(cert_pem), "-subj", "/CN=Issued Signer/O=Central Authority",
                    "-days", "30"], check=True, capture_output=True)
    chain = tmp_path / "chain.pem"
    chain.write_bytes(identity.cert_pem())
    p12 = tmp_path / "issued.p12"
    subprocess.run(["openssl", "pkcs12", "-export", "-inkey", str(key_pem), "-in",
                    str(cert_pem), "-certfile", str(chain), "-out", str(p12), "-passout",
                    "pass:issued-pass"], check=True, capture_output=True)
    loaded = load_identity(p12, "issued-pass")
    assert loaded.name == "Issued Signer" and loaded.authority == "Central Authority"
    assert len(loaded.chain) == 1
    # `keys import` re-encrypts it strongly under a new passphrase, keeping the chain
    old_pw, new_pw = tmp_path / "old.txt", tmp_path / "new.txt"
    old_pw.write_text("issued-pass\n", "utf-8")
    new_pw.write_text("a new long passphrase\n", "utf-8")
    out = tmp_path / "imported.p12"
    assert main(["keys", "import", str(p12), "--out", str(out), "--passphrase-file",
                 str(old_pw), "--new-passphrase-file", str(new_pw)]) == 0
    again = load_identity(out, "a new long passphrase")
    assert again.certificate == loaded.certificate and len(again.chain) == 1
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    with pytest.raises(WrongPassphrase):
        load_identity(out, "issued-pass")


def test_cli_new_and_show(tmp_path: Path, capsys, monkeypatch) -> None:
    pw = tmp_path / "pw.txt"
    pw.write_text("a long passphrase\n", "utf-8")
    out = tmp_path / "k.p12"
    assert main(["keys", "new", "--name", "Lim Vanna", "--role", "Prosecutor", "--out", str(out),
                 "--key-type", "ec", "--passphrase-file", str(pw),
                 "--cert-out", str(tmp_path / "c.pem")]) == 0
    printed = capsys.readouterr()
    assert "a long passphrase" not in printed.out + printed.err
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert (tmp_path / "c.pem").read_bytes().startswith(b"-----BEGIN CERTIFICATE-----")
    # refuses to overwrite
    before = out.read_bytes()
    assert main(["keys", "new", "--name", "X", "--role", "Y", "--out", str(out),
                 "--passphrase-file", str(pw)]) == 1
    assert out.read_bytes() == before
    monkeypatch.setenv("MLA_WRITER_PASSPHRASE", "a long passphrase")
    assert main(["keys", "show", str(out)]) == 0
    assert "Lim Vanna" in capsys.readouterr().out
    monkeypatch.setenv("MLA_WRITER_PASSPHRASE", "wrong passphrase")
    assert main(["keys", "show", str(out)]) == 2
    err = capsys.readouterr().err
    assert "wrong passphrase" in err and "a long passphrase" not in err
    assert out.read_bytes() == before
