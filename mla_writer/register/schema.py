"""The register's tables (SQLAlchemy Core) and its versioned schema migrations.

Each schema version is a step in MIGRATIONS, applied in order inside one transaction with
Alembic's operations (portable ALTER TABLE for SQLite and PostgreSQL); the version reached is
kept in `register_meta`. A register written by a newer program is refused, never altered.
"""

# lazy imports (start-up cost): alembic

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy.engine import Connection

SCHEMA_VERSION = 2

metadata = sa.MetaData()

meta = sa.Table(
    "register_meta", metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

officers = sa.Table(
    "officers", metadata,
    sa.Column("name", sa.String(200), primary_key=True),
    sa.Column("role", sa.String(20), nullable=False),
    # when the officer was added or their role last changed, and by whom
    sa.Column("added_at", sa.DateTime, nullable=False),
    sa.Column("added_by", sa.String(200), nullable=False),
)

requests = sa.Table(
    "requests", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("reference", sa.String(200), nullable=False, default=""),
    sa.Column("direction", sa.String(10), nullable=False),       # outgoing / incoming
    sa.Column("kind", sa.String(30), nullable=False),
    sa.Column("requesting_state", sa.String(8), nullable=False, default=""),
    sa.Column("requested_state", sa.String(8), nullable=False, default=""),
    sa.Column("legal_basis", sa.String(100), nullable=False, default=""),
    sa.Column("offences", sa.Text, nullable=False, default=""),
    sa.Column("persons", sa.Text, nullable=False, default=""),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("request_date", sa.Date),
    sa.Column("received_date", sa.Date),
    sa.Column("deadline_asked", sa.Date),
    sa.Column("case_path", sa.Text, nullable=False, default=""),
    sa.Column("package_path", sa.Text, nullable=False, default=""),
    sa.Column("assigned_to", sa.String(200), nullable=False, default=""),
    sa.Column("created_by", sa.String(200), nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("updated_at", sa.DateTime, nullable=False),
    sa.Column("version", sa.Integer, nullable=False, default=1),
    # schema 2: the dates deadlines are counted from
    sa.Column("reply_by", sa.Date),
    sa.Column("arrest_date", sa.Date),
    sa.Column("decision_date", sa.Date),
    sa.Column("status_at", sa.DateTime),   # when the status last changed (follow-up reminders)
    sa.Index("ix_requests_status", "status"),
    sa.Index("ix_requests_requested_state", "requested_state"),
    sa.Index("ix_requests_request_date", "request_date"),
)

history = sa.Table(
    "history", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("request_id", sa.Integer, sa.ForeignKey("requests.id", ondelete="CASCADE"),
              nullable=False, index=True),
    sa.Column("at", sa.DateTime, nullable=False),
    sa.Column("officer", sa.String(200), nullable=False),
    sa.Column("db_user", sa.String(200), nullable=False, default=""),
    sa.Column("field", sa.String(40), nullable=False),    # "status", "created" or a column
    sa.Column("old", sa.Text, nullable=False, default=""),
    sa.Column("new", sa.Text, nullable=False, default=""),
    sa.Column("note", sa.Text, nullable=False, default=""),
)


def _added_in_2() -> list[sa.Column]:
    """The columns schema 2 adds to `requests` (new objects for each migration)."""
    return [sa.Column("reply_by", sa.Date), sa.Column("arrest_date", sa.Date),
            sa.Column("decision_date", sa.Date), sa.Column("status_at", sa.DateTime)]


class RegisterSchemaError(Exception):
    """The database is not a register this version can use (the message says why)."""


def _version(conn: Connection) -> int | None:
    if not sa.inspect(conn).has_table("register_meta"):
        return None
    value = conn.execute(sa.select(meta.c.value).where(meta.c.key == "schema_version")).scalar()
    try:
        return int(value) if value is not None else None
    except ValueError:
        raise RegisterSchemaError(f"register_meta.schema_version is {value!r}, not a"
                                  " number") from None


def _set_version(conn: Connection, version: int) -> None:
    found = conn.execute(sa.select(meta.c.key).where(meta.c.key == "schema_version")).first()
    if found is None:
        conn.execute(meta.insert().values(key="schema_version", value=str(version)))
    else:
        conn.execute(meta.update().where(meta.c.key == "schema_version")
                     .values(value=str(version)))


def _ops(conn: Connection):
    from alembic.migration import MigrationContext
    from alembic.operations import Operations

    return Operations(MigrationContext.configure(conn))


def _v1_to_v2(conn: Connection) -> None:
    """Schema 2 adds the dates deadlines are counted from (reply-by, arrest, decision), when
    the status last changed (taken as the last update for older rows), and indexes for the
    register view's filters."""
    op = _ops(conn)
    with op.batch_alter_table("requests") as batch:
        for column in _added_in_2():
            batch.add_column(column)
    conn.execute(requests.update().values(status_at=requests.c.updated_at))
    for index in requests.indexes:
        op.create_index(index.name, "requests", [c.name for c in index.columns])


#: from_version -> step to the next version
MIGRATIONS: dict[int, Callable[[Connection], None]] = {1: _v1_to_v2}


def ensure_schema(conn: Connection) -> int:
    """Create a new register or migrate an older one to SCHEMA_VERSION; returns the version
    the database had (0 = new)."""
    found = _version(conn)
    if found is None:
        if sa.inspect(conn).has_table("requests"):
            raise RegisterSchemaError("the database has a requests table but no register"
                                      " version: it is not an mla-writer register")
        metadata.create_all(conn)
        _set_version(conn, SCHEMA_VERSION)
        return 0
    if found > SCHEMA_VERSION:
        raise RegisterSchemaError(f"the register was written by a newer mla-writer (schema"
                                  f" {found}); this version reads up to schema {SCHEMA_VERSION}")
    version = found
    while version < SCHEMA_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise RegisterSchemaError(f"no migration from register schema {version}")
        step(conn)
        version += 1
        _set_version(conn, version)
    return found
