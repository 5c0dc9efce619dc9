"""`mla-writer build`: write the request and its transmittal note as DOCX and/or PDF."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .common import EXIT_OK, EXIT_PROBLEMS, EXIT_UNREADABLE, load_case_or_exit


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "build", help="write the request documents (DOCX, PDF)",
        description="Write the request and the transmittal note for CASE into DIR and print the"
        " paths. Refuses (exit 1) when the check finds errors, unless --draft is given; then"
        " every page is marked DRAFT. Exit 2 when the case file cannot be read.")
    p.add_argument("case", metavar="CASE", help="case file, or example:NAME")
    p.add_argument("--out", required=True, type=Path, metavar="DIR", help="output folder")
    p.add_argument("--format", dest="formats", action="append", choices=("docx", "pdf"),
                   help="output format (repeatable; default: both)")
    p.add_argument("--lang", dest="languages", action="append", metavar="CODE",
                   help="document language (repeatable, or comma-separated: --lang th,en;"
                   " default: the requested state's accepted languages with complete"
                   " translations, plus English)")
    p.add_argument("--bilingual", action="store_true",
                   help="also write each non-English request side by side with English")
    p.add_argument("--draft", action="store_true",
                   help="build despite blocking issues; every page is marked DRAFT")
    p.set_defaults(func=run)


def _blocking_issues(case: object) -> list[object]:
    from ..domain.clock import SYSTEM_CLOCK
    from ..rules import evaluate

    on = case.request.request_date or SYSTEM_CLOCK.today()  # type: ignore[attr-defined]
    return [i for i in evaluate(case, on=on) if i.blocking]  # type: ignore[arg-type]


def run(args: argparse.Namespace) -> int:
    from ..i18n import LANGUAGES
    from ..render import build_documents

    case = load_case_or_exit(args.case)
    if case is None:
        return EXIT_UNREADABLE
    languages = [c.strip() for arg in args.languages or () for c in arg.split(",") if c.strip()]
    unknown = [code for code in languages if code not in LANGUAGES]
    if unknown:
        print(f"mla-writer build: unknown language code(s) {', '.join(unknown)};"
              f" expected one of {', '.join(LANGUAGES)}", file=sys.stderr)
        return EXIT_UNREADABLE
    if not args.draft:
        try:
            errors = _blocking_issues(case)
        except ImportError as exc:  # an incomplete installation: never build unchecked
            print(f"mla-writer build: cannot check the case ({exc}); build with --draft",
                  file=sys.stderr)
            return EXIT_PROBLEMS
        if errors:
            print(f"mla-writer build: refused: {len(errors)} blocking issue(s); fix them or"
                  " build with --draft", file=sys.stderr)
            for issue in errors:
                cite = f" [{issue.citation}]" if issue.citation else ""  # type: ignore[attr-defined]
                print(f"  error {issue.path}: {issue.message}{cite}",  # type: ignore[attr-defined]
                      file=sys.stderr)
            return EXIT_PROBLEMS
    try:
        paths = build_documents(case, args.out, formats=tuple(args.formats or ("docx", "pdf")),
                                languages=languages or None, bilingual=args.bilingual,
                                draft=args.draft)
    except OSError as exc:
        print(f"mla-writer build: cannot write to {args.out}: {exc.strerror or exc}",
              file=sys.stderr)
        return EXIT_PROBLEMS
    for path in paths:
        print(path)
    return EXIT_OK
