"""`mla-writer build`: write the request and its transmittal note as DOCX and/or PDF."""

# lazy imports (start-up cost): i18n, workflow
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from .common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_UNREADABLE,
    add_now_option,
    clock_or_exit,
    load_case_or_exit,
    profiles_or_exit,
    resolve_case_path,
)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "build", help="write the request documents (DOCX, PDF)",
        description="Write the request and the transmittal note for CASE into DIR and print the"
        " paths. Refuses (exit 1) when `check` finds errors (the rules' and the review's),"
        " unless --draft is given; then every page is marked DRAFT. Text the PDF cannot print"
        " (it would show as empty boxes) is named in a warning. Exit 2 when the case file"
        " or a legal profile cannot be read; nothing is written then.")
    p.add_argument("case", metavar="CASE", help="case file, or example:NAME")
    p.add_argument("--out", required=True, type=Path, metavar="DIR", help="output folder")
    p.add_argument("--format", dest="formats", action="append", choices=("docx", "pdf"),
                   help="output format (repeatable; default: both)")
    p.add_argument("--lang", dest="languages", action="append", metavar="CODE",
                   help="document language (repeatable, or comma-separated: --lang th,en;"
                   " default: the requested state's accepted languages with complete"
                   " translations, plus the case's drafting language)")
    p.add_argument("--bilingual", action="store_true",
                   help="also write each request in another language than the drafting"
                   " language side by side with the drafting language (e.g. _th-vi)")
    p.add_argument("--draft", action="store_true",
                   help="build despite blocking issues; every page is marked DRAFT")
    add_now_option(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..workflow.pdf_process import start_pdf_process

    formats = tuple(args.formats or ("docx", "pdf"))
    # the PDFs' process starts first: it loads reportlab and the fonts meanwhile
    pdf_process = start_pdf_process() if "pdf" in formats and len(set(formats)) > 1 else None
    try:
        return _run(args, formats, pdf_process)
    finally:
        if pdf_process is not None:
            pdf_process.stop()


def _run(args: argparse.Namespace, formats: tuple[str, ...], pdf_process: Any) -> int:
    from ..i18n import LANGUAGES
    from ..workflow.produce import BuildRefused, check_build, produce, send_early

    case = load_case_or_exit(args.case)
    if case is None:
        return EXIT_UNREADABLE
    languages = [c.strip() for arg in args.languages or () for c in arg.split(",") if c.strip()]
    unknown = [code for code in languages if code not in LANGUAGES]
    if unknown:
        print(f"mla-writer build: unknown language code(s) {', '.join(unknown)};"
              f" expected one of {', '.join(LANGUAGES)}", file=sys.stderr)
        return EXIT_UNREADABLE
    clock = clock_or_exit("build", args)
    if clock is None:
        return EXIT_UNREADABLE
    # the documents take authorities, names and instruments from every profile: all must load
    registry = profiles_or_exit("build", case.request.requested_state, whole=True)
    if registry is None:
        return EXIT_UNREADABLE
    # the documents go to the PDF process before the check: it lays them out meanwhile and
    # writes them only if the build goes ahead (workflow.produce's note)
    early = send_early(case, args.out, pdf_process, languages=languages, formats=formats,
                       bilingual=args.bilingual, draft=args.draft,
                       clock=clock) if pdf_process is not None else None
    # the same findings as `check` (workflow.preflight.findings) and the GUI's Produce
    check = check_build(case, registry=registry, languages=languages, clock=clock,
                        case_path=resolve_case_path(args.case))
    try:
        if not args.draft and check.errors:
            raise BuildRefused(check.errors)  # the PDF process is ended by `run`: no file
        if check.language_warning:
            print(f"mla-writer build: warning: {check.language_warning}", file=sys.stderr)
        # text the PDF prints as empty boxes: said here too, not only by check
        for issue in check.unprintable(formats):
            print(f"mla-writer build: warning: {issue.path}: {issue.message}", file=sys.stderr)
        paths = produce(case, args.out, check, formats=formats, bilingual=args.bilingual,
                        draft=args.draft, clock=clock, parallel=True,
                        pdf_process=pdf_process, early=early)
    except BuildRefused as exc:
        print(f"mla-writer build: refused: {len(exc.errors)} blocking issue(s); fix them or"
              " build with --draft", file=sys.stderr)
        for issue in exc.errors:
            cite = f" [{issue.citation}]" if issue.citation else ""
            print(f"  error {issue.path} [{issue.code}]: {issue.message}{cite}", file=sys.stderr)
        return EXIT_PROBLEMS
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        print(f"mla-writer build: cannot write to {args.out}: {exc.strerror or exc}{where}",
              file=sys.stderr)
        return EXIT_PROBLEMS
    for path in paths:
        print(path)
    return EXIT_OK
