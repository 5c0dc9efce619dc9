"""The register on SQLite and PostgreSQL: history with who and when, roles, concurrent
officers, filters, deadlines from the profiles, statistics, CSV export, schema migration."""

from __future__ import annotations

import csv
import datetime as dt
import io
import threading
from collections.abc import Callable

import pytest
import sqlalchemy as sa

from mla_writer.domain.clock import fixed_clock
from mla_writer.profiles import load_registry
from mla_writer.register import (
    AccessDenied,
    ConflictError,
    Filter,
    NotFound,
    RegisterError,
    deadlines_of,
    overdue_ids,
)
from mla_writer.register.deadlines import add_months, due_dates
from mla_writer.register.export import to_csv
from mla_writer.register.stats import compute

from .conftest import NOW


def _add(reg, **kw) -> int:  # type: ignore[no-untyped-def]
    values = {"direction": "outgoing", "kind": "mla", "reference": "REF-1",
              "requesting_state": "xb", "requested_state": "xa",
              "persons": "PHAN Fictional", "offences": "Fraud",
              "request_date": dt.date(2026, 10, 1)}
    values.update(kw)
    return reg.add(**values)


def test_history_records_who_and_when(open_register: Callable) -> None:
    head = open_register("Head Sokha")
    new_id = _add(head, note="first entry")
    head.set_status(new_id, "submitted", note="ready")
    record = head.get(new_id)
    assert (record.status, record.requesting_state, record.version) == ("submitted", "XB", 2)
    changes = head.history(new_id)
    assert [(c.field, c.old, c.new) for c in changes] == [
        ("created", "", "outgoing mla"), ("status", "", "draft"),
        ("status", "draft", "submitted")]
    assert {c.officer for c in changes} == {"Head Sokha"}
    assert all(c.at == NOW.replace(tzinfo=None) for c in changes)
    assert changes[-1].note == "ready"
    if head.engine.dialect.name == "postgresql":
        assert all(c.db_user for c in changes)  # the server's authenticated account


def test_roles_are_enforced(open_register: Callable) -> None:
    head = open_register("Head Sokha")
    assert head.role() == "head"  # the first officer of a new register
    head.add_officer("Drafter Dara", "drafter")
    head.add_officer("Reviewer Vanna", "reviewer")
    drafter, reviewer = open_register("Drafter Dara"), open_register("Reviewer Vanna")
    stranger = open_register("Someone Else")
    with pytest.raises(AccessDenied, match="not an officer"):
        stranger.find()
    with pytest.raises(AccessDenied, match="may not add or change officers"):
        drafter.add_officer("Friend", "head")
    own = _add(drafter, reference="DRAFTER-OWN")
    other = _add(head, reference="HEAD-OWN")
    assert [r.reference for r in drafter.find()] == ["DRAFTER-OWN"]
    with pytest.raises(NotFound):
        drafter.get(other)
    assert {r.reference for r in reviewer.find()} == {"DRAFTER-OWN", "HEAD-OWN"}
    drafter.set_status(own, "submitted")
    with pytest.raises(AccessDenied, match=r"may not move request \d+ from submitted to approved$"):
        drafter.set_status(own, "approved")
    reviewer.set_status(own, "approved")
    with pytest.raises(AccessDenied):
        reviewer.set_status(own, "signed")
    head.set_status(own, "signed")
    head.set_status(own, "transmitted")
    drafter.set_status(own, "acknowledged")
    with pytest.raises(AccessDenied):
        drafter.set_status(own, "executed")
    with pytest.raises(AccessDenied):
        drafter.update(own, assigned_to="Drafter Dara")
    reviewer.update(other, assigned_to="Drafter Dara")
    assert {r.reference for r in drafter.find()} == {"DRAFTER-OWN", "HEAD-OWN"}
    with pytest.raises(RegisterError, match="unknown status"):
        head.set_status(own, "lost")
    with pytest.raises(RegisterError, match="only head of authority"):
        head.add_officer("Head Sokha", "reviewer")
    head.add_officer("Reviewer Vanna", "head")
    head.add_officer("Head Sokha", "reviewer")
    assert dict(head.officers())["Head Sokha"] == "reviewer"


def test_a_change_on_an_outdated_version_is_refused(open_register: Callable) -> None:
    first, second = open_register("Head Sokha"), None
    new_id = _add(first)
    first.add_officer("Reviewer Vanna", "reviewer")
    second = open_register("Reviewer Vanna")
    seen = second.get(new_id)
    first.update(new_id, reply_by=dt.date(2026, 12, 1))
    with pytest.raises(ConflictError, match="changed by another officer"):
        second.set_status(new_id, "submitted", expected_version=seen.version)
    assert first.get(new_id).status == "draft"


