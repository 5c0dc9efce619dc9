"""Deadlines of registered requests: from the legal profiles' time limits and the request.

No legal period is written here: a provisional-arrest or surrender period comes from the
requested state's `[[time_limits]]` (with its citation and status), counted from the date the
officer records for the event the profile says starts it (`starts`: the arrest, or the decision
on extradition); a time limit whose start the profile does not record gives no date.
The deadline asked for and the reply-by date come from the request; the follow-up interval
is the office's own practice (`Register.set_follow_up_days`), not law.
"""

# lazy imports (start-up cost): profiles, rules

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Any

from ..domain.issues import Text
from ..i18n.text import N_, render_text
from . import roles
from .repository import Record

#: the register's date of each event a profile's time limit may start from (`starts`)
START_DATES = {"arrest": "arrest_date", "decision": "decision_date"}


@dataclass(frozen=True)
class Deadline:
    request_id: int
    reference: str
    #: asked / reply_by / time_limit / follow_up
    what: str
    label: Text
    #: None: the profile does not record the period (confirm it with the central authority)
    due: dt.date | None
    code: str = ""
    citation: str = ""
    status: str = ""
    note: Text | None = None

    def days_left(self, today: dt.date) -> int | None:
        return None if self.due is None else (self.due - today).days

    def overdue(self, today: dt.date) -> bool:
        return self.due is not None and self.due < today

    def label_in(self, lang: str = "en") -> str:
        return render_text(self.label, lang)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the month's last day when it is shorter)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _basis(registry: Any, legal_basis: str) -> tuple[str, str]:
    """(category, instrument id) of a register's legal-basis text (an id or 'reciprocity')."""
    from ..profiles.resolver import RECIPROCITY, basis_category

    if legal_basis == RECIPROCITY:
        return RECIPROCITY, ""
    return basis_category(registry, "instrument" if legal_basis else "", legal_basis), \
        legal_basis


def _limits(record: Record, registry: Any) -> list[Any]:
    """The requested state's time limits that may apply to `record` (kind and basis; the
    date is checked per anchor), cached with the compiled profiles."""
    if registry is None:
        return []
    key = f"register-limits:{record.requested_state}:{record.kind}:{record.legal_basis}"
    found = registry.compiled.get(key)
    if found is None:
        from ..profiles.resolver import profile_kind

        state = registry.state(record.requested_state)
        kind = profile_kind(record.kind)
        category, instrument = _basis(registry, record.legal_basis)
        found = [(tl, kind, category, instrument) for tl in (state.time_limits if state else [])
                 if kind in tl.kinds and tl.starts]  # basis and dates: at the anchor date
        registry.compiled[key] = found
    return found


def _anchor(record: Record, tl: Any) -> dt.date | None:
    """The date `tl` runs from: the register's date of the event its profile says starts it."""
    day: dt.date | None = getattr(record, START_DATES[tl.starts])
    return day


def _due(tl: Any, anchor: dt.date) -> dt.date | None:
    if tl.days is not None:
        return anchor + dt.timedelta(days=tl.days)
    return add_months(anchor, tl.months) if tl.months is not None else None


def _time_limits(record: Record, registry: Any) -> list[Deadline]:
    from ..rules.registry import profile_text
    from ..rules.state_info import period_text

    out = []
    for tl, kind, category, instrument in _limits(record, registry):
        anchor = _anchor(record, tl)
        if anchor is None or not tl.applies(kind, category, instrument, anchor):
            continue
        due = _due(tl, anchor)
        length = period_text(tl)
        note = N_("%(length)s from %(date)s.", length=length, date=anchor.isoformat()) \
            if length is not None and due is not None else length
        out.append(Deadline(record.id, record.reference, "time_limit", profile_text(tl.title),
                            due, tl.code, tl.citation, tl.status, note))
    return out


def due_dates(record: Record, registry: Any, follow_up_days: int) -> list[dt.date]:
    """The dates of `deadlines_of(record)` alone (fast: for filtering many requests)."""
    if record.status in roles.CLOSED:
        return []
    out = [d for d in (record.deadline_asked, record.reply_by) if d is not None]
    for tl, kind, category, instrument in _limits(record, registry):
        anchor = _anchor(record, tl)
        if anchor is not None and tl.applies(kind, category, instrument, anchor):
            due = _due(tl, anchor)
            if due is not None:
                out.append(due)
    if record.status in ("transmitted", "acknowledged") and record.status_at is not None:
        out.append(record.status_at.date() + dt.timedelta(days=follow_up_days))
    return out


def deadlines_of(record: Record, registry: Any, follow_up_days: int) -> list[Deadline]:
    """Every deadline running for `record` (none once it is executed, refused or withdrawn)."""
    if record.status in roles.CLOSED:
        return []
    out: list[Deadline] = []
    if record.deadline_asked:
        label = N_("Deadline asked for in the request") if record.direction == "outgoing" \
            else N_("Deadline the requesting state asks for")
        out.append(Deadline(record.id, record.reference, "asked", label, record.deadline_asked))
    if record.reply_by:
        label = N_("Reply expected from the requested state") \
            if record.direction == "outgoing" else N_("Our reply is due")
        out.append(Deadline(record.id, record.reference, "reply_by", label, record.reply_by))
    out.extend(_time_limits(record, registry))
    if record.status in ("transmitted", "acknowledged") and record.status_at is not None:
        label = N_("Follow up with the requested state") if record.direction == "outgoing" \
            else N_("Follow up on the incoming request")
        out.append(Deadline(record.id, record.reference, "follow_up", label,
                            record.status_at.date() + dt.timedelta(days=follow_up_days),
                            note=N_("Office practice: %(days)s days after the last status"
                                    " change.", days=follow_up_days)))
    return out


def next_due(deadlines: list[Deadline]) -> Deadline | None:
    dated = [d for d in deadlines if d.due is not None]
    return min(dated, key=lambda d: d.due) if dated else None  # type: ignore[arg-type, return-value]


def upcoming(records: list[Record], registry: Any, follow_up_days: int, today: dt.date,
             within_days: int | None = None) -> list[Deadline]:
    """Dated deadlines of `records`, soonest (most overdue) first; `within_days` keeps those
    due up to that many days ahead (overdue ones always)."""
    out = []
    for record in records:
        for d in deadlines_of(record, registry, follow_up_days):
            if d.due is None:
                continue
            if within_days is None or (d.due - today).days <= within_days:
                out.append(d)
    return sorted(out, key=lambda d: (d.due, d.request_id))


def overdue_ids(records: list[Record], registry: Any, follow_up_days: int,
                today: dt.date) -> set[int]:
    return {r.id for r in records
            if any(d < today for d in due_dates(r, registry, follow_up_days))}
