"""Forms generated from the request model, bound to the view-model by JSON path.

Every input's object name is its JSON path, so a checklist finding can focus it and tests can
find it. Titles come from the pydantic fields, translated in the document catalog (the documents
print the same titles); the requested state's profile adds help under the fields it speaks to;
fields that do not apply to this request (see relevance.py) are hidden until they do.
"""

# lazy imports (start-up cost): profiles, PySide6
from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from enum import Enum
from typing import Any

from pydantic import BaseModel
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ..domain.issues import Severity
from ..i18n import _
from . import paths, relevance
from .consequences import WATCHED, change_note, consequences
from .fields import FieldSpec, id_prefix, specs
from .lists import ListEditor
from .texts import (
    breakable,
    choice_text,
    display,
    doc,
    help_text,
    language_choices,
    lead_with_message,
    person_name,
    state_choices,
)
from .viewmodel import CaseViewModel
from .widgets import (
    CheckLabel,
    CodeChecklist,
    CodeCombo,
    DateField,
    FitScrollArea,
    Source,
    Target,
    WrapEdit,
    check_date,
    check_row,
    fit_height,
    narrow_combo,
    refit_ancestor,
    reveal_and_focus,
    set_flag,
    widen_popup,
)

__all__ = ["FitScrollArea", "Form", "fit_height", "person_name", "set_flag"]

#: mnemonic letters of the main window (menu bar, wizard buttons), set when it is built
WINDOW_LETTERS: set[str] = set()


def _persons(vm: CaseViewModel) -> Source:
    return lambda: ([(p.id, person_name(p)) for p in vm.case.request.persons if p.id], [])


def _instruments(vm: CaseViewModel) -> Source:
    """The resolver's usable suggestions for these states first, then every instrument."""

    def source() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
        from ..profiles import load_registry, request_kind, resolve_basis

        req = vm.case.request
        first: list[tuple[str, str]] = []
        with contextlib.suppress(Exception):  # unknown states: no suggestions
            if req.requesting_state and req.requested_state:
                first = [(o.instrument_id, o.name) for o in resolve_basis(
                    req.requesting_state, req.requested_state, request_kind(req),
                    req.request_date or dt.date.today())
                    if o.usable and o.instrument_id != "reciprocity"]
        rest: list[tuple[str, str]] = []
        with contextlib.suppress(Exception):
            taken = {c for c, _n in first}
            rest = sorted(((i.id, i.name) for i in load_registry().instruments.values()
                           if i.id not in taken), key=lambda item: item[1].casefold())
        return first, rest

    return source