def test_concurrent_officers_one_change_wins(open_register: Callable) -> None:
    head = open_register("Head Sokha")
    new_id = _add(head)
    head.set_status(new_id, "submitted")
    names = [f"Reviewer {n}" for n in range(4)]
    for name in names:
        head.add_officer(name, "reviewer")
    sessions = [open_register(name) for name in names]
    barrier = threading.Barrier(len(sessions))
    results: list[str] = []

    def approve(reg) -> None:  # type: ignore[no-untyped-def]
        version = reg.get(new_id).version
        barrier.wait()
        try:
            reg.set_status(new_id, "approved", expected_version=version)
            results.append("ok")
        except RegisterError as exc:
            results.append(type(exc).__name__)

    threads = [threading.Thread(target=approve, args=(s,)) for s in sessions]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count("ok") == 1, results
    assert all(r in ("ok", "ConflictError", "RegisterError") for r in results)
    approvals = [c for c in head.history(new_id) if c.new == "approved"]
    assert len(approvals) == 1


def test_filters(open_register: Callable) -> None:
    reg = open_register()
    a = _add(reg, reference="A-1", persons="NGUYEN Fictional", requested_state="VN",
             request_date=dt.date(2026, 1, 5))
    b = _add(reg, reference="B-2", kind="extradition", requested_state="LA",
             request_date=dt.date(2026, 6, 5))
    c = _add(reg, direction="incoming", reference="C_3%", requesting_state="KH",
             requested_state="TH", status="transmitted", request_date=None,
             received_date=dt.date(2026, 9, 1))
    ids = lambda flt: {r.id for r in reg.find(flt)}  # noqa: E731
    assert ids(Filter()) == {a, b, c}
    assert ids(Filter(text="nguyen")) == {a}
    assert ids(Filter(text="C_3%")) == {c} and ids(Filter(text="_")) == {c}
    assert ids(Filter(states=["kh"])) == {c}
    assert ids(Filter(kinds=["extradition"])) == {b}
    assert ids(Filter(statuses=["transmitted"])) == {c}
    assert ids(Filter(direction="incoming")) == {c}
    assert ids(Filter(date_from=dt.date(2026, 6, 1))) == {b, c}
    assert ids(Filter(date_to=dt.date(2026, 6, 30))) == {a, b}
    reg.set_status(a, "withdrawn")
    assert ids(Filter(open_only=True)) == {b, c}
    assert [r.id for r in reg.find()] == [c, b, a]  # newest first


def test_deadlines_come_from_the_profile(open_register: Callable, fixture_profiles) -> None:
    registry = load_registry(fixture_profiles)
    xa = registry.state("XA")
    pa = next(t for t in xa.time_limits if t.code == "XA-PA-DAYS")
    surrender = next(t for t in xa.time_limits if t.code == "XA-SURRENDER")
    reg = open_register()
    arrested = dt.date(2026, 10, 10)
    pa_id = _add(reg, kind="provisional_arrest", arrest_date=arrested,
                 deadline_asked=dt.date(2026, 12, 31), reply_by=dt.date(2026, 11, 1))
    ex_id = _add(reg, kind="extradition", decision_date=dt.date(2026, 1, 31))
    found = deadlines_of(reg.get(pa_id), registry, 30)
    by_what = {d.what: d for d in found}
    limit = by_what["time_limit"]
    assert limit.due == arrested + dt.timedelta(days=pa.days)
    assert (limit.code, limit.citation, limit.status) == (pa.code, pa.citation, pa.status)
    assert by_what["asked"].due == dt.date(2026, 12, 31)
    today = NOW.date()
    assert by_what["reply_by"].overdue(today) and by_what["reply_by"].days_left(today) == -19
    assert limit.days_left(today) == (limit.due - today).days
    ex = [d for d in deadlines_of(reg.get(ex_id), registry, 30) if d.what == "time_limit"]
    assert [d.due for d in ex] == [add_months(dt.date(2026, 1, 31), surrender.months)]
    # before the period's entry into force (effective_from) it does not apply
    early = _add(reg, kind="provisional_arrest", arrest_date=dt.date(2026, 1, 2))
    assert not [d for d in deadlines_of(reg.get(early), registry, 30) if d.what == "time_limit"]
    # a closed request has no deadline running; a follow-up after the office's interval
    reg.set_status(pa_id, "withdrawn")
    assert deadlines_of(reg.get(pa_id), registry, 30) == []
    sent = _add(reg, status="transmitted")
    follow = deadlines_of(reg.get(sent), registry, 10)
    assert [(d.what, d.due) for d in follow] == [("follow_up", today + dt.timedelta(days=10))]
    assert overdue_ids(reg.find(), registry, 30, today) == {ex_id}  # surrender period past
    assert overdue_ids(reg.find(), registry, 30, today + dt.timedelta(days=31)) == {ex_id, sent}


