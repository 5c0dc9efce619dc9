"""The wizard pages that edit the request: each shows forms generated from the model."""

# lazy imports (start-up cost): PySide6, storage, profiles, gui
from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..domain.issues import Severity
from ..domain.model import (
    Authority,
    CaseFile,
    ExtraditionDetails,
    LegalBasis,
    Request,
    RequestKind,
    SupplementaryDetails,
)
from ..i18n import _, render_text, ui_language
from . import forms
from .checklist import WrappingTree
from .forms import Form
from .page_api import StepPage
from .steps import N_, Step
from .texts import breakable, doc
from .translation import DraftingLanguageBox
from .viewmodel import CaseViewModel, supplementary_from
from .widgets import FitScrollArea, assign_mnemonics, break_labels

#: a sentence under each step's title saying what it is for (translated where shown)
INTROS = {
    "kind": N_("What kind of request this is, who asks whom, and under which treaty or"
               " convention. The suggestions below come from the legal profiles."),
    "authority": N_("The authority making the request and the officers to contact. The"
                    " requesting authority is remembered for your next request."),
    "case": N_("The proceedings the request is made in and each offence, with the text of the"
               " law."),
    "persons": N_("Everyone the request concerns: suspects, accused, witnesses, account"
                  " holders, companies. Add a person, then open them to fill in details."),
    "surrender": N_("The person sought, the warrant or judgment, and the acts, with their time"
                    " and place."),
    "facts": N_("A short, factual account of what happened and how it links to the requested"
                " state."),
    "assistance": N_("Each measure you ask for, with its own form. Say how each relates to the"
                     " facts."),
    "purpose": N_("What the evidence or action is for, any procedure the requested state should"
                  " follow, confidentiality and urgency."),
    "undertakings": N_("The assurances the requesting state gives. The checklist says which"
                       " ones the requested state requires."),
    "annexes": N_("Documents attached to the request, with their language."),
}


