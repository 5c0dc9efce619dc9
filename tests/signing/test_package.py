"""The transmission package: contents, manifest, audit record, refusals and every tampering."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from mla_writer import __version__, review, storage
from mla_writer.cli import main
from mla_writer.domain.clock import fixed_clock
from mla_writer.domain.review import Status
from mla_writer.signing import (
    Identity,
    PackageError,
    PackageReadError,
    verify_package,
)
from mla_writer.signing.manifest import canonical_json
from mla_writer.signing.verify import NO_TRUST, TRAINING
from mla_writer.workflow.package import build_package, plan_package

from .conftest import CLOCK, ROOT, approved_case


def _copy(package, tmp_path: Path) -> Path:
    result, _ = package
    target = tmp_path / "copy"
    shutil.copytree(result.directory, target)
    return target


def test_package_holds_signed_documents_checklist_certificate_and_manifest(package) -> None:
    result, case = package
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
    assert m["training"] is False
    assert m["review"]["status"] == "approved"
    assert m["review"]["approved_by"] == "Reviewer Vanna"
    assert m["review"]["approval_signature"] == ""  # approved by name only
    assert m["review"]["audit_log"] == {"length": 2, "head": case.review.audit_log[1].hash,
                                        "repaired": 0}
    for entry in m["files"]:
        data = (result.directory / entry["path"]).read_bytes()
        assert entry["size"] == len(data)
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
    assert {e["path"] for e in m["files"]} == set(names) - {"manifest.json", "manifest.json.p7s"}
    checklist = (result.directory / "checklist.txt").read_text("utf-8")
    assert "VKSTC-HTQT/2026/0417" in checklist and "Annexes" in checklist


def test_manifest_is_canonical_json(package) -> None:
    raw = (package[0].directory / "manifest.json").read_bytes()
    assert raw == canonical_json(json.loads(raw))
    assert b"\n" not in raw and b", " not in raw and b": " not in raw
    assert raw.startswith(b'{"annexes":[')


def test_canonical_json_follows_rfc_8785_for_strings_and_key_order() -> None:
    assert canonical_json({"b": [1, True, None], "a": "é\n\u001f\"/"}) == (
        '{"a":"é\\n\\u001f\\"/","b":[1,true,null]}').encode()
    # keys sort by UTF-16 code units: U+1F600 (surrogates D83D…) before U+FF21
    assert canonical_json({"\uff21": 1, "\U0001f600": 2}) == '{"😀":2,"Ａ":1}'.encode()
    with pytest.raises(TypeError):
        canonical_json({"size": 1.5})


def test_a_re_serialised_manifest_is_not_accepted(package, tmp_path: Path, identity,
                                                  trust_pem) -> None:
    """Same facts, other bytes (indented), signed again by the right key: still refused."""
    from mla_writer.signing.manifest import sign_detached

    folder = _copy(package, tmp_path / "pretty")
    pretty = json.dumps(json.loads((folder / "manifest.json").read_bytes()), indent=2).encode()
    (folder / "manifest.json").write_bytes(pretty)
    (folder / "manifest.json.p7s").write_bytes(sign_detached(pretty, identity, CLOCK.now()))
    report = verify_package(folder, trust=trust_pem)
    assert report.problems == ["manifest not usable: manifest.json is not in canonical form (it"
                               " was re-written after signing, or not made by mla-writer)"]


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


@pytest.mark.parametrize("which", ["package", "rsa_package"])
def test_one_byte_changed_in_any_file_is_caught(which, request, tmp_path: Path) -> None:
    """RSA and EC signers: the CMS and certificate layouts differ, so both are tried."""
    pkg = request.getfixturevalue(which)
    trust = pkg[0].directory / "signer.pem"
    names = sorted(p.name for p in pkg[0].directory.iterdir())
    for n, name in enumerate(names):
        folder = _copy(pkg, tmp_path / str(n))
        _flip(folder / name)
        report = verify_package(folder, trust=trust)
        assert not report.ok, name
        expected = EXPECTED.get(name, f"file modified: {name}")
        assert any(expected in p for p in report.problems), (name, report.problems)
        if name.startswith("manifest.json"):  # the root cause only, no trust verdict
            assert len(report.problems) == 1, (name, report.problems)
        if name.endswith(".pdf"):
            assert any(p.startswith(f"PDF signature broken: {name}") for p in report.problems)
        assert not any(p.startswith("signer not trusted") for p in report.problems), name


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
    assert report.problems == [
        "certificate expired on 2021-01-01 00:00 UTC; the signature says it was made on"
        " 2020-06-01 00:00 UTC, when the certificate was valid, but without a trusted timestamp"
        " that cannot be proven (--at-signing-time judges validity at that time)"]
    assert report.intact and not report.ok
    assert report.signed_at == in_2020.now()
    then = verify_package(result.directory, trust=expired_identity.certificate,
                          at_signing_time=True)
    assert then.ok and then.problems == []
    assert any("judged at the signing time 2020-06-01 00:00 UTC" in n and "expired now" in n
               for n in then.notes)
    early = verify_package(result.directory, trust=expired_identity.certificate,
                           now=dt.datetime(2019, 6, 1, tzinfo=dt.UTC))
    assert early.problems == ["certificate not yet valid: valid from 2020-01-01 00:00 UTC"]


def test_pdf_re_signed_by_someone_else(package, tmp_path: Path, other_identity,
                                       trust_pem) -> None:
    from mla_writer.render import build_documents
    from mla_writer.render.build import build_document
    from mla_writer.signing.pdf_sign import sign_document

    folder = _copy(package, tmp_path / "resigned")
    fresh = tmp_path / "fresh.pdf"
    pdf = next(p for p in build_documents(approved_case(), tmp_path / "docs",
                                          formats=("pdf",), languages=["en"], clock=CLOCK))
    fresh.write_bytes(sign_document(build_document(approved_case(), lang="en", clock=CLOCK),
                                    other_identity, CLOCK.now()))
    shutil.copy(fresh, folder / pdf.name)
    report = verify_package(folder, trust=trust_pem)
    assert report.problems == [
        f"file modified: {pdf.name} (its SHA-256 differs from the manifest)",
        f"PDF signature broken: {pdf.name} was signed by another certificate"]


def _rezip(package, tmp_path: Path, name: str, edit) -> Path:
    """The package's zip rewritten: `edit(list of (ZipInfo, bytes))` changes the entries."""
    entries = []
    with zipfile.ZipFile(package[0].zip_path) as zf:
        for info in zf.infolist():
            entries.append((info, zf.read(info)))
    edit(entries)
    out = tmp_path / name
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in entries:
            zf.writestr(info, data)
    return out


