"""Injected clock and id factory, so rendering and signing are deterministic in tests."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Clock:
    """Supplies 'now' and new ids; tests pass a fixed one."""

    now: Callable[[], dt.datetime] = field(default=lambda: dt.datetime.now(dt.UTC))
    new_id: Callable[[], str] = field(default=lambda: uuid.uuid4().hex)

    def today(self) -> dt.date:
        return self.now().date()


def fixed_clock(when: dt.datetime, ids: str = "id") -> Clock:
    counter = iter(range(1, 1_000_000))
    return Clock(now=lambda: when, new_id=lambda: f"{ids}{next(counter)}")


SYSTEM_CLOCK = Clock()
