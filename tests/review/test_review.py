"""Review workflow: transitions, comments, the hash-chained audit log and its tamper checks."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from pathlib import Path

import pytest

from mla_writer import review, storage
from mla_writer.cli import main
from mla_writer.domain.clock import fixed_clock
from mla_writer.domain.model import CaseFile
from mla_writer.domain.review import Status

ROOT = Path(__file__).resolve().parents[2]
CLOCK = fixed_clock(dt.datetime(2026, 11, 2, 9, 30, tzinfo=dt.UTC))


@pytest.fixture
def case() -> CaseFile:
    return storage.load(ROOT / "examples" / "mla-bank-records.json")


def _reviewer_key():
    from mla_writer.signing import create_identity

    global _REVIEWER
    if _REVIEWER is None:
        _REVIEWER = create_identity(None, "Reviewer Vanna", "Deputy Prosecutor-General",
                                    "Supreme People's Procuracy (fictional)",
                                    "reviewer passphrase", key_type="ec", clock=CLOCK)
    return _REVIEWER


_REVIEWER = None


def _approved(case: CaseFile, signed_approval: bool = False) -> CaseFile:
    review.submit(case, "Drafter Dara", CLOCK)
    c = review.add_comment(case, "$.request.purpose", "Reviewer Vanna", "Name the trial.", CLOCK)
    review.return_for_changes(case, "Reviewer Vanna", CLOCK)
    case.request.purpose = "Evidence for the trial before the Phnom Penh Municipal Court."
    review.resolve_comment(case, c.id, "Drafter Dara", CLOCK)
    review.submit(case, "Drafter Dara", CLOCK)
    review.approve(case, "Reviewer Vanna", CLOCK,
                   identity=_reviewer_key() if signed_approval else None)
    return case


def test_full_loop_records_every_step_with_actor_and_time(case: CaseFile) -> None:
    _approved(case)
    review.mark_signed(case, "Director Sok", CLOCK)
    review.mark_transmitted(case, "Clerk Lim", CLOCK)
    log = case.review.audit_log
    assert [e.action for e in log] == ["submit", "comment", "return", "resolve", "submit",
                                       "approve", "sign", "transmit"]
    assert [e.seq for e in log] == list(range(1, 9))
    assert log[0].actor == "Drafter Dara" and log[0].time == CLOCK.now()
    assert log[0].prev_hash == review.GENESIS_HASH
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(log))
    assert case.review.status is Status.TRANSMITTED
    assert review.verify_audit_log(case) == []


def test_log_survives_save_and_load(case: CaseFile, tmp_path: Path) -> None:
    _approved(case)
    storage.save(case, tmp_path / "c.json")
    again = storage.load(tmp_path / "c.json")
    assert review.verify_audit_log(again) == []
    assert review.head_hash(again) == review.head_hash(case)


@pytest.mark.parametrize(("step", "message"), [
    (lambda c: review.approve(c, "R", CLOCK), "cannot approve a request that is draft"),
    (lambda c: review.mark_transmitted(c, "R", CLOCK), "cannot transmit"),
    (lambda c: review.mark_signed(c, "R", CLOCK), "cannot sign a request that is draft"),
    (lambda c: review.submit(c, "  ", CLOCK), "name of the person acting is required"),
    (lambda c: review.add_comment(c, "request.purpose", "R", "x", CLOCK), "JSON path"),
    (lambda c: review.add_comment(c, "$.no.such.field", "R", "x", CLOCK),
     "CaseFile has no field 'no'"),
    (lambda c: review.add_comment(c, "$.request.persons[7].date_of_birth", "R", "x", CLOCK),
     "no such list item"),
    (lambda c: review.add_comment(c, "$.request.purpose.text", "R", "x", CLOCK),
     "has no sub-fields"),
    (lambda c: review.resolve_comment(c, "nope", "R", CLOCK), "no comment with id"),
])
def test_illegal_steps_are_refused_and_change_nothing(case: CaseFile, step, message) -> None:
    before = case.model_dump()
    with pytest.raises(review.ReviewError, match=message):
        step(case)
    assert case.model_dump() == before


def test_return_needs_a_comment_or_reason_and_approve_needs_no_open_comments(
        case: CaseFile) -> None:
    review.submit(case, "D", CLOCK)
    with pytest.raises(review.ReviewError, match="add a comment"):
        review.return_for_changes(case, "R", CLOCK)
    review.add_comment(case, "$.request.facts_summary", "R", "Dates missing.", CLOCK)
    assert "approve" not in review.allowed_actions(case)
    with pytest.raises(review.ReviewError, match="still open"):
        review.approve(case, "R", CLOCK)
    review.return_for_changes(case, "R", CLOCK)
    assert case.review.status is Status.RETURNED
    assert review.allowed_actions(case) == ["submit", "comment", "resolve"]


def test_signing_refused_when_request_changed_after_approval(case: CaseFile) -> None:
    _approved(case)
    case.request.facts_summary += " Edited later."
    assert review.changed_since_approval(case)
    assert "REVIEW-CHANGED" in {i.code for i in review.review_issues(case)}
    with pytest.raises(review.ReviewError, match="changed after it was approved"):
        review.mark_signed(case, "Director", CLOCK)


def test_training_signature_keeps_the_status(case: CaseFile) -> None:
    review.mark_signed(case, "Trainer", CLOCK, training=True)
    assert case.review.status is Status.DRAFT
    assert case.review.audit_log[-1].action == "training_sign"
    assert review.verify_audit_log(case) == []


def test_open_comments_become_checklist_issues_on_their_path(case: CaseFile) -> None:
    review.add_comment(case, "$.request.persons[0].date_of_birth", "R", "Check the year.", CLOCK)
    issues = review.review_issues(case)
    assert [(i.code, i.path, i.severity.value) for i in issues] == [
        ("REVIEW-COMMENT", "$.request.persons[0].date_of_birth", "warning")]
    assert "Check the year." in issues[0].message


# ------------------------------------------------------------------ tampering


def _tampered(case: CaseFile, edit) -> list[str]:
    _approved(case, signed_approval=True)
    data = json.loads(storage.dumps(case))
    edit(data)
    return review.verify_audit_log(storage.case_from_dict(data))


def _swap(log: list) -> None:
    log[1], log[2] = log[2], log[1]


TAMPERING = {
    "edited actor": (lambda d: d["review"]["audit_log"][0].update(actor="Someone Else"),
                     "content was edited"),
    "edited time": (lambda d: d["review"]["audit_log"][5].update(
        time="2020-01-01T00:00:00Z"), "content was edited"),
    "removed entry": (lambda d: d["review"]["audit_log"].pop(2), "sequence number"),
    "removed first entry": (lambda d: d["review"]["audit_log"].pop(0), "sequence number"),
    "removed last entry": (lambda d: d["review"]["audit_log"].pop(),
                           "status is approved but the audit log leads to submitted"),
    "comment author edited": (lambda d: d["review"]["comments"][0].update(author="Boss"),
                              "edited after it was recorded"),
    "comment resolver edited": (lambda d: d["review"]["comments"][0].update(
        resolved_by="Reviewer Vanna"), "who resolved it, or when, differs"),
    "rehashed from the edit on": (lambda d: _rehash_edit(d, rest=True),
                                  "approval signature does not hold"),
    "self-approval written by hand": (lambda d: _self_approve(d), "four-eyes rule"),
    "reordered entries": (lambda d: _swap(d["review"]["audit_log"]), "chain broken"),
    "inserted entry": (lambda d: d["review"]["audit_log"].insert(
        1, dict(d["review"]["audit_log"][0])), "sequence number"),
    "status edited": (lambda d: d["review"].update(status="signed"),
                      "status is signed but the audit log leads to approved"),
    "comment text edited": (lambda d: d["review"]["comments"][0].update(text="Fine."),
                            "edited after it was recorded"),
    "comment unresolved": (lambda d: d["review"]["comments"][0].update(resolved=False),
                           "which the audit log does not record"),
    "comment deleted": (lambda d: d["review"]["comments"].clear(), "was deleted"),
    "rehashed edit": (lambda d: _rehash_edit(d), "chain broken"),
}


def _rehash_edit(data: dict, rest: bool = False) -> None:
    """An attacker edits entry 2 and recomputes its hash (and, with `rest`, every later
    entry's): with one entry the next no longer follows; with all, only a signed approval
    (or the package) shows it."""
    from mla_writer.domain.review import AuditEntry

    log = data["review"]["audit_log"]
    log[1]["actor"] = "Impostor"
    prev = log[0]["hash"]
    for raw in log[1:] if rest else log[1:2]:
        raw["prev_hash"] = prev
        raw["hash"] = prev = review.entry_hash(AuditEntry.model_validate(raw))


def _self_approve(data: dict) -> None:
    """The approval rewritten as the drafter's, with every hash recomputed."""
    from mla_writer.domain.review import AuditEntry

    log = data["review"]["audit_log"]
    log[-1]["actor"] = "drafter  DARA"
    log[-1]["detail"] = {"content_sha256": log[-1]["detail"]["content_sha256"]}
    log[-1]["hash"] = review.entry_hash(AuditEntry.model_validate(log[-1]))


@pytest.mark.parametrize("name", sorted(TAMPERING))
def test_tampered_log_is_detected(case: CaseFile, name: str) -> None:
    edit, expected = TAMPERING[name]
    problems = _tampered(case, edit)
    assert any(expected in p for p in problems), problems


def test_broken_log_is_an_error_issue_and_blocks_further_steps(case: CaseFile) -> None:
    review.submit(case, "D", CLOCK)
    case.review.audit_log[0].actor = "X"
    assert [i.code for i in review.review_issues(case)] == ["AUDIT-LOG"]
    with pytest.raises(review.ReviewError, match="audit log of this case is broken"):
        review.approve(case, "R", CLOCK)


# ------------------------------------------------------------------ CLI


def test_cli_loop_edits_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "case.json"
    path.write_bytes((ROOT / "examples" / "mla-bank-records.json").read_bytes())
    assert main(["review", "submit", str(path), "--actor", "Dara"]) == 0
    assert main(["review", "comment", str(path), "--actor", "Vanna", "--path",
                 "$.request.purpose", "--text", "Name the trial."]) == 0
    comment_id = storage.load(path).review.comments[0].id
    assert main(["review", "approve", str(path), "--actor", "Vanna"]) == 1
    assert "still open" in capsys.readouterr().err
    assert main(["review", "resolve", str(path), "--actor", "Dara", "--id", comment_id]) == 0
    assert main(["review", "approve", str(path), "--actor", "Vanna"]) == 0
    assert storage.load(path).review.status is Status.APPROVED
    capsys.readouterr()
    assert main(["review", "show", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Status: approved" in out and "Audit log intact." in out
    assert main(["review", "show", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["status"] == "approved"


def test_cli_refused_step_leaves_the_file_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "case.json"
    path.write_bytes((ROOT / "examples" / "mla-bank-records.json").read_bytes())
    before = path.read_bytes()
    assert main(["review", "approve", str(path), "--actor", "Vanna"]) == 1
    assert path.read_bytes() == before


def test_cli_show_reports_a_broken_log(tmp_path: Path, capsys) -> None:
    case = storage.load(ROOT / "examples" / "mla-bank-records.json")
    review.submit(case, "D", CLOCK)
    case.review.audit_log[0].actor = "Changed"
    storage.save(case, tmp_path / "c.json")
    assert main(["review", "show", str(tmp_path / "c.json")]) == 1
    assert "content was edited" in capsys.readouterr().out


def test_check_lists_open_reviewer_comments(tmp_path: Path, capsys) -> None:
    case = storage.load(ROOT / "examples" / "mla-bank-records.json")
    review.add_comment(case, "$.request.purpose", "Vanna", "Name the trial court.", CLOCK)
    storage.save(case, tmp_path / "c.json")
    main(["check", str(tmp_path / "c.json")])
    out = capsys.readouterr().out
    assert "$.request.purpose  [REVIEW-COMMENT]" in out and "Name the trial court." in out


# ------------------------------------------------------------------ four-eyes and signatures


def test_the_submitter_cannot_approve_their_own_request(case: CaseFile) -> None:
    review.submit(case, "Dara Drafter", CLOCK)
    for same in ("Dara Drafter", "  dara   DRAFTER ", "Dara-Drafter", "ｄａｒａ drafter"):
        with pytest.raises(review.ReviewError, match="four-eyes"):
            review.approve(case, same, CLOCK)
    assert case.review.status is Status.SUBMITTED
    review.approve(case, "Rita Reviewer", CLOCK)
    assert case.review.status is Status.APPROVED


def test_the_approver_is_never_the_last_editor(case: CaseFile) -> None:
    """Edits are not attributed, so the approved content must be exactly what was submitted."""
    review.submit(case, "Dara Drafter", CLOCK)
    case.request.purpose = "Changed by the reviewer before approving."
    assert "approve" not in review.allowed_actions(case)
    with pytest.raises(review.ReviewError, match="changed after it was submitted"):
        review.approve(case, "Rita Reviewer", CLOCK)
    review.return_for_changes(case, "Rita Reviewer", CLOCK, reason="I edited the purpose.")
    review.submit(case, "Rita Reviewer", CLOCK)  # the last editor submits…
    with pytest.raises(review.ReviewError, match="four-eyes"):
        review.approve(case, "Rita Reviewer", CLOCK)
    review.approve(case, "Dara Drafter", CLOCK)  # …and the other person approves


def test_a_signed_approval_is_checked_in_the_log(case: CaseFile, tmp_path: Path) -> None:
    _approved(case, signed_approval=True)
    entry = case.review.audit_log[-1]
    assert entry.action == "approve" and entry.detail["approval_signer"] == "Reviewer Vanna"
    assert entry.detail["approval_certificate_sha256"] == _reviewer_key().fingerprint
    storage.save(case, tmp_path / "c.json")
    again = storage.load(tmp_path / "c.json")
    assert review.verify_audit_log(again) == []
    assert review.summary(again)["approval"]["signed"] is True
    again.review.audit_log[-1].detail["content_sha256"] = "0" * 64
    again.review.audit_log[-1].hash = review.entry_hash(again.review.audit_log[-1])
    assert any("approval signature does not hold" in p for p in review.verify_audit_log(again))


def test_a_key_of_the_submitter_cannot_sign_the_approval(case: CaseFile) -> None:
    review.submit(case, "Reviewer Vanna", CLOCK)
    with pytest.raises(review.ReviewError, match="four-eyes"):
        review.approve(case, "Someone Else", CLOCK, identity=_reviewer_key())


def _signed_package(case: CaseFile, tmp_path: Path):
    from mla_writer.workflow.package import build_package

    return build_package(case, tmp_path / "pkg", _reviewer_key(), languages=["en"],
                         clock=CLOCK)


def _manifest(result) -> tuple[dict, str]:
    import hashlib

    raw = (result.directory / "manifest.json").read_bytes()
    return json.loads(raw), hashlib.sha256(raw).hexdigest()


def test_a_rolled_back_case_is_caught_against_its_package(case: CaseFile,
                                                          tmp_path: Path) -> None:
    _approved(case)
    result = _signed_package(case, tmp_path)
    review.mark_transmitted(case, "Clerk Lim", CLOCK)
    manifest, digest = _manifest(result)
    assert review.check_against_package(case, manifest, digest) == []
    data = json.loads(storage.dumps(case))
    del data["review"]["audit_log"][-2:]  # sign and transmit cut off the end…
    data["review"]["status"] = "approved"  # …and the status set back
    rolled = storage.case_from_dict(data)
    assert review.verify_audit_log(rolled) == []  # the unkeyed log alone cannot tell
    problems = review.check_against_package(rolled, manifest, digest)
    assert len(problems) == 1 and "rolled back" in problems[0]
    data["review"]["audit_log"] = data["review"]["audit_log"][:3]
    data["review"]["status"] = "returned"
    assert "entries were removed after signing" in review.check_against_package(
        storage.case_from_dict(data), manifest, digest)[0]


def test_a_fully_rebuilt_log_is_caught_against_its_package(case: CaseFile,
                                                           tmp_path: Path) -> None:
    _approved(case)
    result = _signed_package(case, tmp_path)
    manifest, digest = _manifest(result)
    forged = storage.case_from_dict(json.loads(storage.dumps(case)))
    forged.review = forged.review.model_copy(update={"audit_log": [], "comments": [],
                                                     "status": Status.DRAFT})
    review.submit(forged, "Someone", CLOCK)  # the same six steps, by other names
    c = review.add_comment(forged, "$.request.purpose", "Accomplice", "Fine.", CLOCK)
    review.return_for_changes(forged, "Accomplice", CLOCK)
    review.resolve_comment(forged, c.id, "Someone", CLOCK)
    review.submit(forged, "Someone", CLOCK)
    review.approve(forged, "Accomplice", CLOCK)
    review.mark_signed(forged, "Someone", CLOCK, detail={"manifest_sha256": digest})
    assert review.verify_audit_log(forged) == []  # consistent on its own terms
    assert review.check_against_package(forged, manifest, digest) == [
        "audit log entry 6 differs from the one recorded in the package when it was signed:"
        " the log was rewritten"]


# ------------------------------------------------------------------ after signing


def test_transmit_records_what_was_sent_and_refuses_after_an_edit(case: CaseFile) -> None:
    _approved(case)
    review.mark_signed(case, "Director Sok", CLOCK, detail={"manifest_sha256": "ab" * 32,
                                                            "package": "pkg"})
    edited = case.model_copy(deep=True)
    edited.request.purpose = "Edited after signing."
    assert "transmit" not in review.allowed_actions(edited)
    with pytest.raises(review.ReviewError, match="changed after it was signed"):
        review.mark_transmitted(edited, "Clerk Lim", CLOCK)
    with pytest.raises(review.ReviewError, match="was not signed for this request"):
        review.mark_transmitted(case, "Clerk Lim", CLOCK, manifest_sha256="cd" * 32)
    entry = review.mark_transmitted(case, "Clerk Lim", CLOCK, channel="diplomatic bag",
                                    recipient="Office of the Attorney General (fictional)")
    assert entry.detail == {"manifest_sha256": "ab" * 32, "package": "pkg",
                            "content_sha256": review.content_hash(case),
                            "channel": "diplomatic bag",
                            "recipient": "Office of the Attorney General (fictional)"}


def test_a_signed_request_can_be_reopened_corrected_and_signed_again(case: CaseFile) -> None:
    _approved(case)
    review.mark_signed(case, "Director Sok", CLOCK, detail={"manifest_sha256": "ab" * 32})
    assert review.allowed_actions(case) == ["return", "sign", "transmit", "comment"]
    case.request.purpose = "A correction found after signing."
    assert review.allowed_actions(case) == ["return", "comment"]  # sign would be refused
    with pytest.raises(review.ReviewError, match="changed after it was approved"):
        review.mark_signed(case, "Director Sok", CLOCK)
    entry = review.return_for_changes(case, "Director Sok", CLOCK, reason="Wrong court named.")
    assert entry.detail["after_signing"] == "ab" * 32
    assert case.review.status is Status.RETURNED
    review.submit(case, "Drafter Dara", CLOCK)
    review.approve(case, "Reviewer Vanna", CLOCK)
    review.mark_signed(case, "Director Sok", CLOCK, detail={"manifest_sha256": "cd" * 32})
    assert review.verify_audit_log(case) == []


# ------------------------------------------------------------------ repair and damage


def test_repair_log_records_the_break_and_lets_work_continue(case: CaseFile) -> None:
    _approved(case)
    case.review.audit_log[1].actor = "Changed by hand"
    assert review.allowed_actions(case) == ["repair-log"]
    with pytest.raises(review.ReviewError, match="repair-log"):
        review.submit(case, "Drafter Dara", CLOCK)
    with pytest.raises(review.ReviewError, match="give the reason"):
        review.repair_log(case, "Registrar Kim", "  ", CLOCK)
    entry = review.repair_log(case, "Registrar Kim", "Edited in a text editor by mistake.",
                              CLOCK)
    assert entry.action == "repair" and "content was edited" in entry.detail["problems"]
    assert case.review.status is Status.DRAFT  # approvals in a broken log are not relied on
    assert review.verify_audit_log(case) == []
    assert [r["reason"] for r in review.repairs(case)] == ["Edited in a text editor by mistake."]
    assert "AUDIT-LOG-REPAIRED" in {i.code for i in review.review_issues(case)}
    review.submit(case, "Drafter Dara", CLOCK)
    review.approve(case, "Reviewer Vanna", CLOCK)
    assert review.verify_audit_log(case) == []
    with pytest.raises(review.ReviewError, match="nothing to repair"):
        review.repair_log(case, "Registrar Kim", "again", CLOCK)
    case.review.audit_log[0].actor = "Edited after the repair"
    assert any("changed after the repair" in p for p in review.verify_audit_log(case))


def test_a_damaged_review_part_degrades_instead_of_failing(case: CaseFile,
                                                           tmp_path: Path) -> None:
    review.submit(case, "Drafter Dara", CLOCK)
    data = json.loads(storage.dumps(case))
    data["review"]["audit_log"][0]["seq"] = "one"
    path = tmp_path / "damaged.json"
    path.write_text(json.dumps(data), "utf-8")
    loaded = storage.load(path)  # the request loads
    assert loaded.request.case_reference == case.request.case_reference
    (damage,) = loaded.review.damage
    assert damage.startswith("$.review.audit_log[0].seq: ") and '"one"' in damage
    assert review.verify_audit_log(loaded)[0].startswith("the review part of the case file is"
                                                         " damaged")
    assert review.allowed_actions(loaded) == ["repair-log"]
    storage.save(loaded, tmp_path / "again.json")  # saving loses nothing
    assert json.loads((tmp_path / "again.json").read_text("utf-8"))["review"] == data["review"]
    entry = review.repair_log(loaded, "Registrar Kim", "seq was typed by hand", CLOCK)
    assert json.loads(entry.detail["damaged_review"]) == data["review"]
    assert loaded.review.damage == [] and review.verify_audit_log(loaded) == []
    storage.save(loaded, tmp_path / "repaired.json")
    assert review.verify_audit_log(storage.load(tmp_path / "repaired.json")) == []


def test_cli_repair_log_and_check(tmp_path: Path, capsys) -> None:
    case = storage.load(ROOT / "examples" / "mla-bank-records.json")
    review.submit(case, "D", CLOCK)
    case.review.audit_log[0].actor = "X"
    path = tmp_path / "c.json"
    storage.save(case, path)
    assert main(["review", "check", str(path)]) == 1
    assert main(["review", "repair-log", str(path), "--actor", "Registrar Kim", "--reason",
                 "hand edit"]) == 0
    capsys.readouterr()
    assert main(["review", "show", str(path)]) == 0
    out = capsys.readouterr().out
    assert "REPAIRED BREAK at entry 2 by Registrar Kim" in out and "hand edit" in out
    assert "Audit log intact since its last repair." in out
    assert main(["review", "check", str(path)]) == 0
    assert "REPAIRED BREAK" in capsys.readouterr().out


def test_cli_transmit_needs_an_intact_signature_record(tmp_path: Path, capsys) -> None:
    path = tmp_path / "c.json"
    path.write_bytes((ROOT / "examples" / "mla-bank-records.json").read_bytes())
    assert main(["review", "transmit", str(path), "--actor", "Clerk"]) == 1
    assert "cannot transmit a request that is draft" in capsys.readouterr().err


def test_comment_times_from_earlier_versions_still_check(case: CaseFile) -> None:
    """Earlier versions took the comment's time and its entry's one after the other."""
    c = review.add_comment(case, "$.request.purpose", "Reviewer Vanna", "Name the trial.", CLOCK)
    c.created = CLOCK.now() - dt.timedelta(milliseconds=300)
    assert review.verify_audit_log(case) == []
    c.created = CLOCK.now() - dt.timedelta(seconds=30)
    assert any("was edited after it was recorded" in p for p in review.verify_audit_log(case))


# ------------------------------------------------------------------ findings in a language


@pytest.mark.parametrize("lang", ["th", "km"])
def test_review_findings_are_shown_in_the_interface_language(case: CaseFile, lang: str) -> None:
    """Each review finding has a message id: its template from the interface catalog, the
    reviewer's words, names, ids and the log's problems filled in as written."""
    from mla_writer import i18n

    ui = i18n.ui_translations(lang).gettext

    def shown(issue) -> str:
        assert issue.text is not None and issue.message == issue.text.english()
        text = i18n.finding_text(issue, lang)
        template = ui(issue.text.msgid)
        assert template != issue.text.msgid
        assert text == template % {k: i18n.render_text(v, lang) for k, v in issue.text.params}
        return text

    c = review.add_comment(case, "$.request.purpose", "Reviewer Vanna", "Name the trial.", CLOCK)
    comment = next(i for i in review.review_issues(case) if i.code == "REVIEW-COMMENT")
    assert comment.message == f"Reviewer comment (Reviewer Vanna, id {c.id}): Name the trial."
    text = shown(comment)
    assert "Name the trial." in text and "Reviewer Vanna" in text and c.id in text
    assert "Reviewer comment" not in text

    review.resolve_comment(case, c.id, "Drafter Dara", CLOCK)
    _approved(case)
    case.request.facts_summary += " Edited later."
    changed = next(i for i in review.review_issues(case) if i.code == "REVIEW-CHANGED")
    assert changed.message == ("The request was changed after it was approved; submit it for"
                               " review again before signing.")
    assert "approved" not in shown(changed)

    case.review.audit_log[1].actor = "Changed by hand"
    broken = next(i for i in review.review_issues(case) if i.code == "AUDIT-LOG")
    problems = review.verify_audit_log(case)
    assert broken.message == "The review audit log is broken: " + "; ".join(problems)
    text = shown(broken)
    assert problems[0] in text and "The review audit log" not in text  # problems are data

    review.repair_log(case, "Registrar Kim", "Edited in a text editor by mistake.", CLOCK)
    repaired = next(i for i in review.review_issues(case) if i.code == "AUDIT-LOG-REPAIRED")
    assert repaired.message.startswith("The review audit log was broken and repaired at entry")
    text = shown(repaired)
    assert "Registrar Kim" in text and "Edited in a text editor by mistake." in text
    assert "repaired at entry" not in text and "What was wrong" not in text
