"""The register of requests the office sends and receives (SQLite by default, PostgreSQL for
a shared office register), with deadlines, statistics and access by role."""

from __future__ import annotations

from .deadlines import Deadline, deadlines_of, next_due, overdue_ids, upcoming
from .location import default_url
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
from .roles import CLOSED, KINDS, ROLES, STATUSES

__all__ = [
    "CLOSED", "KINDS", "ROLES", "STATUSES", "AccessDenied", "Change", "ConflictError",
    "Deadline", "Filter", "NotFound", "Record", "Register", "RegisterError", "deadlines_of",
    "default_url", "describe_url", "next_due", "overdue_ids", "upcoming",
]
