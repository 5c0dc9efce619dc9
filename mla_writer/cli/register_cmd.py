"""`mla-writer register`: the office's register of requests (list, show, export, stats, and
the changes officers record: add, status, set, officer, policy)."""

# lazy imports (start-up cost): cli, i18n, profiles, register, storage

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from .common import EXIT_OK, EXIT_PROBLEMS, EXIT_UNREADABLE, citation_line, parse_date

DATE_OPTIONS = (("request_date", "request-date"), ("received_date", "received"),
                ("deadline_asked", "deadline"), ("reply_by", "reply-by"),
                ("arrest_date", "arrest-date"), ("decision_date", "decision-date"))


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--register", metavar="URL", default=None,
                   help="register database (default: $MLA_WRITER_REGISTER, else SQLite in the"
                   " user's data folder); postgresql://user@host/db for a shared register")
    p.add_argument("--officer", default=None,
                   help="the officer acting (default: $MLA_WRITER_OFFICER, else the login name)")


def _filters(p: argparse.ArgumentParser) -> None:
    from ..register.roles import DIRECTIONS, KINDS, STATUSES

    p.add_argument("--search", default="", metavar="TEXT",
                   help="text in the reference, persons, offences, states or legal basis")
    p.add_argument("--state", action="append", default=[], metavar="XX",
                   help="requesting or requested state (repeat for several)")
    p.add_argument("--status", action="append", default=[], choices=STATUSES)
    p.add_argument("--kind", action="append", default=[], choices=KINDS)
    p.add_argument("--direction", choices=DIRECTIONS, default="")
    p.add_argument("--from", dest="date_from", type=parse_date, metavar="YYYY-MM-DD",
                   help="request (or receipt) date on or after")
    p.add_argument("--to", dest="date_to", type=parse_date, metavar="YYYY-MM-DD",
                   help="request (or receipt) date on or before")
    p.add_argument("--open", action="store_true", help="only requests not yet closed")
    p.add_argument("--overdue", action="store_true", help="only requests with a deadline past")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "register", help="the register of requests sent and received",
        description="The office's register: every request it sends or receives, its status"
        " history (who and when), deadlines and statistics. SQLite in the user's data folder by"
        " default; a shared office register on PostgreSQL with MLA_WRITER_REGISTER="
        "postgresql://... Roles: drafter, reviewer, head of authority (see the README)."
        " Exit 0 done, 1 refused (role, conflict, unknown request), 2 register unreadable.")
    rsub = p.add_subparsers(dest="register_command", metavar="ACTION", required=True)

    ls = rsub.add_parser("list", help="list requests (filters)")
    _common(ls)
    _filters(ls)
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=run_list)

    show = rsub.add_parser("show", help="one request: fields, deadlines, history")
    _common(show)
    show.add_argument("id", type=int)
    show.add_argument("--json", action="store_true")
    show.set_defaults(func=run_show)

    ex = rsub.add_parser("export", help="CSV of the requests (filters)")
    _common(ex)
    _filters(ex)
    ex.add_argument("--out", metavar="FILE.csv", help="write here (default: standard output)")
    ex.set_defaults(func=run_export)

    st = rsub.add_parser("stats", help="requests per state, kind and status; median time to"
                         " execution")
    _common(st)
    _filters(st)
    st.add_argument("--json", action="store_true")
    st.set_defaults(func=run_stats)

    dl = rsub.add_parser("deadlines", help="deadlines running, soonest first")
    _common(dl)
    dl.add_argument("--within", type=int, default=None, metavar="DAYS",
                    help="only those due within DAYS (overdue ones always)")
    dl.set_defaults(func=run_deadlines)

    add = rsub.add_parser("add", help="register (or update) the request of a case file")
    _common(add)
    add.add_argument("case", metavar="CASE")
    add.add_argument("--incoming", action="store_true",
                     help="a request received (default: one the office sends)")
    add.set_defaults(func=run_add)

    status = rsub.add_parser("status", help="move a request to another status")
    _common(status)
    status.add_argument("id", type=int)
    status.add_argument("new", metavar="STATUS")
    status.add_argument("--note", default="")
    status.set_defaults(func=run_status)

    setp = rsub.add_parser("set", help="record dates, the package or an assignment")
    _common(setp)
    setp.add_argument("id", type=int)
    for _name, option in DATE_OPTIONS:
        setp.add_argument(f"--{option}", type=parse_date, metavar="YYYY-MM-DD")
    setp.add_argument("--package", metavar="PATH")
    setp.add_argument("--assign", metavar="OFFICER")
    setp.add_argument("--note", default="")
    setp.set_defaults(func=run_set)

    off = rsub.add_parser("officer", help="list officers, or add one with a role (head only)")
    _common(off)
    off.add_argument("action", choices=("list", "add"))
    off.add_argument("name", nargs="?", default="")
    off.add_argument("--role", choices=("drafter", "reviewer", "head"), default="drafter")
    off.set_defaults(func=run_officer)

    pol = rsub.add_parser("policy", help="the office's follow-up interval (head only)")
    _common(pol)
    pol.add_argument("--follow-up-days", type=int, metavar="DAYS")
    pol.set_defaults(func=run_policy)


