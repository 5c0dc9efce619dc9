"""Review workflow: who submitted, returned, approved, signed and sent a request, and when.

Each step appends an entry to a hash-chained audit log inside the case file (SHA-256 over a
canonical JSON form of the entry, including the previous entry's hash), so an edited, removed,
reordered or inserted entry — or a status or comment that disagrees with the log — is detected.
Functions here change the CaseFile in memory; the caller saves it (`storage.save`).

What the log can and cannot prove: the chain has no key. It reveals accidental or careless
edits, but whoever holds the file can rebuild a whole consistent log (or cut entries off its
end) with these very functions. Three things limit that:
- four-eyes: the approver must differ from the person who submitted, and the content approved
  must be exactly the content submitted (so the approver is never the last editor);
- a reviewer may sign the approval with their own key (`approve(identity=...)`): that binds
  the content hash and the log head and cannot be forged without the reviewer's private key;
- the package manifest records the log's length and head at signing, so a later rollback of
  the case is detected against the package (`check_against_package`).
"""

# lazy imports (start-up cost): profiles, signing
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from typing import TYPE_CHECKING, Any

from .domain.clock import SYSTEM_CLOCK, Clock
from .domain.issues import Issue, Items, Severity, Text, english
from .domain.model import CaseFile, unchanged_added_fields
from .domain.review import AuditEntry, Comment, Review, Status
from .i18n import N_
from .identities import identity_key, lookalike_pairs, name_problem
from .identities import same_person as same_person

if TYPE_CHECKING:
    from .signing.keys import Identity

GENESIS_HASH = "0" * 64

#: action -> (statuses it may start from, status it leads to); None = status unchanged
TRANSITIONS: dict[str, tuple[frozenset[Status], Status | None]] = {
    "submit": (frozenset({Status.DRAFT, Status.RETURNED}), Status.SUBMITTED),
    "return": (frozenset({Status.SUBMITTED, Status.APPROVED, Status.SIGNED}), Status.RETURNED),
    "approve": (frozenset({Status.SUBMITTED}), Status.APPROVED),
    "sign": (frozenset({Status.APPROVED, Status.SIGNED}), Status.SIGNED),
    "training_sign": (frozenset(Status), None),
    "transmit": (frozenset({Status.SIGNED}), Status.TRANSMITTED),
    "comment": (frozenset(Status), None),
    "resolve": (frozenset(Status), None),
    # a new chain segment after a break; the workflow restarts from draft (see repair_log)
    "repair": (frozenset(Status), Status.DRAFT),
}
#: actions a user chooses (training_sign happens only through `mark_signed(training=True)`)
USER_ACTIONS = ("submit", "return", "approve", "sign", "transmit", "comment", "resolve")
REPAIR_ACTION = "repair-log"
#: seconds by which a comment's time may differ from its log entry's (earlier versions took
#: the two times one after the other)
COMMENT_TIME_SLACK = 2.0


class ReviewError(Exception):
    """A workflow step that is not allowed now; the message says why and what is allowed."""


# ---------------------------------------------------------------- hashing


def _time_text(when: dt.datetime | None) -> str:
    if when is None:
        return ""
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    try:
        return when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    except OverflowError:  # e.g. 0001-01-01T00:00+14:00 is before the first UTC moment
        return when.isoformat()


def _canonical(data: Any) -> bytes:
    return json.dumps(data, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False).encode("utf-8")


def canonical_entry(entry: AuditEntry) -> bytes:
    """The bytes hashed for an entry: sorted-key compact JSON of every field except `hash`."""
    return _canonical({"seq": entry.seq, "time": _time_text(entry.time), "actor": entry.actor,
                       "action": entry.action, "detail": dict(entry.detail),
                       "prev_hash": entry.prev_hash})


def entry_hash(entry: AuditEntry) -> str:
    return hashlib.sha256(canonical_entry(entry)).hexdigest()


def _text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def content_hash(case: CaseFile) -> str:
    """SHA-256 of what a reviewer approves: the request, translations and the training flag,
    without the fields added after the first release while they hold the value older files are
    read with (`model.ADDED_FIELDS`): approvals given before those fields existed still hold.
    An annex's file counts by its hash and size, not where it is: saving the case into
    another folder keeps the approval, a changed file does not."""
    exclude = unchanged_added_fields(case) | {"review": True}
    data = case.model_dump(mode="json", exclude=exclude)
    for annex in data["request"].get("annexes", []):
        if isinstance(annex.get("file"), dict):
            annex["file"].pop("path", None)
    return hashlib.sha256(_canonical(data)).hexdigest()