class Page(FitScrollArea, StepPage):
    """A scrollable page with a title, a sentence of help and generated forms."""

    def __init__(self, vm: CaseViewModel, step: Step, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vm, self.step = vm, step
        self.forms: list[Form] = []
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.content = QWidget()
        self.content.setObjectName("pageContent")
        self.body = QVBoxLayout(self.content)
        self.body.setContentsMargins(16, 12, 16, 12)
        title = QLabel(breakable(_(step.title)))
        title.setObjectName("pageTitle")
        title.setWordWrap(True)
        self.body.addWidget(title)
        if step.id in INTROS:
            intro = QLabel(breakable(_(INTROS[step.id])))
            intro.setObjectName("pageIntro")
            intro.setWordWrap(True)
            self.body.addWidget(intro)
        self.setWidget(self.content)

    def add_form(self, form: Form, title: str = "") -> Form:
        self.forms.append(form)
        if title:
            box = QGroupBox(title)
            lay = QVBoxLayout(box)
            lay.setContentsMargins(6, 4, 6, 6)
            lay.addWidget(form)
            self.body.addWidget(box)
        else:
            self.body.addWidget(form)
        return form

    def finish(self) -> None:
        """Close the layout and give the generated labels mnemonics no other control on the
        page or in the window uses."""
        self.body.addStretch(1)
        targets = [t for form in self.forms for t in form.all_targets()]
        assign_mnemonics(self.content, targets, forms.WINDOW_LETTERS)
        break_labels(self.content)

    def load(self) -> None:
        for form in self.forms:
            form.load()
        self.mark()
        self.refit()

    def mark(self) -> None:
        severities: dict[str, Severity] = {}
        for issue in self.vm.issues:
            if issue.path not in severities or issue.severity is Severity.ERROR:
                severities[issue.path] = issue.severity
        for form in self.forms:
            form.mark(severities)

    def focus_path(self, path: str) -> bool:
        return any(form.focus_path(path) for form in self.forms)


def request_fields(step: Step) -> list[str]:
    """The Request fields a step edits, derived from the step's JSON path prefixes."""
    return [name for name in Request.model_fields if f"$.request.{name}" in step.prefixes]


class GenericPage(Page):
    """A page whose form is exactly the request fields of its step."""

    def __init__(self, vm: CaseViewModel, step: Step, parent: QWidget | None = None) -> None:
        super().__init__(vm, step, parent)
        names = request_fields(step)
        self.add_form(Form(vm, "$.request", Request, names, tall=len(names) == 1))
        self.finish()


class AnnexesPage(Page):
    """The annexes, and the file of each one: attached here (kept in the case file with its
    hash, its path relative to the case file's folder), they go into the signed package
    (Produce › Sign and package…), as `mla-writer annex attach` does."""

    def __init__(self, vm: CaseViewModel, step: Step, parent: QWidget | None = None) -> None:
        super().__init__(vm, step, parent)
        self.add_form(Form(vm, "$.request", Request, request_fields(step)))
        box = QGroupBox(_("Files of the annexes"))
        lay = QVBoxLayout(box)
        note = QLabel(_("Attach the scanned or electronic file of each annex: the signed package"
                        " carries it, listed with its hash, so the receiving authority can"
                        " check it. The reviewer approves the files too: keep them with the"
                        " case file, unchanged."))
        note.setWordWrap(True)
        note.setObjectName("pageIntro")
        self.warning = QLabel()
        self.warning.setObjectName("fieldError")
        self.warning.setWordWrap(True)
        self.warning.hide()
        self.files = WrappingTree()
        self.files.setObjectName("annexFiles")
        self.files.setAccessibleName(_("Files of the annexes"))
        self.files.setRootIsDecorated(False)
        self.files.itemActivated.connect(lambda *_a: self.attach_selected())
        self.files.currentItemChanged.connect(lambda *_a: self._enable())
        self.attach_button = QPushButton(_("Atta&ch or replace the selected annex's file…"))
        self.attach_button.setObjectName("attachAnnexFile")
        self.attach_button.clicked.connect(lambda: self.attach_selected())
        self.detach_button = QPushButton(_("Remove the file from the re&quest"))
        self.detach_button.setObjectName("detachAnnexFile")
        self.detach_button.clicked.connect(lambda: self.detach_selected())
        lay.addWidget(note)
        lay.addWidget(self.warning)
        lay.addWidget(self.files)
        for button in (self.attach_button, self.detach_button):  # one above the other: long
            lay.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)  # translations fit 1024 px
        self.body.addWidget(box)
        self.finish()
        # bound methods: Qt drops the connections when the page goes (a language change)
        vm.structureChanged.connect(self._refresh)
        vm.pathChanged.connect(self._refresh)

    def load(self) -> None:
        super().load()
        self.show_files()

    def _refresh(self, _path: str = "") -> None:
        if self.isVisible():
            self.show_files()

    def show_files(self) -> None:
        from .annexwarn import problems, state_text, statuses

        current = self._index()
        self.files.clear()
        rows = statuses(self.vm)
        for s in rows:
            item = QTreeWidgetItem([f"{s.index + 1}. {s.annex.title or '—'}\n{state_text(s)}"])
            item.setData(0, Qt.ItemDataRole.UserRole, s.index)
            if s.path is not None:
                item.setToolTip(0, str(s.path))
            self.files.addTopLevelItem(item)
            if s.index == current:
                self.files.setCurrentItem(item)
        if not rows:
            empty = QTreeWidgetItem([_("No annexes yet: add them above.")])
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.files.addTopLevelItem(empty)
        lines = problems(self.vm)
        self.warning.setText("\n".join(lines))
        self.warning.setVisible(bool(lines))
        self._enable()
        self.files.fit_rows(max_height=240)

    def _index(self) -> int | None:
        item = self.files.currentItem()
        index = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        return int(index) if index is not None else None

    def _enable(self) -> None:
        annexes = self.vm.case.request.annexes
        index = self._index()
        self.attach_button.setEnabled(bool(annexes))
        self.detach_button.setEnabled(index is not None and index < len(annexes)
                                      and annexes[index].file is not None)

    def attach_selected(self, path: str = "") -> bool:
        """Attach a file to the selected annex (none selected: the first without a file),
        asking for it unless `path` is given."""
        from .annexwarn import attach

        annexes = self.vm.case.request.annexes
        index = self._index()
        if index is None:
            index = next((n for n, a in enumerate(annexes) if a.file is None), None)
            if index is None:
                return False
        if not path:
            start = str(self.vm.path.parent if self.vm.path else Path.home())
            path, _filter = QFileDialog.getOpenFileName(
                self, _("File of annex %(n)d", n=index + 1), start)
        if not path or not attach(self, self.vm, index, path):
            return False
        self.show_files()
        return True

    def detach_selected(self) -> bool:
        from .annexwarn import detach

        index = self._index()
        if index is None or not detach(self, self.vm, index):
            return False
        self.show_files()
        return True


