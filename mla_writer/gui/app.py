"""Start the desktop application: `mla-writer` without arguments and `python -m mla_writer`."""

# lazy imports (start-up cost): PySide6, resources, platformdirs, i18n, gui, storage
from __future__ import annotations

import gc
import os
import sys
from pathlib import Path
from typing import Any

from .qt_translators import install_translators
from .textstyle import LATIN_FONT, SCRIPT_FONTS, STYLE, apply_text, style_sheet  # noqa: F401


def load_fonts(lang: str | None = None) -> None:
    """Make the bundled fonts (Khmer, Lao, Myanmar, Thai, Chinese) available to the interface:
    all of them, or with `lang` only the Latin face and that interface language's script font
    (what the start screen is measured and drawn with; the others are loaded after the first
    paint). A font already loaded is not loaded again."""
    from PySide6.QtGui import QFontDatabase

    from ..resources import data_dir as bundled

    try:
        folder = bundled("fonts")
    except FileNotFoundError:
        return
    if lang is not None:
        names = [LATIN_FONT, SCRIPT_FONTS.get(lang, ("", ""))[1]]
        paths = [folder / n for n in names if n and (folder / n).is_file()]
    else:
        paths = [p for p in sorted(folder.iterdir()) if p.suffix in (".ttf", ".ttc", ".otf")
                 and "Bold" not in p.name and "Italic" not in p.name]
    for path in paths:
        if path.name not in _LOADED_FONTS:
            _LOADED_FONTS.add(path.name)
            QFontDatabase.addApplicationFont(str(path))


#: file names of the bundled fonts already given to Qt (in this process)
_LOADED_FONTS: set[str] = set()


def data_dir() -> Path:
    """Where autosaved answers are kept (the user's data folder)."""
    override = os.environ.get("MLA_WRITER_DATA_DIR")
    if override:
        return Path(override)
    from platformdirs import user_data_dir

    return Path(user_data_dir("mla-writer", appauthor=False))


def _collect_when_loaded(window: Any) -> None:
    """Turn the cycle collector back on once `window` has loaded (or failed to).

    Start-up creates a few hundred thousand objects that live as long as the program (the
    request model, profiles, rules, widgets); the collector scanning them again and again
    while they are created cost ~50 ms. What exists once the window is loaded is set aside
    for good (gc.freeze: modules are never freed anyway); what is created later stays
    collectable.
    """
    def done(*_args: Any) -> None:
        if not gc.isenabled():
            gc.freeze()
            gc.enable()

    window.loaded.connect(done)
    window.loadFailed.connect(done)


def create_window(argv: list[str]) -> tuple[object, object]:
    """Create the application and the first window (used by `run` and the start-up bench).

    The window is shown with its start screen and painted first; the request model,
    profiles, rules and the wizard load on the next event-loop turn (MainWindow.loaded is
    emitted then, loadFailed if that fails). A case file named in `argv` opens once loaded.
    """
    collecting = gc.isenabled()
    gc.disable()

    from PySide6.QtCore import QLoggingCategory, QSettings
    from PySide6.QtWidgets import QApplication

    from .. import i18n

    # Qt warns on the terminal, at every start, that the Latin face has no OpenType tables
    # for scripts it is not used for (the script's own bundled font is): not the user's concern
    QLoggingCategory.setFilterRules("qt.text.font.db=false")
    app = QApplication.instance()
    if app is None:
        # the style named on Qt's command line: QApplication.setStyle would hand the style
        # back to Python, and PySide then creates every QStyle enum (~8 ms before the paint)
        app = QApplication([sys.argv[0] if sys.argv else "mla-writer", "-style", "Fusion"])
    else:  # made by the caller (tests)
        app.setStyle("Fusion")
    app.setOrganizationName("mla-writer")
    app.setApplicationName("mla-writer")
    app.setApplicationDisplayName("mla-writer")
    app.setStyleSheet(STYLE)
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
    load_fonts(code)  # the Latin and the interface's script fonts (the others: below)

    from .mainwindow import MainWindow

    window = MainWindow(settings, data_dir(), load_later=True)

    def loaded() -> None:
        from ..storage import make_private

        make_private(settings.fileName(), folder=True)  # recent paths, authority contacts
        paths = [a for a in argv if not a.startswith("-")]
        if paths:
            window.open_path(paths[0])

    if any(ord(ch) > 0x24F for path in window.recent_files() for ch in Path(path).name):
        load_fonts()  # a recent file's name in another script: drawn right the first time
    else:
        window.painted.connect(load_fonts)  # before the rest is loaded and the wizard built
    window.loaded.connect(loaded)
    if collecting:
        _collect_when_loaded(window)
    window.show()
    return app, window


def report_load_failure(app: Any, window: Any, message: str, *, ask: bool = True) -> None:
    """The window could not finish loading: say so on the terminal and in a message box,
    then leave the event loop with exit code 3 (an internal error)."""
    print(f"mla-writer: {message}", file=sys.stderr)
    if not ask:
        app.exit(3)
        return
    from PySide6.QtWidgets import QMessageBox

    from ..i18n import _

    box = QMessageBox(QMessageBox.Icon.Critical, _("mla-writer cannot start"), message,
                      QMessageBox.StandardButton.Close, window)
    box.setObjectName("loadFailedBox")
    box.finished.connect(lambda _r: app.exit(3))
    box.open()


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
    win: Any = window
    win.loadFailed.connect(lambda message: report_load_failure(app, win, message,
                                                               ask=not smoke.isdigit()))
    if smoke.isdigit():  # a smoke test of an installed copy or a bundle: open, then close
        from PySide6.QtCore import QTimer

        def close() -> None:
            title = win.windowTitle()
            print(f"mla-writer: the window opened ({title}); closing", file=sys.stderr)
            win.close()
            app.quit()  # type: ignore[attr-defined]

        # counted from the end of loading: the smoke test sees the whole window working
        win.loaded.connect(lambda: QTimer.singleShot(int(smoke), close))
    return int(app.exec())  # type: ignore[attr-defined]