def head_hash(case: CaseFile) -> str:
    """Hash of the last audit entry (the genesis value for an empty log)."""
    log = case.review.audit_log
    return log[-1].hash if log else GENESIS_HASH


def normalise_name(name: str) -> str:
    """A person's name compared for the four-eyes rule (see `identities.identity_key`:
    Unicode NFKC, case, spaces, punctuation and look-alike characters folded)."""
    return identity_key(name)


def _append(case: CaseFile, actor: str, action: str, detail: dict[str, str], clock: Clock,
            when: dt.datetime | None = None) -> AuditEntry:
    actor = actor.strip()
    if not actor:
        raise ReviewError(f"{action}: the name of the person acting is required")
    why = name_problem(actor)
    if why:
        raise ReviewError(f"{action}: {why}")
    log = case.review.audit_log
    entry = AuditEntry(seq=len(log) + 1, time=when or clock.now(), actor=actor, action=action,
                       detail=detail, prev_hash=head_hash(case))
    entry.hash = entry_hash(entry)
    log.append(entry)
    return entry


def _check_allowed(case: CaseFile, action: str) -> None:
    """Raise ReviewError unless `action` may be recorded now (status and an intact log)."""
    problems = verify_audit_log(case)
    if problems:
        raise ReviewError("the audit log of this case is broken, so no step can be recorded: "
                          + "; ".join(problems) + f" (`review {REPAIR_ACTION}` records the"
                          " break and starts a new chain segment)")
    sources, _target = TRANSITIONS[action]
    status = case.review.status
    if status not in sources:
        allowed = ", ".join(allowed_actions(case)) or "none"
        raise ReviewError(f"cannot {action.replace('_', ' ')} a request that is {status.value}"
                          f" (allowed now: {allowed})")


def _transition(case: CaseFile, actor: str, action: str, detail: dict[str, str],
                clock: Clock | None, when: dt.datetime | None = None) -> AuditEntry:
    _check_allowed(case, action)
    entry = _append(case, actor, action, detail, clock or SYSTEM_CLOCK, when)
    target = TRANSITIONS[action][1]
    if target is not None:
        case.review.status = target
    return entry


def _last(case: CaseFile, *actions: str) -> AuditEntry | None:
    return next((e for e in reversed(case.review.audit_log) if e.action in actions), None)


# ---------------------------------------------------------------- workflow steps


def open_comments(case: CaseFile) -> list[Comment]:
    return [c for c in case.review.comments if not c.resolved]


def submit(case: CaseFile, actor: str, clock: Clock | None = None) -> AuditEntry:
    """Drafter submits (or resubmits) the request for review."""
    return _transition(case, actor, "submit", {"content_sha256": content_hash(case)}, clock)


def return_for_changes(case: CaseFile, actor: str, clock: Clock | None = None,
                       reason: str = "") -> AuditEntry:
    """Reviewer returns the request; there must be an open comment or a reason. A signed
    request can be returned too (to correct it and sign it again); the entry then names the
    package it supersedes."""
    if not open_comments(case) and not reason.strip():
        raise ReviewError("return: add a comment (or give a reason) saying what must change")
    detail = {"open_comments": str(len(open_comments(case)))}
    if reason.strip():
        detail["reason"] = reason.strip()
    signed = _last(case, "sign")
    if case.review.status is Status.SIGNED and signed is not None:
        detail["after_signing"] = signed.detail.get("manifest_sha256", "")
    return _transition(case, actor, "return", detail, clock)


def approve_problem(case: CaseFile, actor: str) -> str:
    """Why `actor` may not approve now ('' when they may): open comments, four-eyes."""
    still_open = open_comments(case)
    if still_open:
        return (f"approve: {len(still_open)} reviewer comment(s) are still open; resolve them"
                " or return the request")
    submitted = _last(case, "submit")
    if submitted is None:
        return ""
    if same_person(actor, submitted.actor):
        return (f"approve: {actor.strip()} submitted this request, so another person must"
                " approve it (four-eyes rule)")
    if submitted.detail.get("content_sha256") != content_hash(case):
        return ("approve: the request was changed after it was submitted; it must be submitted"
                " again, so that the approver is never the last person who edited it"
                " (four-eyes rule)")
    return ""


