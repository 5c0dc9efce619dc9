"""The register of requests the office sends and receives (SQLite by default, PostgreSQL for
a shared office register), with deadlines, statistics and access by role.

The database part (SQLAlchemy, ~100 ms and ~15 MB) loads on first use of a name below, not
when the start screen asks `register.location` whether a register exists (importing a
submodule runs this file first)."""

# lazy imports (start-up cost): register

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .location import default_url
from .roles import CLOSED, KINDS, ROLES, STATUSES

if TYPE_CHECKING:
    from .deadlines import Deadline, deadlines_of, next_due, overdue_ids, upcoming
    from .repository import (
        AccessDenied,
        Change,
        ConflictError,
        Filter,
        NotFound,
        Record,
        Register,
        RegisterError,
        describe_url,
    )

_DEADLINES = frozenset({"Deadline", "deadlines_of", "next_due", "overdue_ids", "upcoming"})
_REPOSITORY = frozenset({"AccessDenied", "Change", "ConflictError", "Filter", "NotFound",
                         "Record", "Register", "RegisterError", "describe_url"})

__all__ = [
    "CLOSED", "KINDS", "ROLES", "STATUSES", "AccessDenied", "Change", "ConflictError",
    "Deadline", "Filter", "NotFound", "Record", "Register", "RegisterError", "deadlines_of",
    "default_url", "describe_url", "next_due", "overdue_ids", "upcoming",
]


def __getattr__(name: str) -> Any:
    """The deadline and database names, imported when first asked for (PEP 562)."""
    if name in _DEADLINES:
        from . import deadlines

        return getattr(deadlines, name)
    if name in _REPOSITORY:
        from . import repository

        return getattr(repository, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
