"""The interface's look: its style sheet, the script font put first for each interface
language, and the text-size setting (View › Text size)."""

# lazy imports (start-up cost): PySide6
from __future__ import annotations

import re

STYLE = """
QLabel#pageTitle { font-size: 15pt; font-weight: 600; color: #1f3a5f; padding: 2px 0 4px 0; }
QLabel#startTitle { font-size: 22pt; font-weight: 600; color: #1f3a5f; }
QLabel#pageIntro { color: #4a5563; }
QLabel#fieldHelp { color: #4a5563; font-size: 8.5pt; }
QLabel#fieldError { color: #b3261e; font-size: 8.5pt; }
QLabel#fieldWarning { color: #8a5a00; font-size: 8.5pt; }
QLabel#verifyHeadline { font-weight: 600; padding: 4px 0; }
QCheckBox { spacing: 8px; }
QLabel#checklistSummary { padding: 4px; background: #f3f5f8; border-radius: 3px; }
QLabel#changeNote { background: #e8f0fb; border: 1px solid #9db7dc; border-radius: 4px;
    padding: 6px; }
QFrame#recoveryBanner { background: #fff4d6; border: 1px solid #e0b84c; border-radius: 4px; }
QLineEdit[issue="error"], QPlainTextEdit[issue="error"], QComboBox[issue="error"] {
    border: 1px solid #c62828; border-radius: 2px; padding: 2px; }
QLineEdit[issue="warning"], QPlainTextEdit[issue="warning"], QComboBox[issue="warning"] {
    border: 1px solid #d08b00; border-radius: 2px; padding: 2px; }
QLineEdit[invalid="true"], QPlainTextEdit[invalid="true"] { background: #fdecea; }
QListWidget#stepList { font-size: 9.5pt; }
QListWidget#stepList::item { padding: 5px 4px; }
QListWidget#stepList::item:selected { background: #1f3a5f; color: white; }
QGroupBox { font-weight: 600; margin-top: 1.3em; padding-top: 0.3em; }
QGroupBox::title { subcontrol-origin: margin; left: 6px; padding: 0 3px; }
QGroupBox > QWidget { font-weight: normal; }
"""


#: the bundled Latin face (a file in the fonts folder): once given to Qt, the system's
#: sans-serif resolves to it, so it is loaded before the first paint (the start screen and the
#: wizard are measured and drawn with the same face)
LATIN_FONT = "NotoSans-Regular.ttf"
#: the bundled font (family, file in the fonts folder) of each interface language's script:
#: put first in the interface font, so that line heights, group titles and input boxes are
#: measured with it (Lao and Burmese glyphs are much taller than Latin ones: measured with the
#: Latin font, lines collided). Of these, only the interface's is loaded before the first
#: paint.
SCRIPT_FONTS = {"km": ("Noto Sans Khmer", "NotoSansKhmer-Regular.ttf"),
                "lo": ("Noto Sans Lao", "NotoSansLao-Regular.ttf"),
                "my": ("Noto Sans Myanmar", "NotoSansMyanmar-Regular.ttf"),
                "th": ("Noto Sans Thai", "NotoSansThai-Regular.ttf"),
                "zh_Hans": ("WenQuanYi Micro Hei", "wqy-microhei.ttc")}
#: the text sizes offered in View › Text size (1.0: the system's size)
TEXT_SCALES = (0.9, 1.0, 1.15, 1.3, 1.5)


def style_sheet(scale: float = 1.0) -> str:
    """The style sheet with its font sizes multiplied by `scale` (the text-size setting)."""
    return re.sub(r"(\d+(?:\.\d+)?)pt", lambda m: f"{float(m[1]) * scale:.4g}pt", STYLE)


def apply_text(lang: str, scale: float = 1.0) -> None:
    """Interface font for `lang` (its script's bundled font first) at `scale` times the
    system size; the style sheet's sizes follow when the application uses it."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        return
    family = SCRIPT_FONTS.get(lang, ("", ""))[0]
    base = getattr(app, "_mla_base_font", None)
    if base is None and not family and abs(scale - 1.0) < 1e-9:
        return  # the system's font as it is (importing QFont makes its enums: ~3 ms)
    from PySide6.QtGui import QFont, QFontDatabase

    if base is None:
        base = QFont(app.font())  # type: ignore[attr-defined]
        app._mla_base_font = base  # type: ignore[attr-defined]
    font = QFont(base)
    if base.pointSizeF() > 0:
        font.setPointSizeF(base.pointSizeF() * scale)
    if family and family in QFontDatabase.families():
        font.setFamilies([family, *base.families()])
    app.setFont(font)  # type: ignore[attr-defined]
    if app.styleSheet():  # type: ignore[attr-defined]
        app.setStyleSheet(style_sheet(scale))  # type: ignore[attr-defined]