def approve(case: CaseFile, actor: str, clock: Clock | None = None, *,
            identity: Identity | None = None) -> AuditEntry:
    """Reviewer approves exactly the current content (its hash is recorded). With `identity`
    (the reviewer's key) the approval is also signed: see the module docstring."""
    clock = clock or SYSTEM_CLOCK
    if identity is not None and not actor.strip():
        actor = identity.name
    _check_allowed(case, "approve")
    if identity is not None and name_problem(identity.name):
        raise ReviewError(f"approve: the key's certificate name {identity.name!r}: "
                          + name_problem(identity.name))
    why = approve_problem(case, actor)
    if not why and identity is not None and not same_person(identity.name, actor):
        submitted = _last(case, "submit")
        if submitted is not None and same_person(identity.name, submitted.actor):
            why = (f"approve: the key belongs to {identity.name}, who submitted this request"
                   " (four-eyes rule)")
    if why:
        raise ReviewError(why)
    when = clock.now()
    detail = {"content_sha256": content_hash(case)}
    if identity is not None:
        from .signing.approval import approval_message, sign_approval
        from .signing.package import identity_problem

        bad_key = identity_problem(identity, when)
        if bad_key:
            raise ReviewError(f"approve: {bad_key}")
        message = approval_message(detail["content_sha256"], head_hash(case), actor.strip(),
                                   _time_text(when))
        detail |= sign_approval(identity, message, when)
    return _transition(case, actor, "approve", detail, clock, when)


def changed_since_approval(case: CaseFile) -> bool:
    """True when the request was edited after the last approval (signing would be wrong)."""
    entry = _last(case, "approve")
    return entry is not None and entry.detail.get("content_sha256") != content_hash(case)


def changed_since_signing(case: CaseFile) -> bool:
    """True when the request was edited after it was last signed."""
    entry = _last(case, "sign")
    return entry is not None and entry.detail.get("content_sha256") != content_hash(case)


def approval_record(case: CaseFile) -> dict[str, str]:
    """The last approval for the manifest: who, when, the log head it signed, and its key
    signature if any (empty values when not approved)."""
    entry = _last(case, "approve")
    if entry is None:
        return {"approved_by": "", "approved_at": "", "approval_signature": ""}
    return {"approved_by": entry.actor, "approved_at": _time_text(entry.time),
            "approval_log_head": entry.prev_hash,
            "approval_signature": entry.detail.get("approval_signature", ""),
            "approval_certificate_sha256": entry.detail.get("approval_certificate_sha256", ""),
            "approval_signer": entry.detail.get("approval_signer", "")}


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
                     detail: dict[str, str] | None = None, *, manifest_sha256: str = "",
                     channel: str = "", recipient: str = "") -> AuditEntry:
    """Record that a signed package was sent: which one (its manifest's SHA-256; by default
    the last one signed), and the channel and recipient when given. Refused when the request
    was edited after it was signed."""
    _check_allowed(case, "transmit")
    if changed_since_signing(case):
        raise ReviewError("transmit: the request changed after it was signed, so the package"
                          " no longer matches it; return it, correct it, have it approved and"
                          " sign it again")
    approved = _last(case, "approve")
    after = approved.seq if approved is not None else 0
    signed = [e for e in case.review.audit_log if e.action == "sign" and e.seq > after]
    if manifest_sha256:
        match = [e for e in signed if e.detail.get("manifest_sha256") == manifest_sha256]
        if not match:
            raise ReviewError(f"transmit: the package with manifest SHA-256 {manifest_sha256}"
                              " was not signed for this request since its last approval")
        entry = match[-1]
    elif signed:
        entry = signed[-1]
    else:
        raise ReviewError("transmit: no signature of this request is recorded")
    info = dict(detail or {})
    info |= {"manifest_sha256": entry.detail.get("manifest_sha256", ""),
             "package": entry.detail.get("package", ""), "content_sha256": content_hash(case)}
    if channel.strip():
        info["channel"] = channel.strip()
    if recipient.strip():
        info["recipient"] = recipient.strip()
    return _transition(case, actor, "transmit", info, clock)


