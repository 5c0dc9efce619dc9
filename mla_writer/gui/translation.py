"""File › Export for translation / Import translation (XLIFF, through mla_writer.xliff), and the
About box text."""

# lazy imports (start-up cost): xliff, render, mla_writer, profiles, PySide6, domain
from __future__ import annotations

import contextlib
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QWheelEvent
from PySide6.QtWidgets import QComboBox, QFileDialog, QInputDialog, QMessageBox, QWidget

from .. import i18n, storage
from ..i18n import _
from .texts import path_label
from .viewmodel import CaseViewModel


def target_languages(vm: CaseViewModel) -> list[str]:
    """The requested state's accepted languages first, then the others; never the drafting
    language (its text is the fields themselves)."""
    source = vm.case.drafting_language
    wanted: list[str] = []
    with contextlib.suppress(Exception):  # no profile: every language is offered
        from ..profiles import load_registry

        req = vm.case.request
        state = load_registry().state(req.requested_state)
        if state is not None:
            wanted = [lg for lg in state.languages_for(req.kind.value, req.request_date)
                      if lg in i18n.LANGUAGES and lg != source]
    rest = [lg for lg in i18n.LANGUAGES if lg != source and lg not in wanted]
    return list(dict.fromkeys(wanted + rest))


def _language_label(code: str) -> str:
    names = i18n.language_names([code], i18n.ui_language())
    return f"{names[0]} ({code})"


def export_dialog(parent: QWidget, vm: CaseViewModel) -> Path | None:
    """Ask for a language and a file; write the case's free text as XLIFF 2.0."""
    from .. import xliff

    if not xliff.segments(vm.case):
        QMessageBox.information(parent, _("Export for translation"),
                                _("This request has no text to translate yet."))
        return None
    codes = target_languages(vm)
    labels = [_language_label(c) for c in codes]
    chosen, ok = QInputDialog.getItem(parent, _("Export for translation"),
                                      _("Translate into:"), labels, 0, False)
    if not ok:
        return None
    lang = codes[labels.index(chosen)]
    from ..render.build import slug

    base = vm.path.parent if vm.path else Path.home()
    name = f"{slug(vm.case.request.case_reference or 'request')}.{lang}.xlf"
    path, _filter = QFileDialog.getSaveFileName(
        parent, _("Export for translation"), str(base / name), _("XLIFF files (*.xlf *.xliff)"))
    if not path:
        return None
    try:
        storage.atomic_write_bytes(Path(path), xliff.export_xliff(vm.case, lang))
    except (OSError, storage.CaseFileError, ValueError) as exc:
        QMessageBox.warning(parent, _("Export for translation"),
                            _("The file could not be written.") + "\n\n" + str(exc))
        return None
    QMessageBox.information(parent, _("Export for translation"), _(
        "The text of the request was written to %(path)s. Send it to the translator; when it"
        " comes back, use File › Import translation (XLIFF)….", path=path))
    return Path(path)