def _entry(name: str, mode: int = 0o100600) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, (2026, 11, 20, 8, 0, 0))
    info.create_system, info.external_attr = 3, mode << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


BAD_ENTRIES = {
    "../evil.txt": "a path (a package holds files at its root only)",
    "sub/x.txt": "a path (a package holds files at its root only)",
    "/tmp/evil.txt": "an absolute name",
    "C:evil.txt": "an absolute name",
    "..\\..\\evil.txt": "a backslash in the name",
    "extra/": "a folder entry",
}


@pytest.mark.parametrize("bad", sorted(BAD_ENTRIES))
def test_zip_entries_with_unsafe_names_are_problems(package, tmp_path: Path, trust_pem,
                                                    bad: str) -> None:
    zipped = _rezip(package, tmp_path, "bad.zip",
                    lambda e: e.append((_entry(bad, 0o40755 if bad.endswith("/") else 0o100600),
                                        b"" if bad.endswith("/") else b"x")))
    report = verify_package(zipped, trust=trust_pem)
    assert report.problems == [f"unexpected entry in the zip: {bad!r} ({BAD_ENTRIES[bad]})"]
    assert main(["verify", str(zipped), "--trust", str(trust_pem)]) == 1


def test_cli_exit_codes_for_unreadable_and_tampered(package, tmp_path: Path, capsys) -> None:
    (tmp_path / "junk.zip").write_bytes(b"junk")
    with pytest.raises(PackageReadError, match="not a readable zip"):
        verify_package(tmp_path / "junk.zip")
    assert main(["verify", str(tmp_path / "junk.zip")]) == 2
    assert "not a readable zip" in capsys.readouterr().err