def comment_path_problem(case: CaseFile, path: str) -> str:
    """Why `path` does not name a field or section of this request ('' when it does)."""
    from .profiles.fieldpaths import check_path, expand

    if path == "$":
        return ""
    if not path.startswith("$."):
        return f"the path must be a JSON path starting with '$', got {path!r}"
    pattern = re.sub(r"\[\d+\]", "[*]", path)
    why = check_path(pattern)
    if why:
        return why.replace(repr(pattern), repr(path))
    if "[" in path and path not in {p for p, _v in expand(case, pattern)}:
        return f"{path!r} is not in this request (there is no such list item)"
    return ""


def _comment_hash(c: Comment) -> str:
    """What a comment says and who said it, when (its resolution may change later)."""
    return hashlib.sha256(_canonical({"id": c.id, "path": c.path, "author": c.author,
                                      "created": _time_text(c.created), "text": c.text})
                          ).hexdigest()


def add_comment(case: CaseFile, path: str, author: str, text: str,
                clock: Clock | None = None) -> Comment:
    """Attach a reviewer comment to a JSON path (a field or a section, e.g. $.request.purpose)
    that exists in the request model."""
    clock = clock or SYSTEM_CLOCK
    path, text = path.strip(), text.strip()
    why = comment_path_problem(case, path)
    if why:
        raise ReviewError(f"comment: {why}")
    if not text:
        raise ReviewError("comment: the comment text is empty")
    taken = {c.id for c in case.review.comments}
    new_id = clock.new_id()[:8]
    while new_id in taken:
        new_id = clock.new_id()[:8]
    when = clock.now()
    comment = Comment(id=new_id, path=path, author=author.strip(), created=when, text=text)
    _transition(case, author, "comment",
                {"comment_id": comment.id, "path": path, "text_sha256": _text_hash(text)},
                clock, when)
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
    """The actions that would be accepted now, in workflow order (only `repair-log` while the
    log is broken). Refusals that depend on who acts (four-eyes) cannot be known here."""
    if verify_audit_log(case):
        return [REPAIR_ACTION]
    status = case.review.status
    out = [a for a in USER_ACTIONS if status in TRANSITIONS[a][0]]
    if "approve" in out and (open_comments(case) or _changed_since_submit(case)):
        out.remove("approve")
    if "sign" in out and changed_since_approval(case):
        out.remove("sign")
    if "transmit" in out and changed_since_signing(case):
        out.remove("transmit")
    if "resolve" in out and not open_comments(case):
        out.remove("resolve")
    return out


def _changed_since_submit(case: CaseFile) -> bool:
    entry = _last(case, "submit")
    return entry is not None and entry.detail.get("content_sha256") != content_hash(case)


# ---------------------------------------------------------------- repair


def _log_hash(entries: list[AuditEntry]) -> str:
    return hashlib.sha256(_canonical([e.model_dump(mode="json") for e in entries])).hexdigest()


def _comment_snapshot(comments: list[Comment]) -> str:
    return json.dumps([{"id": c.id, "sha256": _comment_hash(c), "resolved": c.resolved}
                       for c in comments], sort_keys=True, separators=(",", ":"))


def repair_log(case: CaseFile, actor: str, reason: str,
               clock: Clock | None = None) -> AuditEntry:
    """Record that the log is broken and start a new chain segment, so steps can be recorded
    again. The entry keeps what was wrong, who accepted it and why, and freezes the entries
    before it (a later change to them is still detected); the break stays visible in `show`
    and `check` for ever. The workflow restarts from draft: approvals recorded in a broken log
    cannot be relied on. A damaged review part is kept verbatim in the entry."""
    clock = clock or SYSTEM_CLOCK
    if not reason.strip():
        raise ReviewError(f"{REPAIR_ACTION}: give the reason (what happened to the log and why"
                          " its current state can be accepted)")
    problems = verify_audit_log(case)
    if not problems:
        raise ReviewError(f"{REPAIR_ACTION}: the audit log is intact; there is nothing to"
                          " repair")
    detail = {"reason": reason.strip(), "problems": "; ".join(problems),
              "previous_status": case.review.status.value}
    if case.review.damage:
        detail["damaged_review"] = json.dumps(case.review.damaged_raw, ensure_ascii=False,
                                              sort_keys=True)
        case.review = Review()
    log = case.review.audit_log
    detail |= {"previous_entries": str(len(log)), "previous_head": head_hash(case),
               "previous_log_sha256": _log_hash(log),
               "comments": _comment_snapshot(case.review.comments)}
    entry = _append(case, actor, "repair", detail, clock)
    case.review.status = Status.DRAFT
    return entry


