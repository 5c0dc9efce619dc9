"""`mla-writer review`: submit, comment, return, approve and inspect a request offline."""

from __future__ import annotations

import argparse
import json
import sys

from .common import (
    EXAMPLE_PREFIX,
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_UNREADABLE,
    load_case_or_exit,
    resolve_case_path,
)

ACTIONS = ("show", "submit", "return", "approve", "comment", "resolve", "transmit")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "review", help="review workflow: submit, comment, return, approve, show",
        description="Record a review step in the case file (atomically) with who did it and"
        " when, in its hash-chained audit log. `show` prints the status, the comments and the"
        " log, and whether the log is intact. Exit 0 done, 1 step refused or log broken,"
        " 2 unreadable case file.")
    p.add_argument("action", choices=ACTIONS)
    p.add_argument("case", metavar="CASE", help="case file")
    p.add_argument("--actor", default="", help="name of the person acting (all but show)")
    p.add_argument("--path", default="$", help="comment: JSON path of the field or section")
    p.add_argument("--text", default="", help="comment: the comment text")
    p.add_argument("--id", dest="comment_id", default="", help="resolve: the comment id")
    p.add_argument("--reason", default="", help="return: why (besides open comments)")
    p.add_argument("--json", action="store_true", help="show: print JSON")
    p.set_defaults(func=run)


def _show(case: object, as_json: bool) -> int:
    from .. import review

    info = review.summary(case)  # type: ignore[arg-type]
    if as_json:
        print(json.dumps(info, indent=2, ensure_ascii=False))
    else:
        print(f"Status: {info['status']}")
        print(f"Allowed now: {', '.join(info['allowed_actions']) or 'nothing'}")
        if info["changed_since_approval"]:
            print("The request was changed after its approval.")
        print(f"Comments ({len(info['comments'])}):")
        for c in info["comments"]:
            state = f"resolved by {c['resolved_by']}" if c["resolved"] else "OPEN"
            print(f"  [{c['id']}] {c['path']} — {c['author']}: {c['text']} ({state})")
        print("Audit log:")
        for e in info["audit_log"]:
            print(f"  {e['seq']:>3} {e['time']} {e['actor']}: {e['action']}")
        for problem in info["audit_log_problems"]:
            print(f"PROBLEM: {problem}")
        if not info["audit_log_problems"]:
            print("Audit log intact.")
    return EXIT_PROBLEMS if info["audit_log_problems"] else EXIT_OK


def run(args: argparse.Namespace) -> int:
    from .. import review, storage

    case = load_case_or_exit(args.case)
    if case is None:
        return EXIT_UNREADABLE
    if args.action == "show":
        return _show(case, args.json)
    if str(args.case).startswith(EXAMPLE_PREFIX):
        print("mla-writer review: the bundled examples are read-only; copy one to a file first",
              file=sys.stderr)
        return EXIT_UNREADABLE
    try:
        if args.action == "submit":
            review.submit(case, args.actor)
        elif args.action == "return":
            review.return_for_changes(case, args.actor, reason=args.reason)
        elif args.action == "approve":
            review.approve(case, args.actor)
        elif args.action == "comment":
            comment = review.add_comment(case, args.path, args.actor, args.text)
            print(f"comment {comment.id} added on {comment.path}")
        elif args.action == "resolve":
            review.resolve_comment(case, args.comment_id, args.actor)
        elif args.action == "transmit":
            review.mark_transmitted(case, args.actor)
    except review.ReviewError as exc:
        print(f"mla-writer review: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    try:
        storage.save(case, resolve_case_path(args.case))
    except storage.CaseFileError as exc:
        print(f"mla-writer review: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    print(f"{args.action}: done; status is now {case.review.status.value}")
    return EXIT_OK