def test_add_months_clamps_to_the_month_end() -> None:
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2026, 11, 15), 2) == dt.date(2027, 1, 15)


def test_statistics(open_register: Callable, register_url: str) -> None:
    from mla_writer.register import Register

    days = {"A": 10, "B": 30, "C": 14}
    start = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)
    for ref, took in days.items():
        reg = open_register(at=fixed_clock(start))
        new_id = _add(reg, reference=ref, status="signed")
        reg.set_status(new_id, "transmitted")
        later = Register(register_url, officer="Head Sokha",
                         clock=fixed_clock(start + dt.timedelta(days=took)))
        later.set_status(new_id, "executed")
        later.close()
    reg = open_register()
    _add(reg, reference="D", kind="extradition", requested_state="LA")
    _add(reg, direction="incoming", reference="E", requesting_state="KH",
         requested_state="XB", status="transmitted")
    stats = compute(reg, reg.find())
    assert stats.total == 5
    assert stats.by_state[("outgoing", "XA")] == 3 and stats.by_state[("incoming", "KH")] == 1
    assert stats.by_kind == {"mla": 4, "extradition": 1}
    assert stats.by_status == {"executed": 3, "draft": 1, "transmitted": 1}
    assert stats.median_days("outgoing") == 14
    assert stats.median_days("incoming") is None


def test_csv_export(open_register: Callable) -> None:
    reg = open_register()
    _add(reg, reference="=HYPERLINK(\"x\")", persons="LE Fictional, Jr.; TRAN Fictional",
         reply_by=dt.date(2026, 11, 1))
    text = to_csv(reg.find(), None, 30, NOW.date())
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 1
    row = rows[0]
    assert row["reference"] == "'=HYPERLINK(\"x\")"  # never run as a formula
    assert row["persons"] == "LE Fictional, Jr.; TRAN Fictional"
    assert (row["next_deadline"], row["overdue"], row["days_left"]) == ("2026-11-01", "yes", "-19")


#: schema 1 as the first release created it (frozen here: the migration must read it)
def _schema_v1(conn: sa.Connection) -> None:
    md = sa.MetaData()
    sa.Table("register_meta", md, sa.Column("key", sa.String(64), primary_key=True),
             sa.Column("value", sa.Text, nullable=False))
    sa.Table("officers", md, sa.Column("name", sa.String(200), primary_key=True),
             sa.Column("role", sa.String(20), nullable=False),
             sa.Column("added_at", sa.DateTime, nullable=False),
             sa.Column("added_by", sa.String(200), nullable=False))
    cols = [sa.Column("id", sa.Integer, primary_key=True, autoincrement=True)]
    for name in ("reference", "direction", "kind", "requesting_state", "requested_state",
                 "legal_basis", "offences", "persons", "status", "case_path", "package_path",
                 "assigned_to", "created_by"):
        cols.append(sa.Column(name, sa.Text, nullable=False, default=""))
    cols += [sa.Column(n, sa.Date) for n in ("request_date", "received_date", "deadline_asked")]
    cols += [sa.Column("created_at", sa.DateTime, nullable=False),
             sa.Column("updated_at", sa.DateTime, nullable=False),
             sa.Column("version", sa.Integer, nullable=False, default=1)]
    requests = sa.Table("requests", md, *cols)
    sa.Table("history", md, sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
             sa.Column("request_id", sa.Integer, sa.ForeignKey("requests.id"), nullable=False),
             sa.Column("at", sa.DateTime, nullable=False),
             sa.Column("officer", sa.Text, nullable=False),
             sa.Column("db_user", sa.Text, nullable=False, default=""),
             sa.Column("field", sa.Text, nullable=False),
             sa.Column("old", sa.Text, nullable=False, default=""),
             sa.Column("new", sa.Text, nullable=False, default=""),
             sa.Column("note", sa.Text, nullable=False, default=""))
    md.create_all(conn)
    conn.execute(md.tables["register_meta"].insert().values(key="schema_version", value="1"))
    then = dt.datetime(2026, 2, 1, 10, 0)
    conn.execute(requests.insert().values(
        reference="OLD-1", direction="outgoing", kind="mla", requesting_state="XB",
        requested_state="XA", status="transmitted", created_by="Head Sokha",
        request_date=dt.date(2026, 1, 20), created_at=then, updated_at=then, version=3))