def lookalike_warnings(case: CaseFile) -> list[str]:
    """Names in the log and comments written differently that count as one person (see
    `identities`): harmless when one person typed their name two ways, a warning sign when a
    look-alike name was used to pass as someone else."""
    names = [e.actor for e in case.review.audit_log] + [c.author for c in case.review.comments]
    names += [e.detail.get("approval_signer", "") for e in case.review.audit_log]
    return [f"the names {a!r} and {b!r} are written differently but count as the same person"
            " (look-alike letters, case, spaces or invisible characters)"
            for a, b in lookalike_pairs(names)]


def approval_policy_problems(case: CaseFile, policy: Any) -> list[str]:
    """Why the last approval does not meet the office's signing policy (`signing.policy`):
    not signed with a key, or signed with a key that is not a trusted reviewer's."""
    if policy is None or not policy.approvals_key_signed:
        return []
    entry = _last(case, "approve")
    if entry is None:
        return []
    from .signing.approval import approval_message
    from .signing.policy import approval_policy_problem

    message = approval_message(entry.detail.get("content_sha256", ""), entry.prev_hash,
                               entry.actor, _time_text(entry.time))
    why = approval_policy_problem(policy, entry.detail.get("approval_signature", ""), message,
                                  entry.time)
    return [f"audit log entry {entry.seq} (approve by {entry.actor}): {why}"] if why else []


def repairs(case: CaseFile) -> list[dict[str, str]]:
    """Every recorded repair of the log: who, when, why, and what was wrong at the time."""
    return [{"seq": str(e.seq), "time": _time_text(e.time), "actor": e.actor,
             "reason": e.detail.get("reason", ""), "problems": e.detail.get("problems", "")}
            for e in case.review.audit_log if e.action == "repair"]


# ---------------------------------------------------------------- verification


def _segment_start(log: list[AuditEntry]) -> int:
    """Index of the last repair entry (0 without repairs): the chain is checked from there."""
    return max((i for i, e in enumerate(log) if e.action == "repair"), default=0)


def replay_status(log: list[AuditEntry]) -> Status:
    """The status the log leads to, applying each action's transition in order."""
    status = Status.DRAFT
    for entry in log[_segment_start(log):]:
        rule = TRANSITIONS.get(entry.action)
        if rule is not None and rule[1] is not None:
            status = rule[1]
    return status


def verify_audit_log(case: CaseFile) -> list[str]:
    """Problems with the audit log (empty = intact and consistent with status and comments).
    Breaks recorded by a repair are not problems any more (see `repairs`)."""
    if case.review.damage:
        return ["the review part of the case file is damaged and was not loaded: "
                + "; ".join(case.review.damage)]
    problems: list[str] = []
    log = case.review.audit_log
    start = _segment_start(log)
    for index, entry in enumerate(log):
        where = f"audit log entry {index + 1} ({entry.action or '?'} by {entry.actor or '?'})"
        if entry.seq != index + 1 and index >= start:
            problems.append(f"{where}: sequence number {entry.seq}, expected {index + 1}"
                            " (an entry was removed, inserted or moved)")
        if index < start:
            continue
        prev = log[index - 1].hash if index else GENESIS_HASH
        if entry.prev_hash != prev:
            problems.append(f"{where}: does not follow the previous entry (chain broken)")
        if entry_hash(entry) != entry.hash:
            problems.append(f"{where}: content was edited after it was recorded")
        if entry.action not in TRANSITIONS:
            problems.append(f"{where}: unknown action {entry.action!r}")
        if entry.action == "approve" and entry.detail.get("approval_signature"):
            problems += _check_approval_signature(entry, where)
        hidden = name_problem(entry.actor)
        if hidden:
            problems.append(f"{where}: {hidden.replace('the name', 'the name of the actor')}")
    if start:
        repair = log[start]
        if (repair.detail.get("previous_log_sha256") != _log_hash(log[:start])
                or repair.detail.get("previous_entries") != str(start)):
            problems.append(f"audit log entries 1–{start} were changed after the repair"
                            f" recorded at entry {start + 1}")
    problems += _check_transitions(log[start:])
    status = replay_status(log)
    if status != case.review.status:
        problems.append(f"status is {case.review.status.value} but the audit log leads to"
                        f" {status.value}")
    problems += _check_comments(case, log[start:])
    return problems


