"""The transmission package: contents, manifest, audit record, refusals and every tampering."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import zipfile
from pathlib import Path

import pytest

from mla_writer import __version__, review, storage
from mla_writer.domain.clock import fixed_clock
from mla_writer.domain.review import Status
from mla_writer.signing import (
    PackageError,
    PackageReadError,
    build_package,
    plan_package,
    verify_package,
)
from mla_writer.signing.verify import NO_TRUST

from .conftest import CLOCK, ROOT, approved_case


def _copy(package, tmp_path: Path) -> Path:
    result, _ = package
    target = tmp_path / "copy"
    shutil.copytree(result.directory, target)
    return target


def test_package_holds_signed_documents_checklist_certificate_and_manifest(package) -> None:
    result, _ = package
    names = sorted(p.name for p in result.directory.iterdir())
    base = "vkstc-htqt-2026-0417"
    assert names == sorted([
        f"{base}_request_en.pdf", f"{base}_request_en.docx", f"{base}_transmittal_en.pdf",
        f"{base}_transmittal_en.docx", "checklist.txt", "checklist.json", "signer.pem",
        "manifest.json", "manifest.json.p7s"])
    m = json.loads((result.directory / "manifest.json").read_text("utf-8"))
    assert m == result.manifest
    assert m["request"]["reference"] == "VKSTC-HTQT/2026/0417"
    assert m["request"]["requested_state"] == "TH"
    assert m["profile"]["id"] == "states/TH" and m["profile"]["version"]
    assert set(m["templates"]) == {"request", "transmittal"}
    assert all(len(v) == 12 for v in m["templates"].values())
    assert m["program"] == {"name": "mla-writer", "version": __version__}
    assert m["created"] == CLOCK.now().isoformat()
    assert [a["included"] for a in m["annexes"]] == [False, False]
    for entry in m["files"]:
        data = (result.directory / entry["path"]).read_bytes()
        assert entry["size"] == len(data)
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
    assert {e["path"] for e in m["files"]} == set(names) - {"manifest.json", "manifest.json.p7s"}
    checklist = (result.directory / "checklist.txt").read_text("utf-8")
    assert "VKSTC-HTQT/2026/0417" in checklist and "Annexes" in checklist


def test_signing_is_recorded_in_the_audit_log(package) -> None:
    result, case = package
    entry = case.review.audit_log[-1]
    assert (entry.action, entry.actor) == ("sign", "Sok Dara")
    manifest = (result.directory / "manifest.json").read_bytes()
    assert entry.detail["manifest_sha256"] == hashlib.sha256(manifest).hexdigest()
    assert case.review.status is Status.SIGNED
    assert review.verify_audit_log(case) == []


def test_round_trip_with_trust_anchor(package, trust_pem: Path) -> None:
    result, _ = package
    for path in (result.directory, result.zip_path):
        report = verify_package(path, trust=trust_pem)
        assert report.ok, report.problems
        assert report.trusted and report.intact
        assert report.signer == "Sok Dara, Director-General, Ministry of Justice (fictional)"
        assert len(report.files) == 7


def test_without_trust_anchor_intact_but_not_ok(package) -> None:
    report = verify_package(package[0].directory)
    assert report.intact and not report.ok
    assert report.problems == [NO_TRUST]


def test_wrong_trust_anchor(package, other_identity) -> None:
    report = verify_package(package[0].directory, trust=other_identity.certificate)
    assert not report.ok
    assert any(p.startswith("signer not trusted") for p in report.problems)


def _flip(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))


EXPECTED = {
    "manifest.json": "manifest signature broken",
    "manifest.json.p7s": "manifest signature broken",
    "signer.pem": "file modified: signer.pem",
}


def test_one_byte_changed_in_any_file_is_caught(package, tmp_path: Path, trust_pem) -> None:
    names = sorted(p.name for p in package[0].directory.iterdir())
    for n, name in enumerate(names):
        folder = _copy(package, tmp_path / str(n))
        _flip(folder / name)
        report = verify_package(folder, trust=trust_pem)
        assert not report.ok, name
        expected = EXPECTED.get(name, f"file modified: {name}")
        assert any(expected in p for p in report.problems), (name, report.problems)
        if name.endswith(".pdf"):
            assert any(p.startswith(f"PDF signature broken: {name}") for p in report.problems)


def test_missing_and_added_files(package, tmp_path: Path, trust_pem) -> None:
    for n, name in enumerate(sorted(p.name for p in package[0].directory.iterdir())):
        folder = _copy(package, tmp_path / str(n))
        (folder / name).unlink()
        report = verify_package(folder, trust=trust_pem)
        assert any(p.startswith(f"file missing: {name}") for p in report.problems), name
    folder = _copy(package, tmp_path / "added")
    (folder / "note.txt").write_text("extra", "utf-8")
    report = verify_package(folder, trust=trust_pem)
    assert report.problems == ["file added: note.txt (not in the signed manifest)"]


def test_manifest_from_another_package(package, tmp_path: Path, identity, trust_pem) -> None:
    other = build_package(approved_case("extradition-accused"), tmp_path / "other", identity,
                          languages=["en"], clock=CLOCK)
    both = _copy(package, tmp_path / "both")
    for name in ("manifest.json", "manifest.json.p7s"):
        shutil.copy(other.directory / name, both / name)
    report = verify_package(both, trust=trust_pem)
    assert any(p.startswith("file missing:") for p in report.problems)
    assert any(p.startswith("file added:") for p in report.problems)
    only = _copy(package, tmp_path / "only")
    shutil.copy(other.directory / "manifest.json", only / "manifest.json")
    report = verify_package(only, trust=trust_pem)
    assert any(p.startswith("manifest signature broken") for p in report.problems)


def test_expired_and_not_yet_valid_certificate(tmp_path: Path, expired_identity) -> None:
    with pytest.raises(PackageError, match="certificate expired on 2021-01-01"):
        build_package(approved_case(), tmp_path / "now", expired_identity, languages=["en"],
                      clock=CLOCK)
    assert not (tmp_path / "now").exists()
    in_2020 = fixed_clock(dt.datetime(2020, 6, 1, tzinfo=dt.UTC))
    result = build_package(approved_case(), tmp_path / "old", expired_identity,
                           languages=["en"], clock=in_2020)
    report = verify_package(result.directory, trust=expired_identity.certificate)
    assert report.problems == ["certificate expired on 2021-01-01 00:00 UTC"]
    assert report.intact and not report.ok
    early = verify_package(result.directory, trust=expired_identity.certificate,
                           now=dt.datetime(2019, 6, 1, tzinfo=dt.UTC))
    assert early.problems == ["certificate not yet valid: valid from 2020-01-01 00:00 UTC"]


def test_pdf_re_signed_by_someone_else(package, tmp_path: Path, other_identity,
                                       trust_pem) -> None:
    from mla_writer.render import build_documents
    from mla_writer.signing.pdf_sign import sign_pdf

    folder = _copy(package, tmp_path / "resigned")
    fresh = tmp_path / "fresh.pdf"
    pdf = next(p for p in build_documents(approved_case(), tmp_path / "docs",
                                          formats=("pdf",), languages=["en"], clock=CLOCK))
    sign_pdf(pdf, other_identity, CLOCK.now(), out=fresh)
    shutil.copy(fresh, folder / pdf.name)
    report = verify_package(folder, trust=trust_pem)
    assert report.problems == [
        f"file modified: {pdf.name} (its SHA-256 differs from the manifest)",
        f"PDF signature broken: {pdf.name} was signed by another certificate"]


def test_zip_with_path_traversal_is_rejected(tmp_path: Path) -> None:
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(bad, "w") as zf:
        zf.writestr("../evil.txt", "x")
    with pytest.raises(PackageReadError, match="unexpected entry"):
        verify_package(bad)
    (tmp_path / "junk.zip").write_bytes(b"junk")
    with pytest.raises(PackageReadError, match="not a readable zip"):
        verify_package(tmp_path / "junk.zip")


# ------------------------------------------------------------------ refusals and plan


def test_draft_is_refused_and_nothing_is_written(tmp_path: Path, identity) -> None:
    case = storage.load(ROOT / "examples" / "mla-bank-records.json")
    before = case.model_dump()
    with pytest.raises(PackageError, match="not approved"):
        build_package(case, tmp_path / "out", identity, languages=["en"], clock=CLOCK)
    assert not (tmp_path / "out").exists()
    assert case.model_dump() == before
    assert list(tmp_path.iterdir()) == []


def test_changed_after_approval_is_refused(tmp_path: Path, identity) -> None:
    case = approved_case()
    case.request.purpose = "Something else."
    with pytest.raises(PackageError, match="changed after it was approved"):
        build_package(case, tmp_path / "out", identity, languages=["en"], clock=CLOCK)


def test_non_empty_target_is_refused(tmp_path: Path, identity) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "old.txt").write_text("x", "utf-8")
    with pytest.raises(PackageError, match="not an empty folder"):
        build_package(approved_case(), tmp_path / "out", identity, languages=["en"],
                      clock=CLOCK)


def test_training_signature_of_a_draft_is_marked(tmp_path: Path, identity, trust_pem) -> None:
    case = storage.load(ROOT / "examples" / "mla-bank-records.json")
    result = build_package(case, tmp_path / "t", identity, languages=["en"], clock=CLOCK,
                           training=True)
    assert result.manifest["training"] is True
    assert case.review.status is Status.DRAFT and case.training is False
    assert case.review.audit_log[-1].action == "training_sign"
    assert verify_package(result.directory, trust=trust_pem).ok


def test_plan_lists_the_files_the_package_will_hold(package) -> None:
    result, _ = package
    case = approved_case()
    plan = plan_package(case, ["en"], clock=CLOCK)
    assert plan["refused"] == ""
    assert plan["files"] == [{"path": f["path"], "kind": f["kind"]}
                             for f in result.manifest["files"]]
    assert plan["templates"] == result.manifest["templates"]
    draft = plan_package(storage.load(ROOT / "examples" / "mla-bank-records.json"), ["en"])
    assert "not approved" in draft["refused"]


def test_annex_files_are_copied_and_listed(tmp_path: Path, identity, trust_pem) -> None:
    scan = tmp_path / "Decision 112.PDF"
    scan.write_bytes(b"%PDF-1.4 scanned decision")
    result = build_package(approved_case(), tmp_path / "p", identity, languages=["en"],
                           clock=CLOCK, annex_files=[scan])
    assert (result.directory / "annex-01_decision-112.pdf").read_bytes() == scan.read_bytes()
    annexes = result.manifest["annexes"]
    assert annexes[0]["included"] and annexes[0]["file"] == "annex-01_decision-112.pdf"
    assert not annexes[1]["included"]
    text = (result.directory / "checklist.txt").read_text("utf-8")
    assert "annex-01_decision-112.pdf" in text and "not in this package" in text
    assert verify_package(result.directory, trust=trust_pem).ok
    with pytest.raises(PackageError, match="annex file"):
        build_package(approved_case(), tmp_path / "q", identity, languages=["en"],
                      clock=CLOCK, annex_files=[tmp_path / "missing.pdf"])


def test_training_copy_of_an_approved_real_case_does_not_sign_it(tmp_path: Path,
                                                                 identity) -> None:
    case = approved_case()
    result = build_package(case, tmp_path / "t", identity, languages=["en"], clock=CLOCK,
                           training=True)
    assert result.manifest["training"] is True
    assert case.review.status is Status.APPROVED
    assert case.review.audit_log[-1].action == "training_sign"


def test_an_approved_training_case_goes_through_the_full_workflow(tmp_path: Path,
                                                                  identity) -> None:
    case = storage.load(ROOT / "examples" / "mla-bank-records.json")
    case.training = True
    review.submit(case, "Trainee", CLOCK)
    review.approve(case, "Trainer", CLOCK)
    build_package(case, tmp_path / "t", identity, languages=["en"], clock=CLOCK)
    assert case.review.status is Status.SIGNED


def test_files_changed_and_manifest_re_signed_by_an_impostor(package, tmp_path: Path,
                                                             other_identity, trust_pem) -> None:
    """The attacker edits a file, rebuilds and signs the manifest with their own key and puts
    their certificate in: intact on its own terms, but the trust anchor exposes it."""
    from mla_writer.signing.manifest import file_entry, manifest_bytes, sign_detached

    folder = _copy(package, tmp_path / "forged")
    (folder / "checklist.txt").write_text("nothing to see", "utf-8")
    (folder / "signer.pem").write_bytes(other_identity.cert_pem())
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    manifest["files"] = [file_entry(folder, e["path"], e["kind"]) for e in manifest["files"]]
    data = manifest_bytes(manifest)
    (folder / "manifest.json").write_bytes(data)
    (folder / "manifest.json.p7s").write_bytes(sign_detached(data, other_identity))
    report = verify_package(folder, trust=trust_pem)
    assert not report.ok
    assert any(p.startswith("signer not trusted") for p in report.problems)
    assert sum("signed by another certificate" in p for p in report.problems) == 2
    assert report.signer.startswith("Someone Else")
