"""Start the desktop application: `mla-writer` without arguments and `python -m mla_writer`."""

from __future__ import annotations

import os
import sys
from pathlib import Path

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
QFrame#recoveryBanner { background: #fff4d6; border: 1px solid #e0b84c; border-radius: 4px; }
QLineEdit[issue="error"], QPlainTextEdit[issue="error"], QComboBox[issue="error"] {
    border: 1px solid #c62828; border-radius: 2px; padding: 2px; }
QLineEdit[issue="warning"], QPlainTextEdit[issue="warning"], QComboBox[issue="warning"] {
    border: 1px solid #d08b00; border-radius: 2px; padding: 2px; }
QLineEdit[invalid="true"], QPlainTextEdit[invalid="true"] { background: #fdecea; }
QListWidget#stepList { font-size: 9.5pt; }
QListWidget#stepList::item { padding: 5px 4px; }
QListWidget#stepList::item:selected { background: #1f3a5f; color: white; }
QGroupBox { font-weight: 600; margin-top: 8px; }
QGroupBox::title { subcontrol-origin: margin; left: 6px; padding: 0 3px; }
QGroupBox > QWidget { font-weight: normal; }
"""


def install_translators(app: object, code: str) -> list[object]:
    """Qt's own strings (Ok, Cancel, Yes) in the interface language, where Qt has them."""
    from PySide6.QtCore import QLibraryInfo, QTranslator

    from .. import i18n

    for old in getattr(app, "_mla_translators", []):
        app.removeTranslator(old)  # type: ignore[attr-defined]
    out = []
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    catalogs = getattr(i18n, "qt_catalogs", None)
    files = [str(p) for p in catalogs(code, folder)] if catalogs else []
    for path in files:  # Qt's own catalog, or the bundled one where Qt has none
        tr = QTranslator(app)  # type: ignore[arg-type]
        if tr.load(path):
            app.installTranslator(tr)  # type: ignore[attr-defined]
            out.append(tr)
    if not files and code != "en":
        tr = QTranslator(app)  # type: ignore[arg-type]
        if tr.load(f"qtbase_{code}", folder):
            app.installTranslator(tr)  # type: ignore[attr-defined]
            out.append(tr)
    app._mla_translators = out  # type: ignore[attr-defined]
    return out


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
    from ..storage import make_private

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
    make_private(settings.fileName(), folder=True)  # recent paths, authority contacts
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


def run(argv: list[str]) -> int:
    """Open the desktop application (optionally on a case file) and run until it is closed."""
    app, _window = create_window(argv)
    return int(app.exec())  # type: ignore[attr-defined]