def _check_approval_signature(entry: AuditEntry, where: str) -> list[str]:
    from .signing.approval import approval_message, approval_problem

    message = approval_message(entry.detail.get("content_sha256", ""), entry.prev_hash,
                               entry.actor, _time_text(entry.time))
    why = approval_problem(message, entry.detail["approval_signature"],
                           entry.detail.get("approval_certificate_sha256", ""))
    return [f"{where}: the approval signature does not hold: {why}"] if why else []


def _check_transitions(log: list[AuditEntry]) -> list[str]:
    out: list[str] = []
    status = Status.DRAFT
    submitter = ""
    for entry in log:
        rule = TRANSITIONS.get(entry.action)
        if rule is None:
            continue
        if entry.action == "submit":
            submitter = entry.actor
        elif entry.action == "approve" and same_person(entry.actor, submitter):
            out.append(f"audit log entry {entry.seq}: approved by {entry.actor}, who submitted"
                       " the request (four-eyes rule)")
        if status not in rule[0]:
            out.append(f"audit log entry {entry.seq}: {entry.action} is not allowed after"
                       f" {status.value}")
        if rule[1] is not None:
            status = rule[1]
    return out


def _check_comments(case: CaseFile, log: list[AuditEntry]) -> list[str]:
    """Every comment, its author and time, its resolution and resolver, as the log records."""
    out: list[str] = []
    snapshot: dict[str, dict[str, Any]] = {}
    if log and log[0].action == "repair":
        try:
            snapshot = {c["id"]: c for c in json.loads(log[0].detail.get("comments", "[]"))}
        except (ValueError, TypeError, KeyError, RecursionError):
            out.append(f"audit log entry {log[0].seq}: its record of the comments is unreadable")
    added = {e.detail.get("comment_id", ""): e for e in log if e.action == "comment"}
    resolved = {e.detail.get("comment_id", ""): e for e in log if e.action == "resolve"}
    present = {c.id for c in case.review.comments}
    for comment in case.review.comments:
        entry, kept = added.get(comment.id), snapshot.get(comment.id)
        if entry is None and kept is None:
            out.append(f"comment {comment.id!r} is not in the audit log (added outside review)")
            continue
        if entry is not None and (
                entry.detail.get("text_sha256") != _text_hash(comment.text)
                or entry.detail.get("path") != comment.path or entry.actor != comment.author
                or not _close(entry.time, comment.created)):
            out.append(f"comment {comment.id!r} was edited after it was recorded (text, field,"
                       " author or time)")
        if kept is not None and kept.get("sha256") != _comment_hash(comment):
            out.append(f"comment {comment.id!r} was edited after the log was repaired")
        res = resolved.get(comment.id)
        was_resolved = bool(kept and kept.get("resolved"))
        if comment.resolved != (res is not None or was_resolved):
            state = "resolved" if comment.resolved else "open"
            out.append(f"comment {comment.id!r} is marked {state}, which the audit log does not"
                       " record")
        elif res is not None and (comment.resolved_by != res.actor
                                  or _time_text(comment.resolved_at) != _time_text(res.time)):
            out.append(f"comment {comment.id!r}: who resolved it, or when, differs from the"
                       " audit log")
    for missing in sorted((set(added) | set(snapshot)) - present):
        out.append(f"comment {missing!r} recorded in the audit log was deleted")
    return out


def _close(a: dt.datetime | None, b: dt.datetime | None) -> bool:
    """Same moment, allowing the fraction of a second by which files written before the
    comment's time and the entry's were taken together may differ."""
    if a is None or b is None:
        return a is b
    try:
        return abs((a - b).total_seconds()) <= COMMENT_TIME_SLACK
    except (OverflowError, TypeError):  # a time at the edge of the calendar, or naive/aware
        return _time_text(a) == _time_text(b)


