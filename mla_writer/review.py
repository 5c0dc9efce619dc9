"""Review workflow: who submitted, returned, approved, signed and sent a request, and when.

Each step appends an entry to a hash-chained audit log inside the case file (SHA-256 over a
canonical JSON form of the entry, including the previous entry's hash), so an edited, removed,
reordered or inserted entry — or a status or comment that disagrees with the log — is detected.
Functions here change the CaseFile in memory; the caller saves it (`storage.save`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from .domain.clock import SYSTEM_CLOCK, Clock
from .domain.issues import Issue, Severity
from .domain.model import CaseFile
from .domain.review import AuditEntry, Comment, Status

GENESIS_HASH = "0" * 64

#: action -> (statuses it may start from, status it leads to); None = status unchanged
TRANSITIONS: dict[str, tuple[frozenset[Status], Status | None]] = {
    "submit": (frozenset({Status.DRAFT, Status.RETURNED}), Status.SUBMITTED),
    "return": (frozenset({Status.SUBMITTED, Status.APPROVED}), Status.RETURNED),
    "approve": (frozenset({Status.SUBMITTED}), Status.APPROVED),
    "sign": (frozenset({Status.APPROVED, Status.SIGNED}), Status.SIGNED),
    "training_sign": (frozenset(Status), None),
    "transmit": (frozenset({Status.SIGNED}), Status.TRANSMITTED),
    "comment": (frozenset(Status), None),
    "resolve": (frozenset(Status), None),
}
#: actions a user chooses (training_sign happens only through `mark_signed(training=True)`)
USER_ACTIONS = ("submit", "return", "approve", "sign", "transmit", "comment", "resolve")


class ReviewError(Exception):
    """A workflow step that is not allowed now; the message says why and what is allowed."""


# ---------------------------------------------------------------- hashing


def _time_text(when: dt.datetime | None) -> str:
    if when is None:
        return ""
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical_entry(entry: AuditEntry) -> bytes:
    """The bytes hashed for an entry: sorted-key compact JSON of every field except `hash`."""
    data = {"seq": entry.seq, "time": _time_text(entry.time), "actor": entry.actor,
            "action": entry.action, "detail": dict(entry.detail), "prev_hash": entry.prev_hash}
    return json.dumps(data, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False).encode("utf-8")


def entry_hash(entry: AuditEntry) -> str:
    return hashlib.sha256(canonical_entry(entry)).hexdigest()


def _text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def content_hash(case: CaseFile) -> str:
    """SHA-256 of what a reviewer approves: the request, translations and the training flag."""
    data = case.model_dump(mode="json", exclude={"review"})
    raw = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def head_hash(case: CaseFile) -> str:
    """Hash of the last audit entry (the genesis value for an empty log)."""
    log = case.review.audit_log
    return log[-1].hash if log else GENESIS_HASH


def _append(case: CaseFile, actor: str, action: str, detail: dict[str, str],
            clock: Clock) -> AuditEntry:
    actor = actor.strip()
    if not actor:
        raise ReviewError(f"{action}: the name of the person acting is required")
    log = case.review.audit_log
    entry = AuditEntry(seq=len(log) + 1, time=clock.now(), actor=actor, action=action,
                       detail=detail, prev_hash=head_hash(case))
    entry.hash = entry_hash(entry)
    log.append(entry)
    return entry


def _transition(case: CaseFile, actor: str, action: str, detail: dict[str, str],
                clock: Clock | None) -> AuditEntry:
    sources, target = TRANSITIONS[action]
    status = case.review.status
    if status not in sources:
        allowed = ", ".join(allowed_actions(case)) or "none"
        raise ReviewError(f"cannot {action.replace('_', ' ')} a request that is {status.value}"
                          f" (allowed now: {allowed})")
    problems = verify_audit_log(case)
    if problems:
        raise ReviewError("the audit log of this case is broken, so no step can be recorded: "
                          + "; ".join(problems))
    entry = _append(case, actor, action, detail, clock or SYSTEM_CLOCK)
    if target is not None:
        case.review.status = target
    return entry


# ---------------------------------------------------------------- workflow steps


def open_comments(case: CaseFile) -> list[Comment]:
    return [c for c in case.review.comments if not c.resolved]


def submit(case: CaseFile, actor: str, clock: Clock | None = None) -> AuditEntry:
    """Drafter submits (or resubmits) the request for review."""
    return _transition(case, actor, "submit", {"content_sha256": content_hash(case)}, clock)


def return_for_changes(case: CaseFile, actor: str, clock: Clock | None = None,
                       reason: str = "") -> AuditEntry:
    """Reviewer returns the request; there must be an open comment or a reason."""
    if not open_comments(case) and not reason.strip():
        raise ReviewError("return: add a comment (or give a reason) saying what must change")
    detail = {"open_comments": str(len(open_comments(case)))}
    if reason.strip():
        detail["reason"] = reason.strip()
    return _transition(case, actor, "return", detail, clock)


def approve(case: CaseFile, actor: str, clock: Clock | None = None) -> AuditEntry:
    """Reviewer approves exactly the current content (its hash is recorded)."""
    still_open = open_comments(case)
    if still_open and case.review.status in TRANSITIONS["approve"][0]:
        raise ReviewError(f"approve: {len(still_open)} reviewer comment(s) are still open;"
                          " resolve them or return the request")
    return _transition(case, actor, "approve", {"content_sha256": content_hash(case)}, clock)


def changed_since_approval(case: CaseFile) -> bool:
    """True when the request was edited after the last approval (signing would be wrong)."""
    for entry in reversed(case.review.audit_log):
        if entry.action == "approve":
            return entry.detail.get("content_sha256") != content_hash(case)
    return False


def mark_signed(case: CaseFile, actor: str, clock: Clock | None = None,
                detail: dict[str, str] | None = None, training: bool = False) -> AuditEntry:
    """Record a signature. Only an approved, unchanged request is signed for real; a training
    signature (`training=True`) may be made in any status and leaves the status as it is."""
    info = dict(detail or {})
    info["content_sha256"] = content_hash(case)
    if training:
        return _transition(case, actor, "training_sign", info, clock)
    if case.review.status in TRANSITIONS["sign"][0] and changed_since_approval(case):
        raise ReviewError("sign: the request changed after it was approved; submit it for"
                          " review again")
    return _transition(case, actor, "sign", info, clock)


def mark_transmitted(case: CaseFile, actor: str, clock: Clock | None = None,
                     detail: dict[str, str] | None = None) -> AuditEntry:
    """Record that the signed package was sent to the requested state."""
    return _transition(case, actor, "transmit", dict(detail or {}), clock)


def add_comment(case: CaseFile, path: str, author: str, text: str,
                clock: Clock | None = None) -> Comment:
    """Attach a reviewer comment to a JSON path (a field or a section, e.g. $.request.purpose)."""
    clock = clock or SYSTEM_CLOCK
    path, text = path.strip(), text.strip()
    if not path.startswith("$"):
        raise ReviewError(f"comment: the path must be a JSON path starting with '$', got {path!r}")
    if not text:
        raise ReviewError("comment: the comment text is empty")
    taken = {c.id for c in case.review.comments}
    new_id = clock.new_id()[:8]
    while new_id in taken:
        new_id = clock.new_id()[:8]
    comment = Comment(id=new_id, path=path, author=author.strip(), created=clock.now(),
                      text=text)
    _transition(case, author, "comment",
                {"comment_id": comment.id, "path": path, "text_sha256": _text_hash(text)}, clock)
    case.review.comments.append(comment)
    return comment


def resolve_comment(case: CaseFile, comment_id: str, actor: str,
                    clock: Clock | None = None) -> Comment:
    """Mark a comment resolved (by the drafter who addressed it, or the reviewer)."""
    comment = next((c for c in case.review.comments if c.id == comment_id), None)
    if comment is None:
        known = ", ".join(c.id for c in open_comments(case)) or "none open"
        raise ReviewError(f"resolve: no comment with id {comment_id!r} (open: {known})")
    if comment.resolved:
        raise ReviewError(f"resolve: comment {comment_id!r} is already resolved")
    entry = _transition(case, actor, "resolve", {"comment_id": comment_id}, clock)
    comment.resolved, comment.resolved_by, comment.resolved_at = True, entry.actor, entry.time
    return comment


def allowed_actions(case: CaseFile) -> list[str]:
    """The user actions possible now, in workflow order."""
    status = case.review.status
    out = [a for a in USER_ACTIONS if status in TRANSITIONS[a][0]]
    if "approve" in out and open_comments(case):
        out.remove("approve")
    if "resolve" in out and not open_comments(case):
        out.remove("resolve")
    return out


# ---------------------------------------------------------------- verification


def replay_status(log: list[AuditEntry]) -> Status:
    """The status the log leads to, applying each action's transition in order."""
    status = Status.DRAFT
    for entry in log:
        rule = TRANSITIONS.get(entry.action)
        if rule is not None and rule[1] is not None:
            status = rule[1]
    return status


