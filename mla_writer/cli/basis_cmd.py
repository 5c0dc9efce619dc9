"""`mla-writer basis`: which legal bases a request between two states can rely on, and why."""

# lazy imports (start-up cost): domain, i18n, profiles, babel
from __future__ import annotations

import argparse
import json
import sys

from ..domain.kinds import FIRST_KINDS, REQUEST_KINDS
from ..i18n import N_
from .common import (
    EXIT_OK,
    EXIT_UNREADABLE,
    citation_line,
    clock_or_exit,
    parse_date,
    unverified_mark,
)

KINDS = REQUEST_KINDS
#: the kind of request in the heading of a translated listing (English keeps the option's
#: own spelling, "provisional arrest", as it always printed)
_KIND_WORDS = {"mla": N_("mutual legal assistance"), "extradition": N_("extradition"),
               "provisional_arrest": N_("provisional arrest"),
               "supplementary": N_("supplementary request")}
_HEADINGS = ((N_("Usable:"), True), (N_("Not applicable:"), False))


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "basis", help="list the legal bases between two states",
        description="Usable bases in order (bilateral treaty, ASEAN MLAT, conventions,"
        " reciprocity), then the bases that do not apply, each with the reason and citation.")
    p.add_argument("--from", dest="requesting", required=True, metavar="CODE", type=state_code,
                   help="requesting state (ISO 3166 alpha-2)")
    p.add_argument("--to", dest="requested", required=True, metavar="CODE", type=state_code,
                   help="requested state (ISO 3166 alpha-2)")
    p.add_argument("--kind", required=True, choices=KINDS)
    p.add_argument("--supplements", choices=FIRST_KINDS, metavar="KIND",
                   help="with --kind supplementary: the kind of the earlier request (mla,"
                   " extradition, provisional_arrest; default mla), whose bases apply")
    p.add_argument("--date", type=parse_date, metavar="YYYY-MM-DD", help="default: today")
    p.add_argument("--json", action="store_true")
    p.add_argument("--lang", metavar="CODE",
                   help="print the reasons in this language: en (default), km, zh, lo, my, th,"
                   " vi; with --json, English `reason` plus `reason_translated`")
    p.set_defaults(func=run)


def state_code(text: str) -> str:
    """argparse type of a state: an ISO 3166 alpha-2 code ('TH', not 'Thailand'); anything
    else is a usage error (exit 2), as `check` treats an unknown state."""
    from babel import Locale

    code = text.strip().upper()
    if len(code) != 2 or not code.isalpha() or code not in Locale("en").territories:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not an ISO 3166 alpha-2 state code (e.g. TH, VN, KH, LA, MM, CN)")
    return code


def run(args: argparse.Namespace) -> int:
    from ..domain.issues import Date
    from ..i18n import LANGUAGES, normalize_language, render_text
    from ..profiles import ProfileError, load_registry, resolve_basis
    from ..profiles.resolver import BasisOption, option_name

    lang = normalize_language(args.lang) if args.lang else "en"
    if lang is None:
        print(f"mla-writer basis: unknown language {args.lang!r} (expected one of"
              f" {', '.join(LANGUAGES)})", file=sys.stderr)
        return EXIT_UNREADABLE
    try:
        registry = load_registry()
    except ProfileError as exc:
        print(f"mla-writer basis: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    clock = clock_or_exit("basis")
    if clock is None:
        return EXIT_UNREADABLE
    on = args.date or clock.today()
    # a supplementary request rests on the basis of the kind it supplements
    # (profiles.effective.request_kind, as check and the documents decide it)
    kind = (args.supplements or "mla") if args.kind == "supplementary" else args.kind
    options = resolve_basis(args.requesting, args.requested, kind, on, registry)

    def reason(option: BasisOption) -> str:
        return render_text(option.text, lang) if option.text is not None else option.reason

    if args.json:
        rows = []
        for o in options:
            row = o.as_json()
            if args.lang:
                row["reason_translated"] = reason(o)
            rows.append(row)
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return EXIT_OK
    kind = _KIND_WORDS[args.kind]
    print(render_text(N_("Legal bases for %(kind)s from %(requesting)s to %(requested)s on"
                         " %(date)s:", kind=kind, requesting=args.requesting.upper(),
                         requested=args.requested.upper(), date=Date(on)), lang))
    for heading, usable in _HEADINGS:
        chosen = [o for o in options if o.usable is usable]
        if not chosen:
            continue
        print(f"\n{render_text(heading, lang)}")
        for n, o in enumerate(chosen, 1):
            print(f"  {n}. {o.instrument_id} — {render_text(option_name(o), lang)}"
                  f" [{o.category}]")
            print(f"     {reason(o)}")
            mark = f"  ** {unverified_mark(lang)} **" if o.status == "unverified" else ""
            print(f"     {citation_line(o.citation, o.status, lang)}{mark}")
    return EXIT_OK
