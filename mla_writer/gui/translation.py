"""File › Export for translation / Import translation (XLIFF, through mla_writer.xliff), and the
About box text."""

from __future__ import annotations

import contextlib
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget

from .. import i18n, storage
from ..i18n import _
from .texts import path_label
from .viewmodel import CaseViewModel


def target_languages(vm: CaseViewModel) -> list[str]:
    """The requested state's accepted languages other than English first, then the others."""
    wanted: list[str] = []
    with contextlib.suppress(Exception):  # no profile: every language is offered
        from ..profiles import load_registry

        req = vm.case.request
        state = load_registry().state(req.requested_state)
        if state is not None:
            wanted = [lg for lg in state.languages_for(req.kind.value, req.request_date)
                      if lg in i18n.LANGUAGES and lg != "en"]
    rest = [lg for lg in i18n.LANGUAGES if lg != "en" and lg not in wanted]
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
                         (_("English text changed since the export; export again"),
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
    if count:
        parts.append(_("Legal profiles: %(n)d states, last reviewed %(date)s.", n=count,
                       date=date or "—"))
    note = i18n.review_note()
    if note:
        parts.append(note)
    parts.append(_("Licence: Apache License 2.0. The bundled fonts keep their own licences."))
    return "\n\n".join(parts)
