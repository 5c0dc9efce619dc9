"""Qt's own strings (standard buttons, text editing, file dialogs) in the languages Qt ships no
catalog for, from translations/qt/qtbase.toml; Chinese uses Qt's own catalog."""

from __future__ import annotations

import tomllib

import pytest
from PySide6.QtCore import QLibraryInfo, QTranslator
from PySide6.QtWidgets import QDialogButtonBox

from mla_writer import i18n
from mla_writer.resources import data_dir

MESSAGES = tomllib.loads((data_dir("translations") / "qt" / "qtbase.toml")
                         .read_text("utf-8"))["message"]
QT_FOLDER = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)


@pytest.mark.parametrize("lang", i18n.BUNDLED_QT_LANGUAGES)
def test_bundled_qt_catalog_is_compiled_from_the_data(qapp, lang: str) -> None:
    """Every entry of qtbase.toml is in the committed .qm (run `mla-writer i18n compile`)."""
    [path] = i18n.qt_catalogs(lang, QT_FOLDER)
    assert path.parent == data_dir("translations") / "qt"
    tr = QTranslator()
    assert tr.load(str(path))
    for m in MESSAGES:
        assert tr.translate(m["context"], m["source"]) == m[lang], (m["context"], m["source"])


def test_chinese_uses_qts_own_catalog_and_english_none() -> None:
    [path] = i18n.qt_catalogs("zh", QT_FOLDER)
    assert path.name == "qtbase_zh_CN.qm"
    assert i18n.qt_catalogs("en", QT_FOLDER) == []


@pytest.mark.gui
def test_standard_buttons_are_translated_once_installed(qapp) -> None:
    tr = QTranslator()
    assert tr.load(str(i18n.qt_catalogs("th", QT_FOLDER)[0]))
    qapp.installTranslator(tr)
    try:
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel)
        texts = {b.text() for b in box.buttons()}
        assert texts == {"ตกลง", "ยกเลิก"}
    finally:
        qapp.removeTranslator(tr)
