"""Run a function in a worker thread and get its result back on the GUI thread.

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
_TOKENS = itertools.count(1)


class _Job(QObject):
    ended = Signal(int, bool, object)  # token, succeeded, result or exception

    def __init__(self, token: int, fn: Callable[[], Any]) -> None:
        super().__init__()
        self.token, self.fn = token, fn

    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as exc:  # reported to the GUI thread, which says what failed
            self.ended.emit(self.token, False, exc)
        else:
            self.ended.emit(self.token, True, result)


class _Relay(QObject):
    """Lives in the GUI thread for the whole session; hands results to living receivers."""

    @Slot(int, bool, object)
    def deliver(self, token: int, ok: bool, value: object) -> None:
        done, failed = _WAITING.pop(token, (None, None))
        target = done if ok else failed
        owner = getattr(target, "__self__", None)  # a receiver Qt deleted meanwhile: dropped
        if target is not None and (not isinstance(owner, QObject) or shiboken6.isValid(owner)):
            target(value)


_relay: _Relay | None = None


def start(fn: Callable[[], Any], done: Callable[[Any], None],
          failed: Callable[[Exception], None] | None = None) -> QThread:
    """Call `fn()` in a new thread; `done(result)` or `failed(exception)` on the GUI thread
    (not at all if their QObject was deleted meanwhile)."""
    global _relay
    if _relay is None:
        _relay = _Relay()
    _RUNNING[:] = [(t, j) for t, j in _RUNNING if not t.isFinished()]
    token = next(_TOKENS)
    _WAITING[token] = (done, failed)
    thread = QThread()
    job = _Job(token, fn)
    job.moveToThread(thread)
    thread.started.connect(job.run)
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
