"""The window's first size fits the screen it opens on (no saved geometry yet)."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QRect, QSettings, QSize

from mla_writer.gui.mainwindow import MainWindow, first_size

MINIMUM = QSize(960, 560)


@pytest.mark.parametrize(("screen", "expected"), [
    (QRect(0, 0, 1920, 1040), QSize(1280, 720)),   # a desktop: the usual size
    (QRect(0, 0, 1024, 576), QSize(1024, 576)),    # a netbook's free area below its panel
    (QRect(0, 0, 1366, 700), QSize(1280, 700)),    # a laptop: only the height is short
    (QRect(0, 0, 800, 480), QSize(960, 560)),      # smaller than the window can be: the minimum
    (None, QSize(1280, 720)),                      # no screen known
])
def test_the_first_size_is_the_usual_one_bounded_by_the_screen(screen, expected):
    assert first_size(screen, MINIMUM) == expected


def test_a_first_start_opens_within_the_screen(qtbot, tmp_path):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    win = MainWindow(settings, tmp_path / "data", autosave_ms=100_000, check_delay_ms=10)
    qtbot.addWidget(win)
    free = win.screen().availableGeometry()
    assert win.width() == max(min(1280, free.width()), win.minimumWidth())
    assert win.height() == max(min(720, free.height()), win.minimumHeight())
