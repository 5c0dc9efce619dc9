"""Quiet validation (no red before a field is visited), the checklist following the step, and
changes of kind, state or basis that ask first and say what changed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox, QPlainTextEdit, QWidget

from mla_writer.domain.issues import Severity
from mla_writer.domain.model import RequestKind
from mla_writer.gui.consequences import consequences

from .driver import find, pick, type_into


def painted(win) -> list[str]:
    """Inputs outlined or filled as wrong."""
    return [w.objectName() for w in win.findChildren(QWidget)
            if w.property("issue") in ("error", "warning") or w.property("invalid") == "true"]


def test_a_new_request_shows_no_red_field_before_a_field_is_visited(qtbot, window):
    win = window
    for kind in (RequestKind.MLA, RequestKind.EXTRADITION):
        win.vm.replace(win.vm.case, None)
        win.new_request(kind)
        errors = [i for i in win.vm.issues if i.severity is Severity.ERROR]
        assert len(errors) >= 3  # the checklist lists them ...
        assert win.checklist.items()
        for step in [s.id for s in win.vm.steps()]:
            win.go_to(step)
            assert painted(win) == [], step  # ... but no input is painted red


def test_a_visited_field_shows_its_error_and_clears_at_once_when_fixed(qtbot, window):
    win = window
    win.new_request(RequestKind.MLA)
    win.go_to("authority")
    path = "$.request.requesting_authority.name"
    edit = find(win, path)
    assert any(i.path == path for i in win.vm.issues)
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    assert edit.property("issue") in (None, "")
    find(win, "$.request.requesting_authority.address").setFocus()  # leave it empty
    qtbot.waitUntil(lambda: edit.property("issue") == "error")
    type_into(qtbot, win, path, "Office of the Public Prosecutor (fictional)")
    qtbot.waitUntil(lambda: edit.property("issue") == "", timeout=2000)


def test_a_visited_step_shows_its_findings_on_its_inputs(qtbot, window):
    """A step marked visited (vm.visit_step: e.g. after an attempt to produce) paints all."""
    win = window
    win.new_request(RequestKind.MLA)
    win.go_to("facts")
    win.go_to("purpose")
    win.go_to("facts")
    assert painted(win) == []  # passing through a step is not visiting its fields
    win.vm.visit_step("facts")
    assert "$.request.facts_summary" in painted(win)


def test_the_checklist_follows_the_current_step(qtbot, window):
    win = window
    win.new_request(RequestKind.MLA)
    for step in ("authority", "facts", "kind"):
        win.go_to(step)
        head = win.checklist.current_group()
        assert head is not None and head.data(0, Qt.ItemDataRole.UserRole + 1) == step
        assert head.isExpanded() and head.font(0).underline()
        others = [win.checklist.tree.topLevelItem(i)
                  for i in range(win.checklist.tree.topLevelItemCount())]
        assert sum(h.font(0).underline() for h in others) == 1


def _pick(qtbot, win, path: str, name: str, code: str) -> None:
    qtbot.wait(QApplication.keyboardInputInterval() + 50)  # a new search, not "CambodiaThai"
    pick(qtbot, win, path, name, code)


def _with_basis(qtbot, win) -> None:
    win.new_request(RequestKind.MLA)
    _pick(qtbot, win, "$.request.requesting_state", "Cambodia", "KH")
    _pick(qtbot, win, "$.request.requested_state", "Viet", "VN")
    win.vm.set("$.request.legal_basis.kind", "instrument")
    win.vm.set("$.request.legal_basis.instrument_id", "KH-VN-MLA")
    win.go_to("kind")


def test_a_state_change_that_invalidates_the_basis_asks_first(qtbot, window, monkeypatch):
    win = window
    _with_basis(qtbot, win)
    assert consequences(win.vm.case, "$.request.requested_state", "TH")
    asked: list[str] = []

    def answer(button):
        def ask(parent, title, text, *args):
            asked.append(text)
            return button
        return ask

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    combo = find(win, "$.request.requested_state")
    combo.setFocus()
    qtbot.wait(QApplication.keyboardInputInterval() + 50)
    qtbot.keyClicks(combo, "Thai")
    assert asked and "Cambodia" in asked[0] and "Viet Nam" in asked[0]  # the basis's name
    assert win.vm.case.request.requested_state == "VN"
    assert combo.currentData() == "VN"  # shown back
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    _pick(qtbot, win, "$.request.requested_state", "Thai", "TH")
    assert win.vm.case.request.requested_state == "TH"
    note = find(win, "changeNote")
    assert "Thailand" in note.text() and "Viet" in note.text()
    assert "does not apply" in note.text()


def test_a_change_that_affects_nothing_asks_nothing(qtbot, window):
    win = window
    win.new_request(RequestKind.MLA)
    _pick(qtbot, win, "$.request.requested_state", "Thailand", "TH")  # no prompt (conftest)
    _pick(qtbot, win, "$.request.requested_state", "Viet", "VN")
    assert win.vm.case.request.requested_state == "VN"
    assert "Thailand" in find(win, "changeNote").text()
    assert isinstance(find(win, "$.request.request_date"), QLineEdit | QPlainTextEdit)
