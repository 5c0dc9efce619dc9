"""Checklist navigation, crash recovery, unsaved-changes prompt, bad files, settings."""

from __future__ import annotations

import json

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QWidget,
)

from mla_writer import storage
from mla_writer.domain.model import RequestKind
from mla_writer.gui.mainwindow import MainWindow
from mla_writer.resources import data_dir

from .driver import click, dialog, find, type_into

FACTS = "$.request.facts_summary"


def _open_example(qtbot, win, name: str) -> None:
    examples = win.start.examples
    row = next(i for i in range(examples.count())
               if examples.item(i).data(Qt.ItemDataRole.UserRole).endswith(f"{name}.json"))
    item = examples.item(row)
    examples.setCurrentItem(item)
    examples.setFocus()
    qtbot.keyClick(examples, Qt.Key.Key_Return)
    assert win.stack.currentWidget() is win.wizard


def _checklist_item(win, path: str):
    for item in win.checklist.items():
        if item.data(0, Qt.ItemDataRole.UserRole) == path:
            return item
    return None


def _click_item(qtbot, win, item) -> None:
    tree = win.checklist.tree
    tree.scrollToItem(item)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton,
                     pos=tree.visualItemRect(item).center())


def test_removed_required_field_is_listed_and_clicking_it_focuses_the_field(qtbot, window):
    win = window
    _open_example(qtbot, win, "mla-bank-records")
    assert _checklist_item(win, FACTS) is None
    win.go_to("facts")
    edit = find(win, FACTS)
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    assert win.vm.case.request.facts_summary == ""
    qtbot.waitUntil(lambda: _checklist_item(win, FACTS) is not None, timeout=3000)
    item = _checklist_item(win, FACTS)
    assert "Summary of the relevant facts" in item.text(0)
    assert "Source: UNTOC art. 18(15)(c)" in item.text(0)
    assert "error" in find(win, "stepList").item(4).toolTip()
    win.go_to("kind")
    _click_item(qtbot, win, item)
    assert win.current == "facts"
    qtbot.waitUntil(lambda: QApplication.focusWidget() is edit)
    assert edit.property("issue") == "error"


def test_clicking_a_finding_inside_a_list_opens_the_item_and_focuses_its_field(qtbot, window):
    win = window
    _open_example(qtbot, win, "mla-bank-records")
    path = "$.request.persons[1].location"
    win.vm.set(path, "")  # where the person is: asked for by the profile
    win.vm.recheck_now()
    item = _checklist_item(win, path)
    assert item is not None and "Source:" in item.text(0)
    _click_item(qtbot, win, item)
    assert win.current == "persons"
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None
                    and QApplication.focusWidget().objectName() == path)
    d = dialog(win)
    type_into(qtbot, win, path, "Bangkok")
    d.reject()  # Cancel puts the item back as it was
    assert win.vm.case.request.persons[1].location == ""


def test_unverified_findings_are_marked(qtbot, window):
    win = window
    _open_example(qtbot, win, "mla-bank-records")
    unverified = [i for i in win.vm.issues if not i.verified]
    assert unverified
    item = _checklist_item(win, unverified[0].path)
    assert "Unverified source — confirm with the central authority" in item.text(0)
    assert "UNVERIFIED SOURCE" not in item.text(0)  # said once, in the interface's words


def test_crash_recovery_is_offered_and_restores_the_answers(qtbot, settings, tmp_path):
    first = MainWindow(settings, tmp_path / "data", autosave_ms=50)
    first.show()
    click(qtbot, first, "new.mla")
    first.go_to("facts")
    type_into(qtbot, first, FACTS, "Typed before the crash.")
    qtbot.waitUntil(lambda: (tmp_path / "data" / "recovery.json").exists(), timeout=3000)
    first.autosave_timer.stop()
    first.hide()  # the process dies: no close, no cleanup
    second = MainWindow(settings, tmp_path / "data")
    second.show()
    try:
        assert second.start.recovery.isVisible()
        assert "did not close normally" in second.start.recovery_label.text()
        click(qtbot, second, "restoreRecovery")
        assert second.vm.case.request.facts_summary == "Typed before the crash."
        assert second.vm.dirty and second.stack.currentWidget() is second.wizard
    finally:
        for w in (first, second):
            w.vm.replace(w.vm.case, None, dirty=False)
            w.close()
    assert not (tmp_path / "data" / "recovery.json").exists()