@pytest.mark.filterwarnings("ignore:Duplicate name")
def test_duplicate_entries_are_refused_even_if_the_genuine_copy_comes_last(
        package, tmp_path: Path, trust_pem) -> None:
    """unzip shows the first copy, Python's zipfile the last: a package has one of each."""
    def forge(entries: list) -> None:
        entries.insert(0, (_entry("checklist.txt"), b"All checks passed. Nothing to see."))

    report = verify_package(_rezip(package, tmp_path, "dup.zip", forge), trust=trust_pem)
    assert report.problems == ["duplicate entry in the zip: 'checklist.txt' appears 2 times"
                               " (zip tools would show only one of them)"]
    folded = _rezip(package, tmp_path, "fold.zip",
                    lambda e: e.append((_entry("CHECKLIST.TXT"), b"forged")))
    report = verify_package(folded, trust=trust_pem)
    assert report.problems[0].startswith("duplicate entry in the zip: 'CHECKLIST.TXT /"
                                         " checklist.txt' appears 2 times")
    nfd = _rezip(package, tmp_path, "nfd.zip", lambda e: e.extend([
        (_entry("annexe-\u00e9.txt"), b"a"), (_entry("annexe-e\u0301.txt"), b"b")]))
    assert any(p.startswith("duplicate entry") for p in
               verify_package(nfd, trust=trust_pem).problems)


def test_symlinks_and_comments_in_a_zip_are_problems(package, tmp_path: Path,
                                                     trust_pem) -> None:
    link = _rezip(package, tmp_path, "link.zip",
                  lambda e: e.append((_entry("link", 0o120777), b"/etc/passwd")))
    assert verify_package(link, trust=trust_pem).problems == [
        "unexpected entry in the zip: 'link' (a symbolic link)"]
    commented = tmp_path / "comment.zip"
    shutil.copy(package[0].zip_path, commented)
    with zipfile.ZipFile(commented, "a") as zf:
        zf.comment = b"Verified by the central authority"
    assert verify_package(commented, trust=trust_pem).problems == [
        "the zip has a comment, which the signed manifest does not cover (mla-writer writes"
        " none)"]


def test_zip_bomb_entries_are_never_read(package, tmp_path: Path, trust_pem,
                                         monkeypatch) -> None:
    from mla_writer.signing import source

    zeros = b"\0" * (32 * 2**20)
    bomb = _rezip(package, tmp_path, "bomb.zip", lambda e: e.append((_entry("zeros.bin"), zeros)))
    assert bomb.stat().st_size < 2 * package[0].zip_path.stat().st_size
    read: list[str] = []
    original = source.Source.digest

    def spy(self, name, keep=False, at_most=None):
        read.append(name)
        return original(self, name, keep, at_most)

    monkeypatch.setattr(source.Source, "digest", spy)
    report = verify_package(bomb, trust=trust_pem)
    assert report.problems == ["file added: zeros.bin (not in the signed manifest)"]
    assert "zeros.bin" not in read
    # a listed file swapped for a huge one is known modified from the zip directory alone
    read.clear()
    swapped = _rezip(package, tmp_path, "swapped.zip", lambda e: e.__setitem__(
        next(i for i, (info, _d) in enumerate(e) if info.filename == "checklist.txt"),
        (_entry("checklist.txt"), zeros)))
    report = verify_package(swapped, trust=trust_pem)
    assert report.problems == ["file modified: checklist.txt (its SHA-256 differs from the"
                               " manifest)"]
    assert "checklist.txt" not in read


def test_reading_stops_at_the_size_limit(package, trust_pem) -> None:
    report = verify_package(package[0].zip_path, trust=trust_pem, max_bytes=50_000)
    assert not report.ok and len(report.problems) == 1
    assert report.problems[0].startswith("package too large: reading ")
    assert "passed the limit of 50000 bytes; not checked further" in report.problems[0]


def test_symlinks_in_a_folder_are_not_followed(package, tmp_path: Path, trust_pem) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_bytes((package[0].directory / "checklist.txt").read_bytes())
    folder = _copy(package, tmp_path / "linked")
    (folder / "checklist.txt").unlink()
    (folder / "checklist.txt").symlink_to(outside)  # same bytes, but from outside
    report = verify_package(folder, trust=trust_pem)
    assert report.problems == ["not a regular file: checklist.txt (a symbolic link)"]
    (folder / "checklist.txt").unlink()
    (folder / "checklist.txt").symlink_to("/dev/zero")
    assert verify_package(folder, trust=trust_pem).problems == [
        "not a regular file: checklist.txt (a symbolic link)"]
    (folder / "checklist.txt").unlink()
    (folder / "etc").symlink_to("/etc")
    assert verify_package(folder, trust=trust_pem).problems[:2] == [
        "not a regular file: etc (a symbolic link)", "file missing: checklist.txt"]


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


