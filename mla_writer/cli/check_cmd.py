"""`mla-writer check`: every finding about a case, with its citation and source status."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from typing import Any

from .common import EXIT_OK, EXIT_PROBLEMS, EXIT_UNREADABLE, load_case_or_exit


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"expected a date YYYY-MM-DD, got {text!r}") from exc


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "check", help="check a case against the law of the requested state",
        description="Print every issue (severity, field path, message, legal citation). Exit 0"
        " when nothing blocks, 1 when there are errors, 2 when the case file cannot be read or"
        " the requested state's legal profile is broken.")
    p.add_argument("case", metavar="CASE", help="case file, or example:NAME")
    p.add_argument("--json", action="store_true", help="print a JSON list of issues")
    p.add_argument("--date", type=_date, metavar="YYYY-MM-DD",
                   help="apply the law as on this date (default: the request date, else today)")
    p.set_defaults(func=run)


def _registry(requested: str) -> object | None:
    """The profiles; None (after printing why) when the requested state's profile is broken."""
    from ..profiles import ProfileError, load_registry, scan_profiles

    try:
        return load_registry()
    except ProfileError:
        reg = scan_profiles()
    own = reg.broken_state(requested)
    if own or "baseline.toml" in reg.broken:
        name = f"states/{requested.upper()}.toml" if own else "baseline.toml"
        print(f"mla-writer check: the legal profile {name} is broken, so the case cannot be"
              " checked:", file=sys.stderr)
        for problem in own or reg.broken["baseline.toml"]:
            print(f"  - {problem}", file=sys.stderr)
        return None
    print("mla-writer check: warning: some legal profiles are broken and were not loaded"
          f" ({', '.join(sorted(reg.broken))}); run `mla-writer profiles lint`.", file=sys.stderr)
    return reg


def format_issue(issue: Any) -> str:
    """Three lines: severity, path, code (and the unverified mark); message; citation."""
    from ..rules.registry import UNVERIFIED_MARK, UNVERIFIED_NOTE

    head = f"{str(issue.severity).upper():7} {issue.path}  [{issue.code}]"
    message = issue.message
    if not issue.verified:
        head += f"  ** {UNVERIFIED_MARK} **"
        message = message.replace(UNVERIFIED_NOTE, "").rstrip()
    return "\n".join((head, f"        {message}",
                      f"        Citation: {issue.citation} ({issue.status})"))


def run(args: argparse.Namespace) -> int:
    from ..domain.clock import SYSTEM_CLOCK
    from ..review import review_issues
    from ..rules import evaluate

    case = load_case_or_exit(args.case)
    if case is None:
        return EXIT_UNREADABLE
    registry = _registry(case.request.requested_state)
    if registry is None:
        return EXIT_UNREADABLE
    on = args.date or case.request.request_date or SYSTEM_CLOCK.today()
    issues = evaluate(case, on=on, registry=registry)  # type: ignore[arg-type]
    issues += review_issues(case)  # open reviewer comments, a broken audit log
    errors = sum(1 for i in issues if i.blocking)
    if args.json:
        keys = ("code", "severity", "path", "message", "citation", "verified", "status", "source")
        print(json.dumps([{k: i.as_json()[k] for k in keys} for i in issues],
                         indent=2, ensure_ascii=False))
    else:
        for issue in issues:
            print(format_issue(issue))
        warnings = sum(1 for i in issues if i.severity == "warning")
        print(f"\n{errors} error(s), {warnings} warning(s), {len(issues) - errors - warnings}"
              f" note(s) — law as on {on.isoformat()}")
    return EXIT_PROBLEMS if errors else EXIT_OK
