"""The register of requests: SQLite in the user's data folder, or a shared PostgreSQL.

Every change is a row in `history` with the officer, the database user (PostgreSQL: the
authenticated account) and the time. Concurrent officers are safe: each request carries a
version number and a change made on an outdated version is refused (`ConflictError`), never
silently merged. Access follows `roles` and is checked here, for every caller (CLI and GUI).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import getpass
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from ..domain.clock import SYSTEM_CLOCK, Clock
from . import roles
from .location import default_url
from .schema import RegisterSchemaError, ensure_schema, history, meta, officers, requests

OFFICER_ENV = "MLA_WRITER_OFFICER"
#: office practice, not law: days after the last status change before a follow-up reminder
#: (the head of authority sets the office's own value with `register policy`)
DEFAULT_FOLLOW_UP_DAYS = 30

#: fields an officer may edit with `update` (the rest change through their own operations)
EDITABLE = ("reference", "request_date", "received_date", "deadline_asked", "reply_by",
            "arrest_date", "decision_date", "case_path", "package_path", "offences", "persons",
            "legal_basis", "requesting_state", "requested_state", "kind")
DATES = ("request_date", "received_date", "deadline_asked", "reply_by", "arrest_date",
         "decision_date")


class RegisterError(Exception):
    """A register operation was refused or failed; the message says why."""


class AccessDenied(RegisterError):
    """The officer's role does not allow it."""


class ConflictError(RegisterError):
    """Another officer changed the request since it was read."""


class NotFound(RegisterError):
    """No such request (or not one the officer may see)."""


@dataclass(slots=True)
class Record:
    """One request of the register (the fields in the order of the `requests` columns)."""

    id: int
    reference: str
    direction: str
    kind: str
    requesting_state: str
    requested_state: str
    legal_basis: str
    offences: str
    persons: str
    status: str
    request_date: dt.date | None
    received_date: dt.date | None
    deadline_asked: dt.date | None
    case_path: str
    package_path: str
    assigned_to: str
    created_by: str
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int
    reply_by: dt.date | None = None
    arrest_date: dt.date | None = None
    decision_date: dt.date | None = None
    status_at: dt.datetime | None = None

    @property
    def other_state(self) -> str:
        """The state on the other side: requested (outgoing) or requesting (incoming)."""
        return self.requested_state if self.direction == "outgoing" else self.requesting_state

    @property
    def closed(self) -> bool:
        return self.status in roles.CLOSED

    @property
    def date(self) -> dt.date | None:
        return self.request_date or self.received_date


@dataclass(frozen=True)
class Change:
    at: dt.datetime
    officer: str
    db_user: str
    field: str
    old: str
    new: str
    note: str


@dataclass
class Filter:
    """What the register view and `register list` filter on (all optional)."""

    text: str = ""
    states: Sequence[str] = ()
    statuses: Sequence[str] = ()
    kinds: Sequence[str] = ()
    direction: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    open_only: bool = False


def default_officer() -> str:
    name = os.environ.get(OFFICER_ENV, "").strip()
    if name:
        return name
    try:
        return getpass.getuser()
    except Exception:  # no login name (some containers)
        return "officer"


def _engine(url: str) -> Engine:
    if url.startswith(("postgresql://", "postgres://")):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    if url.startswith("sqlite:///"):
        Path(url[len("sqlite:///"):]).parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(url)
    if engine.dialect.name == "sqlite":
        @sa.event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")  # connection settings, not queries
            cur.execute("PRAGMA busy_timeout=10000")
            cur.close()
    return engine


def describe_url(url: str) -> str:
    """The URL without a password (for messages)."""
    try:
        return sa.engine.make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "(unparseable register URL)"


def _text(value: Any) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, dt.date) else str(value)


