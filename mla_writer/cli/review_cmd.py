"""`mla-writer review`: submit, comment, return, approve, transmit, check and inspect a request
offline, and repair a broken audit log explicitly."""

# lazy imports (start-up cost): review, signing, storage
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

from ..safetext import visible_name
from .common import (
    EXAMPLE_PREFIX,
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_UNREADABLE,
    load_case_or_exit,
    resolve_case_path,
)
from .keys_cmd import PassphraseError, add_passphrase_option, read_passphrase
from .sign_cmd import add_policy_option, policy_or_exit

ACTIONS = ("show", "check", "submit", "return", "approve", "comment", "resolve", "transmit",
           "repair-log")
LOG_LIMITS = (
    "The audit log is a hash chain without a key: it reveals accidental edits, but whoever"
    " holds the case file could rebuild it or cut entries off its end. Against that: the"
    " approver must be another person than the submitter and approves exactly what was"
    " submitted (four-eyes); `approve --key` signs the approval with the reviewer's own key;"
    " and a signed package records the log's length and head, so `check --package` detects a"
    " later rollback.")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "review", help="review workflow: submit, comment, return, approve, show",
        description="Record a review step in the case file (atomically) with who did it and"
        " when, in its hash-chained audit log. `show` prints the status, the comments and the"
        " log, and whether the log is intact; `check` does the same briefly and, with"
        " --package, compares the log with what a signed package recorded. `return` also"
        " reopens a signed request for correction. `repair-log` records a broken log and"
        " starts a new chain segment (the break stays visible; the workflow restarts from"
        " draft). " + LOG_LIMITS + " Exit 0 done, 1 step refused or log broken, 2 unreadable"
        " case file, key or package, or an argument the step needs is missing.")
    p.add_argument("action", choices=ACTIONS)
    p.add_argument("case", metavar="CASE", help="case file")
    p.add_argument("--actor", default="", help="name of the person acting (all but show and"
                   " check; approve --key defaults to the certificate's name)")
    p.add_argument("--path", default="$", help="comment: JSON path of the field or section,"
                   " e.g. $.request.purpose or $.request.persons[0].date_of_birth")
    p.add_argument("--text", default="", help="comment: the comment text")
    p.add_argument("--id", dest="comment_id", default="", help="resolve: the comment id")
    p.add_argument("--reason", default="", help="return: why (besides open comments);"
                   " repair-log: what happened to the log and why its state can be accepted")
    p.add_argument("--key", metavar="FILE.p12",
                   help="approve: sign the approval with the reviewer's key (PKCS#12)")
    p.add_argument("--package", metavar="PACKAGE",
                   help="transmit: the package sent (folder or zip; default: the last signed);"
                   " check: compare the case's log with this signed package")
    p.add_argument("--channel", default="", help="transmit: how it was sent (e.g. diplomatic"
                   " bag, secure e-mail)")
    p.add_argument("--recipient", default="", help="transmit: to whom it was sent")
    p.add_argument("--json", action="store_true", help="show: print JSON")
    add_policy_option(p)
    add_passphrase_option(p)
    p.set_defaults(func=run, review_parser=p)


#: action -> (argument, what it is) the step needs: a usage error (exit 2) when missing
_NEEDS = {
    "submit": (("actor", "--actor NAME (the name of the person acting)"),),
    "return": (("actor", "--actor NAME (the name of the person acting)"),),
    "comment": (("actor", "--actor NAME (the name of the person acting)"),
                ("text", "--text TEXT (the comment)")),
    "resolve": (("actor", "--actor NAME (the name of the person acting)"),
                ("comment_id", "--id ID (the comment's id, as `review show` lists it)")),
    "transmit": (("actor", "--actor NAME (the name of the person acting)"),),
    "repair-log": (("actor", "--actor NAME (the name of the person acting)"),
                   ("reason", "--reason TEXT (what happened to the log)")),
}


def _missing(args: argparse.Namespace) -> str | None:
    """What the step lacks, like argparse's own 'the following arguments are required'."""
    if args.action == "approve":
        if not args.actor.strip() and not args.key:
            return "approve needs --actor NAME (or --key FILE.p12, whose certificate" \
                   " names the reviewer)"
        return None
    lacking = [what for name, what in _NEEDS.get(args.action, ())
               if not str(getattr(args, name) or "").strip()]
    return f"{args.action} needs {' and '.join(lacking)}" if lacking else None


def _print_repairs(info: dict[str, Any]) -> None:
    for r in info["repairs"]:
        print(f"REPAIRED BREAK at entry {r['seq']} by {visible_name(r['actor'])} ({r['time']}):"
              f" {r['reason']}")
        print(f"  what was wrong then: {r['problems']}")


