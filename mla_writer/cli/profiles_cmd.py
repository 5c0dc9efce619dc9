"""`mla-writer profiles list|show|brief|lint`: the legal profiles, as a table, a country brief
(in English with every detail, or in a reader's language), a lint."""

# lazy imports (start-up cost): i18n, profiles, storage
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from .check_cmd import _date
from .common import EXIT_OK, EXIT_PROBLEMS, EXIT_UNREADABLE, clock_or_exit


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("profiles", help="list, show and lint the legal profiles")
    ps = p.add_subparsers(dest="profiles_command", metavar="ACTION", required=True)
    ls = ps.add_parser("list", help="code, name, version, last review, unverified items and rules")
    ls.set_defaults(func=run_list)
    show = ps.add_parser("show", help="a one-page country brief with citations")
    show.add_argument("code", metavar="CODE", help="state code, e.g. TH")
    show.add_argument("--json", action="store_true", help="the profile data as JSON")
    show.add_argument("--date", type=_date, metavar="YYYY-MM-DD",
                      help="show what applies on this date (default: every entry)")
    show.set_defaults(func=run_show)
    brief = ps.add_parser(
        "brief", help="the country brief in a language (unofficial translation of legal text,"
        " with the English originals)")
    brief.add_argument("code", metavar="CODE", help="state code, e.g. TH")
    brief.add_argument("--lang", default="en", metavar="L",
                       help="language of the brief: en, km, zh, lo, my, th, vi (default: en)")
    brief.add_argument("--date", type=_date, metavar="YYYY-MM-DD",
                       help="show what applies on this date (default: what is in force)")
    brief.add_argument("--no-english", action="store_true",
                       help="leave out the English originals of translated texts")
    brief.set_defaults(func=run_brief)
    lint = ps.add_parser("lint", help="validate every profile file; exit 1 on any problem")
    lint.add_argument("directory", nargs="?", type=Path, metavar="DIR",
                      help="profiles folder (default: $MLA_WRITER_PROFILES, else the bundled one)")
    lint.add_argument("--date", type=_date, metavar="YYYY-MM-DD",
                      help="report entries expired before this date (default: today)")
    lint.set_defaults(func=run_lint)
    review = ps.add_parser("review", help="record a lawyer's legal review of a profile")
    review.add_argument("code", metavar="CODE", help="state code, e.g. TH (or: baseline)")
    review.add_argument("--by", required=True, metavar="NAME",
                        help="the lawyer who reviewed the profile")
    review.add_argument("--date", type=_date, metavar="YYYY-MM-DD",
                        help="date of the review (default: today)")
    review.set_defaults(func=run_review)
    table = ps.add_parser(
        "table", help="the legal bases offered for every pair of states and kind (markdown)")
    table.add_argument("--date", type=_date, metavar="YYYY-MM-DD",
                       help="law as on this date (default: the date in the README, else today)")
    table.add_argument("--write", action="store_true",
                       help="replace the table in legal_profiles/README.md")
    table.add_argument("--check", action="store_true",
                       help="exit 1 when the README's table is not up to date")
    table.set_defaults(func=run_table)


def _registry() -> Any:
    from ..profiles import ProfileError, load_registry, scan_profiles

    try:
        return load_registry()
    except ProfileError as exc:
        print(f"mla-writer profiles: {exc}\n(the other profiles are shown)", file=sys.stderr)
        return scan_profiles()


def run_list(args: argparse.Namespace) -> int:
    from ..profiles.brief import list_rows

    reg = _registry()
    rows = list_rows(reg)
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
    for name in sorted(reg.broken):
        print(f"BROKEN  {name} (run `mla-writer profiles lint`)")
    return EXIT_PROBLEMS if reg.broken else EXIT_OK