class Register:
    """One officer's session on a register."""

    def __init__(self, url: str | None = None, *, officer: str | None = None,
                 clock: Clock = SYSTEM_CLOCK) -> None:
        self.url = url or default_url()
        self.officer = (officer or default_officer()).strip()
        if not self.officer:
            raise RegisterError("an officer name is needed (--officer or MLA_WRITER_OFFICER)")
        self.clock = clock
        try:
            self.engine = _engine(self.url)
            with self.engine.begin() as conn:
                if self.engine.dialect.name == "postgresql":
                    # two officers opening a new register at once: one creates it
                    conn.execute(sa.select(sa.func.pg_advisory_xact_lock(1717)))
                self.migrated_from = ensure_schema(conn)
                self.db_user = str(conn.execute(sa.select(sa.func.current_user())).scalar()) \
                    if self.engine.dialect.name == "postgresql" else ""
        except RegisterSchemaError as exc:
            raise RegisterError(f"register {describe_url(self.url)}: {exc}") from None
        except ImportError as exc:  # a database driver that is not installed
            raise RegisterError(f"cannot open the register {describe_url(self.url)}: its"
                                f" database driver is not installed ({exc.name})") from None
        except (sa.exc.SQLAlchemyError, OSError) as exc:
            raise RegisterError(f"cannot open the register {describe_url(self.url)}:"
                                f" {getattr(exc, 'orig', None) or exc}") from None

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Register:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- time and people ----------------------------------------------------------------------
    def _now(self) -> dt.datetime:
        """UTC without zone (both engines store it so); shown as UTC."""
        return self.clock.now().astimezone(dt.UTC).replace(tzinfo=None)

    def today(self) -> dt.date:
        return self.clock.today()

    def role(self, conn: Connection | None = None) -> str:
        """The acting officer's role; the first officer of an empty register becomes head."""
        if conn is None:
            with self.engine.begin() as c:
                return self.role(c)
        found = conn.execute(sa.select(officers.c.role)
                             .where(officers.c.name == self.officer)).scalar()
        if found:
            return str(found)
        if conn.execute(sa.select(sa.func.count()).select_from(officers)).scalar() == 0:
            conn.execute(officers.insert().values(
                name=self.officer, role=roles.HEAD, added_at=self._now(),
                added_by="(first officer of the register)"))
            return roles.HEAD
        raise AccessDenied(f"{self.officer} is not an officer of this register; the head of"
                           " authority adds officers (`mla-writer register officer add`)")

    def _require(self, conn: Connection, action: str) -> str:
        role = self.role(conn)
        if not roles.may(role, action):
            raise AccessDenied(f"{self.officer} ({roles.ROLE_TITLES[role]}) may not"
                               f" {roles.ACTION_TITLES[action]} in this register")
        return role

    def officers(self) -> list[tuple[str, str]]:
        with self.engine.begin() as conn:
            self.role(conn)
            rows = conn.execute(sa.select(officers.c.name, officers.c.role)
                                .order_by(officers.c.name)).all()
        return [(r.name, r.role) for r in rows]

    def add_officer(self, name: str, role: str) -> None:
        if role not in roles.ROLES:
            raise RegisterError(f"unknown role {role!r}; one of {', '.join(roles.ROLES)}")
        name = name.strip()
        if not name:
            raise RegisterError("the officer's name is empty")
        with self.engine.begin() as conn:
            self._require(conn, "officers")
            exists = conn.execute(sa.select(officers.c.name)
                                  .where(officers.c.name == name)).first()
            if exists:
                heads = conn.execute(sa.select(officers.c.name)
                                     .where(officers.c.role == roles.HEAD)).scalars().all()
                if role != roles.HEAD and heads == [name]:
                    raise RegisterError(f"{name} is the register's only head of authority;"
                                        " add another head first")
                conn.execute(officers.update().where(officers.c.name == name)
                             .values(role=role, added_at=self._now(), added_by=self.officer))
            else:
                conn.execute(officers.insert().values(name=name, role=role, added_at=self._now(),
                                                      added_by=self.officer))

    # -- policy -------------------------------------------------------------------------------
    def follow_up_days(self, conn: Connection | None = None) -> int:
        if conn is None:
            with self.engine.connect() as c:
                return self.follow_up_days(c)
        value = conn.execute(sa.select(meta.c.value)
                             .where(meta.c.key == "follow_up_days")).scalar()
        return int(value) if value else DEFAULT_FOLLOW_UP_DAYS

    def set_follow_up_days(self, days: int) -> None:
        if days < 1:
            raise RegisterError("the follow-up interval must be at least one day")
        with self.engine.begin() as conn:
            self._require(conn, "policy")
            conn.execute(meta.delete().where(meta.c.key == "follow_up_days"))
            conn.execute(meta.insert().values(key="follow_up_days", value=str(days)))

    # -- reading ------------------------------------------------------------------------------
    def _visible(self, role: str) -> Any:
        if roles.sees_everything(role):
            return sa.true()
        return sa.or_(requests.c.created_by == self.officer,
                      requests.c.assigned_to == self.officer)

    def find(self, flt: Filter | None = None) -> list[Record]:
        """The requests the officer may see that match `flt`, newest first."""
        flt = flt or Filter()
        with self.engine.begin() as conn:
            role = self.role(conn)
            query = sa.select(requests).where(self._visible(role))
            query = query.where(*self._conditions(flt))
            when = sa.func.coalesce(requests.c.request_date, requests.c.received_date)
            rows = conn.execute(query.order_by(when.desc(), requests.c.id.desc())).all()
        return [Record(*row) for row in rows]

    @staticmethod
    def _conditions(flt: Filter) -> list[Any]:
        out: list[Any] = []
        if flt.text.strip():
            like = "%" + flt.text.strip().replace("\\", "\\\\").replace("%", "\\%") \
                .replace("_", "\\_") + "%"
            out.append(sa.or_(*(col.ilike(like, escape="\\") for col in (
                requests.c.reference, requests.c.persons, requests.c.offences,
                requests.c.requesting_state, requests.c.requested_state,
                requests.c.legal_basis))))
        if flt.states:
            codes = [s.upper() for s in flt.states]
            out.append(sa.or_(requests.c.requested_state.in_(codes),
                              requests.c.requesting_state.in_(codes)))
        if flt.statuses:
            out.append(requests.c.status.in_(list(flt.statuses)))
        if flt.kinds:
            out.append(requests.c.kind.in_(list(flt.kinds)))
        if flt.direction:
            out.append(requests.c.direction == flt.direction)
        when = sa.func.coalesce(requests.c.request_date, requests.c.received_date)
        if flt.date_from:
            out.append(when >= flt.date_from)
        if flt.date_to:
            out.append(when <= flt.date_to)
        if flt.open_only:
            out.append(requests.c.status.not_in(list(roles.CLOSED)))
        return out

    def get(self, request_id: int, conn: Connection | None = None) -> Record:
        if conn is None:
            with self.engine.begin() as c:
                return self.get(request_id, c)
        role = self.role(conn)
        row = conn.execute(sa.select(requests).where(requests.c.id == request_id,
                                                     self._visible(role))).first()
        if row is None:
            raise NotFound(f"no request {request_id} in the register (or not one"
                           f" {self.officer} may see)")
        return Record(*row)

    def history(self, request_id: int) -> list[Change]:
        with self.engine.begin() as conn:
            self.get(request_id, conn)
            rows = conn.execute(sa.select(history).where(history.c.request_id == request_id)
                                .order_by(history.c.id)).all()
        return [Change(r.at, r.officer, r.db_user, r.field, r.old, r.new, r.note) for r in rows]

    def status_changes(self, ids: Iterable[int] | None = None,
                       ) -> list[tuple[int, str, dt.datetime]]:
        """(request id, new status, when) of every status change (for statistics)."""
        with self.engine.begin() as conn:
            role = self.role(conn)
            query = sa.select(history.c.request_id, history.c.new, history.c.at) \
                .join(requests, requests.c.id == history.c.request_id) \
                .where(history.c.field == "status", self._visible(role))
            if ids is not None:
                query = query.where(history.c.request_id.in_(list(ids)))
            return [(r.request_id, r.new, r.at) for r in conn.execute(query.order_by(history.c.id))]

    # -- writing ------------------------------------------------------------------------------
    def _log(self, conn: Connection, request_id: int, field_name: str, old: Any, new: Any,
             note: str = "", at: dt.datetime | None = None) -> None:
        conn.execute(history.insert().values(
            request_id=request_id, at=at or self._now(), officer=self.officer,
            db_user=self.db_user, field=field_name, old=_text(old), new=_text(new), note=note))

    def add(self, *, direction: str, kind: str, status: str = "draft", note: str = "",
            **values: Any) -> int:
        """Register a request; returns its id. `values`: the EDITABLE fields."""
        if direction not in roles.DIRECTIONS:
            raise RegisterError(f"direction must be one of {', '.join(roles.DIRECTIONS)}")
        if kind not in roles.KINDS:
            raise RegisterError(f"unknown kind {kind!r}; one of {', '.join(roles.KINDS)}")
        if status not in roles.STATUSES:
            raise RegisterError(f"unknown status {status!r}; one of {', '.join(roles.STATUSES)}")
        unknown = set(values) - set(EDITABLE)
        if unknown:
            raise RegisterError(f"not a register field: {', '.join(sorted(unknown))}")
        values.pop("kind", None)
        now = self._now()
        with self.engine.begin() as conn:
            self._require(conn, "register")
            new_id: int = conn.execute(requests.insert().values(
                direction=direction, kind=kind, status=status, created_by=self.officer,
                created_at=now, updated_at=now, status_at=now, version=1,
                **{k: (v.upper() if k.endswith("_state") else v) for k, v in values.items()})
            ).inserted_primary_key[0]  # type: ignore[index]
            self._log(conn, new_id, "created", "", f"{direction} {kind}", note, now)
            self._log(conn, new_id, "status", "", status, "", now)
        return int(new_id)

    def _write(self, conn: Connection, record: Record, expected: int | None,
               values: dict[str, Any]) -> None:
        version = record.version if expected is None else expected
        done = conn.execute(requests.update()
                            .where(requests.c.id == record.id, requests.c.version == version)
                            .values(version=version + 1, updated_at=self._now(), **values))
        if done.rowcount != 1:
            raise ConflictError(f"request {record.id} was changed by another officer since it"
                                " was read; reload it and try again (nothing was changed)")

    def set_status(self, request_id: int, new: str, *, note: str = "",
                   expected_version: int | None = None) -> Record:
        """Move a request to status `new` if the officer's role allows that step."""
        if new not in roles.STATUSES:
            raise RegisterError(f"unknown status {new!r}; one of {', '.join(roles.STATUSES)}")
        with self.engine.begin() as conn:
            role = self.role(conn)
            record = self.get(request_id, conn)
            if record.status == new:
                raise RegisterError(f"request {request_id} is already {new}")
            if not roles.may_change(role, record.status, new):
                allowed = roles.next_statuses(role, record.status)
                raise AccessDenied(
                    f"{self.officer} ({roles.ROLE_TITLES[role]}) may not move request"
                    f" {request_id} from {record.status} to {new}"
                    + (f"; allowed: {', '.join(allowed)}" if allowed else ""))
            now = self._now()
            self._write(conn, record, expected_version, {"status": new, "status_at": now})
            self._log(conn, request_id, "status", record.status, new, note, now)
            return self.get(request_id, conn)

    def update(self, request_id: int, *, note: str = "", expected_version: int | None = None,
               **values: Any) -> Record:
        """Change EDITABLE fields (each change logged); `assigned_to` needs the assign right."""
        unknown = set(values) - {*EDITABLE, "assigned_to"}
        if unknown:
            raise RegisterError(f"not an editable register field: {', '.join(sorted(unknown))}")
        if "kind" in values and values["kind"] not in roles.KINDS:
            raise RegisterError(f"unknown kind {values['kind']!r}")
        with self.engine.begin() as conn:
            self._require(conn, "assign" if "assigned_to" in values else "edit")
            record = self.get(request_id, conn)
            changed = {k: v for k, v in values.items() if getattr(record, k) != v}
            if not changed:
                return record
            self._write(conn, record, expected_version, changed)
            for name, value in changed.items():
                self._log(conn, request_id, name, getattr(record, name), value, note)
            return self.get(request_id, conn)

    def find_by_case(self, case_path: str, direction: str | None = None) -> Record | None:
        """The request registered from `case_path` (sent or received: `direction`); the first
        one registered when several are."""
        where = [requests.c.case_path == case_path]
        if direction is not None:
            where.append(requests.c.direction == direction)
        with self.engine.begin() as conn:
            role = self.role(conn)
            row = conn.execute(sa.select(requests).where(*where, self._visible(role))
                               .order_by(requests.c.id)).first()
        return Record(*row) if row is not None else None


def record_dict(record: Record) -> dict[str, Any]:
    """A record as JSON-ready values (dates as ISO text)."""
    return {k: (v.isoformat() if isinstance(v, dt.date) else v)
            for k, v in dataclasses.asdict(record).items()}