def _open(args: argparse.Namespace, command: str) -> Any:
    from ..register import Register, RegisterError

    try:
        return Register(args.register, officer=args.officer)
    except RegisterError as exc:
        print(f"mla-writer register {command}: {exc}", file=sys.stderr)
        return None


def _registry() -> Any:
    """The legal profiles for the deadlines; None (deadlines from the request only) if broken."""
    from ..profiles import ProfileError, load_registry

    try:
        return load_registry()
    except ProfileError:
        print("mla-writer register: warning: the legal profiles do not load; deadlines from"
              " time limits are not shown (`mla-writer profiles lint`)", file=sys.stderr)
        return None


def _records(reg: Any, args: argparse.Namespace, registry: Any) -> list[Any]:
    from ..register import Filter, overdue_ids

    flt = Filter(text=args.search, states=args.state, statuses=args.status, kinds=args.kind,
                 direction=args.direction, date_from=args.date_from, date_to=args.date_to,
                 open_only=args.open)
    records = reg.find(flt)
    if args.overdue:
        late = overdue_ids(records, registry, reg.follow_up_days(), reg.today())
        records = [r for r in records if r.id in late]
    return records


def _refused(command: str, exc: Exception) -> int:
    print(f"mla-writer register {command}: {exc}", file=sys.stderr)
    return EXIT_PROBLEMS


def _due_text(d: Any, today: Any) -> str:
    if d is None:
        return ""
    left = d.days_left(today)
    when = d.due.isoformat()
    if left < 0:
        return f"{when} OVERDUE by {-left} day(s)"
    return f"{when} ({left} day(s) left)"


def run_list(args: argparse.Namespace) -> int:
    from ..register import RegisterError, deadlines_of, next_due
    from ..register.repository import record_dict

    reg = _open(args, "list")
    if reg is None:
        return EXIT_UNREADABLE
    with reg:
        try:
            registry = _registry()
            records = _records(reg, args, registry)
            follow = reg.follow_up_days()
        except RegisterError as exc:
            return _refused("list", exc)
        today = reg.today()
        if args.json:
            out = []
            for r in records:
                due = next_due(deadlines_of(r, registry, follow))
                when = due.due.isoformat() if due and due.due else None
                out.append({**record_dict(r), "next_deadline": when,
                            "overdue": bool(due and due.overdue(today))})
            print(json.dumps(out, indent=2, ensure_ascii=False))
            return EXIT_OK
        for r in records:
            due = next_due(deadlines_of(r, registry, follow))
            states = f"{r.requesting_state or '?'}->{r.requested_state or '?'}"
            print(f"{r.id:>5}  {r.reference or '(no reference)'}  {r.direction}  {r.kind}"
                  f"  {states}  {r.status}  {r.date.isoformat() if r.date else '-'}"
                  + (f"  next: {_due_text(due, today)}" if due else ""))
        print(f"{len(records)} request(s)", file=sys.stderr)
    return EXIT_OK


