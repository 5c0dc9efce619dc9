"""The start screen fits a 1024×600 screen in every interface language: where the page is
taller than the window (Burmese), it scrolls instead of squeezing its buttons."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QPushButton

from mla_writer import i18n
from mla_writer.gui.mainwindow import MainWindow

LANGUAGES = ("en", "km", "zh_Hans", "lo", "my", "th", "vi")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_start_screen_buttons_keep_their_size_at_1024x600(qtbot, as_the_application, tmp_path,
                                                          lang):
    i18n.set_ui_language(lang)  # as the application starts in the language it was left in
    try:
        settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
        win = MainWindow(settings, tmp_path / "data", autosave_ms=100_000, check_delay_ms=10)
        qtbot.addWidget(win)
        win.resize(1024, 600)
        win.show()
        qtbot.waitExposed(win)
        page = win.start
        squeezed = []
        for button in page.findChildren(QPushButton):
            if not button.isVisibleTo(page) or not button.text():
                continue
            box, geo = button.parentWidget().rect(), button.geometry()
            if button.height() < button.minimumSizeHint().height() or geo.bottom() > box.bottom():
                squeezed.append(f"{button.text()!r}: {button.height()} px high (needs"
                                f" {button.minimumSizeHint().height()}), bottom {geo.bottom()} in"
                                f" 0..{box.bottom()}")
        assert squeezed == []
    finally:
        i18n.set_ui_language("en")
