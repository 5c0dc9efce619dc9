"""Start the desktop application: `mla-writer` without arguments and `python -m mla_writer`."""

# lazy imports (start-up cost): PySide6, resources, platformdirs, i18n, gui
from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from .qt_translators import install_translators

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


#: the bundled font of each interface language's script: put first in the interface font, so
#: that line heights, group titles and input boxes are measured with it (Lao and Burmese
#: glyphs are much taller than Latin ones: measured with the Latin font, lines collided)
SCRIPT_FONTS = {"km": "Noto Sans Khmer", "lo": "Noto Sans Lao", "my": "Noto Sans Myanmar",
                "th": "Noto Sans Thai", "zh_Hans": "WenQuanYi Micro Hei"}
#: the text sizes offered in View › Text size (1.0: the system's size)
TEXT_SCALES = (0.9, 1.0, 1.15, 1.3, 1.5)


def style_sheet(scale: float = 1.0) -> str:
    """The style sheet with its font sizes multiplied by `scale` (the text-size setting)."""
    return re.sub(r"(\d+(?:\.\d+)?)pt", lambda m: f"{float(m[1]) * scale:.4g}pt", STYLE)


def apply_text(lang: str, scale: float = 1.0) -> None:
    """Interface font for `lang` (its script's bundled font first) at `scale` times the
    system size; the style sheet's sizes follow when the application uses it."""
    from PySide6.QtGui import QFont, QFontDatabase
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        return
    base = getattr(app, "_mla_base_font", None)
    if base is None:
        base = QFont(app.font())  # type: ignore[attr-defined]
        app._mla_base_font = base  # type: ignore[attr-defined]
    font = QFont(base)
    if base.pointSizeF() > 0:
        font.setPointSizeF(base.pointSizeF() * scale)
    family = SCRIPT_FONTS.get(lang)
    if family and family in QFontDatabase.families():
        font.setFamilies([family, *base.families()])
    app.setFont(font)  # type: ignore[attr-defined]
    if app.styleSheet():  # type: ignore[attr-defined]
        app.setStyleSheet(style_sheet(scale))  # type: ignore[attr-defined]


def load_fonts() -> None:
    """Make the bundled fonts (Khmer, Lao, Myanmar, Thai, Chinese) available to the interface."""
    from PySide6.QtGui import QFontDatabase

    from ..resources import data_dir as bundled

    try:
        folder = bundled("fonts")
    except FileNotFoundError:
        return
    for path in sorted(folder.iterdir()):
        if path.suffix in (".ttf", ".ttc", ".otf") and "Bold" not in path.name \
                and "Italic" not in path.name:
            QFontDatabase.addApplicationFont(str(path))


def data_dir() -> Path:
    """Where autosaved answers are kept (the user's data folder)."""
    override = os.environ.get("MLA_WRITER_DATA_DIR")
    if override:
        return Path(override)
    from platformdirs import user_data_dir

    return Path(user_data_dir("mla-writer", appauthor=False))


def create_window(argv: list[str]) -> tuple[object, object]:
    """Create the application and the first window (used by `run` and the start-up bench)."""
    from PySide6.QtCore import QLoggingCategory, QSettings
    from PySide6.QtWidgets import QApplication

    from .. import i18n

    # Qt warns on the terminal, at every start, that the Latin face has no OpenType tables
    # for scripts it is not used for (the script's own bundled font is): not the user's concern
    QLoggingCategory.setFilterRules("qt.text.font.db=false")
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "mla-writer"])
    app.setOrganizationName("mla-writer")
    app.setApplicationName("mla-writer")
    app.setApplicationDisplayName("mla-writer")
    app.setStyle("Fusion")
    app.setStyleSheet(STYLE)
    load_fonts()
    settings = QSettings()
    code = str(settings.value("ui/language", "") or "")
    if not code:
        system = getattr(i18n, "system_ui_language", None)
        code = system() if system else "en"
    setter = getattr(i18n, "set_ui_language", None)
    if setter is not None and code != "en":
        try:
            setter(code)
        except Exception:  # an unknown or broken catalog: stay in English
            code = "en"
    install_translators(app, code)

    from .mainwindow import MainWindow

    window = MainWindow(settings, data_dir())
    paths = [a for a in argv if not a.startswith("-")]
    if paths:
        window.open_path(paths[0])
    window.show()
    return app, window


def display_problem(env: dict[str, str] | None = None, platform: str | None = None
                    ) -> str | None:
    """Why the desktop application cannot open a window here, with how to fix it; None when
    it can. On Linux and other X11/Wayland systems Qt aborts the process (a core dump) when
    there is no display: say so before Qt is started."""
    env = dict(os.environ) if env is None else env
    platform = sys.platform if platform is None else platform
    if platform in ("win32", "darwin") or env.get("QT_QPA_PLATFORM"):
        return None
    if env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"):
        return None
    return ("mla-writer: no display to open the desktop application on (neither DISPLAY nor"
            " WAYLAND_DISPLAY is set).\n"
            "  - Start it from a desktop session (a terminal in the desktop, or the menu entry);\n"
            "  - over SSH, connect with `ssh -X` so that windows open on your screen;\n"
            "  - without a screen, use the command line: `mla-writer --help`\n"
            "    (QT_QPA_PLATFORM=offscreen starts the application invisibly, for tests).")


def run(argv: list[str]) -> int:
    """Open the desktop application (optionally on a case file) and run until it is closed."""
    problem = display_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 2
    app, window = create_window(argv)
    smoke = os.environ.get("MLA_WRITER_EXIT_AFTER_MS", "")
    if smoke.isdigit():  # a smoke test of an installed copy or a bundle: open, then close
        from PySide6.QtCore import QTimer

        def close() -> None:
            title = window.windowTitle()  # type: ignore[attr-defined]
            print(f"mla-writer: the window opened ({title}); closing", file=sys.stderr)
            window.close()  # type: ignore[attr-defined]
            app.quit()  # type: ignore[attr-defined]

        QTimer.singleShot(int(smoke), close)
    return int(app.exec())  # type: ignore[attr-defined]
