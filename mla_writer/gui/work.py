"""Run a function in a worker thread and get its result back on the GUI thread by a signal.

The receiving slots must be bound methods of QObjects: Qt then drops the connection when the
receiver goes (a page rebuilt after a language switch) and the late result is ignored.
"""

from __future__ import annotations

import atexit
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal

_RUNNING: list[tuple[QThread, QObject]] = []


class _Job(QObject):
    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, fn: Callable[[], Any]) -> None:
        super().__init__()
        self.fn = fn

    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as exc:  # reported to the GUI thread, which says what failed
            self.failed.emit(exc)
        else:
            self.finished.emit(result)


def start(fn: Callable[[], Any], done: Callable[[Any], None],
          failed: Callable[[Exception], None] | None = None) -> QThread:
    """Call `fn()` in a new thread; `done(result)` or `failed(exception)` on the GUI thread."""
    _RUNNING[:] = [(t, j) for t, j in _RUNNING if not t.isFinished()]
    thread = QThread()
    job = _Job(fn)
    job.moveToThread(thread)
    thread.started.connect(job.run)
    job.finished.connect(done)
    if failed is not None:
        job.failed.connect(failed)
    # quit from the worker thread itself: the GUI thread's event loop may not run any more
    job.finished.connect(thread.quit, Qt.ConnectionType.DirectConnection)
    job.failed.connect(thread.quit, Qt.ConnectionType.DirectConnection)
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