def run_show(args: argparse.Namespace) -> int:
    from ..register import RegisterError, deadlines_of
    from ..register.repository import record_dict

    reg = _open(args, "show")
    if reg is None:
        return EXIT_UNREADABLE
    with reg:
        try:
            record = reg.get(args.id)
            changes = reg.history(args.id)
            registry = _registry()
            deadlines = deadlines_of(record, registry, reg.follow_up_days())
        except RegisterError as exc:
            return _refused("show", exc)
        today = reg.today()
        if args.json:
            print(json.dumps({
                "request": record_dict(record),
                "deadlines": [{"what": d.what, "label": d.label_in("en"),
                               "due": d.due.isoformat() if d.due else None,
                               "days_left": d.days_left(today), "overdue": d.overdue(today),
                               "code": d.code, "citation": d.citation, "status": d.status}
                              for d in deadlines],
                "history": [{"at": c.at.isoformat() + "Z", "officer": c.officer,
                             "db_user": c.db_user, "field": c.field, "old": c.old,
                             "new": c.new, "note": c.note} for c in changes]},
                indent=2, ensure_ascii=False))
            return EXIT_OK
        for key, value in record_dict(record).items():
            if value not in ("", None):
                print(f"{key}: {value}")
        print("\nDeadlines:" if deadlines else "\nDeadlines: none running")
        for d in deadlines:
            line = f"  {d.label_in('en')}: " + (_due_text(d, today) if d.due else
                                                 "period not recorded; confirm it with the"
                                                 " central authority")
            print(line)
            if d.note is not None:
                from ..i18n import render_text

                print(f"      {render_text(d.note, 'en')}")
            if d.citation:
                print(f"      {citation_line(d.citation, d.status, 'en')} [{d.code}]")
        print("\nHistory:")
        for c in changes:
            who = c.officer + (f" (database user {c.db_user})" if c.db_user else "")
            change = f"{c.old} -> {c.new}" if c.old else c.new
            print(f"  {c.at.isoformat(timespec='seconds')}Z  {who}  {c.field}: {change}"
                  + (f"  — {c.note}" if c.note else ""))
    return EXIT_OK


def run_export(args: argparse.Namespace) -> int:
    from ..register import RegisterError
    from ..register.export import to_csv
    from ..storage import atomic_write_bytes

    reg = _open(args, "export")
    if reg is None:
        return EXIT_UNREADABLE
    with reg:
        try:
            registry = _registry()
            text = to_csv(_records(reg, args, registry), registry, reg.follow_up_days(),
                          reg.today())
        except RegisterError as exc:
            return _refused("export", exc)
    if args.out:
        try:
            atomic_write_bytes(Path(args.out), text.encode("utf-8-sig"))
        except OSError as exc:
            print(f"mla-writer register export: cannot write {args.out}: {exc}", file=sys.stderr)
            return EXIT_UNREADABLE
        print(f"{text.count(chr(10)) - 1} request(s) written to {args.out}")
    else:
        sys.stdout.write(text)
    return EXIT_OK


def run_stats(args: argparse.Namespace) -> int:
    from ..register import RegisterError
    from ..register.stats import compute

    reg = _open(args, "stats")
    if reg is None:
        return EXIT_UNREADABLE
    with reg:
        try:
            stats = compute(reg, _records(reg, args, _registry() if args.overdue else None))
        except RegisterError as exc:
            return _refused("stats", exc)
    if args.json:
        print(json.dumps(stats.as_json(), indent=2, ensure_ascii=False))
        return EXIT_OK
    print(f"Requests: {stats.total}")
    print("Per state (the other state):")
    for (direction, state), n in sorted(stats.by_state.items()):
        print(f"  {direction:8} {state:4} {n}")
    print("Per kind:")
    for kind, n in sorted(stats.by_kind.items()):
        print(f"  {kind:20} {n}")
    print("Per status:")
    for status, n in sorted(stats.by_status.items()):
        print(f"  {status:14} {n}")
    for direction in ("outgoing", "incoming"):
        median = stats.median_days(direction)
        counted = len(stats.execution_days.get(direction, []))
        print(f"Median time to execution, {direction}: "
              + (f"{median:g} day(s) over {counted} executed request(s)" if median is not None
                 else "no executed request"))
    return EXIT_OK


def run_deadlines(args: argparse.Namespace) -> int:
    from ..register import Filter, RegisterError, upcoming

    reg = _open(args, "deadlines")
    if reg is None:
        return EXIT_UNREADABLE
    with reg:
        try:
            records = reg.find(Filter(open_only=True))
            items = upcoming(records, _registry(), reg.follow_up_days(), reg.today(),
                             args.within)
        except RegisterError as exc:
            return _refused("deadlines", exc)
        today = reg.today()
        for d in items:
            cite = f"  [{d.code}: {d.citation} ({d.status})]" if d.citation else ""
            print(f"{_due_text(d, today)}  #{d.request_id} {d.reference or '(no reference)'}"
                  f"  {d.label_in('en')}{cite}")
        print(f"{len(items)} deadline(s)", file=sys.stderr)
    return EXIT_OK


