"""Key files: strong encryption, mode 0600, clear errors for wrong passphrases and bad files."""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest

from mla_writer.cli import main
from mla_writer.signing import KeyFileError, WrongPassphrase, create_identity, load_identity

from .conftest import PASSPHRASE


def test_new_key_file_is_private_and_strongly_encrypted(key_file: Path) -> None:
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    info = subprocess.run(
        ["openssl", "pkcs12", "-in", str(key_file), "-info", "-noout", "-passin", "env:PW"],
        capture_output=True, text=True, env={**os.environ, "PW": PASSPHRASE}, check=True).stderr
    assert "Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC, Iteration 600000" in info


def test_certificate_says_who_signs_and_allows_non_repudiation(identity) -> None:
    info = identity.describe()
    assert (info["name"], info["role"], info["authority"]) == (
        "Sok Dara", "Director-General", "Ministry of Justice (fictional)")
    assert info["key_usage"] == ["digital_signature", "non_repudiation"]
    assert info["self_signed"] is True
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
    with pytest.raises(KeyFileError, match="at least 8"):
        create_identity(tmp_path / "weak.p12", "A", "B", "C", "short", key_type="ec")
    assert not (tmp_path / "weak.p12").exists()


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