def check_against_package(case: CaseFile, manifest: dict[str, Any],
                          manifest_sha256: str) -> list[str]:
    """Problems when the case's log disagrees with what a signed package recorded of it:
    entries removed (a rollback), the log rewritten, or the signing not recorded."""
    review = manifest["review"] if isinstance(manifest.get("review"), dict) else {}
    info = review["audit_log"] if isinstance(review.get("audit_log"), dict) else {}
    length, head = info.get("length"), info.get("head")
    log = case.review.audit_log
    if not isinstance(length, int) or not isinstance(head, str):
        return ["the package's manifest does not record the review audit log"]
    ref = manifest.get("request", {}).get("reference") if isinstance(
        manifest.get("request"), dict) else None
    if ref != case.request.case_reference:
        return [f"the package is for request {ref!r}, not {case.request.case_reference!r}"]
    if length > len(log):
        return [f"the case's audit log has {len(log)} entries, but the package was signed when"
                f" it had {length}: entries were removed after signing (rolled back)"]
    if length and log[length - 1].hash != head:
        return [f"audit log entry {length} differs from the one recorded in the package when it"
                " was signed: the log was rewritten"]
    recorded = review.get("approval_signature") or ""
    approval = next((e for e in reversed(log[:length]) if e.action == "approve"), None)
    if recorded and (approval is None
                     or approval.detail.get("approval_signature", "") != recorded):
        return ["the package records an approval signed with a key, but the case's audit log"
                " holds no such signature: the approval's signature was stripped"]
    signed = [e for e in log[length:] if e.action in ("sign", "training_sign")
              and e.detail.get("manifest_sha256") == manifest_sha256]
    if not signed:
        rolled_back = not any(e.action in ("sign", "training_sign") for e in log[length:])
        return ["the case's audit log does not record signing this package (its manifest"
                f" SHA-256 {manifest_sha256})" + (
                    ": the entries from the signing on were removed (rolled back)"
                    if rolled_back else "")]
    return []


def _review_issue(code: str, severity: Severity, path: str, text: Text) -> Issue:
    """A finding of the review: its English message, and its text for other languages (the
    reviewer's words, names, ids and the log's problems are data, shown as written)."""
    return Issue(code=code, severity=severity, path=path, message=english(text),
                 citation="review", source="review", status="review", text=text)


def review_issues(case: CaseFile) -> list[Issue]:
    """For the checklist: open reviewer comments, a broken audit log, edits after approval."""
    issues = [
        _review_issue("REVIEW-COMMENT", Severity.WARNING, c.path or "$", N_(
            "Reviewer comment (%(author)s, id %(id)s): %(comment)s", author=c.author, id=c.id,
            comment=c.text) if c.author else N_(
            "Reviewer comment (reviewer, id %(id)s): %(comment)s", id=c.id, comment=c.text))
        for c in open_comments(case)
    ]
    problems = verify_audit_log(case)
    if problems:
        issues.append(_review_issue(
            "AUDIT-LOG", Severity.ERROR, "$.review.audit_log",
            N_("The review audit log is broken: %(problems)s",
               problems=Items(tuple(problems), "semicolon"))))
    for r in repairs(case):
        issues.append(_review_issue(
            "AUDIT-LOG-REPAIRED", Severity.WARNING, "$.review.audit_log",
            N_("The review audit log was broken and repaired at entry %(entry)s by %(actor)s"
               " (%(time)s): %(reason)s. What was wrong: %(problems)s", entry=r["seq"],
               actor=r["actor"], time=r["time"], reason=r["reason"], problems=r["problems"])))
    if (case.review.status in (Status.APPROVED, Status.SIGNED, Status.TRANSMITTED)
            and changed_since_approval(case)):
        issues.append(_review_issue(
            "REVIEW-CHANGED", Severity.ERROR, "$.request",
            N_("The request was changed after it was approved; submit it for review again"
               " before signing.")))
    return issues


def summary(case: CaseFile) -> dict[str, Any]:
    """Status, allowed actions, comments and log in plain data (for `review show` and the GUI)."""
    approval = approval_record(case)
    return {
        "status": case.review.status.value,
        "allowed_actions": allowed_actions(case),
        "changed_since_approval": changed_since_approval(case),
        "audit_log_problems": verify_audit_log(case),
        "repairs": repairs(case),
        "lookalike_names": lookalike_warnings(case),
        "damaged": case.review.damage,
        "approval": {k: v for k, v in approval.items() if k != "approval_signature"}
        | {"signed": bool(approval.get("approval_signature"))},
        "comments": [c.model_dump(mode="json") for c in case.review.comments],
        "audit_log": [e.model_dump(mode="json") for e in case.review.audit_log],
    }
