"""Fixtures for the desktop application tests: a main window with throw-away settings."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QDialog

from mla_writer.gui.mainwindow import MainWindow


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot, settings: QSettings, tmp_path: Path) -> MainWindow:
    """The main window at 1280×720, data folder and settings in a temporary directory."""
    win = MainWindow(settings, tmp_path / "data", autosave_ms=100_000, check_delay_ms=10)
    win.resize(1280, 720)
    win.show()
    qtbot.waitExposed(win)
    yield win
    for w in QApplication.topLevelWidgets():
        if isinstance(w, QDialog) and w.isVisible():
            w.done(0)
    win.vm.replace(win.vm.case, win.vm.path, dirty=False)  # no prompt on teardown
    win.close()
    win.deleteLater()


@pytest.fixture
def as_the_application(qapp):
    """The style, style sheet and bundled fonts `mla-writer` starts with (measured sizes
    depend on them); put back afterwards."""
    from mla_writer.gui.app import STYLE, load_fonts

    style, sheet = qapp.style().name(), qapp.styleSheet()
    qapp.setStyle("Fusion")
    qapp.setStyleSheet(STYLE)
    load_fonts()
    yield qapp
    qapp.setStyleSheet(sheet)
    qapp.setStyle(style)


@pytest.fixture(autouse=True)
def no_unexpected_prompts(monkeypatch):
    """A modal prompt nobody answers would hang the test run: fail instead."""
    from PySide6.QtWidgets import QMessageBox

    def refuse(*args, **kwargs):
        raise AssertionError(f"unexpected prompt: {args[1:3]}")

    for name in ("question", "warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, name, refuse)
