"""The figures a central authority reports: requests per state, kind and status, and the
median time from transmission (or receipt) to execution."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field

from .repository import Record, Register


@dataclass
class Stats:
    total: int = 0
    by_state: Counter[tuple[str, str]] = field(default_factory=Counter)  # (direction, state)
    by_kind: Counter[str] = field(default_factory=Counter)
    by_status: Counter[str] = field(default_factory=Counter)
    #: days from transmission (outgoing) or receipt (incoming) to execution
    execution_days: dict[str, list[int]] = field(default_factory=dict)

    def median_days(self, direction: str) -> float | None:
        days = self.execution_days.get(direction, [])
        return statistics.median(days) if days else None

    def as_json(self) -> dict[str, object]:
        return {
            "total": self.total,
            "by_state": [{"direction": d, "state": s, "count": n}
                         for (d, s), n in sorted(self.by_state.items())],
            "by_kind": dict(sorted(self.by_kind.items())),
            "by_status": dict(sorted(self.by_status.items())),
            "median_days_to_execution": {d: self.median_days(d)
                                         for d in ("outgoing", "incoming")},
            "executed_counted": {d: len(self.execution_days.get(d, []))
                                 for d in ("outgoing", "incoming")},
        }


def compute(register: Register, records: list[Record]) -> Stats:
    """Statistics over `records` (what the officer may see, after any filter)."""
    out = Stats(total=len(records))
    for r in records:
        out.by_state[(r.direction, r.other_state or "?")] += 1
        out.by_kind[r.kind] += 1
        out.by_status[r.status] += 1
    by_id = {r.id: r for r in records}
    started: dict[int, object] = {}
    for request_id, status, at in register.status_changes(by_id):
        record = by_id[request_id]
        if status == "transmitted" and request_id not in started:
            started[request_id] = record.received_date or at.date() \
                if record.direction == "incoming" else at.date()
        elif status == "executed" and request_id in started:
            days = (at.date() - started.pop(request_id)).days  # type: ignore[operator]
            out.execution_days.setdefault(record.direction, []).append(days)
    return out