class Form(QWidget):
    """The fields `names` of `model` stored at `base` in the view-model."""

    def __init__(self, vm: CaseViewModel, base: str, model: type[BaseModel],
                 names: list[str] | None = None, *, tall: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vm, self.base, self.model = vm, base, model
        self.widgets: dict[str, QWidget] = {}
        self._loaders: list[Callable[[], None]] = []
        self._helps: dict[str, QLabel] = {}
        self._errors: dict[str, QLabel] = {}
        self._tips: dict[str, str] = {}
        self._wordings: dict[str, QWidget] = {}
        self._conditional: list[tuple[str, QWidget]] = []
        self._row_shown: dict[str, bool] = {}
        self.targets: list[Target] = []
        self.subforms: list[Any] = []  # Form or ListEditor
        self._tall = tall
        self._layout = QFormLayout(self)
        # a row too wide for the page puts its field under its label (small screens, long
        # translated labels): the form never needs sideways scrolling
        self._layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self._layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._layout.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self._layout.setContentsMargins(4, 4, 4, 4)
        for spec in specs(model, names):
            if spec.name == "id" and id_prefix(model):
                continue  # generated ("P1"); shown in the table and the dialog's title
            self._add(spec)
        if self._conditional:
            vm.changed.connect(self._changed)

    # -- building ---------------------------------------------------------------------------
    def _add(self, spec: FieldSpec) -> None:
        path = paths.child(self.base, spec.name)
        title = doc(spec.title)
        if spec.kind in ("model", "optional_model", "model_list"):
            group = self._group(spec, path, title)
            self._layout.addRow(group)
            self._remember_row(spec, group)
            return
        widget, focus = self._input(spec, path)
        focus.setObjectName(path)
        focus.setAccessibleName(title)
        tip = help_text(spec.description)
        if tip:
            focus.setAccessibleDescription(tip)
        self.widgets[path] = focus
        self._tips[path] = tip
        box = QWidget()
        col = QVBoxLayout(box)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(1)
        if spec.kind == "bool":
            check_label = CheckLabel(focus)  # type: ignore[arg-type]
            check_label.setText(title.replace("&", "&&"))
            widget = check_row(focus, check_label)
        col.addWidget(widget)
        err = QLabel()
        err.setObjectName("fieldError")
        err.setWordWrap(True)
        err.hide()
        help_label = QLabel()
        help_label.setObjectName("fieldHelp")
        help_label.setWordWrap(True)
        help_label.hide()
        col.addWidget(err)
        col.addWidget(help_label)
        self._errors[path], self._helps[path] = err, help_label
        offered = self._wordings_button(path, focus)
        if offered is not None:
            col.addWidget(offered, 0, Qt.AlignmentFlag.AlignLeft)
        if spec.kind == "bool":
            self.targets.append((check_label, title, spec.title))
            self._layout.addRow("", box)
        else:
            label = QLabel(title.replace("&", "&&"))
            label.setObjectName("fieldLabel")
            label.setBuddy(focus)
            self.targets.append((label, title, spec.title))
            self._layout.addRow(label, box)
        self._remember_row(spec, box)

    def _wordings_button(self, path: str, edit: QWidget) -> QWidget | None:
        """'Standard wordings…' under a free-text undertaking the profile expects: each
        model wording (legal_profiles/wordings.toml) with its citation; choosing one puts it in
        the field, to adapt."""
        from ..profiles.wordings import standard_wordings

        offered = standard_wordings(path)
        if not offered or not isinstance(edit, QPlainTextEdit):
            return None
        from PySide6.QtWidgets import QMenu, QPushButton

        button = QPushButton(_("Standard wordings…"))
        button.setObjectName(path + ".wordings")
        menu = QMenu(button)
        menu.setToolTipsVisible(True)
        for wording in offered:
            act = menu.addAction(wording.title)
            act.setObjectName(wording.id)
            mark = "" if wording.status == "verified" else "\n⚠ " + _(
                "Unverified source — confirm with the central authority")
            source = _("Source: %(citation)s", citation=wording.citation)
            act.setToolTip(f"{wording.text}\n\n{source}{mark}")
            act.triggered.connect(
                lambda _c=False, w=wording: self.use_wording(path, edit, w.text))
        button.setMenu(menu)
        self._wordings[path] = button
        return button

    def use_wording(self, path: str, edit: QPlainTextEdit, text: str) -> None:
        """Put a standard wording in the field (after what is there: nothing is lost)."""
        current = edit.toPlainText().strip()
        edit.setPlainText(f"{current}\n{text}" if current else text)
        edit.setFocus()

    def _remember_row(self, spec: FieldSpec, row: QWidget) -> None:
        if relevance.conditional(self.model, spec.name):
            self._conditional.append((spec.name, row))

    def _group(self, spec: FieldSpec, path: str, title: str) -> QWidget:
        group = QGroupBox(title.replace("&", "&&"))
        group.setObjectName(path)
        group.setAccessibleName(title)
        inner = QVBoxLayout(group)
        inner.setContentsMargins(6, 4, 6, 6)
        if spec.kind == "model_list":
            editor = ListEditor(self.vm, path, spec, parent=group, form=Form)
            self.subforms.append(editor)
            inner.addWidget(editor)
            if spec.description:
                group.setToolTip(help_text(spec.description))
            return group
        assert spec.model is not None
        sub = Form(self.vm, path, spec.model, parent=group)
        self.subforms.append(sub)
        inner.addWidget(sub)
        if spec.kind == "optional_model":
            group.setCheckable(True)
            self.targets.append((group, title, spec.title))

            def toggled(on: bool) -> None:
                self.vm.set(path, spec.model() if on else None)  # type: ignore[misc]
                sub.setEnabled(on)
                sub.load()

            group.toggled.connect(toggled)

            def load() -> None:
                present = self.vm.get(path) is not None
                group.blockSignals(True)
                group.setChecked(present)
                group.blockSignals(False)
                sub.setEnabled(present)

            self._loaders.append(load)
        return group

    def all_targets(self) -> list[Target]:
        """Labels that get a generated mnemonic, this form's and its sub-forms', in order."""
        out = list(self.targets)
        for sub in self.subforms:
            out += sub.all_targets()
        return out

    def _commit(self, path: str, value: Any) -> None:
        if not confirm_change(self, self.vm, path, value):
            self.load()  # the user kept the old value: show it again
            return
        self.vm.visit(path)
        try:
            change_value(self.vm, path, value)
        except ValueError as exc:
            self._show_error(path, str(exc))
        else:
            self._show_error(path, "")

    def _show_error(self, path: str, message: str, level: str = "error") -> None:
        label = self._errors.get(path)
        widget = self.widgets.get(path)
        if label is None or widget is None:
            return
        message = breakable(message)
        changed = label.isVisibleTo(self) != bool(message) or label.text() != message
        label.setText(message)
        label.setObjectName("fieldWarning" if level == "warning" else "fieldError")
        label.style().unpolish(label)
        label.style().polish(label)
        label.setVisible(bool(message))
        set_flag(widget, "invalid", "true" if message and level == "error" else "false")
        if changed:
            refit_ancestor(self)

    def _input(self, spec: FieldSpec, path: str) -> tuple[QWidget, QWidget]:
        """(widget to lay out, widget that takes focus) for one simple field."""
        vm = self.vm
        coded = {"state": state_choices, "language": language_choices,
                 "instrument": _instruments(vm), "person": _persons(vm)}
        if spec.kind in coded:
            combo = CodeCombo(coded[spec.kind])
            combo.chosen.connect(lambda code: self._commit(path, code))
            self._loaders.append(lambda: combo.load(str(vm.get(path) or "")))
            return combo, combo
        if spec.kind in ("state_list", "language_list", "person_list"):
            source = {"state_list": state_choices, "language_list": language_choices}.get(
                spec.kind) or _persons(vm)
            checklist = CodeChecklist(source)
            checklist.chosen.connect(lambda codes: self._commit(path, codes))
            self._loaders.append(lambda: checklist.load(list(vm.get(path) or [])))
            return checklist, checklist
        if spec.kind == "bool":
            box = QCheckBox()
            box.toggled.connect(lambda on: self._commit(path, on))
            self._loaders.append(lambda: box.setChecked(bool(vm.get(path))))
            return box, box
        if spec.kind == "choice":
            return self._choice(spec, path)
        if spec.kind == "choice_list":
            return self._choice_list(spec, path)
        if spec.kind in ("long_text", "text_list"):
            return self._text_box(spec, path)
        if spec.kind == "wrapped_text":
            wrap = WrapEdit()
            wrap.edited.connect(lambda t: self._commit(path, t))
            self._loaders.append(lambda: _set_plain(wrap, vm.get(path) or ""))
            return wrap, wrap
        if spec.kind == "date":
            field = DateField()
            field.line.textEdited.connect(lambda t: self._commit_date(path, t, field))
            field.calendar.clicked.connect(lambda d: self._pick_date(path, d, field))

            def load_date() -> None:
                value = vm.get(path)
                _set_line(field.line, value.isoformat() if isinstance(value, dt.date) else "")
                field.show_date(value if isinstance(value, dt.date) else None)

            self._loaders.append(load_date)
            return field, field.line
        line = QLineEdit()
        if spec.kind in ("number", "integer"):
            line.setMaximumWidth(160)
            line.textEdited.connect(lambda t: self._commit_number(path, t, spec.kind))
            self._loaders.append(lambda: _set_line(line, display(vm.get(path))))
        else:
            line.textEdited.connect(lambda t: self._commit(path, t))
            self._loaders.append(lambda: _set_line(line, vm.get(path) or ""))
        return line, line

    def _choice(self, spec: FieldSpec, path: str) -> tuple[QWidget, QWidget]:
        combo = QComboBox()
        narrow_combo(combo)
        values = list(spec.choices)
        if spec.optional and None not in values:
            values.insert(0, None)
        if "" in values:  # "none chosen" first
            values.remove("")
            values.insert(0, "")
        for v in values:
            combo.addItem(choice_text(v, spec.choices), v)
        widen_popup(combo)
        combo.activated.connect(lambda i: self._commit(path, combo.itemData(i)))

        def load_choice() -> None:
            cur = self.vm.get(path)
            for i in range(combo.count()):
                if combo.itemData(i) == cur or (
                        isinstance(cur, Enum) and combo.itemData(i) == cur.value):
                    combo.setCurrentIndex(i)
                    return

        self._loaders.append(load_choice)
        return combo, combo

    def _choice_list(self, spec: FieldSpec, path: str) -> tuple[QWidget, QWidget]:
        row = QWidget()
        lay = QGridLayout(row)  # rows of four: long translated labels must not widen the form
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setHorizontalSpacing(12)
        lay.setVerticalSpacing(2)
        boxes: list[tuple[QCheckBox, Any]] = []

        def commit_list() -> None:
            self._commit(path, [v for b, v in boxes if b.isChecked()])

        for v in spec.choices:
            b = QCheckBox(choice_text(v).replace("&", "&&"))
            b.setObjectName(f"{path}.{v.value if isinstance(v, Enum) else v}")
            b.setAccessibleName(f"{doc(spec.title)}: {choice_text(v)}")
            b.toggled.connect(commit_list)
            lay.addWidget(b, len(boxes) // 4, len(boxes) % 4)
            boxes.append((b, v))
        lay.setColumnStretch(4, 1)

        def load_list() -> None:
            cur = set(self.vm.get(path) or [])
            for b, v in boxes:
                b.setChecked(v in cur)

        self._loaders.append(load_list)
        return row, boxes[0][0]

    def _text_box(self, spec: FieldSpec, path: str) -> tuple[QWidget, QWidget]:
        edit = QPlainTextEdit()
        edit.setTabChangesFocus(True)
        spacing = edit.fontMetrics().lineSpacing()
        if self._tall:
            edit.setMinimumHeight(spacing * 12 + 12)
        else:
            short = spec.kind == "text_list" or "address" in spec.name
            edit.setFixedHeight(spacing * (3 if short else 5) + 12)
        if spec.kind == "text_list":
            edit.setPlaceholderText(_("One per line"))

            def fit_lines() -> None:  # as many lines as entries, 3 to 6 (then it scrolls)
                if not self._tall:
                    lines = min(max(edit.blockCount() + 1, 3), 6)
                    height = spacing * lines + 12
                    if edit.height() != height:
                        edit.setFixedHeight(height)
                        refit_ancestor(edit)

            def commit_lines() -> None:
                fit_lines()
                self._commit(path, [s.strip() for s in edit.toPlainText().splitlines()
                                    if s.strip()])

            edit.textChanged.connect(commit_lines)
            self._loaders.append(lambda: _set_plain(edit, "\n".join(self.vm.get(path) or [])))
            self._loaders.append(fit_lines)
        else:
            edit.textChanged.connect(lambda: self._commit(path, edit.toPlainText()))
            self._loaders.append(lambda: _set_plain(edit, self.vm.get(path) or ""))
        return edit, edit

    def _commit_date(self, path: str, text: str, field: DateField) -> None:
        value, problem, level = check_date(text, self.vm.today())
        if level == "error":
            self._show_error(path, problem)
            field.show_date(None)
            return
        self._commit(path, value)
        if problem:
            self._show_error(path, problem, "warning")
        field.show_date(value)

    def _pick_date(self, path: str, date: Any, field: DateField) -> None:
        text = dt.date(date.year(), date.month(), date.day()).isoformat()
        field.line.setText(text)
        self._commit_date(path, text, field)
        field.line.setFocus()

    def _commit_number(self, path: str, text: str, kind: str) -> None:
        text = text.strip().replace(",", ".")
        if not text:
            self._commit(path, None)
            return
        try:
            value: float | int = int(text) if kind == "integer" else float(text)
        except ValueError:
            self._show_error(path, _("Enter a number."))
            return
        self._commit(path, value)

    # -- using ------------------------------------------------------------------------------
    def load(self) -> None:
        """Show the view-model's current values (and the profile's help) in every input."""
        _quiet(self._loaders, self)
        shown: set[str] = set()  # a note shared by several fields is shown under the first
        for path, label in self._helps.items():
            notes = [lead_with_message(n) for n in self.vm.notes_for(path)]
            text = "\n".join("• " + n for n in notes)
            fresh = [n for n in notes if n not in shown]
            shown.update(notes)
            label.setText(breakable("\n".join("• " + n for n in fresh)))
            label.setVisible(bool(fresh))
            tip = self._tips.get(path, "")
            self.widgets[path].setToolTip("\n\n".join(t for t in (tip, text) if t))
        for sub in self.subforms:
            sub.load()
        self.update_visibility()

    def _changed(self, _path: str) -> None:
        self.update_visibility()

    def update_visibility(self) -> bool:
        """Show the conditional fields that apply now; True if any row appeared or went."""
        if not self._conditional:
            return False
        found = [i.path for i in self.vm.issues]
        changed = False
        for name, row in self._conditional:
            visible = relevance.shown(self.vm.case, self.model, self.base, name, found)
            if self._row_shown.get(name) != visible:
                self._layout.setRowVisible(row, visible)
                self._row_shown[name] = visible
                changed = True
        if changed:
            refit_ancestor(self)
        return changed

    def mark(self, severities: dict[str, Severity]) -> None:
        """Outline inputs that have findings (error red, warning amber)."""
        for path, widget in self.widgets.items():
            sev = severities.get(path) if self.vm.loud(path) else None
            set_flag(widget, "issue", str(sev) if sev else "")
        for path, button in self._wordings.items():  # offered where the profile asks
            button.setVisible(path in severities or bool(self.vm.notes_for(path))
                              or "reciprocity" in path)
        for sub in self.subforms:
            sub.mark(severities)
        self.update_visibility()

    def focus_path(self, path: str) -> bool:
        """Put the focus on the input bound to `path` (or the nearest one); True if found."""
        for sub in self.subforms:
            inside = path == sub.base or path.startswith((sub.base + ".", sub.base + "["))
            if inside and sub.focus_path(path):
                return True
        target = self.widgets.get(path)
        if target is None:
            target = next((w for p, w in self.widgets.items()
                           if p.startswith((path + ".", path + "["))), None)
        if target is None:
            return False
        reveal_and_focus(target)
        return True


def confirm_change(parent: QWidget, vm: CaseViewModel, path: str, value: Any) -> bool:
    """Ask before a change of kind, state or legal basis that makes answers stop applying
    (True: go ahead). Nothing affected: no question."""
    if path not in WATCHED:
        return True
    lost = consequences(vm.case, path, value)
    if not lost:
        return True
    from PySide6.QtWidgets import QMessageBox

    answer = QMessageBox.question(
        parent, _("Change the request?"),
        "\n\n".join([_("This change affects answers you already gave:")]
                     + ["• " + line for line in lost] + [_("Make the change?")]),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def change_value(vm: CaseViewModel, path: str, value: Any) -> None:
    """Set a value; a change of kind, state or basis is announced (vm.changeNoted) with what
    it does to earlier answers."""
    if path not in WATCHED:
        vm.set(path, value)
        return
    old = vm.get(path)
    lost = consequences(vm.case, path, value)
    vm.set(path, value)
    if vm.get(path) != old:
        note = change_note(vm.case, path, old, vm.get(path))
        vm.changeNoted.emit(" ".join([note, *lost]).strip())


def _quiet(loaders: list[Callable[[], None]], owner: QWidget) -> None:
    """Run loaders with the form's widgets' signals blocked (loading is not an edit)."""
    blocked = [w for w in owner.findChildren(QWidget) if not w.signalsBlocked()]
    for w in blocked:
        w.blockSignals(True)
    try:
        for fn in loaders:
            fn()
    finally:
        for w in blocked:
            w.blockSignals(False)


def _set_line(line: QLineEdit, text: str) -> None:
    if line.text() != text:
        line.setText(text)
        line.setCursorPosition(0)  # show the start of a long value, not its end


def _set_plain(edit: QPlainTextEdit, text: str) -> None:
    if edit.toPlainText() != text:
        edit.setPlainText(text)