def test_unsaved_changes_prompt_on_close(qtbot, window, monkeypatch, tmp_path):
    win = window
    click(qtbot, win, "new.mla")
    win.go_to("facts")
    type_into(qtbot, win, FACTS, "Unsaved words.")
    assert win.vm.dirty and win.windowTitle().startswith("New request *")
    asked = []

    def answer(button):
        def fake(*args, **kwargs):
            asked.append(args[1])
            return button
        return fake

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Cancel))
    win.close()
    assert asked == ["Unsaved changes"] and win.isVisible()
    target = tmp_path / "kept.json"
    monkeypatch.setattr("mla_writer.gui.mainwindow.QFileDialog.getSaveFileName",
                        lambda *a, **k: (str(target), ""))
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Save))
    win.close()
    assert not win.isVisible()
    assert storage.load(target).request.facts_summary == "Unsaved words."


def test_discarding_on_new_request_prompt(qtbot, window, monkeypatch):
    win = window
    click(qtbot, win, "new.mla")
    win.go_to("facts")
    type_into(qtbot, win, FACTS, "Will be dropped.")
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Discard)
    win.show_start()
    assert win.stack.currentWidget() is win.start
    assert win.vm.case.request.facts_summary == "" and not win.vm.dirty


def test_malformed_case_file_shows_every_problem_and_loses_nothing(qtbot, window, tmp_path):
    win = window
    click(qtbot, win, "new.mla")
    win.go_to("facts")
    type_into(qtbot, win, FACTS, "Work in progress.")
    data = json.loads((data_dir("examples") / "mla-bank-records.json").read_text("utf-8"))
    data["request"]["request_date"] = "yesterday"
    data["request"]["persons"][0]["sex"] = "robot"
    bad = tmp_path / "bad.json"
    raw = json.dumps(data)
    bad.write_text(raw, "utf-8")
    assert not win.open_path(str(bad), confirmed=True)
    box = win.error_box
    assert box.isVisible()
    assert "$.request.request_date" in box.informativeText()
    assert "$.request.persons[0].sex" in box.informativeText()
    box.done(0)
    assert win.vm.case.request.facts_summary == "Work in progress." and win.vm.dirty
    assert bad.read_text("utf-8") == raw


def test_requesting_authority_is_remembered_for_the_next_request(qtbot, window, tmp_path,
                                                                 monkeypatch):
    win = window
    monkeypatch.setattr("mla_writer.gui.mainwindow.QFileDialog.getSaveFileName",
                        lambda *a, **k: (str(tmp_path / "a.json"), ""))
    click(qtbot, win, "new.mla")
    type_into(qtbot, win, "$.request.requesting_state", "VN")
    win.go_to("authority")
    type_into(qtbot, win, "$.request.requesting_authority.name", "People's Procuracy of Tay Ninh")
    click(qtbot, win, "save")
    win.show_start()
    click(qtbot, win, "new.extradition")
    assert win.vm.case.request.requesting_authority.name == "People's Procuracy of Tay Ninh"
    assert win.vm.case.request.requesting_state == "VN"
    assert str(tmp_path / "a.json") in win.recent_files()


def test_every_input_has_an_accessible_name_and_every_step_shows(qtbot, window):
    win = window
    _open_example(qtbot, win, "extradition-accused")
    for step in win.vm.steps():
        win.go_to(step.id)
        page = win.pages[step.id]
        for w in page.findChildren(QWidget):
            if isinstance(w, QLineEdit | QPlainTextEdit | QComboBox | QCheckBox) \
                    and w.isVisibleTo(page) and not isinstance(w.parentWidget(), QComboBox):
                assert w.accessibleName() or w.text(), (step.id, w.objectName())
    assert "LÂM" in win.pages["review"].preview.toPlainText()


def test_language_switch_rebuilds_the_window_and_is_remembered(qtbot, window, settings):
    win = window
    click(qtbot, win, "new.mla")
    win.go_to("case")
    win.set_language("th")
    try:
        assert settings.value("ui/language") == "th"
        assert win.current == "case" and win.stack.currentWidget() is win.wizard
    finally:
        win.set_language("en")


def test_keyboard_moves_between_steps(qtbot, window):
    win = window
    click(qtbot, win, "new.provisional_arrest")
    assert "assistance" not in [s.id for s in win.vm.steps()]
    qtbot.keyClick(win, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert win.current == "authority"
    qtbot.keyClick(win, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert win.current == "kind"
    win.vm.set("$.request.kind", RequestKind.MLA)
    assert "assistance" in win.step_list.step_ids()
    box = find(win, "$.training")
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert win.vm.case.training
