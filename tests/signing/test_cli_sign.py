"""`mla-writer sign` and `mla-writer verify` from the command line."""

from __future__ import annotations

import json
from pathlib import Path

from mla_writer import storage
from mla_writer.cli import main
from mla_writer.domain.review import Status

from .conftest import PASSPHRASE, approved_case


def _case_file(tmp_path: Path, approved: bool = True) -> Path:
    path = tmp_path / "case.json"
    if approved:
        storage.save(approved_case(), path)
    else:
        path.write_bytes((Path(__file__).resolve().parents[2] / "examples"
                          / "mla-bank-records.json").read_bytes())
    return path


def test_sign_then_verify(tmp_path: Path, key_file: Path, trust_pem: Path, capsys,
                          monkeypatch) -> None:
    monkeypatch.setenv("MLA_WRITER_PASSPHRASE", PASSPHRASE)
    case = _case_file(tmp_path)
    out = tmp_path / "pkg"
    assert main(["sign", str(case), "--key", str(key_file), "--out", str(out), "--zip",
                 "--lang", "en"]) == 0
    printed = capsys.readouterr()
    assert PASSPHRASE not in printed.out + printed.err
    assert "Package written to" in printed.out
    assert storage.load(case).review.status is Status.SIGNED
    assert main(["verify", str(out), "--trust", str(trust_pem)]) == 0
    assert capsys.readouterr().out.startswith("valid: signed by Sok Dara")
    assert main(["verify", str(tmp_path / "pkg.zip")]) == 1
    text = capsys.readouterr().out
    assert "signer not trusted" in text and "The package is intact" in text
    (out / "checklist.txt").write_text("changed", "utf-8")
    assert main(["verify", str(out), "--trust", str(trust_pem), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["problems"] == [
        "file modified: checklist.txt (its SHA-256 differs from the manifest)"]


def test_wrong_passphrase_changes_nothing(tmp_path: Path, key_file: Path, capsys,
                                          monkeypatch) -> None:
    monkeypatch.setenv("MLA_WRITER_PASSPHRASE", "not the passphrase")
    case = _case_file(tmp_path)
    before = case.read_bytes()
    assert main(["sign", str(case), "--key", str(key_file), "--out",
                 str(tmp_path / "pkg")]) == 2
    assert "wrong passphrase" in capsys.readouterr().err
    assert case.read_bytes() == before
    assert not (tmp_path / "pkg").exists()


def test_draft_refused_before_the_passphrase_is_asked(tmp_path: Path, key_file: Path,
                                                      capsys, monkeypatch) -> None:
    monkeypatch.delenv("MLA_WRITER_PASSPHRASE", raising=False)
    case = _case_file(tmp_path, approved=False)
    assert main(["sign", str(case), "--key", str(key_file), "--out",
                 str(tmp_path / "pkg")]) == 1
    assert "not approved" in capsys.readouterr().err
    assert not (tmp_path / "pkg").exists()


def test_verify_unreadable_package(tmp_path: Path, capsys) -> None:
    assert main(["verify", str(tmp_path / "nothing")]) == 2
    assert "no such package" in capsys.readouterr().err
    (tmp_path / "empty").mkdir()
    assert main(["verify", str(tmp_path / "empty")]) == 1
    assert "file missing: manifest.json" in capsys.readouterr().out
