"""Crash recovery: answers autosaved per session are offered after a crash, and only the
banner's Restore or Discard removes them (a new request or a second window never does)."""

from __future__ import annotations

from mla_writer import storage
from mla_writer.gui.mainwindow import MainWindow
from mla_writer.gui.recovery import RecoveryStore

from .driver import click, type_into

FACTS = "$.request.facts_summary"


def _crash(qtbot, settings, data, text: str) -> None:
    """A window types `text`, autosaves and dies without closing."""
    first = MainWindow(settings, data, autosave_ms=50)
    first.show()
    click(qtbot, first, "new.mla")
    first.go_to("facts")
    type_into(qtbot, first, FACTS, text)
    qtbot.waitUntil(lambda: first.recovery.own.case_file.exists(), timeout=3000)
    first.autosave_timer.stop()
    first.hide()  # the process dies: no close, no cleanup
    first.vm.replace(first.vm.case, None, dirty=False)


def _slots(data, window: MainWindow | None = None) -> list[str]:
    """What other sessions left (a window's own slot is not for it to recover)."""
    store = window.recovery if window is not None else RecoveryStore(data)
    return sorted(storage.load(s.case_file).request.facts_summary for s in store.pending())


def test_crash_recovery_is_offered_and_restores_the_answers(qtbot, settings, tmp_path):
    data = tmp_path / "data"
    _crash(qtbot, settings, data, "Typed before the crash.")
    second = MainWindow(settings, data)
    second.show()
    try:
        assert second.start.recovery.isVisible()
        assert "did not close normally" in second.start.recovery_label.text()
        click(qtbot, second, "restoreRecovery")
        assert second.vm.case.request.facts_summary == "Typed before the crash."
        assert second.vm.dirty and second.stack.currentWidget() is second.wizard
        # the answers now live in this session's slot until saved or discarded
        assert _slots(data, second) == [] and second.recovery.own.case_file.exists()
    finally:
        second.vm.replace(second.vm.case, None, dirty=False)
        second.close()
    assert not second.recovery.own.case_file.exists()


def test_new_request_and_autosave_never_touch_the_recovered_answers(qtbot, settings, tmp_path,
                                                                      monkeypatch):
    data = tmp_path / "data"
    _crash(qtbot, settings, data, "Kept after the crash.")
    second = MainWindow(settings, data, autosave_ms=100_000)
    second.show()
    try:
        # ignore the banner: start a new request, type, autosave, go back with File › New
        click(qtbot, second, "new.mla")
        second.go_to("facts")
        type_into(qtbot, second, FACTS, "A different request.")
        second.autosave()
        assert _slots(data, second) == ["Kept after the crash."]  # not overwritten
        assert storage.load(second.recovery.own.case_file).request.facts_summary == \
            "A different request."
        from PySide6.QtWidgets import QMessageBox

        monkeypatch.setattr(QMessageBox, "question",
                            lambda *a, **k: QMessageBox.StandardButton.Discard)
        second.show_start()  # Ctrl+N
        assert _slots(data, second) == ["Kept after the crash."]  # not deleted
        assert second.start.recovery.isVisible()
        click(qtbot, second, "discardRecovery")
        assert _slots(data, second) == [] and not second.start.recovery.isVisible()
    finally:
        second.vm.replace(second.vm.case, None, dirty=False)
        second.close()


def test_two_crashed_sessions_are_both_offered(qtbot, settings, tmp_path):
    data = tmp_path / "data"
    _crash(qtbot, settings, data, "First session.")
    _crash(qtbot, settings, data, "Second session.")
    assert _slots(data) == ["First session.", "Second session."]
    third = MainWindow(settings, data)
    third.show()
    try:
        assert "2 sets of kept answers" in third.start.recovery_label.text()
        click(qtbot, third, "discardRecovery")
        assert len(_slots(data, third)) == 1 and third.start.recovery.isVisible()
    finally:
        third.vm.replace(third.vm.case, None, dirty=False)
        third.close()
