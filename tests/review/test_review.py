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


def _approved(case: CaseFile) -> CaseFile:
    review.submit(case, "Drafter Dara", CLOCK)
    c = review.add_comment(case, "$.request.purpose", "Reviewer Vanna", "Name the trial.", CLOCK)
    review.return_for_changes(case, "Reviewer Vanna", CLOCK)
    case.request.purpose = "Evidence for the trial before the Phnom Penh Municipal Court."
    review.resolve_comment(case, c.id, "Drafter Dara", CLOCK)
    review.submit(case, "Drafter Dara", CLOCK)
    review.approve(case, "Reviewer Vanna", CLOCK)
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
    _approved(case)
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


def _rehash_edit(data: dict) -> None:
    """An attacker edits entry 2 and recomputes its hash: the next entry no longer follows."""
    from mla_writer.domain.review import AuditEntry

    raw = data["review"]["audit_log"][1]
    raw["actor"] = "Impostor"
    raw["hash"] = review.entry_hash(AuditEntry.model_validate(raw))


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
