"""Qt's own strings (Ok, Cancel, Yes) in the interface language: installed at start (app) and
again when the user switches language (mainwindow), so it lives below both."""

from __future__ import annotations

# lazy imports (start-up cost): PySide6, i18n


def install_translators(app: object, code: str) -> list[object]:
    """Qt's own strings (Ok, Cancel, Yes) in the interface language, where Qt has them."""
    for old in getattr(app, "_mla_translators", []):
        app.removeTranslator(old)  # type: ignore[attr-defined]
    out: list[object] = []
    app._mla_translators = out  # type: ignore[attr-defined]
    if code == "en":  # Qt's own strings are English (nothing to ask Qt before the paint)
        return out
    from PySide6.QtCore import QLibraryInfo, QTranslator

    from .. import i18n

    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    catalogs = getattr(i18n, "qt_catalogs", None)
    files = [str(p) for p in catalogs(code, folder)] if catalogs else []
    for path in files:  # Qt's own catalog, or the bundled one where Qt has none
        tr = QTranslator(app)  # type: ignore[arg-type]
        if tr.load(path):
            app.installTranslator(tr)  # type: ignore[attr-defined]
            out.append(tr)
    if not files:
        tr = QTranslator(app)  # type: ignore[arg-type]
        if tr.load(f"qtbase_{code}", folder):
            app.installTranslator(tr)  # type: ignore[attr-defined]
            out.append(tr)
    return out
