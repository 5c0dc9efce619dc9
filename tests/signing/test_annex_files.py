"""The files attached to the annexes go into the signed package, and a changed one refuses
signing: attach -> sign -> verify, from the library and the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from mla_writer import review, storage
from mla_writer.cli import main
from mla_writer.signing import PackageError, verify_package
from mla_writer.workflow import annexes
from mla_writer.workflow.package import build_package, refusal

from .conftest import CLOCK, PASSPHRASE, ROOT

SCAN = b"%PDF-1.4 decision to institute criminal proceedings\n"


def _case_with_annex(tmp_path: Path, *, approve: bool = True) -> Path:
    case = storage.load(ROOT / "examples" / "mla-bank-records.json")
    folder = tmp_path / "case"
    (folder / "annexes").mkdir(parents=True)
    (folder / "annexes" / "decision.pdf").write_bytes(SCAN)
    path = folder / "case.json"
    annexes.attach(case, 0, folder / "annexes" / "decision.pdf", path)
    if approve:
        review.submit(case, "Drafter Dara", CLOCK)
        review.approve(case, "Reviewer Vanna", CLOCK)
    storage.save(case, path)
    return path


def test_attach_sign_verify_round_trip(tmp_path: Path, identity, trust_pem: Path) -> None:
    path = _case_with_annex(tmp_path)
    case = storage.load(path)
    out = tmp_path / "package"
    result = build_package(case, out, identity, languages=["en"], clock=CLOCK, case_path=path)
    first, second = result.manifest["annexes"]
    assert first["included"] and first["file"] == "annex-01_decision.pdf"
    assert not second["included"] and "file" not in second
    assert (out / "annex-01_decision.pdf").read_bytes() == SCAN
    entry = next(f for f in result.manifest["files"] if f["path"] == "annex-01_decision.pdf")
    assert entry["kind"] == "annex"
    assert entry["sha256"] == case.request.annexes[0].file.sha256
    checklist = (out / "checklist.txt").read_text("utf-8")
    assert "file annex-01_decision.pdf" in checklist and "not in this package" in checklist
    report = verify_package(out, trust=trust_pem, now=CLOCK.now())
    assert report.ok, report.problems
    assert "annex-01_decision.pdf" in report.files


def test_a_changed_annex_file_refuses_signing_naming_the_annex(tmp_path: Path,
                                                                identity) -> None:
    path = _case_with_annex(tmp_path)
    (path.parent / "annexes" / "decision.pdf").write_bytes(SCAN + b"edited")
    case = storage.load(path)
    assert "annex 1" in refusal(case, clock=CLOCK, case_path=path)
    out = tmp_path / "package"
    with pytest.raises(PackageError, match=r"annex 1 \(Decision to institute .*changed"):
        build_package(case, out, identity, languages=["en"], clock=CLOCK, case_path=path)
    assert not out.exists()
    assert case.review.status == "approved"


def test_a_missing_annex_file_refuses_signing(tmp_path: Path, identity) -> None:
    path = _case_with_annex(tmp_path)
    (path.parent / "annexes" / "decision.pdf").unlink()
    with pytest.raises(PackageError, match=r"annex 1 .* is missing"):
        build_package(storage.load(path), tmp_path / "p", identity, languages=["en"],
                      clock=CLOCK, case_path=path)


def test_attached_files_and_annex_option_do_not_mix(tmp_path: Path, identity) -> None:
    path = _case_with_annex(tmp_path)
    with pytest.raises(PackageError, match="records the files of its annexes"):
        build_package(storage.load(path), tmp_path / "p", identity, languages=["en"],
                      clock=CLOCK, case_path=path, annex_files=[path])


def test_a_file_attached_after_approval_needs_review_again(tmp_path: Path, identity) -> None:
    path = _case_with_annex(tmp_path)
    case = storage.load(path)
    extra = path.parent / "annexes" / "form.pdf"
    extra.write_bytes(b"form")
    annexes.attach(case, 1, extra, path)
    assert "changed after it was approved" in refusal(case, clock=CLOCK, case_path=path)


def test_save_as_into_another_folder_still_signs(tmp_path: Path, identity,
                                                 trust_pem: Path) -> None:
    path = _case_with_annex(tmp_path)
    case = storage.load(path)
    new = tmp_path / "elsewhere" / "case-copy.json"
    new.parent.mkdir()
    annexes.rebase(case, path, new)
    storage.save(case, new)
    out = tmp_path / "package"
    build_package(storage.load(new), out, identity, languages=["en"], clock=CLOCK,
                  case_path=new)
    assert (out / "annex-01_decision.pdf").read_bytes() == SCAN
    assert verify_package(out, trust=trust_pem, now=CLOCK.now()).ok


def test_cli_annex_attach_sign_verify(tmp_path: Path, key_file: Path, trust_pem: Path,
                                      capsys, monkeypatch) -> None:
    monkeypatch.setenv("MLA_WRITER_PASSPHRASE", PASSPHRASE)
    path = _case_with_annex(tmp_path, approve=False)
    case = storage.load(path)
    review.submit(case, "Drafter Dara", CLOCK)
    review.approve(case, "Reviewer Vanna", CLOCK)
    storage.save(case, path)
    out = tmp_path / "pkg"
    assert main(["sign", str(path), "--key", str(key_file), "--out", str(out), "--lang",
                 "en", "--now", "2026-11-20T08:00:00Z"]) == 0
    assert (out / "annex-01_decision.pdf").is_file()
    assert main(["verify", str(out), "--trust", str(trust_pem)]) == 0
    capsys.readouterr()
    (path.parent / "annexes" / "decision.pdf").write_bytes(b"tampered")
    assert main(["sign", str(path), "--key", str(key_file), "--out", str(tmp_path / "pkg2"),
                 "--lang", "en", "--now", "2026-11-20T08:00:00Z"]) == 1
    err = capsys.readouterr().err
    assert "cannot sign" in err and "annex 1" in err and "changed" in err