def test_an_old_register_is_migrated(register_url: str, open_register: Callable) -> None:
    from mla_writer.register.repository import _engine

    engine = _engine(register_url)
    with engine.begin() as conn:
        _schema_v1(conn)
    engine.dispose()
    reg = open_register()
    assert reg.migrated_from == 1
    (old,) = reg.find()
    assert (old.reference, old.status, old.version, old.reply_by) == ("OLD-1", "transmitted",
                                                                      3, None)
    assert old.status_at == dt.datetime(2026, 2, 1, 10, 0)  # taken from the last update
    reg.update(old.id, reply_by=dt.date(2026, 12, 1))
    assert reg.get(old.id).reply_by == dt.date(2026, 12, 1)
    assert open_register().migrated_from == 2  # opened again: nothing more to do


def test_a_newer_register_is_refused(register_url: str, open_register: Callable) -> None:
    from mla_writer.register import Register
    from mla_writer.register.repository import _engine
    from mla_writer.register.schema import meta

    open_register()
    engine = _engine(register_url)
    with engine.begin() as conn:
        conn.execute(meta.update().values(value="99"))
    engine.dispose()
    with pytest.raises(RegisterError, match="newer mla-writer"):
        Register(register_url, officer="Head Sokha")


def test_records_follow_the_column_order() -> None:
    """`Record(*row)` reads rows by position: the dataclass must list the columns in order."""
    import dataclasses

    from mla_writer.register import Record
    from mla_writer.register.schema import requests

    assert [f.name for f in dataclasses.fields(Record)] == [c.name for c in requests.columns]


def test_history_entries_apply_by_the_anchor_date(open_register: Callable,
                                                  fixture_profiles) -> None:
    """A period that ended (effective_until) still counts for an arrest made while it ran."""
    xa = fixture_profiles / "states" / "XA.toml"
    xa.write_text(xa.read_text("utf-8") + '\n[[time_limits]]\ncode = "XA-PA-OLD"\n'
                  'kinds = ["provisional_arrest"]\nstarts = "arrest"\ntitle = "Old period"\n'
                  'days = 20\n'
                  'effective_until = 2026-06-30\nhistory = true\ncitation = "XA old Act s. 1"\n'
                  'source = "test"\nstatus = "verified"\n', "utf-8")
    registry = load_registry(fixture_profiles)
    reg = open_register()
    old = _add(reg, kind="provisional_arrest", arrest_date=dt.date(2026, 6, 1))
    new = _add(reg, kind="provisional_arrest", arrest_date=dt.date(2026, 8, 1))
    codes = lambda i: [d.code for d in deadlines_of(reg.get(i), registry, 30)  # noqa: E731
                       if d.what == "time_limit"]
    assert codes(old) == ["XA-PA-OLD"] and codes(new) == ["XA-PA-DAYS"]
    assert overdue_ids(reg.find(), registry, 30, dt.date(2026, 6, 22)) == {old}


def test_what_starts_a_period_is_the_profiles_word(open_register: Callable,
                                                    fixture_profiles) -> None:
    """The register counts a time limit from the event its profile names (`starts`), and
    gives no date for one whose start the profile does not record."""
    xa = fixture_profiles / "states" / "XA.toml"
    xa.write_text(xa.read_text("utf-8") + '\n[[time_limits]]\ncode = "XA-PA-ORDER"\n'
                  'kinds = ["provisional_arrest"]\nstarts = "decision"\ntitle = "After the'
                  ' order"\ndays = 5\ncitation = "XA Act s. 2"\nsource = "test"\n'
                  'status = "verified"\n\n[[time_limits]]\ncode = "XA-PA-UNSAID"\n'
                  'kinds = ["provisional_arrest"]\ntitle = "Start not recorded"\ndays = 7\n'
                  'citation = "XA Act s. 3"\nsource = "test"\nstatus = "verified"\n', "utf-8")
    registry = load_registry(fixture_profiles)
    reg = open_register()
    arrested, ordered = dt.date(2026, 8, 1), dt.date(2026, 8, 20)
    both = _add(reg, kind="provisional_arrest", arrest_date=arrested, decision_date=ordered)
    due = {d.code: d.due for d in deadlines_of(reg.get(both), registry, 30)
           if d.what == "time_limit"}
    assert due == {"XA-PA-DAYS": arrested + dt.timedelta(days=30),
                   "XA-PA-ORDER": ordered + dt.timedelta(days=5)}
    assert sorted(due_dates(reg.get(both), registry, 30)) == sorted(due.values())
    only_arrest = _add(reg, kind="provisional_arrest", arrest_date=arrested)
    assert [d.code for d in deadlines_of(reg.get(only_arrest), registry, 30)
            if d.what == "time_limit"] == ["XA-PA-DAYS"]
