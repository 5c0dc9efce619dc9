"""The window as the application starts it: the start screen painted first, the rest loaded on
the next event-loop turn; menus wait for it, and a failure while loading is said clearly."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction

from mla_writer.domain.kinds import RequestKind
from mla_writer.gui import viewmodel
from mla_writer.gui.mainwindow import MainWindow

ROOT = Path(__file__).resolve().parent.parent.parent


def test_the_start_screen_shows_first_and_the_menus_wait_for_the_load(
        qtbot, settings: QSettings, tmp_path: Path) -> None:
    win = MainWindow(settings, tmp_path / "data", autosave_ms=100_000, load_later=True)
    qtbot.addWidget(win)
    assert not win.ready and win.stack.currentWidget() is win.start
    menus = win.menuBar().actions()
    assert menus and not any(m.isEnabled() for m in menus)
    # no shortcut reaches an unloaded window: the menus' actions are added once it is loaded
    assert not [a.text() for a in win.findChildren(QAction) if not a.shortcut().isEmpty()]
    assert not any(m.menu().actions() for m in menus)
    with qtbot.waitSignal(win.loaded, timeout=20_000):
        win.show()
    assert win.ready and all(m.isEnabled() for m in win.menuBar().actions())
    assert not win.save_action.shortcut().isEmpty()
    assert all(m.menu().actions() for m in win.menuBar().actions())
    assert win.training_check_action.isEnabled() is False  # stays as the menu set it
    win.start.newRequested.emit(RequestKind.MLA)  # the start screen's buttons work now
    assert win.stack.currentWidget() is win.wizard and win.vm.case.request.kind == "mla"
    win.vm.replace(win.vm.case, None, dirty=False)
    win.close()


def test_a_failure_while_loading_is_reported_and_the_window_closes(
        qtbot, settings: QSettings, tmp_path: Path, monkeypatch) -> None:
    def broken(*_a: object, **_k: object) -> None:
        raise RuntimeError("a damaged module")

    monkeypatch.setattr(viewmodel, "CaseViewModel", broken)
    win = MainWindow(settings, tmp_path / "data", load_later=True)
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.loadFailed, timeout=20_000) as failed:
        win.show()
    assert "a damaged module" in failed.args[0] and not win.ready
    assert not any(m.isEnabled() for m in win.menuBar().actions())
    assert win.close()  # nothing to save: no prompt
    with pytest.raises(RuntimeError, match="a damaged module"):
        MainWindow(settings, tmp_path / "data")  # loaded at once: the error is raised


def test_the_application_exits_with_code_3_when_loading_fails(tmp_path: Path) -> None:
    code = ("import sys\n"
            "import mla_writer.gui.viewmodel as vm\n"
            "def broken(*a, **k):\n"
            "    raise RuntimeError('a damaged module')\n"
            "vm.CaseViewModel = broken\n"
            "from mla_writer import cli\n"
            "sys.exit(cli.main([]))\n")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", MLA_WRITER_EXIT_AFTER_MS="10",
               MLA_WRITER_DATA_DIR=str(tmp_path / "data"),
               XDG_CONFIG_HOME=str(tmp_path / "config"),
               PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=env, cwd=ROOT, timeout=120)
    assert out.returncode == 3
    assert "could not finish starting: RuntimeError: a damaged module" in out.stderr


def test_the_smoke_run_closes_after_the_load(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", MLA_WRITER_EXIT_AFTER_MS="10",
               MLA_WRITER_DATA_DIR=str(tmp_path / "data"),
               XDG_CONFIG_HOME=str(tmp_path / "config"),
               PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    out = subprocess.run([sys.executable, "-m", "mla_writer"], capture_output=True, text=True,
                         env=env, cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "the window opened (New request — mla-writer)" in out.stderr  # the loaded title