def verify_audit_log(case: CaseFile) -> list[str]:
    """Problems with the audit log (empty = intact and consistent with status and comments)."""
    problems: list[str] = []
    log = case.review.audit_log
    prev = GENESIS_HASH
    for index, entry in enumerate(log):
        where = f"audit log entry {index + 1} ({entry.action or '?'} by {entry.actor or '?'})"
        if entry.seq != index + 1:
            problems.append(f"{where}: sequence number {entry.seq}, expected {index + 1}"
                            " (an entry was removed, inserted or moved)")
        if entry.prev_hash != prev:
            problems.append(f"{where}: does not follow the previous entry (chain broken)")
        if entry_hash(entry) != entry.hash:
            problems.append(f"{where}: content was edited after it was recorded")
        if entry.action not in TRANSITIONS:
            problems.append(f"{where}: unknown action {entry.action!r}")
        prev = entry.hash
    problems += _check_transitions(log)
    status = replay_status(log)
    if status != case.review.status:
        problems.append(f"status is {case.review.status.value} but the audit log leads to"
                        f" {status.value}")
    problems += _check_comments(case)
    return problems


def _check_transitions(log: list[AuditEntry]) -> list[str]:
    out: list[str] = []
    status = Status.DRAFT
    for entry in log:
        rule = TRANSITIONS.get(entry.action)
        if rule is None:
            continue
        if status not in rule[0]:
            out.append(f"audit log entry {entry.seq}: {entry.action} is not allowed after"
                       f" {status.value}")
        if rule[1] is not None:
            status = rule[1]
    return out


