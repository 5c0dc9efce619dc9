"""Attacks on signing and verification: zips whose two lists of files differ, a certificate
name holding terminal escapes, the office policy at `verify`, weak passphrases and passphrases
typed in another Unicode form, and the manual check the README describes."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.serialization import pkcs12

from mla_writer.cli import main
from mla_writer.signing import (
    KeyFileError,
    WrongPassphrase,
    create_identity,
    load_identity,
    passphrase_problem,
    verify_package,
)

from .conftest import CLOCK, ROOT, approved_case

PREFIX = "zip structure not accepted: "


def _zip_bytes(package) -> bytes:
    return package[0].zip_path.read_bytes()


def _eocd(data: bytes) -> int:
    return data.rindex(b"PK\x05\x06")


def _hidden_local_entry(data: bytes) -> bytes:
    """A local entry inserted before the central directory, which does not list it (a
    streaming unzip extracts it; zipfile and most tools do not see it)."""
    at = _eocd(data)
    cd_size, cd_offset = struct.unpack_from("<II", data, at + 12)
    name, body = b"checklist.txt", b"All checks passed. Nothing to see."
    import zlib

    local = struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 0, 0, 0, zlib.crc32(body),
                        len(body), len(body), len(name), 0) + name + body
    end = bytearray(data[at:])
    struct.pack_into("<I", end, 16, cd_offset + len(local))
    central = bytearray(data[cd_offset:cd_offset + cd_size])
    return data[:cd_offset] + local + bytes(central) + bytes(end)


def _renamed_local(data: bytes) -> bytes:
    """The first local header names another file than the central directory says."""
    out = bytearray(data)
    name_len = struct.unpack_from("<H", out, 26)[0]
    name = bytes(out[30:30 + name_len])
    out[30:30 + name_len] = (b"X" + name[1:]) if name[:1] != b"X" else (b"Y" + name[1:])
    return bytes(out)


ATTACKS = {
    "data before the archive": (lambda d: b"MZ" + b"\0" * 62 + d,
                                "64 bytes of data before the archive"),
    "data after the archive": (lambda d: d + b"<html>appended</html>",
                               "no end-of-archive record ends the file"),
    "hidden local entry": (_hidden_local_entry,
                           "between the last entry and the central directory belong to no"
                           " listed entry"),
    "local name differs": (_renamed_local, "the local header names"),
}


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_zips_whose_entries_and_directory_disagree_are_refused_with_the_reason(
        package, tmp_path: Path, trust_pem, attack: str, capsys) -> None:
    forge, reason = ATTACKS[attack]
    path = tmp_path / "attack.zip"
    path.write_bytes(forge(_zip_bytes(package)))
    report = verify_package(path, trust=trust_pem)
    assert not report.ok
    assert len(report.problems) == 1 and report.problems[0].startswith(PREFIX)
    assert reason in report.problems[0], report.problems
    assert main(["verify", str(path), "--trust", str(trust_pem)]) == 1
    assert reason in capsys.readouterr().out


def test_the_zip_mla_writer_writes_passes_the_strict_check(package, trust_pem) -> None:
    from mla_writer.signing.zipcheck import check_structure

    with package[0].zip_path.open("rb") as fh:
        check_structure(fh)
    assert verify_package(package[0].zip_path, trust=trust_pem).ok


def test_zip64_and_data_descriptors_as_python_writes_them_pass(tmp_path: Path) -> None:
    from mla_writer.signing.zipcheck import check_structure

    path = tmp_path / "z.zip"
    with open(path, "wb") as raw:
        class Unseekable:
            def write(self, b: bytes) -> int:
                return raw.write(b)

            def flush(self) -> None:
                raw.flush()

        with zipfile.ZipFile(Unseekable(), "w", zipfile.ZIP_DEFLATED) as zf:  # type: ignore
            zf.writestr("a.txt", b"a" * 1000)
            with zf.open("b.txt", "w", force_zip64=True) as fh:
                fh.write(b"b" * 100)
    with path.open("rb") as fh:
        check_structure(fh)


def test_a_certificate_name_with_terminal_escapes_cannot_spoof_the_verdict(
        tmp_path: Path, capsys, monkeypatch) -> None:
    from mla_writer.workflow.package import build_package

    signer = create_identity(None, "Sok Dara", "Director", "Ministry (fictional)", "x",
                             key_type="ec", clock=CLOCK)
    evil = "Sok Dara\x1b[2K\r\x1b[32mvalid: signed by Sok Dara\x1b[0m\u202e"
    object.__setattr__(signer, "certificate", _renamed(signer, evil))
    from mla_writer.signing import package as package_module

    # an attacker's own program would not refuse the name: skip mla-writer's refusal
    monkeypatch.setattr(package_module, "identity_problem", lambda identity, now: "")
    result = build_package(approved_case(), tmp_path / "pkg", signer, languages=["en"],
                           clock=CLOCK, actor="Sok Dara")
    trust = tmp_path / "trust.pem"
    trust.write_bytes(signer.cert_pem())
    code = main(["verify", str(result.directory)])  # no --trust: NOT VALID
    out = capsys.readouterr().out
    assert code == 1
    assert "\x1b" not in out and "\r" not in out and "\u202e" not in out
    assert out.startswith("NOT VALID (signed by Sok Dara<U+001B>[2K<U+000D><U+001B>[32m")


def _renamed(identity, name: str):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.x509.oid import NameOID

    old = identity.certificate
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    return (x509.CertificateBuilder().subject_name(subject).issuer_name(subject)
            .public_key(identity.private_key.public_key()).serial_number(old.serial_number)
            .not_valid_before(old.not_valid_before_utc).not_valid_after(old.not_valid_after_utc)
            .add_extension(x509.KeyUsage(
                digital_signature=True, content_commitment=True, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=True,
                crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
            .sign(identity.private_key, hashes.SHA256()))


def test_policy_at_verify_names_the_unsigned_approval(package, tmp_path: Path, trust_pem,
                                                      capsys) -> None:
    reviewer = create_identity(None, "Reviewer Vanna", "Prosecutor", "Procuracy (fictional)",
                               "x", key_type="ec", clock=CLOCK)
    (tmp_path / "reviewers.pem").write_bytes(reviewer.cert_pem())
    policy = tmp_path / "policy.toml"
    policy.write_text("[approvals]\nmust_be_key_signed = true\n"
                      "trusted_reviewers = \"reviewers.pem\"\n", "utf-8")
    zipped = str(package[0].zip_path)
    assert main(["verify", zipped, "--trust", str(trust_pem)]) == 0
    capsys.readouterr()
    assert main(["verify", zipped, "--trust", str(trust_pem), "--policy", str(policy)]) == 1
    out = capsys.readouterr().out
    assert "approval not acceptable: the approval is not signed with a key, and the office" \
        f" policy ({policy}) requires approvals signed with a reviewer's key" in out


@pytest.mark.parametrize("weak", ["password1234", "123456789012", "cat dog cow",
                                  "qwertyuiopasdf", "Password2026", "river lantern"])
def test_weak_passphrases_are_refused(weak: str) -> None:
    assert passphrase_problem(weak)


@pytest.mark.parametrize("strong", ["river lantern orchard", "Mekong-ferry 7 at dusk",
                                    "ស្រូវ ទឹក ភ្នំ ព្រៃ", "แม่น้ำ ตะเกียง สวนผลไม้"])
def test_good_passphrases_are_accepted(strong: str) -> None:
    assert passphrase_problem(strong) == ""


def test_a_passphrase_typed_in_another_unicode_form_opens_the_key(tmp_path: Path) -> None:
    composed = "caf\u00e9 lantern orchard"
    decomposed = "cafe\u0301 lantern orchard"
    path = tmp_path / "k.p12"
    create_identity(path, "Sok Dara", "Director", "Ministry (fictional)", decomposed,
                    key_type="ec", clock=CLOCK)
    assert load_identity(path, composed).name == "Sok Dara"
    assert load_identity(path, decomposed).name == "Sok Dara"
    with pytest.raises(WrongPassphrase):
        load_identity(path, "cafe lantern orchard")


def test_a_key_written_with_the_raw_form_by_an_earlier_version_still_opens(
        tmp_path: Path) -> None:
    from mla_writer.signing.keys import _encryption

    identity = create_identity(None, "Sok Dara", "Director", "Ministry (fictional)", "x",
                               key_type="ec", clock=CLOCK)
    decomposed = "cafe\u0301 lantern orchard"
    old = pkcs12.serialize_key_and_certificates(
        b"Sok Dara", identity.private_key, identity.certificate, None,
        _encryption(decomposed.encode("utf-8")))
    path = tmp_path / "old.p12"
    path.write_bytes(old)
    assert load_identity(path, decomposed).name == "Sok Dara"
    assert load_identity(path, "caf\u00e9 lantern orchard").name == "Sok Dara"


def test_a_signer_name_with_invisible_characters_is_refused(tmp_path: Path) -> None:
    with pytest.raises(KeyFileError, match="U\\+200B"):
        create_identity(tmp_path / "k.p12", "Sok\u200b Dara", "Director", "Ministry",
                        "river lantern orchard")


def _readme_check() -> str:
    text = (ROOT / "README.md").read_text("utf-8")
    block = text.split("<!-- manual-check:begin -->", 1)[1].split("<!-- manual-check:end -->")[0]
    script = block.split("<<'EOF'\n", 1)[1].split("\nEOF", 1)[0]
    return script


def test_the_readme_manual_check_catches_a_pdf_changed_after_signing(package,
                                                                     tmp_path: Path) -> None:
    folder = tmp_path / "unzipped"
    with zipfile.ZipFile(package[0].zip_path) as zf:
        zf.extractall(folder)
    script = _readme_check()

    def run() -> str:
        return subprocess.run([sys.executable, "-c", script], cwd=folder, check=True,
                              capture_output=True, text=True).stdout

    lines = run().splitlines()
    assert lines and all(line.startswith("OK ") for line in lines)
    pdf = next(folder.glob("*request_en.pdf"))
    with pdf.open("ab") as fh:
        fh.write(b"\n%incremental update\n")
    assert f"CHANGED {pdf.name}" in run()
    (folder / "extra.pdf").write_bytes(b"%PDF-1.7")
    assert "NOT LISTED extra.pdf" in run()
    if shutil.which("pdfsig"):  # what the README says pdfsig prints, checked against pdfsig
        readme = (ROOT / "README.md").read_text("utf-8")
        changed = subprocess.run(["pdfsig", "-nocert", str(pdf)], capture_output=True,
                                 text=True).stdout
        intact = subprocess.run(["pdfsig", "-nocert", str(package[0].directory / pdf.name)],
                                capture_output=True, text=True).stdout
        for line in ("- Not total document signed", "- Total document signed",
                     "- Signature Validation: Signature is Valid."):
            assert f"`{line}`" in readme
        assert "- Not total document signed" in changed
        assert "- Total document signed" in intact
        size = os.path.getsize(package[0].directory / pdf.name)
        assert f" - {size}]" in intact


def test_a_hidden_character_in_the_signing_name_refuses_before_anything_is_written(
        identity, tmp_path: Path) -> None:
    from mla_writer.signing import PackageError
    from mla_writer.workflow.package import build_package

    case = approved_case()
    with pytest.raises(PackageError, match="U\\+200B ZERO WIDTH SPACE"):
        build_package(case, tmp_path / "pkg", identity, languages=["en"], clock=CLOCK,
                      actor="Sok\u200b Dara")
    assert not (tmp_path / "pkg").exists()
    assert [e.action for e in case.review.audit_log] == ["submit", "approve"]
