"""`mla-writer profiles list|show|lint`: the legal profiles, as a table, a country brief, a lint."""

# lazy imports (start-up cost): profiles
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
    lint = ps.add_parser("lint", help="validate every profile file; exit 1 on any problem")
    lint.add_argument("directory", nargs="?", type=Path, metavar="DIR",
                      help="profiles folder (default: $MLA_WRITER_PROFILES, else the bundled one)")
    lint.add_argument("--date", type=_date, metavar="YYYY-MM-DD",
                      help="report entries expired before this date (default: today)")
    lint.set_defaults(func=run_lint)


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


def run_lint(args: argparse.Namespace) -> int:
    from ..profiles.lint import lint
    from ..profiles.loader import profiles_dir

    directory = args.directory
    if directory is not None and not directory.is_dir():
        print(f"mla-writer profiles lint: {directory} is not a folder", file=sys.stderr)
        return EXIT_UNREADABLE
    clock = clock_or_exit("profiles lint")
    if clock is None:
        return EXIT_UNREADABLE
    problems = lint(directory, args.date or clock.today())
    where = directory or profiles_dir()
    if not problems:  # success on stdout, problems on stderr
        print(f"0 problem(s) in {where}")
        return EXIT_OK
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"{len(problems)} problem(s) in {where}", file=sys.stderr)
    return EXIT_PROBLEMS
