"""CSV export of the register (what the officer may see, filtered): one row per request with
its next deadline."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from .deadlines import deadlines_of, next_due
from .repository import Record

COLUMNS = ("id", "reference", "direction", "kind", "requesting_state", "requested_state",
           "legal_basis", "status", "request_date", "received_date", "offences", "persons",
           "deadline_asked", "reply_by", "arrest_date", "decision_date", "next_deadline",
           "next_deadline_what", "days_left", "overdue", "case_path", "package_path",
           "created_by", "updated_at")


def _cell(value: Any) -> str:
    if isinstance(value, int | float):
        return str(value)
    text = "" if value is None else value.isoformat() if isinstance(value, dt.date) \
        else str(value)
    # a spreadsheet must not run a cell as a formula (CSV injection)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def to_csv(records: list[Record], registry: Any, follow_up_days: int, today: dt.date) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for r in records:
        due = next_due(deadlines_of(r, registry, follow_up_days))
        extra = {"next_deadline": due.due if due else None,
                 "next_deadline_what": due.label_in("en") if due else "",
                 "days_left": due.days_left(today) if due else "",
                 "overdue": "yes" if due and due.overdue(today) else ""}
        writer.writerow([_cell(extra[c] if c in extra else getattr(r, c)) for c in COLUMNS])
    return buffer.getvalue()
