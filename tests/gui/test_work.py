"""The one worker helper: result, failure and progress come back on the GUI thread, in order,
and a receiver Qt deleted meanwhile gets nothing."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject

from mla_writer.gui import work


def test_result_and_progress_arrive_on_the_gui_thread_in_order(qtbot) -> None:
    gui = threading.get_ident()
    seen: list[tuple] = []

    def job(report):  # type: ignore[no-untyped-def]
        for i in range(3):
            report(i, 3, f"file {i}")
        return threading.get_ident()

    def progress(step: int, total: int, label: str) -> None:
        seen.append((step, total, label, threading.get_ident() == gui))

    results: list[int] = []
    work.start(job, results.append, progress=progress)
    qtbot.waitUntil(lambda: bool(results), timeout=5000)
    assert results[0] != gui  # the job ran in another thread
    assert seen == [(i, 3, f"file {i}", True) for i in range(3)]


def test_failure_is_reported(qtbot) -> None:
    failures: list[Exception] = []

    def job() -> None:
        raise ValueError("the folder is read-only")

    work.start(job, lambda _r: None, failures.append)
    qtbot.waitUntil(lambda: bool(failures), timeout=5000)
    assert str(failures[0]) == "the folder is read-only"


CALLS: list[object] = []


class _Receiver(QObject):
    def take(self, *args: object) -> None:
        CALLS.append(args)


def test_a_deleted_receiver_gets_nothing(qtbot) -> None:
    gate = threading.Event()
    receiver = _Receiver()
    marker: list[int] = []

    def job(report):  # type: ignore[no-untyped-def]
        gate.wait(5)
        report(1, 1, "late")
        return 1

    thread = work.start(job, receiver.take, progress=receiver.take)
    work.start(lambda: 2, marker.append)
    receiver.deleteLater()
    qtbot.waitUntil(lambda: bool(marker), timeout=5000)
    qtbot.wait(50)  # the deferred deletion runs in the event loop
    gate.set()
    assert thread.wait(5000)
    qtbot.wait(100)  # queued deliveries, if any, would arrive now
    assert marker == [2]
    assert CALLS == []  # neither the late progress nor the result reached the deleted receiver
