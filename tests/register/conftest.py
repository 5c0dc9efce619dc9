"""Register tests run on both engines: SQLite (a file per test) and PostgreSQL (the server
given by MLA_WRITER_TEST_POSTGRESQL, emptied before each test). Locally, without a server URL,
the PostgreSQL variants are skipped with the reason; in CI (CI=true) they fail instead, since
.ci/run starts a server (scripts/postgresql-for-tests.sh)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from mla_writer.domain.clock import Clock, fixed_clock

PG_ENV = "MLA_WRITER_TEST_POSTGRESQL"
ROOT = Path(__file__).resolve().parents[2]
NOW = dt.datetime(2026, 11, 20, 8, 0, tzinfo=dt.UTC)


def _empty_postgresql(url: str) -> None:
    import sqlalchemy as sa

    from mla_writer.register.repository import _engine
    from mla_writer.register.schema import metadata

    engine = _engine(url)
    with engine.begin() as conn:
        metadata.drop_all(conn)
        for name in ("requests_v1_history", "requests_v1", "register_meta"):
            sa.Table(name, sa.MetaData()).drop(conn, checkfirst=True)
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def register_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'register.sqlite3'}"
        return
    url = os.environ.get(PG_ENV, "").strip()
    if not url:
        if os.environ.get("CI"):
            pytest.fail(f"CI must test the shared register on PostgreSQL: {PG_ENV} is not set"
                        " (.ci/run starts a server with scripts/postgresql-for-tests.sh)")
        pytest.skip(f"no PostgreSQL server given: set {PG_ENV}=postgresql://... (or run"
                    " `source scripts/postgresql-for-tests.sh`) to test the shared register")
    import sqlalchemy as sa

    if "test" not in (sa.engine.make_url(url).database or ""):
        pytest.fail(f"{PG_ENV} must name a throwaway database whose name contains 'test':"
                    " the tests empty it")
    _empty_postgresql(url)
    yield url
    _empty_postgresql(url)


@pytest.fixture
def clock() -> Clock:
    return fixed_clock(NOW)


@pytest.fixture
def open_register(register_url: str, clock: Clock) -> Callable[..., object]:
    """open_register(officer) -> a Register session of that officer (closed after the test)."""
    from mla_writer.register import Register

    opened: list[Register] = []

    def make(officer: str = "Head Sokha", at: Clock | None = None) -> Register:
        reg = Register(register_url, officer=officer, clock=at or clock)
        opened.append(reg)
        return reg

    yield make
    for reg in opened:
        reg.close()


@pytest.fixture
def fixture_profiles(tmp_path: Path) -> Path:
    """The rules tests' fictional profiles (XA, XB) plus an extradition period in months."""
    target = tmp_path / "profiles"
    shutil.copytree(ROOT / "tests" / "rules" / "fixture_profiles", target)
    with (target / "states" / "XA.toml").open("a", encoding="utf-8") as fh:
        fh.write('\n[[time_limits]]\ncode = "XA-SURRENDER"\nkinds = ["extradition"]\n'
                 'starts = "decision"\ntitle = "Take over the person after the order"\nmonths = 2\n'
                 'action = "Take over the person in time."\ncitation = "XA Extradition Act'
                 ' s. 9"\nsource = "test"\nstatus = "verified"\n')
    return target