def run_show(args: argparse.Namespace) -> int:
    reg = _registry()
    code = args.code.upper()
    if code not in reg.states:
        broken = reg.broken_state(code)
        why = "is broken: " + "; ".join(broken) if broken else "does not exist"
        print(f"mla-writer profiles show: the profile of {code} {why}", file=sys.stderr)
        return EXIT_UNREADABLE
    if args.json:
        state = reg.states[code]
        data = state.model_dump(mode="json")
        data["bilateral_treaties"] = [
            i.model_dump(mode="json") for i in reg.instruments.values()
            if i.type == "bilateral" and code in i.parties]
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        from ..profiles.brief import brief

        print(brief(reg, code, args.date))
    return EXIT_OK


def run_brief(args: argparse.Namespace) -> int:
    from .. import i18n
    from ..profiles.country_brief import brief_text, country_brief

    lang = i18n.normalize_language(args.lang)
    if lang is None:
        print(f"mla-writer profiles brief: unknown language {args.lang!r}; one of"
              f" {', '.join(i18n.LANGUAGES)}", file=sys.stderr)
        return EXIT_UNREADABLE
    reg = _registry()
    code = args.code.upper()
    if code not in reg.states:
        broken = reg.broken_state(code)
        why = "is broken: " + "; ".join(broken) if broken else "does not exist"
        print(f"mla-writer profiles brief: the profile of {code} {why}", file=sys.stderr)
        return EXIT_UNREADABLE
    print(brief_text(country_brief(reg, code, lang, args.date), english=not args.no_english))
    return EXIT_OK


def run_lint(args: argparse.Namespace) -> int:
    from ..profiles.lint import lint_report
    from ..profiles.loader import profiles_dir

    directory = args.directory
    if directory is not None and not directory.is_dir():
        print(f"mla-writer profiles lint: {directory} is not a folder", file=sys.stderr)
        return EXIT_UNREADABLE
    clock = clock_or_exit("profiles lint")
    if clock is None:
        return EXIT_UNREADABLE
    problems, warnings = lint_report(directory, args.date or clock.today())
    where = directory or profiles_dir()
    for warning in warnings:  # reported, but they do not fail the lint
        print(f"warning: {warning}", file=sys.stderr)
    if not problems:  # success on stdout, problems on stderr
        print(f"0 problem(s) in {where}")
        return EXIT_OK
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"{len(problems)} problem(s) in {where}", file=sys.stderr)
    return EXIT_PROBLEMS


def run_review(args: argparse.Namespace) -> int:
    from ..profiles.review import record_review

    clock = clock_or_exit("profiles review")
    if clock is None:
        return EXIT_UNREADABLE
    try:
        path = record_review(args.code, args.by, args.date or clock.today())
    except (ValueError, OSError) as exc:
        print(f"mla-writer profiles review: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    print(f"legal review recorded in {path}")
    return EXIT_OK


def run_table(args: argparse.Namespace) -> int:
    from ..profiles import ProfileError, load_registry
    from ..profiles.loader import profiles_dir
    from ..profiles.table import basis_table, readme_path, table_date, updated_readme
    from ..storage import atomic_write_bytes

    try:
        registry = load_registry()
    except ProfileError as exc:
        print(f"mla-writer profiles table: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    readme = readme_path(profiles_dir())
    text = readme.read_text("utf-8") if readme.is_file() else ""
    clock = clock_or_exit("profiles table")
    if clock is None:
        return EXIT_UNREADABLE
    on = args.date or table_date(text) or clock.today()
    if args.write or args.check:
        new = updated_readme(text, on, registry)
        if args.check:
            if new != text:
                print(f"{readme}: the basis table is not up to date; run `mla-writer profiles"
                      " table --write`", file=sys.stderr)
                return EXIT_PROBLEMS
            print(f"{readme}: the basis table is up to date")
            return EXIT_OK
        atomic_write_bytes(readme, new.encode("utf-8"))
        print(f"basis table (law as on {on}) written to {readme}")
        return EXIT_OK
    print(basis_table(on, registry))
    return EXIT_OK
