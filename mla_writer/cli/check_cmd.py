"""`mla-writer check`: every finding about a case, with its citation and source status."""

# lazy imports (start-up cost): i18n, cli, workflow, domain
from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from .common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_UNREADABLE,
    clock_or_exit,
    load_case_or_exit,
    parse_date,
    profiles_or_exit,
    resolve_case_path,
)

#: kept for the command modules that imported it from here
_date = parse_date


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "check", help="check a case against the law of the requested state",
        description="Print every issue (severity, field path, message, legal citation). Exit 0"
        " when nothing blocks, 1 when there are errors, 2 when the case file cannot be read or"
        " the requested state's legal profile is broken.")
    p.add_argument("case", metavar="CASE", help="case file, or example:NAME")
    p.add_argument("--json", action="store_true", help="print a JSON list of issues")
    p.add_argument("--date", type=parse_date, metavar="YYYY-MM-DD",
                   help="apply the law as on this date (default: the request date, else today)")
    p.add_argument("--lang", metavar="CODE",
                   help="print the findings in this language: en (default), km, zh, lo, my,"
                   " th, vi; with --json, English `message` plus `message_translated`")
    p.set_defaults(func=run)


def format_issue(issue: Any, lang: str = "en") -> str:
    """Three lines: severity, path, code (and the unverified mark); message (in `lang`);
    citation (as written: a legal reference is not translated)."""
    from ..i18n import SEVERITY_WORDS, finding_text, render_text
    from .common import citation_line, unverified_mark

    severity = str(issue.severity).upper() if lang == "en" \
        else render_text(SEVERITY_WORDS[str(issue.severity)], lang)
    head = f"{severity:7} {issue.path}  [{issue.code}]"
    if not issue.verified:
        head += f"  ** {unverified_mark(lang)} **"
    message = finding_text(issue, lang, unverified_note=False).rstrip()
    citation = citation_line(issue.citation, issue.status, lang)
    return "\n".join((head, f"        {message}", f"        {citation}"))


def run(args: argparse.Namespace) -> int:
    from ..i18n import LANGUAGES, finding_text, normalize_language
    from ..workflow.preflight import findings

    lang = normalize_language(args.lang) if args.lang else "en"
    if lang is None:
        print(f"mla-writer check: unknown language {args.lang!r} (expected one of"
              f" {', '.join(LANGUAGES)})", file=sys.stderr)
        return EXIT_UNREADABLE
    case = load_case_or_exit(args.case)
    if case is None:
        return EXIT_UNREADABLE
    clock = clock_or_exit("check")
    if clock is None:
        return EXIT_UNREADABLE
    registry = profiles_or_exit("check", case.request.requested_state, whole=False)
    if registry is None:
        return EXIT_UNREADABLE
    on = args.date or case.request.request_date or clock.today()
    # the rules' findings and the review's (open comments, a broken audit log): the same
    # list build and sign are refused on (workflow.preflight.blocking_findings)
    issues = findings(case, on=on, registry=registry, case_path=resolve_case_path(args.case))
    errors = sum(1 for i in issues if i.blocking)
    if args.json:
        keys = ("code", "severity", "path", "message", "citation", "verified", "status", "source")
        rows = []
        for issue in issues:
            row = {k: issue.as_json()[k] for k in keys}
            if args.lang:
                row["message_translated"] = finding_text(issue, lang)
            rows.append(row)
        print(json.dumps(rows, indent=2, ensure_ascii=False))
    else:
        for issue in issues:
            print(format_issue(issue, lang))
        from ..domain.issues import Date
        from ..i18n import N_, render_text

        warnings = sum(1 for i in issues if i.severity == "warning")
        print("\n" + render_text(N_(
            "%(errors)s error(s), %(warnings)s warning(s), %(notes)s note(s) — law as on"
            " %(date)s", errors=errors, warnings=warnings, notes=len(issues) - errors - warnings,
            date=Date(on)), lang))
    return EXIT_PROBLEMS if errors else EXIT_OK
