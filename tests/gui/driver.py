"""Drive the real widgets the way a user does: find inputs by their JSON path, type, click."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)


def find(win: QWidget, name: str) -> QWidget:
    """The visible widget named `name` in the open dialog if any, else in the window."""
    roots = [w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not win
             and w.objectName() == "itemDialog"] + [win]
    for root in roots:
        for w in root.findChildren(QWidget, name):
            if w.isVisible():
                return w
    raise LookupError(f"no visible widget {name!r}")


def type_into(qtbot, win: QWidget, path: str, text: str) -> None:
    w = find(win, path)
    if isinstance(w, QComboBox) and w.isEditable():
        w.lineEdit().clear()
        type_text(qtbot, w.lineEdit(), text)
    elif isinstance(w, QLineEdit | QPlainTextEdit):
        w.setFocus()
        type_text(qtbot, w, text)
    else:
        raise TypeError(f"{path} is a {type(w).__name__}")


def type_text(qtbot, widget: QWidget, text: str) -> None:
    """Type `text` into the focused `widget`: key by key where the keyboard has the keys
    (ASCII), else word by word as an input method commits Thai, Khmer, Lao or Vietnamese."""
    if text.isascii():
        qtbot.keyClicks(widget, text)
        return
    from PySide6.QtGui import QInputMethodEvent

    for word in text.split(" ") if " " in text else [text]:
        if word is not text and widget_text(widget):
            qtbot.keyClick(widget, Qt.Key.Key_Space)
        event = QInputMethodEvent("", [])
        event.setCommitString(word)
        QApplication.sendEvent(widget, event)


def widget_text(widget: QWidget) -> str:
    return widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()


def choose(qtbot, win: QWidget, path: str, label: str) -> None:
    """Pick an entry of a drop-down list with the keyboard."""
    combo = find(win, path)
    assert isinstance(combo, QComboBox)
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(combo.count()):
        if combo.currentText() == label:
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    raise LookupError(f"{label!r} not in {path}")


def pick(qtbot, win: QWidget, path: str, name: str, code: str) -> None:
    """Choose a coded value by typing the first letters of its name (as a user would)."""
    combo = find(win, path)
    assert isinstance(combo, QComboBox) and not combo.isEditable(), path
    combo.setFocus()
    qtbot.keyClicks(combo, name)
    assert combo.currentData() == code, (path, combo.currentText())


def tick_code(qtbot, win: QWidget, path: str, code: str) -> None:
    """Tick one entry of a checkable list of names (persons concerned, nationalities)."""
    from PySide6.QtWidgets import QListWidget

    box = find(win, path)
    assert isinstance(box, QListWidget), path
    for i in range(box.count()):
        item = box.item(i)
        if item.data(Qt.ItemDataRole.UserRole) == code:
            box.setFocus()
            box.setCurrentItem(item)
            box.scrollToItem(item)
            qtbot.keyClick(box, Qt.Key.Key_Space)
            assert item.checkState() == Qt.CheckState.Checked, code
            return
    raise LookupError(f"{code!r} not in {path}")


def tick(qtbot, win: QWidget, name: str) -> None:
    box = find(win, name)
    assert isinstance(box, QCheckBox)
    if not box.isChecked():
        qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert box.isChecked(), name


def click(qtbot, win: QWidget, name: str) -> None:
    button = find(win, name)
    assert isinstance(button, QPushButton), name
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def dialog(win: QWidget):
    """The item editor dialog in front (the innermost when one opened another)."""
    w = QApplication.activeModalWidget()
    if w is None or w.objectName() != "itemDialog":
        raise LookupError("no item dialog is open")
    return w


def ok(qtbot, win: QWidget) -> None:
    from PySide6.QtWidgets import QDialogButtonBox

    d = dialog(win)
    qtbot.mouseClick(d.buttons.button(QDialogButtonBox.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not d.isVisible())


def errors(win) -> list[str]:
    win.vm.recheck_now()
    return [f"{i.path}: {i.message}" for i in win.vm.issues if i.blocking]


def choose_data(qtbot, win: QWidget, path: str, code: str) -> None:
    """Pick the entry of a drop-down list whose data is `code`, with the keyboard."""
    combo = find(win, path)
    assert isinstance(combo, QComboBox)
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(combo.count()):
        if combo.currentData() == code or str(getattr(combo.currentData(), "value", "")) == code:
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    raise LookupError(f"{code!r} not in {path}")
