"""Run a function in a worker thread and get its result (and its progress) back on the GUI
thread: the one worker helper of the desktop application (produce, sign, verify, preview).

Results travel through one relay object that lives as long as the application: a receiver that
goes away while its job runs (a page rebuilt after a language switch) is never disconnected
from a signal being emitted in another thread (which can deadlock Qt against Python's lock);
its late result is simply dropped.
"""

from __future__ import annotations

import atexit
import itertools
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

_RUNNING: list[tuple[QThread, QObject]] = []
_WAITING: dict[int, tuple[Callable[[Any], None], Callable[[Exception], None] | None]] = {}
_PROGRESS: dict[int, Callable[[int, int, str], None]] = {}
#: what a job that reports progress is given: report(step, total, label)
Report = Callable[[int, int, str], None]
_TOKENS = itertools.count(1)


class _Job(QObject):
    ended = Signal(int, bool, object)  # token, succeeded, result or exception
    step = Signal(int, int, int, str)  # token, step, total, label

    def __init__(self, token: int, fn: Callable[..., Any], reports: bool) -> None:
        super().__init__()
        self.token, self.fn, self.reports = token, fn, reports

    def report(self, step: int, total: int, label: str) -> None:
        self.step.emit(self.token, step, total, label)

    def run(self) -> None:
        try:
            result = self.fn(self.report) if self.reports else self.fn()
        except Exception as exc:  # reported to the GUI thread, which says what failed
            self.ended.emit(self.token, False, exc)
        else:
            self.ended.emit(self.token, True, result)


class _Relay(QObject):
    """Lives in the GUI thread for the whole session; hands results to living receivers."""

    @Slot(int, bool, object)
    def deliver(self, token: int, ok: bool, value: object) -> None:
        done, failed = _WAITING.pop(token, (None, None))
        _PROGRESS.pop(token, None)
        target = done if ok else failed
        if target is not None and _alive(target):
            target(value)

    @Slot(int, int, int, str)
    def advance(self, token: int, step: int, total: int, label: str) -> None:
        target = _PROGRESS.get(token)
        if target is not None and _alive(target):
            target(step, total, label)


def _alive(target: Callable[..., Any]) -> bool:
    """False for a bound method of a QObject that Qt deleted meanwhile (its call is dropped)."""
    owner = getattr(target, "__self__", None)
    return not isinstance(owner, QObject) or shiboken6.isValid(owner)


_relay: _Relay | None = None


def start(fn: Callable[..., Any], done: Callable[[Any], None],
          failed: Callable[[Exception], None] | None = None, *,
          progress: Callable[[int, int, str], None] | None = None) -> QThread:
    """Call `fn()` in a new thread; `done(result)` or `failed(exception)` on the GUI thread
    (not at all if their QObject was deleted meanwhile). With `progress`, `fn(report)` is
    called instead, and each `report(step, total, label)` reaches `progress` on the GUI
    thread in order (dropped likewise once its receiver is gone)."""
    global _relay
    if _relay is None:
        _relay = _Relay()
    _RUNNING[:] = [(t, j) for t, j in _RUNNING if not t.isFinished()]
    token = next(_TOKENS)
    _WAITING[token] = (done, failed)
    if progress is not None:
        _PROGRESS[token] = progress
    thread = QThread()
    job = _Job(token, fn, progress is not None)
    job.moveToThread(thread)
    thread.started.connect(job.run)
    job.step.connect(_relay.advance, Qt.ConnectionType.QueuedConnection)
    job.ended.connect(_relay.deliver, Qt.ConnectionType.QueuedConnection)
    # quit from the worker thread itself: the GUI thread's event loop may not run any more
    job.ended.connect(thread.quit, Qt.ConnectionType.DirectConnection)
    _RUNNING.append((thread, job))
    thread.start()
    return thread


def wait_all(ms: int = 10_000) -> None:
    """Wait for running jobs (at exit: a thread must not be destroyed while it runs)."""
    for thread, _job in list(_RUNNING):
        thread.quit()  # a job still running finishes first: quit ends the loop after it
        thread.wait(ms)
    _RUNNING.clear()


atexit.register(wait_all)