def _show(case: object, as_json: bool) -> int:
    from .. import review

    info = review.summary(case)  # type: ignore[arg-type]
    if as_json:
        print(json.dumps(info, indent=2, ensure_ascii=False))
        return EXIT_PROBLEMS if info["audit_log_problems"] else EXIT_OK
    print(f"Status: {info['status']}")
    print(f"Allowed now: {', '.join(info['allowed_actions']) or 'nothing'}")
    if info["changed_since_approval"]:
        print("The request was changed after its approval.")
    approval = info["approval"]
    if approval.get("approved_by"):
        how = (f"signed with the key of {visible_name(approval.get('approval_signer'))}"
               f" (certificate SHA-256"
               f" {approval.get('approval_certificate_sha256')})" if approval["signed"]
               else "not signed with a key")
        print(f"Last approval: {visible_name(approval['approved_by'])} at"
              f" {approval['approved_at']}, {how}")
    print(f"Comments ({len(info['comments'])}):")
    for c in info["comments"]:
        state = f"resolved by {visible_name(c['resolved_by'])}" if c["resolved"] else "OPEN"
        print(f"  [{c['id']}] {c['path']} — {visible_name(c['author'])}: {c['text']}"
              f" ({state})")
    print("Audit log:")
    for e in info["audit_log"]:
        print(f"  {e['seq']:>3} {e['time']} {visible_name(e['actor'])}: {e['action']}")
    _print_repairs(info)
    for warning in info["lookalike_names"]:
        print(f"WARNING: {warning}")
    for problem in info["audit_log_problems"]:
        print(f"PROBLEM: {problem}")
    if not info["audit_log_problems"]:
        print("Audit log intact" + (" since its last repair." if info["repairs"] else ".")
              + " (Tamper-evident against accidental edits, not against a determined forger"
              " without keys.)")
    return EXIT_PROBLEMS if info["audit_log_problems"] else EXIT_OK


def _package_manifest(path: str) -> tuple[dict[str, Any], str]:
    """The manifest of a package (checked against its own signature) and its SHA-256."""
    from ..signing.verify import read_signed_manifest

    manifest, raw = read_signed_manifest(Path(path))
    return manifest, hashlib.sha256(raw).hexdigest()


def _check(case: Any, package: str | None, policy: Any) -> int:
    from .. import review

    info = review.summary(case)
    problems = list(info["audit_log_problems"]) + review.approval_policy_problems(case, policy)
    if package:
        manifest, digest = _package_manifest(package)
        problems += review.check_against_package(case, manifest, digest)
    print(f"Status: {info['status']}; {len(info['audit_log'])} audit log entries")
    _print_repairs(info)
    for warning in info["lookalike_names"]:
        print(f"WARNING: {warning}")
    for problem in problems:
        print(f"PROBLEM: {problem}")
    if not problems:
        print("Audit log intact" + (" and consistent with the package" if package else "")
              + ".")
    return EXIT_PROBLEMS if problems else EXIT_OK


def _approve(case: Any, args: argparse.Namespace) -> None:
    from .. import review
    from ..signing import load_identity

    identity = load_identity(args.key, read_passphrase(args)) if args.key else None
    review.approve(case, args.actor, identity=identity)


def _step(case: Any, args: argparse.Namespace) -> None:
    from .. import review

    if args.action == "submit":
        review.submit(case, args.actor)
    elif args.action == "return":
        review.return_for_changes(case, args.actor, reason=args.reason)
    elif args.action == "approve":
        _approve(case, args)
    elif args.action == "comment":
        comment = review.add_comment(case, args.path, args.actor, args.text)
        print(f"comment {comment.id} added on {comment.path}")
    elif args.action == "resolve":
        review.resolve_comment(case, args.comment_id, args.actor)
    elif args.action == "transmit":
        digest = _package_manifest(args.package)[1] if args.package else ""
        review.mark_transmitted(case, args.actor, manifest_sha256=digest,
                                channel=args.channel, recipient=args.recipient)
    elif args.action == "repair-log":
        review.repair_log(case, args.actor, args.reason)


def run(args: argparse.Namespace) -> int:
    from .. import review, storage
    from ..signing import KeyFileError, PackageReadError

    missing = _missing(args)
    if missing:  # a usage error, like a missing required argument: exit 2 (argparse's way)
        args.review_parser.error(missing)
    case = load_case_or_exit(args.case)
    if case is None:
        return EXIT_UNREADABLE
    try:
        if args.action == "show":
            return _show(case, args.json)
        if args.action == "check":
            policy = policy_or_exit("review", args)
            if policy is None:
                return EXIT_UNREADABLE
            return _check(case, args.package, policy)
    except PackageReadError as exc:
        print(f"mla-writer review: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    if str(args.case).startswith(EXAMPLE_PREFIX):
        print("mla-writer review: the bundled examples are read-only; copy one to a file first",
              file=sys.stderr)
        return EXIT_UNREADABLE
    try:
        _step(case, args)
    except review.ReviewError as exc:
        print(f"mla-writer review: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    except (PassphraseError, KeyFileError, PackageReadError) as exc:
        print(f"mla-writer review: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    try:
        storage.save(case, resolve_case_path(args.case))
    except storage.CaseFileError as exc:
        print(f"mla-writer review: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    print(f"{args.action}: done; status is now {case.review.status.value}")
    if args.action == "approve":
        entry = case.review.audit_log[-1]
        signed = entry.detail.get("approval_signature")
        print("approval signed with the key of " + entry.detail.get("approval_signer", "")
              if signed else "approval recorded by name only (use --key to sign it)")
    return EXIT_OK
