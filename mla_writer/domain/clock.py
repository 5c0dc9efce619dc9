"""Injected clock and id factory, so rendering and signing are deterministic in tests."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class Clock:
    """Supplies 'now' and new ids; tests pass a fixed one.

    `today()` is the calendar date where the user is: in `tz`, or in the machine's local time
    zone when `tz` is None (a prosecutor in Hanoi at 06:00 has today's date, not UTC's
    yesterday). Timestamps (`now()`) stay absolute.
    """

    now: Callable[[], dt.datetime] = field(default=_utc_now)
    new_id: Callable[[], str] = field(default=lambda: uuid.uuid4().hex)
    tz: dt.tzinfo | None = None

    def today(self) -> dt.date:
        when = self.now()
        if when.tzinfo is None:  # a naive time is already wall-clock time
            return when.date()
        return when.astimezone(self.tz).date()


def fixed_clock(when: dt.datetime, ids: str = "id", tz: dt.tzinfo | None = None) -> Clock:
    """A clock stopped at `when`; its date is taken in `tz`, by default `when`'s own zone
    (so the result never depends on the machine's time zone)."""
    counter = iter(range(1, 1_000_000))
    return Clock(now=lambda: when, new_id=lambda: f"{ids}{next(counter)}",
                 tz=tz or when.tzinfo or dt.UTC)


SYSTEM_CLOCK = Clock()