def register_case(reg: Any, case: Any, path: Path, *, direction: str,
                  extra: dict[str, Any] | None = None) -> tuple[int, bool]:
    """Register the request of `case` (or update its entry); (id, created)."""
    from ..register.casefile import status_of, values_from_case

    values = {**values_from_case(case), "case_path": str(path.resolve()), **(extra or {})}
    existing = reg.find_by_case(values["case_path"], direction)
    if existing is not None:
        if existing.received_date is not None:
            values.pop("received_date", None)  # received once: a second intake keeps the date
        reg.update(existing.id, note="updated from the case file", **values)
        return existing.id, False
    kind = values.pop("kind")
    status = status_of(case) if direction == "outgoing" else "transmitted"
    return reg.add(direction=direction, kind=kind, status=status, **values), True


def run_add(args: argparse.Namespace) -> int:
    from ..register import RegisterError
    from .common import load_case_or_exit, resolve_case_path

    case = load_case_or_exit(args.case)
    if case is None:
        return EXIT_UNREADABLE
    reg = _open(args, "add")
    if reg is None:
        return EXIT_UNREADABLE
    with reg:
        try:
            new_id, created = register_case(reg, case, resolve_case_path(args.case),
                                            direction="incoming" if args.incoming
                                            else "outgoing")
        except RegisterError as exc:
            return _refused("add", exc)
    print(f"{'registered as' if created else 'updated'} request {new_id}")
    return EXIT_OK


def run_status(args: argparse.Namespace) -> int:
    from ..register import RegisterError

    reg = _open(args, "status")
    if reg is None:
        return EXIT_UNREADABLE
    with reg:
        try:
            record = reg.set_status(args.id, args.new, note=args.note)
        except RegisterError as exc:
            return _refused("status", exc)
    print(f"request {record.id}: {record.status}")
    return EXIT_OK


def run_set(args: argparse.Namespace) -> int:
    from ..register import RegisterError

    values: dict[str, Any] = {name: getattr(args, option.replace("-", "_"))
                              for name, option in DATE_OPTIONS
                              if getattr(args, option.replace("-", "_")) is not None}
    if args.package is not None:
        values["package_path"] = args.package
    if args.assign is not None:
        values["assigned_to"] = args.assign
    if not values:
        print("mla-writer register set: nothing to set (give a date, --package or --assign)",
              file=sys.stderr)
        return EXIT_UNREADABLE
    reg = _open(args, "set")
    if reg is None:
        return EXIT_UNREADABLE
    with reg:
        try:
            reg.update(args.id, note=args.note, **values)
        except RegisterError as exc:
            return _refused("set", exc)
    print(f"request {args.id}: {', '.join(sorted(values))} recorded")
    return EXIT_OK


def run_officer(args: argparse.Namespace) -> int:
    from ..register import RegisterError
    from ..register.roles import ROLE_TITLES

    reg = _open(args, "officer")
    if reg is None:
        return EXIT_UNREADABLE
    with reg:
        try:
            if args.action == "add":
                if not args.name:
                    print("mla-writer register officer add: give the officer's name",
                          file=sys.stderr)
                    return EXIT_UNREADABLE
                reg.add_officer(args.name, args.role)
                print(f"{args.name}: {ROLE_TITLES[args.role]}")
                return EXIT_OK
            for name, role in reg.officers():
                print(f"{name}: {ROLE_TITLES.get(role, role)}")
        except RegisterError as exc:
            return _refused("officer", exc)
    return EXIT_OK


def run_policy(args: argparse.Namespace) -> int:
    from ..register import RegisterError

    reg = _open(args, "policy")
    if reg is None:
        return EXIT_UNREADABLE
    with reg:
        try:
            if args.follow_up_days is not None:
                reg.set_follow_up_days(args.follow_up_days)
            print(f"follow-up reminder: {reg.follow_up_days()} day(s) after the last status"
                  " change (office practice)")
        except RegisterError as exc:
            return _refused("policy", exc)
    return EXIT_OK
