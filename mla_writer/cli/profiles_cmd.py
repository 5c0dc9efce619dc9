"""`mla-writer profiles list|show|lint`: the legal profiles, as a table, a country brief, a lint."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from .check_cmd import _date
from .common import EXIT_OK, EXIT_PROBLEMS, EXIT_UNREADABLE, clock_or_exit

_KIND = {"mla": "MLA", "extradition": "extradition", "provisional_arrest": "provisional arrest",
         "supplementary": "supplementary"}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("profiles", help="list, show and lint the legal profiles")
    ps = p.add_subparsers(dest="profiles_command", metavar="ACTION", required=True)
    ls = ps.add_parser("list", help="code, name, version, last review, unverified rules")
    ls.set_defaults(func=run_list)
    show = ps.add_parser("show", help="a one-page country brief with citations")
    show.add_argument("code", metavar="CODE", help="state code, e.g. TH")
    show.add_argument("--json", action="store_true", help="the profile data as JSON")
    show.add_argument("--date", type=_date, metavar="YYYY-MM-DD",
                      help="show what applies on this date (default: every entry)")
    show.set_defaults(func=run_show)
    lint = ps.add_parser("lint", help="validate every profile file; exit 1 on any problem")
    lint.add_argument("directory", nargs="?", type=Path, metavar="DIR",
                      help="profiles folder (default: the bundled one)")
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
    reg = _registry()
    rows = [("CODE", "NAME", "VERSION", "REVIEWED", "RULES", "UNVERIFIED RULES")]
    for code in sorted(reg.states):
        s = reg.states[code]
        rows.append((code, s.name_en, s.profile_version, s.last_reviewed.isoformat(),
                     str(len(s.rules)), str(sum(1 for r in s.rules if not r.verified))))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
    for name in sorted(reg.broken):
        print(f"BROKEN  {name} (run `mla-writer profiles lint`)")
    return EXIT_PROBLEMS if reg.broken else EXIT_OK


def _mark(item: Any) -> str:
    extra = f"; {item.window()}" if item.window() else ""
    if item.status == "unverified":
        return f"[{item.citation}{extra}; UNVERIFIED — confirm with the central authority]"
    return f"[{item.citation}{extra}; {item.status}]"


def _cond(item: Any) -> str:
    parts = [", ".join(_KIND[k] for k in item.kinds if k != "supplementary")]
    if item.basis:
        parts.append("basis: " + "/".join(item.basis))
    if item.instruments:
        parts.append("under " + ", ".join(item.instruments))
    if item.except_instruments:
        parts.append("not under " + ", ".join(item.except_instruments))
    return "; ".join(p for p in parts if p)


def _authority(label: str, a: Any) -> list[str]:
    if a is None:
        return [f"  {label}: not recorded"]
    out = [f"  {label}: {a.name}"]
    for key in ("address", "phone", "email"):
        if getattr(a, key):
            out.append(f"      {key.capitalize()}: {getattr(a, key)}")
    if a.unknown:
        out.append(f"      Not found in public sources: {', '.join(a.unknown)}")
    if a.note:
        out.append(f"      {a.note}")
    out.append(f"      {_mark(a)}")
    return out


def brief(reg: Any, code: str, on: dt.date | None) -> str:
    """The country brief of `code` as plain text."""
    from ..rules.state_info import language_name

    s = reg.states[code]

    def live(items: list[Any]) -> list[Any]:
        return [i for i in items if on is None or i.active(on)]

    native = " / ".join(v for k, v in s.names.items() if k != "en")
    total = s.unverified_count()
    out = [f"{s.name_en.upper()} ({s.code})" + (f" — {native}" if native else ""),
           f"Profile version {s.profile_version}, last reviewed {s.last_reviewed};"
           f" {total} unverified item(s)" + (f"; law as on {on}" if on else ""), "",
           "AUTHORITIES"]
    out += _authority("Central authority (MLA)", s.central_authority)
    out += _authority("Extradition", s.extradition_authority)
    if s.provisional_arrest_authority:
        out += _authority("Provisional arrest", s.provisional_arrest_authority)
    out += ["", "LANGUAGES"]
    for r in live(s.languages):
        names = " or ".join(language_name(c) for c in r.languages) or "unknown"
        cert = {True: "; certified translation required", False: "", None: ""}[
            r.certified_translation]
        out.append(f"  {_cond(r)}: {names}{cert}. {r.note}".rstrip())
        out.append(f"      {_mark(r)}")
    out += ["", "CHANNELS"]
    for c in live(s.channels):
        verdict = {True: "accepted", False: "NOT accepted", None: "unknown"}[c.accepted]
        who = f" ({c.recipient})" if c.recipient else ""
        out.append(f"  {_cond(c)}: {c.channel.replace('_', ' ')}{who} — {verdict}. {c.note}"
                   .rstrip())
        out.append(f"      {_mark(c)}")
    out += ["", "INSTRUMENTS"]
    for m in live(s.memberships):
        inst = reg.instruments.get(m.instrument)
        title = inst.short_name or inst.name if inst else m.instrument
        state = "party" if m.party else "NOT a party"
        since = f" since {m.since}" if m.since else ""
        notes = "; ".join(m.declarations)
        if m.not_basis_for:
            notes = f"not a legal basis for {', '.join(_KIND[k] for k in m.not_basis_for)}" + (
                f"; {notes}" if notes else "")
        out.append(f"  {title}: {state}{since}" + (f" — {notes}" if notes else ""))
        out.append(f"      {_mark(m)}")
    treaties = [i for i in reg.instruments.values() if i.type == "bilateral" and code in i.parties]
    for t in sorted(treaties, key=lambda t: t.id):
        force = f"in force {t.in_force}" if t.in_force else (
            f"signed {t.signed}, entry into force unknown" if t.signed else "dates unknown")
        kinds = ", ".join(_KIND[k] for k in t.kinds if k != "supplementary")
        out.append(f"  Bilateral: {t.name} ({kinds}; {force})")
        out.append(f"      {_mark(t)}")
    for r in live(s.reciprocity):
        verdict = {True: "granted", False: "NOT granted", None: "unknown"}[r.accepted]
        written = "; written undertaking required" if r.written_undertaking else ""
        out.append(f"  Reciprocity ({_cond(r)}): {verdict}{written}. {r.note}".rstrip())
        out.append(f"      {_mark(r)}")
    out += ["", "KEY REQUIREMENTS AND RESTRICTIONS"]
    for rule in live(s.rules):
        out.append(f"  [{rule.severity}] {rule.title} ({_cond(rule)})")
        out.append(f"      {_mark(rule)}")
    out += ["", "TIME LIMITS"]
    for t in live(s.time_limits):
        days = "unknown" if t.days is None else f"{t.days} days" + (
            f" + {t.extension_days}" if t.extension_days else "")
        out.append(f"  {t.title} ({_cond(t)}): {days}. {t.action}".rstrip())
        out.append(f"      {_mark(t)}")
    out += ["", "FORMALITIES"]
    for f in live(s.formalities):
        out.append(f"  {f.topic.capitalize()} ({_cond(f)}): {f.text}")
        out.append(f"      {_mark(f)}")
    out += ["", "OTHER FACTS AND GAPS"]
    for f in live(s.facts):
        out.append(f"  {f.topic.replace('_', ' ').capitalize()}: {f.text}")
        out.append(f"      {_mark(f)}")
    return "\n".join(out)


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
        print(brief(reg, code, args.date))
    return EXIT_OK


def run_lint(args: argparse.Namespace) -> int:
    from ..profiles.lint import lint

    directory = args.directory
    if directory is not None and not directory.is_dir():
        print(f"mla-writer profiles lint: {directory} is not a folder", file=sys.stderr)
        return EXIT_UNREADABLE
    clock = clock_or_exit("profiles lint")
    if clock is None:
        return EXIT_UNREADABLE
    problems = lint(directory, args.date or clock.today())
    for problem in problems:
        print(problem)
    where = directory or "bundled profiles"
    print(f"{len(problems)} problem(s) in {where}", file=sys.stderr)
    return EXIT_PROBLEMS if problems else EXIT_OK
