"""The start screen fits a 1024×600 screen in every interface language: where the page is
taller than the window (Burmese), it scrolls instead of squeezing its buttons."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from PySide6.QtWidgets import QPushButton

LANGUAGES = ("en", "km", "zh_Hans", "lo", "my", "th", "vi")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_start_screen_buttons_keep_their_size_at_1024x600(qtbot, as_the_application, window,
                                                          lang):
    try:
        window.set_language(lang)
        window.resize(1024, 600)
        qtbot.wait(25)
        page = window.start
        assert window.stack.currentWidget() is page
        squeezed = []
        for button in page.findChildren(QPushButton):
            if not button.isVisibleTo(page) or not button.text():
                continue
            box = button.parentWidget().rect()
            geo = button.geometry()
            if button.height() < button.minimumSizeHint().height() or geo.bottom() > box.bottom():
                squeezed.append(f"{button.text()!r}: {button.height()} px high (needs"
                                f" {button.minimumSizeHint().height()}), bottom {geo.bottom()} in"
                                f" 0..{box.bottom()}")
        assert squeezed == []
    finally:
        window.set_language("en")