def test_training_signature_of_a_draft_is_marked(tmp_path: Path, training_identity,
                                                 training_trust_pem, capsys) -> None:
    trust_pem = training_trust_pem
    case = storage.load(ROOT / "examples" / "mla-bank-records.json")
    result = build_package(case, tmp_path / "t", training_identity, languages=["en"],
                           clock=CLOCK, training=True)
    assert result.manifest["training"] is True
    assert result.manifest["review"]["status"] == "draft"
    assert case.review.status is Status.DRAFT and case.training is False
    assert case.review.audit_log[-1].action == "training_sign"
    report = verify_package(result.directory, trust=trust_pem)
    assert report.intact and report.trusted and report.training and not report.ok
    assert report.problems == [
        f"{TRAINING} (and the request was not approved: review status draft): it was made for"
        " training and must not be acted on (--allow-training accepts training packages)"]
    accepted = verify_package(result.directory, trust=trust_pem, allow_training=True)
    assert accepted.ok and accepted.notes[0].startswith(TRAINING)
    assert main(["verify", str(result.directory), "--trust", str(trust_pem)]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"*** {TRAINING} ***")
    assert main(["verify", str(result.directory), "--trust", str(trust_pem),
                 "--allow-training"]) == 0
    assert TRAINING in capsys.readouterr().out


def test_a_ca_issued_key_cannot_make_a_training_package(tmp_path: Path) -> None:
    from .test_ca_chain import _issue, _name

    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(
        ec.SECP256R1())
    ca = _issue(_name("Fictional State Root CA"), ca_key, _name("Fictional State Root CA"),
                ca_key, ca=True)
    leaf = Identity(certificate=_issue(_name("Chan Sophea"), key, ca.subject, ca_key, ca=False),
                    private_key=key, chain=(ca,))
    with pytest.raises(PackageError, match="self-signed training key"):
        build_package(storage.load(ROOT / "examples" / "mla-bank-records.json"), tmp_path / "t",
                      leaf, languages=["en"], clock=fixed_clock(
                          dt.datetime(2026, 11, 20, tzinfo=dt.UTC)), training=True)
    assert not (tmp_path / "t").exists()


def test_a_package_of_a_request_not_approved_is_not_valid(package, tmp_path: Path, identity,
                                                          trust_pem) -> None:
    """A manifest signed by the right key but recording a draft (not via build_package)."""
    from mla_writer.signing.manifest import manifest_bytes, sign_detached

    folder = _copy(package, tmp_path / "draft")
    manifest = json.loads((folder / "manifest.json").read_bytes())
    manifest["review"]["status"] = "submitted"
    data = manifest_bytes(manifest)
    (folder / "manifest.json").write_bytes(data)
    (folder / "manifest.json.p7s").write_bytes(sign_detached(data, identity, CLOCK.now()))
    report = verify_package(folder, trust=trust_pem)
    assert report.problems == ["request was not approved: the manifest records review status"
                               " submitted"]


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


def test_annex_files_beyond_the_case_annexes_are_listed(tmp_path: Path, identity,
                                                        trust_pem) -> None:
    files = []
    for n in range(3):
        f = tmp_path / f"scan{n}.pdf"
        f.write_bytes(f"%PDF-1.4 scan {n}".encode())
        files.append(f)
    result = build_package(approved_case(), tmp_path / "p", identity, languages=["en"],
                           clock=CLOCK, annex_files=files)
    annexes = result.manifest["annexes"]
    assert len(annexes) == 3
    assert annexes[2] == {"title": "", "pages": None, "language": "", "included": True,
                          "in_request": False, "file": "annex-03_scan2.pdf"}
    text = (result.directory / "checklist.txt").read_text("utf-8")
    assert "3. additional file, not among the annexes the request lists — file" \
        " annex-03_scan2.pdf" in text
    assert verify_package(result.directory, trust=trust_pem).ok


