"""`mla-writer basis`: which legal bases a request between two states can rely on, and why."""

from __future__ import annotations

import argparse
import json
import sys

from .common import EXIT_OK, EXIT_UNREADABLE, clock_or_exit, parse_date

KINDS = ("mla", "extradition", "provisional_arrest", "supplementary")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "basis", help="list the legal bases between two states",
        description="Usable bases in order (bilateral treaty, ASEAN MLAT, conventions,"
        " reciprocity), then the bases that do not apply, each with the reason and citation.")
    p.add_argument("--from", dest="requesting", required=True, metavar="CODE",
                   help="requesting state (ISO 3166 alpha-2)")
    p.add_argument("--to", dest="requested", required=True, metavar="CODE",
                   help="requested state (ISO 3166 alpha-2)")
    p.add_argument("--kind", required=True, choices=KINDS)
    p.add_argument("--date", type=parse_date, metavar="YYYY-MM-DD", help="default: today")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..profiles import ProfileError, load_registry, resolve_basis
    from ..rules.registry import UNVERIFIED_MARK

    try:
        registry = load_registry()
    except ProfileError as exc:
        print(f"mla-writer basis: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    clock = clock_or_exit("basis")
    if clock is None:
        return EXIT_UNREADABLE
    on = args.date or clock.today()
    options = resolve_basis(args.requesting, args.requested, args.kind, on, registry)
    if args.json:
        print(json.dumps([o.as_json() for o in options], indent=2, ensure_ascii=False))
        return EXIT_OK
    print(f"Legal bases for {args.kind.replace('_', ' ')} from {args.requesting.upper()} to"
          f" {args.requested.upper()} on {on.isoformat()}:")
    for heading, usable in (("Usable", True), ("Not applicable", False)):
        chosen = [o for o in options if o.usable is usable]
        if not chosen:
            continue
        print(f"\n{heading}:")
        for n, o in enumerate(chosen, 1):
            print(f"  {n}. {o.instrument_id} — {o.name} [{o.category}]")
            print(f"     {o.reason}")
            mark = f"  ** {UNVERIFIED_MARK} **" if o.status == "unverified" else ""
            print(f"     Citation: {o.citation} ({o.status}){mark}")
    return EXIT_OK