def import_dialog(parent: QWidget, vm: CaseViewModel, path: str = "") -> bool:
    """Read a translated XLIFF file into the case (asking before replacing translations)."""
    from .. import xliff

    if not path:
        start = str(vm.path.parent) if vm.path else str(Path.home())
        path, _filter = QFileDialog.getOpenFileName(
            parent, _("Import translation"), start,
            _("XLIFF files (*.xlf *.xliff);;All files (*)"))
    if not path:
        return False
    try:
        data = xliff.read_file(path)  # a huge file is refused before it is read
        trial = xliff.import_xliff(vm.case.model_copy(deep=True), data)
    except (OSError, xliff.XliffError) as exc:
        QMessageBox.warning(parent, _("Import translation"), _(
            "Nothing was imported: the file is not a translation of this request that"
            " mla-writer can read.") + "\n\n" + str(exc))
        return False
    replace = False
    if trial.conflicts:
        answer = QMessageBox.question(parent, _("Import translation"), _(
            "%(n)d translations in the file differ from those already in the request. Replace"
            " them with the file's?", n=len(trial.conflicts)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        replace = answer == QMessageBox.StandardButton.Yes
    report = xliff.import_xliff(vm.case, data, replace=replace)
    if report.changed:
        vm.touch("$.translations")
    lines = [_("%(imported)d translations imported, %(replaced)d replaced, %(unchanged)d"
               " unchanged, %(pending)d not translated yet.", imported=len(report.imported),
               replaced=len(report.replaced), unchanged=len(report.unchanged),
               pending=len(report.not_translated))]
    for label, found in ((_("Kept the request's translation"), report.conflicts),
                         (_("Source text changed since the export; export again"),
                          report.changed_source),
                         (_("No longer in the request"), report.unknown)):
        lines += [f"• {path_label(p)}: {label}" for p in found]
    box = QMessageBox(QMessageBox.Icon.Information if not report.problems
                      else QMessageBox.Icon.Warning, _("Import translation"), lines[0],
                      QMessageBox.StandardButton.Ok, parent)
    if len(lines) > 1:
        box.setInformativeText("\n".join(lines[1:13]))
        box.setDetailedText("\n".join(report.lines()))
    box.setObjectName("importReport")
    box.open()
    parent.import_box = box  # type: ignore[attr-defined]
    return report.changed


def profile_data_date() -> tuple[int, str]:
    """(number of state profiles, the latest date a profile was reviewed)."""
    try:
        from ..profiles import load_registry

        states = load_registry().states
    except Exception:  # broken profiles: nothing to report
        return 0, ""
    dates = sorted(str(s.last_reviewed) for s in states.values() if s.last_reviewed)
    return len(states), dates[-1] if dates else ""


def about_text() -> str:
    from .. import __version__

    parts = [_(
        "mla-writer %(version)s: drafts mutual legal assistance and extradition requests"
        " and checks them against the requested state's legal profile. Rules whose source"
        " is unverified are marked: confirm them with the central authority. This program"
        " does not give legal advice.", version=__version__)]
    count, date = profile_data_date()
    if count and date:  # last_reviewed is a lawyer's review (profiles review CODE --by NAME)
        parts.append(_("Legal profiles: %(n)d states, last reviewed %(date)s.", n=count,
                       date=date))
    elif count:
        parts.append(_("Legal profiles: %(n)d states, not yet reviewed by a lawyer.", n=count))
    note = i18n.review_note()
    if note:
        parts.append(note)
    parts.append(_("Licence: Apache License 2.0. The bundled fonts keep their own licences."))
    return "\n\n".join(parts)


# -- the drafting language -----------------------------------------------------------------------


def language_label(code: str) -> str:
    """A language as the interface names it, with its code: 'Tiếng Việt (vi)' in Vietnamese."""
    return _language_label(code)


def change_drafting_language(parent: QWidget, vm: CaseViewModel, code: str) -> bool:
    """Make `code` the case's drafting language, asking first when the case has text: each
    field then takes its translation into `code` as its text and its text becomes the
    translation into the old language. Fields without a `code` translation keep their text
    only if the user says it is already in `code`. Return whether the language changed."""
    from ..domain import freetext

    case = vm.case
    old = case.drafting_language
    if code == old:
        return False
    keep = False
    if freetext.translatable_texts(case):
        names = dict(zip((old, code), i18n.language_names([old, code], i18n.ui_language()),
                         strict=True))
        try:
            freetext.change_drafting_language(case.model_copy(deep=True), code)
        except freetext.DraftingLanguageError:
            missing = len(freetext.missing_translations(case, code))
            answer = QMessageBox.question(parent, _("Drafting language"), _(
                "%(count)d text fields have no %(new)s translation. Keep their text as it is,"
                " because it is already written in %(new)s? (Fields that have a %(new)s"
                " translation take it as their text; their %(old)s text is kept as the"
                " %(old)s translation.)", count=missing, new=names[code], old=names[old]))
            if answer != QMessageBox.StandardButton.Yes:
                return False
            keep = True
        else:
            answer = QMessageBox.question(parent, _("Drafting language"), _(
                "Draft this request in %(new)s? Every text field takes its %(new)s translation"
                " as its text, and the %(old)s text is kept as the %(old)s translation.",
                new=names[code], old=names[old]))
            if answer != QMessageBox.StandardButton.Yes:
                return False
    freetext.change_drafting_language(case, code, keep_text=keep)
    vm.touch("$.drafting_language")
    return True


class DraftingLanguageBox(QWidget):
    """'Drafting language: [Tiếng Việt (vi)]': the language the request's text is typed in,
    changeable at any time (through `change_drafting_language`)."""

    def __init__(self, vm: CaseViewModel, parent: QWidget | None = None) -> None:
        from PySide6.QtWidgets import QHBoxLayout, QLabel

        super().__init__(parent)
        self.vm = vm
        self.combo = _LanguageCombo(vm)
        self.combo.setObjectName("$.drafting_language")
        self.combo.setAccessibleName(_("Drafting language"))
        for code in i18n.LANGUAGES:
            self.combo.addItem(_language_label(code), code)
        self.label = QLabel(_("Drafting language:"))
        self.label.setBuddy(self.combo)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.label)
        lay.addWidget(self.combo)
        lay.addStretch(1)
        self.combo.activated.connect(self._chosen)
        # bound methods, not lambdas: Qt drops them with the widget (the window is rebuilt
        # when the interface language changes)
        vm.changed.connect(self._changed)
        vm.caseReplaced.connect(self.load)
        self.load()

    def _changed(self, path: str) -> None:
        if path == "$.drafting_language":
            self.load()

    def load(self) -> None:
        self.combo.setCurrentIndex(max(self.combo.findData(self.vm.case.drafting_language), 0))

    def _chosen(self, index: int) -> None:
        change_drafting_language(self, self.vm, str(self.combo.itemData(index)))
        self.load()


class _LanguageCombo(QComboBox):
    """The drafting-language list. Once the request has text, a change asks first, so the
    arrow keys and the mouse wheel open the list instead of stepping through the languages
    (one question for the language chosen, not one per language passed)."""

    _STEPS = frozenset({Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown,
                        Qt.Key.Key_Home, Qt.Key.Key_End})

    def __init__(self, vm: CaseViewModel) -> None:
        super().__init__()
        self.vm = vm

    def _has_text(self) -> bool:
        from ..domain.freetext import translatable_texts

        return bool(translatable_texts(self.vm.case))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in self._STEPS and not event.modifiers() and self._has_text():
            self.showPopup()
            return
        super().keyPressEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if self._has_text():
            event.ignore()
            return
        super().wheelEvent(event)