def test_training_copy_of_an_approved_real_case_does_not_sign_it(tmp_path: Path,
                                                                 training_identity) -> None:
    case = approved_case()
    result = build_package(case, tmp_path / "t", training_identity, languages=["en"],
                           clock=CLOCK, training=True)
    assert result.manifest["training"] is True
    assert case.review.status is Status.APPROVED
    assert case.review.audit_log[-1].action == "training_sign"


def test_an_approved_training_case_goes_through_the_full_workflow(tmp_path: Path,
                                                                  training_identity) -> None:
    case = storage.load(ROOT / "examples" / "mla-bank-records.json")
    case.training = True
    review.submit(case, "Trainee", CLOCK)
    review.approve(case, "Trainer", CLOCK)
    build_package(case, tmp_path / "t", training_identity, languages=["en"], clock=CLOCK)
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
    (folder / "manifest.json.p7s").write_bytes(sign_detached(data, other_identity,
                                                             CLOCK.now()))
    report = verify_package(folder, trust=trust_pem)
    assert not report.ok
    assert any(p.startswith("signer not trusted") for p in report.problems)
    assert sum("signed by another certificate" in p for p in report.problems) == 2
    assert report.signer.startswith("Someone Else")


def test_a_package_of_an_earlier_format_says_so(package, tmp_path: Path, trust_pem) -> None:
    folder = _copy(package, tmp_path / "old")
    raw = (folder / "manifest.json").read_bytes()
    (folder / "manifest.json").write_bytes(raw.replace(b"mla-writer-package/2",
                                                       b"mla-writer-package/1"))
    report = verify_package(folder, trust=trust_pem)
    assert len(report.problems) == 1 and not report.ok
    assert report.problems[0].startswith("manifest not usable: package format"
                                         " 'mla-writer-package/1'")


def test_an_approved_request_that_fails_the_check_is_not_signed(tmp_path: Path,
                                                                 identity) -> None:
    """Approval does not override the law: the findings that refuse a final build (here the
    missing purpose, UNTOC art. 18(15)(f)) refuse the signature too."""
    from mla_writer import review, storage
    from mla_writer.signing import PackageError
    from mla_writer.workflow.package import build_package, refusal

    case = storage.load(ROOT / "examples" / "mla-bank-records.json")
    case.request.purpose = ""
    review.submit(case, "Drafter Dara", CLOCK)
    review.approve(case, "Reviewer Vanna", CLOCK)
    why = refusal(case, False, CLOCK)
    assert "error(s) that block the request" in why and "$.request.purpose" in why
    with pytest.raises(PackageError, match=r"\$\.request\.purpose"):
        build_package(case, tmp_path / "pkg", identity, languages=["en"], clock=CLOCK)
    assert not (tmp_path / "pkg").exists()
    assert refusal(approved_case(), False, CLOCK) == ""


def test_progress_reports_every_step_up_to_the_end(tmp_path: Path, identity) -> None:
    """Each PDF, the manifest, the case record and the end: no step skipped (the GUI's bar
    and `sign`'s [n/total] lines come from here)."""
    steps: list[tuple[int, int, str]] = []
    build_package(approved_case(), tmp_path / "pkg", identity, languages=["en"], clock=CLOCK,
                  make_zip=True, progress=lambda n, total, label: steps.append((n, total, label)))
    total = steps[0][1]
    assert [n for n, _t, _l in steps] == list(range(total + 1))
    assert all(t == total for _n, t, _l in steps)
    assert all(label for n, _t, label in steps if n < total)
    assert "zip" in steps[-2][2]


def test_training_and_real_keys_never_mix(tmp_path: Path, identity,
                                          training_identity) -> None:
    """A training case needs a training key; a training key never signs a real request."""
    training_case = storage.load(ROOT / "examples" / "mla-bank-records.json")
    training_case.training = True
    with pytest.raises(PackageError, match="not marked as one"):
        build_package(training_case, tmp_path / "a", identity, languages=["en"], clock=CLOCK)
    with pytest.raises(PackageError, match=r"training key .* signs training cases only"):
        build_package(approved_case(), tmp_path / "b", training_identity, languages=["en"],
                      clock=CLOCK)
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()
    assert training_identity.training and not identity.training
    assert training_identity.describe()["training"] is True