def _check_comments(case: CaseFile) -> list[str]:
    out: list[str] = []
    added = {e.detail.get("comment_id", ""): e for e in case.review.audit_log
             if e.action == "comment"}
    resolved = {e.detail.get("comment_id", "") for e in case.review.audit_log
                if e.action == "resolve"}
    present = {c.id for c in case.review.comments}
    for comment in case.review.comments:
        entry = added.get(comment.id)
        if entry is None:
            out.append(f"comment {comment.id!r} is not in the audit log (added outside review)")
            continue
        if (entry.detail.get("text_sha256") != _text_hash(comment.text)
                or entry.detail.get("path") != comment.path):
            out.append(f"comment {comment.id!r} was edited after it was recorded")
        if comment.resolved != (comment.id in resolved):
            state = "resolved" if comment.resolved else "open"
            out.append(f"comment {comment.id!r} is marked {state}, which the audit log does not"
                       " record")
    for missing in sorted(set(added) - present):
        out.append(f"comment {missing!r} recorded in the audit log was deleted")
    return out


def review_issues(case: CaseFile) -> list[Issue]:
    """For the checklist: open reviewer comments, a broken audit log, edits after approval."""
    issues = [
        Issue(code="REVIEW-COMMENT", severity=Severity.WARNING, path=c.path or "$",
              message=f"Reviewer comment ({c.author or 'reviewer'}, id {c.id}): {c.text}",
              citation="review", source="review", status="review")
        for c in open_comments(case)
    ]
    problems = verify_audit_log(case)
    if problems:
        issues.append(Issue(
            code="AUDIT-LOG", severity=Severity.ERROR, path="$.review.audit_log",
            message="The review audit log is broken: " + "; ".join(problems),
            citation="review", source="review", status="review"))
    if (case.review.status in (Status.APPROVED, Status.SIGNED, Status.TRANSMITTED)
            and changed_since_approval(case)):
        issues.append(Issue(
            code="REVIEW-CHANGED", severity=Severity.ERROR, path="$.request",
            message="The request was changed after it was approved; submit it for review again"
            " before signing.", citation="review", source="review", status="review"))
    return issues


def summary(case: CaseFile) -> dict[str, Any]:
    """Status, allowed actions, comments and log in plain data (for `review show` and the GUI)."""
    return {
        "status": case.review.status.value,
        "allowed_actions": allowed_actions(case),
        "changed_since_approval": changed_since_approval(case),
        "audit_log_problems": verify_audit_log(case),
        "comments": [c.model_dump(mode="json") for c in case.review.comments],
        "audit_log": [e.model_dump(mode="json") for e in case.review.audit_log],
    }
