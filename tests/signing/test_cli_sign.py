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
    assert "Approval: by Reviewer Vanna, NOT signed with a key" in printed.out
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


def test_signed_approval_is_shown_by_sign_and_verify(tmp_path: Path, key_file: Path,
                                                     trust_pem: Path, capsys,
                                                     monkeypatch) -> None:
    from mla_writer import review
    from mla_writer.signing import create_identity

    from .conftest import CLOCK, ROOT

    reviewer_key = tmp_path / "reviewer.p12"
    create_identity(reviewer_key, "Reviewer Vanna", "Deputy Prosecutor-General",
                    "Ministry of Justice (fictional)", "reviewer long passphrase",
                    key_type="ec", clock=CLOCK)
    case_path = tmp_path / "case.json"
    case = storage.load(ROOT / "examples" / "mla-bank-records.json")
    review.submit(case, "Drafter Dara", CLOCK)
    storage.save(case, case_path)
    monkeypatch.setenv("MLA_WRITER_PASSPHRASE", "reviewer long passphrase")
    assert main(["review", "approve", str(case_path), "--key", str(reviewer_key)]) == 0
    assert "approval signed with the key of Reviewer Vanna" in capsys.readouterr().out
    monkeypatch.setenv("MLA_WRITER_PASSPHRASE", PASSPHRASE)
    assert main(["sign", str(case_path), "--key", str(key_file), "--out",
                 str(tmp_path / "pkg"), "--lang", "en"]) == 0
    assert "Approval: by Reviewer Vanna, signed with the key of Reviewer Vanna" in \
        capsys.readouterr().out
    assert main(["verify", str(tmp_path / "pkg"), "--trust", str(trust_pem)]) == 0
    out = capsys.readouterr().out
    assert "Review: approved by Reviewer Vanna" in out and "approval signed by Reviewer" in out


def test_verify_options_at_signing_time_and_max_size(tmp_path: Path, expired_identity,
                                                     capsys) -> None:
    import datetime as dt

    from mla_writer.domain.clock import fixed_clock
    from mla_writer.workflow.package import build_package

    result = build_package(approved_case(), tmp_path / "old", expired_identity,
                           languages=["en"], make_zip=True,
                           clock=fixed_clock(dt.datetime(2020, 6, 1, tzinfo=dt.UTC)))
    trust = tmp_path / "old.pem"
    trust.write_bytes(expired_identity.cert_pem())
    assert main(["verify", str(result.zip_path), "--trust", str(trust)]) == 1
    assert "cannot be proven" in capsys.readouterr().out
    assert main(["verify", str(result.zip_path), "--trust", str(trust),
                 "--at-signing-time"]) == 0
    assert "Note: certificate validity judged at the signing time" in capsys.readouterr().out
    assert main(["verify", str(result.zip_path), "--trust", str(trust), "--at-signing-time",
                 "--max-size", "1"]) == 0  # the package is well under 1 MiB
    capsys.readouterr()
    assert main(["verify", str(result.directory), "--trust", str(trust), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["signed_at"] == "2020-06-01T00:00:00+00:00" and report["intact"]
    assert report["training"] is False and report["review_status"] == "approved"


def test_review_check_finds_a_rollback_against_the_package(tmp_path: Path, key_file: Path,
                                                           capsys, monkeypatch) -> None:
    monkeypatch.setenv("MLA_WRITER_PASSPHRASE", PASSPHRASE)
    case = _case_file(tmp_path)
    assert main(["sign", str(case), "--key", str(key_file), "--out", str(tmp_path / "pkg"),
                 "--lang", "en", "--zip"]) == 0
    assert main(["review", "transmit", str(case), "--actor", "Clerk Lim", "--package",
                 str(tmp_path / "pkg.zip"), "--channel", "diplomatic bag"]) == 0
    assert main(["review", "check", str(case), "--package", str(tmp_path / "pkg.zip")]) == 0
    capsys.readouterr()
    data = json.loads(case.read_text("utf-8"))
    del data["review"]["audit_log"][-2:]
    data["review"]["status"] = "approved"
    case.write_text(json.dumps(data), "utf-8")
    assert main(["review", "show", str(case)]) == 0  # intact on its own terms
    assert main(["review", "check", str(case), "--package", str(tmp_path / "pkg")]) == 1
    assert "rolled back" in capsys.readouterr().out