class AuthorityPage(Page):
    def __init__(self, vm: CaseViewModel, step: Step, parent: QWidget | None = None) -> None:
        super().__init__(vm, step, parent)
        self.add_form(Form(vm, "$.request.requesting_authority", Authority),
                      doc(Request.model_fields["requesting_authority"].title or ""))
        rest = [n for n in request_fields(step) if n != "requesting_authority"]
        self.add_form(Form(vm, "$.request", Request, rest))
        self.finish()


class SurrenderPage(Page):
    def __init__(self, vm: CaseViewModel, step: Step, parent: QWidget | None = None) -> None:
        super().__init__(vm, step, parent)
        self.add_form(Form(vm, "$.request.extradition", ExtraditionDetails))
        self.finish()


class KindPage(Page):
    """Kind of request, the two states, the legal basis (with suggestions) and the date."""

    def __init__(self, vm: CaseViewModel, step: Step, parent: QWidget | None = None) -> None:
        super().__init__(vm, step, parent)
        self.change_note = QLabel()
        self.change_note.setObjectName("changeNote")
        self.change_note.setWordWrap(True)
        self.change_note.hide()
        self.body.addWidget(self.change_note)
        vm.changeNoted.connect(self._noted)
        vm.caseReplaced.connect(self.change_note.hide)
        self.add_form(Form(vm, "$.request", Request,
                           ["kind", "request_date", "requesting_state", "requested_state"]))
        self.supplementary = Form(vm, "$.request.supplementary", SupplementaryDetails)
        self.supplementary_box = QGroupBox(doc(Request.model_fields["supplementary"].title or ""))
        sl = QVBoxLayout(self.supplementary_box)
        earlier = QHBoxLayout()
        self.earlier_button = QPushButton(_("Start from an &earlier case file…"))
        self.earlier_button.setObjectName("startFromEarlier")
        self.earlier_button.clicked.connect(self.start_from_earlier)
        earlier_note = QLabel(_("Copies the parties, the case, the offences and the persons of"
                                " the earlier request, and its reference and date."))
        earlier_note.setObjectName("pageIntro")
        earlier_note.setWordWrap(True)
        earlier.addWidget(self.earlier_button)
        earlier.addWidget(earlier_note, 1)
        sl.addLayout(earlier)
        sl.addWidget(self.supplementary)
        self.forms.append(self.supplementary)
        self.body.addWidget(self.supplementary_box)
        self.suggestions = WrappingTree()
        self.suggestions.setObjectName("basisSuggestions")
        self.suggestions.setAccessibleName(_("Suggested legal bases"))
        self.suggestions.setRootIsDecorated(False)
        self.suggestions.setIndentation(4)
        self.suggestions.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.suggestions.setMinimumHeight(60)
        self.suggestions.itemActivated.connect(lambda *_a: self.use_selected())
        self.use_button = QPushButton(_("&Use the selected basis"))
        self.use_button.setObjectName("useBasis")
        self.use_button.clicked.connect(self.use_selected)
        box = QGroupBox(_("Legal basis"))
        lay = QVBoxLayout(box)
        lay.setContentsMargins(6, 4, 6, 6)
        hint = QLabel(_("Suggestions for these states and this kind of request, best first."
                        " Greyed-out entries cannot be used; the reason says why."))
        hint.setWordWrap(True)
        hint.setObjectName("pageIntro")
        lay.addWidget(hint)
        lay.addWidget(self.suggestions)
        row = QHBoxLayout()
        row.addWidget(self.use_button)
        row.addStretch(1)
        lay.addLayout(row)
        basis_form = Form(vm, "$.request.legal_basis", LegalBasis)
        self.forms.append(basis_form)
        lay.addWidget(basis_form)
        self.body.addWidget(box)
        self.add_form(Form(vm, "$", CaseFile, ["training"]))
        self.body.addWidget(DraftingLanguageBox(vm))  # the language the text is typed in
        self.finish()
        vm.changed.connect(self._maybe_refresh)

    def _noted(self, note: str) -> None:
        self.change_note.setText("ⓘ " + note)
        self.change_note.setVisible(bool(note))
        self.refit()

    def _maybe_refresh(self, path: str) -> None:
        if path in ("$.request.kind", "$.request.requesting_state", "$.request.requested_state",
                    "$.request.request_date"):
            self.refresh_suggestions()
            self.supplementary_box.setVisible(
                self.vm.case.request.kind is RequestKind.SUPPLEMENTARY)
            if path == "$.request.kind":
                self.supplementary.load()

    def load(self) -> None:
        self.supplementary_box.setVisible(self.vm.case.request.kind is RequestKind.SUPPLEMENTARY)
        super().load()
        self.refresh_suggestions()

    def start_from_earlier(self) -> None:
        """Copy the earlier request's parties, case, offences and persons into this one."""
        from PySide6.QtWidgets import QMessageBox

        from .. import storage

        req = self.vm.case.request
        if req.persons or req.offences or req.subject.strip():
            answer = QMessageBox.question(
                self, _("Start from an earlier case file"),
                _("The parties, the case, the offences and the persons already entered here"
                  " will be replaced by the earlier request's. Continue?"),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                return
        start = str(self.vm.path.parent) if self.vm.path else ""
        path, _filter = QFileDialog.getOpenFileName(
            self, _("The earlier request's case file"), start,
            _("Case files (*.json);;All files (*)"))
        if not path:
            return
        try:
            earlier = storage.load(path)
        except storage.CaseFileError as exc:
            window = self.window()
            show = getattr(window, "show_error", None)
            if show is not None:
                show(_("The case file cannot be opened"), exc)
            return
        self.vm.replace(supplementary_from(self.vm.case, earlier), self.vm.path, dirty=True)

    def refresh_suggestions(self) -> None:
        from ..profiles import request_kind, resolve_basis
        from ..profiles.resolver import option_name

        req = self.vm.case.request
        self.suggestions.clear()
        if not (req.requesting_state and req.requested_state):
            item = QTreeWidgetItem([_("Choose both states to see the possible legal bases.")])
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.suggestions.addTopLevelItem(item)
            self.use_button.setEnabled(False)
            self.suggestions.fit_rows(max_height=300)
            return
        from ..profiles import ProfileError

        broken = False
        try:
            options = resolve_basis(req.requesting_state, req.requested_state,
                                    request_kind(req), req.request_date or dt.date.today())
        except ProfileError:
            options, broken = [], True
        except Exception:  # unknown state codes: no suggestions
            options = []
        chosen = req.legal_basis.instrument_id if req.legal_basis.kind == "instrument" \
            else req.legal_basis.kind
        lang = ui_language()
        for opt in options:
            mark = "" if opt.status == "verified" else "  ⚠ " + _("unverified source")
            # the reason in the interface language (the page is rebuilt on a language switch)
            reason = render_text(opt.text, lang) if opt.text is not None else opt.reason
            item = QTreeWidgetItem([f"{render_text(option_name(opt), lang)}{mark}\n{reason}"])
            item.setData(0, Qt.ItemDataRole.UserRole, opt.instrument_id)
            item.setToolTip(0, f"{opt.citation}\n{_('Source status: %(s)s', s=opt.status)}")
            if not opt.usable:
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                item.setForeground(0, self.palette().placeholderText())
            self.suggestions.addTopLevelItem(item)
            if opt.instrument_id == chosen:
                item.setSelected(True)
        if not options:
            self.suggestions.addTopLevelItem(QTreeWidgetItem([_(
                "No suggestion: the legal profiles are broken (see the checklist).") if broken
                else _("No suggestion: check the state codes.")]))
        self.use_button.setEnabled(bool(options))
        self.suggestions.fit_rows(max_height=300)

    def use_selected(self) -> None:
        items = [i for i in self.suggestions.selectedItems()
                 if i.flags() & Qt.ItemFlag.ItemIsSelectable]
        if not items:
            return
        ident = items[0].data(0, Qt.ItemDataRole.UserRole)
        kind = "reciprocity" if ident == "reciprocity" else "instrument"
        if not forms.confirm_change(self, self.vm, "$.request.legal_basis.kind", kind):
            return
        forms.change_value(self.vm, "$.request.legal_basis.kind", kind)
        forms.change_value(self.vm, "$.request.legal_basis.instrument_id",
                           "" if ident == "reciprocity" else ident)
        for form in self.forms:
            form.load()
