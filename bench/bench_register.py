"""Time the register with 10,000 requests: opening it and filtering (by text, state, status,
kind, date range, overdue), on SQLite, and on PostgreSQL when MLA_WRITER_TEST_POSTGRESQL is set.

Target: open and filter in at most 100 ms. The legal profiles (for the overdue filter's
time limits) are loaded once beforehand, as the application has them loaded.
Run: `python bench/bench_register.py` (prints figures; not a test).
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa

from mla_writer.domain.clock import fixed_clock
from mla_writer.profiles import load_registry
from mla_writer.register import Filter, Register, overdue_ids
from mla_writer.register.repository import _engine
from mla_writer.register.schema import history, metadata, requests

N = 10_000
STATES = ["KH", "CN", "LA", "MM", "TH", "VN"]
KINDS = ["mla", "extradition", "provisional_arrest", "supplementary"]
STATUSES = ["draft", "submitted", "approved", "signed", "transmitted", "acknowledged",
            "executed", "refused", "withdrawn"]
NOW = dt.datetime(2026, 11, 20, 8, 0, tzinfo=dt.UTC)


def fill(url: str) -> None:
    """10,000 fictional requests with two history rows each, inserted in bulk."""
    rng = random.Random(17)
    engine = _engine(url)
    with engine.begin() as conn:
        metadata.drop_all(conn)
    Register(url, officer="Head Bench", clock=fixed_clock(NOW)).close()  # schema, first officer
    rows, hist = [], []
    base = dt.date(2024, 1, 1)
    for i in range(1, N + 1):
        a, b = rng.sample(STATES, 2)
        day = base + dt.timedelta(days=rng.randrange(1000))
        kind = rng.choice(KINDS)
        status = rng.choice(STATUSES)
        at = dt.datetime.combine(day, dt.time(9))
        rows.append({"id": i, "reference": f"REF-{i:05d}", "direction": rng.choice(
            ["outgoing", "incoming"]), "kind": kind, "requesting_state": a,
            "requested_state": b, "legal_basis": rng.choice(["", "reciprocity", "UNTOC"]),
            "offences": "Fraud; money laundering", "persons": f"PERSON{i} Fictional",
            "status": status, "request_date": day, "received_date": None,
            "deadline_asked": day + dt.timedelta(days=60) if i % 3 == 0 else None,
            "reply_by": day + dt.timedelta(days=90) if i % 4 == 0 else None,
            "arrest_date": day if kind == "provisional_arrest" else None,
            "decision_date": day if kind == "extradition" else None,
            "case_path": "", "package_path": "", "assigned_to": "", "created_by": "Head Bench",
            "created_at": at, "updated_at": at, "status_at": at, "version": 1})
        hist.append({"request_id": i, "at": at, "officer": "Head Bench", "db_user": "",
                     "field": "status", "old": "", "new": status, "note": ""})
    with engine.begin() as conn:
        conn.execute(requests.insert(), rows)
        conn.execute(history.insert(), hist)
        if engine.dialect.name == "postgresql":
            conn.execute(sa.select(sa.func.setval("requests_id_seq", N)))
    engine.dispose()


def timed(fn, repeat: int = 7) -> tuple[float, float, object]:  # type: ignore[no-untyped-def]
    """Median wall-clock and CPU milliseconds of this process (CPU time is less disturbed by
    other programs on a busy machine; a PostgreSQL server's own work is not in it)."""
    wall, cpu, result = [], [], None
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = fn()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return statistics.median(wall), statistics.median(cpu), result


def run(label: str, url: str, registry: object) -> None:
    print(f"\n{label}: filling {N:,} requests ...", flush=True)
    fill(url)
    clock = fixed_clock(NOW)
    filters = {
        "all (no filter)": Filter(),
        "text 'PERSON12'": Filter(text="PERSON12"),
        "state VN": Filter(states=["VN"]),
        "status transmitted": Filter(statuses=["transmitted"]),
        "kind extradition + open": Filter(kinds=["extradition"], open_only=True),
        "date range (one quarter)": Filter(date_from=dt.date(2025, 1, 1),
                                           date_to=dt.date(2025, 3, 31)),
        "state TH + status + kind + dates": Filter(states=["TH"], statuses=["transmitted"],
                                                   kinds=["mla"],
                                                   date_from=dt.date(2024, 6, 1)),
    }
    worst = 0.0
    for name, flt in filters.items():
        def open_and_filter(flt: Filter = flt) -> int:
            with Register(url, officer="Head Bench", clock=clock) as reg:
                return len(reg.find(flt))
        ms, cpu, count = timed(open_and_filter)
        worst = max(worst, ms)
        print(f"  open + filter {name:36} {ms:7.1f} ms (CPU {cpu:6.1f} ms)  {count} rows")

    def open_and_overdue() -> int:
        with Register(url, officer="Head Bench", clock=clock) as reg:
            records = reg.find(Filter(open_only=True))
            return len(overdue_ids(records, registry, reg.follow_up_days(), reg.today()))
    ms, cpu, count = timed(open_and_overdue)
    worst = max(worst, ms)
    label = "overdue (deadlines of open requests)"
    print(f"  open + filter {label:36} {ms:7.1f} ms (CPU {cpu:6.1f} ms)  {count} rows")
    print(f"  worst: {worst:.1f} ms (target <= 100 ms): {'OK' if worst <= 100 else 'SLOWER'}"
          f"; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


def main() -> None:
    registry = load_registry()
    with tempfile.TemporaryDirectory() as folder:
        run("SQLite", f"sqlite:///{Path(folder) / 'bench.sqlite3'}", registry)
    url = os.environ.get("MLA_WRITER_TEST_POSTGRESQL", "").strip()
    if url:
        run("PostgreSQL", url, registry)
    else:
        print("\nPostgreSQL: skipped (set MLA_WRITER_TEST_POSTGRESQL=postgresql://...)")


if __name__ == "__main__":
    main()
