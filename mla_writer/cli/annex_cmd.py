"""`mla-writer annex list|attach|detach`: the files of a case's annexes."""

# lazy imports (start-up cost): storage, workflow, review
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


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "annex", help="attach, detach or list the files of a case's annexes",
        description="An annex's file is recorded in the case with its SHA-256 and size, and"
        " its path relative to the case file's folder (keep the annex files with the case"
        " file, or in a folder under it). `sign` puts the attached files into the package and"
        " refuses one that is missing or has changed since it was attached; the reviewed"
        " content covers each file's hash, so attaching or replacing a file after approval"
        " needs a new review. `list` prints each annex and the state of its file (ok, missing,"
        " changed, unreadable). Exit 0 done (list: every attached file ok), 1 a file is not ok"
        " or the annex does not exist, 2 unreadable case file or file.")
    p.add_argument("action", choices=("list", "attach", "detach"))
    p.add_argument("case", metavar="CASE", help="case file")
    p.add_argument("number", nargs="?", type=int, metavar="N",
                   help="attach, detach: the annex's number (1 = the first annex)")
    p.add_argument("file", nargs="?", metavar="FILE", help="attach: the annex's file")
    p.add_argument("--json", action="store_true", help="list: print JSON")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from .. import storage
    from ..workflow import annexes

    case = load_case_or_exit(args.case)
    if case is None:
        return EXIT_UNREADABLE
    path = resolve_case_path(args.case)
    if args.action == "list":
        return _list(annexes.statuses(case, path), args.json)
    if str(args.case).startswith(EXAMPLE_PREFIX):
        print("mla-writer annex: the bundled examples are read-only; copy one to a file first",
              file=sys.stderr)
        return EXIT_UNREADABLE
    if args.number is None or (args.action == "attach") != bool(args.file) or (
            args.action == "detach" and args.file):
        usage = ("annex attach CASE N FILE" if args.action == "attach"
                 else "annex detach CASE N")
        print(f"mla-writer annex: usage: mla-writer {usage}", file=sys.stderr)
        return EXIT_UNREADABLE
    try:
        if args.action == "attach":
            f = annexes.attach(case, args.number - 1, args.file, path)
            done = f"annex {args.number}: attached {f.path} (SHA-256 {f.sha256}, {f.size} bytes)"
        else:
            old = annexes.detach(case, args.number - 1)
            done = (f"annex {args.number}: detached {old.path} (the file itself is unchanged)"
                    if old else f"annex {args.number}: had no file attached")
    except annexes.AnnexError as exc:
        print(f"mla-writer annex: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS if "no annex" in str(exc) else EXIT_UNREADABLE
    try:
        storage.save(case, path)
    except storage.CaseFileError as exc:
        print(f"mla-writer annex: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    print(done)
    from .. import review

    if case.review.status.value in ("approved", "signed") and review.changed_since_approval(case):
        print("note: the request was approved with other annex files; submit it for review"
              " again before signing")
    return EXIT_OK


def _list(rows: list, as_json: bool) -> int:
    bad = [s for s in rows if s.state is not None and s.state != "ok"]
    if as_json:
        print(json.dumps([{"number": s.index + 1, "title": s.annex.title,
                           "file": s.file.path if s.file else None,
                           "sha256": s.file.sha256 if s.file else None,
                           "size": s.file.size if s.file else None,
                           "state": str(s.state) if s.state else None} for s in rows],
                         indent=2, ensure_ascii=False))
    else:
        if not rows:
            print("The request lists no annexes.")
        for s in rows:
            if s.file is None:
                print(f"{s.index + 1}. {s.annex.title or '—'}: no file attached")
            else:
                print(f"{s.index + 1}. {s.annex.title or '—'}: {s.file.path} — {s.state}"
                      f" ({s.file.size} bytes, SHA-256 {s.file.sha256[:16]}…)")
    return EXIT_PROBLEMS if bad else EXIT_OK
