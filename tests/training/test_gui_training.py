"""Training mode in the desktop application, driven like a user: open an exercise, draft,
"Check my answer"; the trainer marks three trainees' files and gets the table and report."""

from __future__ import annotations

import subprocess

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt

from mla_writer.gui import training as gui_training
from mla_writer.gui.steps import step_of
from mla_writer.training import find_exercise

from .conftest import three_trainees

pytestmark = pytest.mark.gui


def _menu_action(win, name: str):
    for menu_action in win.menuBar().actions():
        for act in menu_action.menu().actions():
            if act.objectName() == name:
                return act
    raise LookupError(name)


def _criteria(win) -> dict[str, tuple[str, list[str]]]:
    tree = win.training_dock.widget().results
    out = {}
    for i in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(i)
        cid = item.data(0, Qt.ItemDataRole.UserRole)
        out[cid] = (item.text(1), [item.child(j).text(0) for j in range(item.childCount())])
    return out


def test_exercise_mode_open_draft_check(qtbot, window) -> None:
    win = window
    check = _menu_action(win, "training.check")
    assert not check.isEnabled()  # nothing to check before an exercise is open
    _menu_action(win, "training.open").trigger()
    dialog = win.exercise_dialog
    ids = [dialog.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(dialog.list.count())]
    dialog.list.setCurrentRow(ids.index("vn-provisional-arrest"))
    assert "KAEWMANEE Somsak" in dialog.brief.toPlainText()
    dialog.accept()
    assert win.vm.case.training and win.training_exercise.id == "vn-provisional-arrest"
    assert check.isEnabled()
    panel = win.training_dock.widget()
    assert "KAEWMANEE" in panel.brief.toPlainText()
    qtbot.mouseClick(panel.check_button, Qt.MouseButton.LeftButton)
    marks = _criteria(win)
    assert marks["compensation"][0] == "Missed" and marks["channel"][0] == "Met"
    lines = marks["compensation"][1]
    assert any(line.startswith("Legal source: Extradition Law") for line in lines)
    assert any(line.startswith("Hint: ") for line in lines)
    assert panel.score.text().startswith("Score: ")
    # a missed criterion's reasons are in view at once, each line across the whole row
    tree = panel.results
    for i in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(i)
        assert item.isExpanded() == (item.text(1) == "Missed")
        assert all(item.child(j).isFirstColumnSpanned() for j in range(item.childCount()))
    # Enter on a missed criterion goes to its field
    tree = panel.results
    item = next(tree.topLevelItem(i) for i in range(tree.topLevelItemCount())
                if tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole) == "urgency")
    tree.itemActivated.emit(item, 0)
    assert win.current == step_of("$.request.extradition.urgency_reason", win.vm.steps())
    assert win.current != "kind"
    # the trainee drafts: gives the undertakings Viet Nam requires without a treaty
    win.vm.set("$.request.undertakings.compensation_for_wrongful_detention", True)
    win.vm.set("$.request.undertakings.accuracy_of_information", True)
    score = gui_training.check_answer(win)
    marks = _criteria(win)
    assert marks["compensation"][0] == "Met" and marks["accuracy"][0] == "Met"
    assert score.percent > 25.0


def test_the_trainer_turns_hints_off(qtbot, window) -> None:
    win = window
    _menu_action(win, "training.trainer").trigger()
    dialog = win.trainer_dialog
    dialog.hints.setChecked(False)
    dialog.done(0)
    assert gui_training.start_exercise(win, find_exercise("cn-mla-electronic"))
    gui_training.check_answer(win)
    lines = [line for _status, children in _criteria(win).values() for line in children]
    assert lines and not any(line.startswith("Hint: ") for line in lines)
    assert any(line.startswith("Legal source: ") for line in lines)


def test_trainer_mode_marks_three_trainees_and_writes_the_report(qtbot, window,
                                                                 tmp_path) -> None:
    win = window
    exercise = find_exercise("kh-mla-freezing")
    folder = three_trainees(tmp_path / "workshop", exercise)
    _menu_action(win, "training.trainer").trigger()
    dialog = win.trainer_dialog
    dialog.exercise.setCurrentIndex(dialog.exercise.findData("kh-mla-freezing"))
    dialog.folder.setText(str(folder))
    qtbot.mouseClick(dialog.mark_button, Qt.MouseButton.LeftButton)
    assert dialog.table.rowCount() == 3
    rows = {dialog.table.item(r, 0).text(): (dialog.table.item(r, 1).text(),
                                             dialog.table.item(r, 2).text())
            for r in range(3)}
    assert rows["trainee-c"] == ("100 %", "—")
    assert "C" in rows["trainee-a"][1]
    csv_path, pdf_path = dialog.written
    assert csv_path.read_text("utf-8-sig").startswith("trainee,score_percent,basis")
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf_path), "-"], check=True,
                          capture_output=True).stdout.decode("utf-8")
    assert "Most missed items" in text and "TRAINING" in text
    dialog.folder.setText(str(tmp_path / "missing"))
    assert not dialog.mark()
    assert "not a folder of case files" in dialog.status.text()


def test_the_exercise_panel_follows_the_interface_language(qtbot, window) -> None:
    win = window
    assert gui_training.start_exercise(win, find_exercise("mm-mla-witness"))
    try:
        win.set_language("th")
        panel = win.training_dock.widget()
        assert panel.check_button.text() == "ตรวจคำตอบของฉัน (&A)"
        assert "เจ้าของเรือ" in panel.brief.toPlainText()  # the Thai brief
        gui_training.check_answer(win)
        labels = [panel.results.topLevelItem(i).text(0)
                  for i in range(panel.results.topLevelItemCount())]
        assert "คำถามที่จะถามพยาน" in labels
    finally:
        win.set_language("en")
