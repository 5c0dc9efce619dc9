"""The mouse wheel scrolls the page: it never changes an answer of an input it passes over."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QScrollArea,
    QScrollBar,
    QSpinBox,
    QWidget,
)

from mla_writer.domain.model import RequestKind

from .test_window import _open_example

INPUTS = (QComboBox, QAbstractSpinBox, QAbstractSlider, QLineEdit, QPlainTextEdit,
          QAbstractButton, QListWidget)


def wheel(widget: QWidget, notches: int) -> None:
    """Turn the wheel over the middle of `widget` (down for a positive count)."""
    pos = QPointF(widget.width() / 2, widget.height() / 2)
    glob = QPointF(widget.mapToGlobal(pos.toPoint()))
    for _ in range(abs(notches)):
        delta = QPoint(0, -120 if notches > 0 else 120)
        event = QWheelEvent(pos, glob, QPoint(), delta, Qt.MouseButton.NoButton,
                            Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
        QApplication.sendEvent(widget, event)


def inputs(page: QWidget) -> list[QWidget]:
    return [w for w in page.findChildren(QWidget)
            if isinstance(w, INPUTS) and not isinstance(w, QScrollBar) and w.isVisible()]


def _check_every_step(qtbot, win) -> int:
    checked = 0
    for step in [s.id for s in win.vm.steps()]:
        win.go_to(step)
        page = win.pages[step]
        win.step_list.setFocus()  # the focus is not on the page's inputs
        before = win.vm.case.model_dump_json()
        for w in inputs(page):
            for notches in (2, -2, 3):
                wheel(w, notches)
            assert win.vm.case.model_dump_json() == before, (step, w.objectName(), type(w))
            if isinstance(w, QComboBox):
                checked += 1
    return checked


def test_a_wheel_over_every_input_of_every_step_changes_nothing(qtbot, window):
    win = window
    _open_example(qtbot, win, "mla-bank-records")
    assert _check_every_step(qtbot, win) >= 5  # kind, dates, states, basis, ... were tried
    win.vm.replace(win.vm.case, None)
    win.new_request(RequestKind.EXTRADITION)
    assert _check_every_step(qtbot, win) >= 5


def test_the_wheel_scrolls_the_page_under_a_drop_down(qtbot, window):
    win = window
    win.resize(1024, 600)
    win.new_request(RequestKind.MLA)
    page = win.pages["kind"]
    assert isinstance(page, QScrollArea)
    combo = win.findChild(QComboBox, "$.request.requested_state")
    bar = page.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(0)
    win.step_list.setFocus()
    wheel(combo, 2)
    assert combo.currentData() == ""
    assert bar.value() > 0  # the page scrolled instead


def test_a_focused_drop_down_still_follows_the_wheel(qtbot, window):
    """The guard is about focus: chosen with a click or Tab, the wheel steps through values."""
    win = window
    win.new_request(RequestKind.MLA)
    spin = QSpinBox(win)
    spin.setRange(0, 10)
    spin.show()
    wheel(spin, 2)
    assert spin.value() == 0
    spin.setFocus()
    qtbot.waitUntil(spin.hasFocus)
    wheel(spin, -2)
    assert spin.value() == 2
    spin.deleteLater()


def test_text_size_scales_the_interface_and_the_preview(qtbot, window):
    from PySide6.QtWidgets import QApplication

    from mla_writer.gui.output import _preview_html, preview_scale

    win = window
    base = QApplication.font().pointSizeF()
    win.new_request(RequestKind.MLA)
    action = win.findChild(type(win.menuBar().actions()[0]), "textSize130")
    action.trigger()
    assert win.settings.value("ui/text_scale") in (1.3, "1.3")
    assert abs(QApplication.font().pointSizeF() - base * 1.3) < 0.05
    assert preview_scale(win.pages.get("kind") or win) == 1.3
    plain, large = _preview_html(win.vm.case, "en", True), _preview_html(win.vm.case, "en",
                                                                           True, 1.3)
    assert "font-size: 10.5pt" in plain and "font-size: 13.65pt" in large
    win.findChild(type(action), "textSize100").trigger()
    assert abs(QApplication.font().pointSizeF() - base) < 0.05
