"""Forms generated from the request model, bound to the view-model by JSON path.

Every input's object name is its JSON path, so a checklist finding can focus it and tests can
find it. Titles and descriptions come from the pydantic fields; the requested state's profile
adds help under the fields it speaks to.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from enum import Enum
from typing import Any

from pydantic import BaseModel
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..domain.issues import Severity
from ..i18n import _
from . import paths
from .fields import (
    FieldSpec,
    choice_label,
    display,
    id_prefix,
    specs,
    summary_fields,
    type_label,
)
from .viewmodel import CaseViewModel

#: name -> function returning [(code, label)] for an editable choice (country codes, person ids)
Choices = dict[str, Callable[[CaseViewModel], list[tuple[str, str]]]]


def with_mnemonic(text: str, used: set[str]) -> str:
    """`text` with '&' before its first letter not yet used as a mnemonic in this form."""
    safe = text.replace("&", "&&")
    for i, ch in enumerate(safe):
        if ch.isascii() and ch.isalpha() and ch.lower() not in used and ch != "&":
            used.add(ch.lower())
            return safe[:i] + "&" + safe[i:]
    return safe


def set_flag(widget: QWidget, name: str, value: str) -> None:
    """Set a style property (e.g. issue=error) and re-apply the style sheet."""
    if widget.property(name) == value:
        return
    widget.setProperty(name, value)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class Form(QWidget):
    """The fields `names` of `model` stored at `base` in the view-model."""

    def __init__(self, vm: CaseViewModel, base: str, model: type[BaseModel],
                 names: list[str] | None = None, *, choices: Choices | None = None,
                 tall: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vm, self.base, self.model = vm, base, model
        self.choices = choices or {}
        self.widgets: dict[str, QWidget] = {}
        self._loaders: list[Callable[[], None]] = []
        self._helps: dict[str, QLabel] = {}
        self._errors: dict[str, QLabel] = {}
        self._tips: dict[str, str] = {}
        self.subforms: list[Form | ListEditor] = []
        self._used: set[str] = set()
        self._tall = tall
        self._layout = QFormLayout(self)
        self._layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self._layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._layout.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self._layout.setContentsMargins(4, 4, 4, 4)
        for spec in specs(model, names):
            self._add(spec)

    # -- building ---------------------------------------------------------------------------
    def _add(self, spec: FieldSpec) -> None:
        path = paths.child(self.base, spec.name)
        title = _(spec.title)
        if spec.kind in ("model", "optional_model", "model_list"):
            self._layout.addRow(self._group(spec, path, title))
            return
        widget, focus = self._input(spec, path)
        focus.setObjectName(path)
        focus.setAccessibleName(title)
        if spec.description:
            focus.setAccessibleDescription(_(spec.description))
        self.widgets[path] = focus
        self._tips[path] = _(spec.description) if spec.description else ""
        box = QWidget()
        col = QVBoxLayout(box)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(1)
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
        if spec.kind == "bool":
            focus.setText(with_mnemonic(title, self._used))  # type: ignore[attr-defined]
            self._layout.addRow("", box)
        else:
            label = QLabel(with_mnemonic(title, self._used))
            label.setBuddy(focus)
            label.setWordWrap(len(title) > 26)
            label.setMaximumWidth(190)
            self._layout.addRow(label, box)

    def _group(self, spec: FieldSpec, path: str, title: str) -> QWidget:
        group = QGroupBox(with_mnemonic(title, self._used) if spec.kind != "model" else title)
        group.setObjectName(path)
        group.setAccessibleName(title)
        inner = QVBoxLayout(group)
        inner.setContentsMargins(6, 4, 6, 6)
        if spec.kind == "model_list":
            editor = ListEditor(self.vm, path, spec, parent=group)
            self.subforms.append(editor)
            inner.addWidget(editor)
            if spec.description:
                group.setToolTip(_(spec.description))
            return group
        assert spec.model is not None
        sub = Form(self.vm, path, spec.model, choices=self.choices, parent=group)
        self.subforms.append(sub)
        inner.addWidget(sub)
        if spec.kind == "optional_model":
            group.setCheckable(True)

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

    def _commit(self, path: str, value: Any) -> None:
        try:
            self.vm.set(path, value)
        except ValueError as exc:
            self._show_error(path, str(exc))
        else:
            self._show_error(path, "")

    def _show_error(self, path: str, message: str) -> None:
        label = self._errors.get(path)
        widget = self.widgets.get(path)
        if label is None or widget is None:
            return
        label.setText(message)
        label.setVisible(bool(message))
        set_flag(widget, "invalid", "true" if message else "false")

    def _input(self, spec: FieldSpec, path: str) -> tuple[QWidget, QWidget]:
        """(widget to lay out, widget that takes focus) for one simple field."""
        vm = self.vm
        if spec.name in self.choices:
            return self._code_choice(spec, path)
        if spec.kind == "bool":
            box = QCheckBox()
            box.toggled.connect(lambda on: self._commit(path, on))
            self._loaders.append(lambda: box.setChecked(bool(vm.get(path))))
            return box, box
        if spec.kind == "choice":
            combo = QComboBox()
            values = list(spec.choices)
            if spec.optional and None not in values:
                values.insert(0, None)
            for v in values:
                combo.addItem(_(choice_label(v)), v)
            combo.activated.connect(lambda i: self._commit(path, combo.itemData(i)))

            def load_choice() -> None:
                cur = vm.get(path)
                for i in range(combo.count()):
                    if combo.itemData(i) == cur or (
                            isinstance(cur, Enum) and combo.itemData(i) == cur.value):
                        combo.setCurrentIndex(i)
                        return

            self._loaders.append(load_choice)
            return combo, combo
        if spec.kind == "choice_list":
            row = QWidget()
            lay = QHBoxLayout(row)
            lay.setContentsMargins(0, 0, 0, 0)
            boxes: list[tuple[QCheckBox, Any]] = []

            def commit_list() -> None:
                self._commit(path, [v for b, v in boxes if b.isChecked()])

            for v in spec.choices:
                b = QCheckBox(_(choice_label(v)))
                b.setAccessibleName(f"{_(spec.title)}: {_(choice_label(v))}")
                b.toggled.connect(commit_list)
                boxes.append((b, v))
                lay.addWidget(b)
            lay.addStretch(1)

            def load_list() -> None:
                cur = set(vm.get(path) or [])
                for b, v in boxes:
                    b.setChecked(v in cur)

            self._loaders.append(load_list)
            return row, boxes[0][0]
        if spec.kind in ("long_text", "text_list"):
            edit = QPlainTextEdit()
            edit.setTabChangesFocus(True)
            lines = 12 if self._tall else (4 if spec.kind == "long_text" else 3)
            edit.setMinimumHeight(edit.fontMetrics().lineSpacing() * lines + 12)
            if not self._tall:
                edit.setMaximumHeight(edit.fontMetrics().lineSpacing() * (lines + 3) + 12)
            if spec.kind == "text_list":
                edit.setPlaceholderText(_("One per line"))

                def commit_lines() -> None:
                    self._commit(path, [s.strip() for s in edit.toPlainText().splitlines()
                                        if s.strip()])

                edit.textChanged.connect(commit_lines)
                self._loaders.append(lambda: _set_plain(edit, "\n".join(vm.get(path) or [])))
            else:
                edit.textChanged.connect(lambda: self._commit(path, edit.toPlainText()))
                self._loaders.append(lambda: _set_plain(edit, vm.get(path) or ""))
            return edit, edit
        line = QLineEdit()
        if spec.kind == "date":
            line.setPlaceholderText(_("YYYY-MM-DD"))
            line.setMaximumWidth(160)
            line.textEdited.connect(lambda t: self._commit_date(path, t))
            self._loaders.append(lambda: _set_line(line, _iso(vm.get(path))))
        elif spec.kind in ("number", "integer"):
            line.setMaximumWidth(160)
            line.textEdited.connect(lambda t: self._commit_number(path, t, spec.kind))
            self._loaders.append(lambda: _set_line(line, display(vm.get(path))))
        else:
            line.textEdited.connect(lambda t: self._commit(path, t))
            self._loaders.append(lambda: _set_line(line, vm.get(path) or ""))
        return line, line

    def _code_choice(self, spec: FieldSpec, path: str) -> tuple[QWidget, QWidget]:
        """An editable list of codes (states, person ids) shown with their names."""
        combo = QComboBox()
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        source = self.choices[spec.name]

        def code_of(text: str) -> str:
            for i in range(combo.count()):
                if combo.itemText(i) == text:
                    return str(combo.itemData(i))
            return text.split(" — ")[0].strip()

        combo.activated.connect(lambda i: self._commit(path, str(combo.itemData(i))))
        combo.lineEdit().textEdited.connect(lambda t: self._commit(path, code_of(t)))

        def load() -> None:
            combo.clear()
            combo.addItem("", "")
            for code, label in source(self.vm):
                combo.addItem(f"{code} — {label}" if label else code, code)
            cur = self.vm.get(path) or ""
            index = combo.findData(cur)
            if index >= 0:
                combo.setCurrentIndex(index)
            else:
                combo.setEditText(cur)

        self._loaders.append(load)
        return combo, combo

    def _commit_date(self, path: str, text: str) -> None:
        text = text.strip()
        if not text:
            self._commit(path, None)
            return
        try:
            value = dt.date.fromisoformat(text)
        except ValueError:
            self._show_error(path, _("Enter a date as YYYY-MM-DD, e.g. 2026-03-31."))
            return
        self._commit(path, value)

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
            notes = self.vm.notes_for(path)
            text = "\n".join("• " + n for n in notes)
            fresh = [n for n in notes if n not in shown]
            shown.update(notes)
            label.setText("\n".join("• " + n for n in fresh))
            label.setVisible(bool(fresh))
            tip = self._tips.get(path, "")
            self.widgets[path].setToolTip("\n\n".join(t for t in (tip, text) if t))
        for sub in self.subforms:
            sub.load()

    def mark(self, severities: dict[str, Severity]) -> None:
        """Outline inputs that have findings (error red, warning amber)."""
        for path, widget in self.widgets.items():
            sev = severities.get(path)
            set_flag(widget, "issue", str(sev) if sev else "")
        for sub in self.subforms:
            sub.mark(severities)

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
        _reveal_and_focus(target)
        return True


def fit_height(scroll: QScrollArea) -> None:
    """Give a scroll area's content the height its wrapped labels need at the current width
    (QScrollArea itself ignores height-for-width, and long help texts would overlap)."""
    content = scroll.widget()
    layout = content.layout() if content is not None else None
    if layout is None:
        return
    width = scroll.viewport().width()
    height = layout.heightForWidth(width) if layout.hasHeightForWidth() else -1
    content.setMinimumHeight(max(height, layout.minimumSize().height()))


class FitScrollArea(QScrollArea):
    """A scroll area whose content is as tall as its wrapped text needs."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        fit_height(self)

    def refit(self) -> None:
        QTimer.singleShot(0, lambda: fit_height(self))


def _reveal_and_focus(widget: QWidget) -> None:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            parent.ensureWidgetVisible(widget, 40, 80)
            break
        parent = parent.parentWidget()
    widget.setFocus(Qt.FocusReason.OtherFocusReason)
    QTimer.singleShot(0, lambda: widget.setFocus(Qt.FocusReason.OtherFocusReason))


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


def _iso(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date) else ""


class ListEditor(QWidget):
    """A list of items (persons, offences, assistance, annexes) as a table with an editor."""

    def __init__(self, vm: CaseViewModel, path: str, spec: FieldSpec,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vm, self.base, self.spec = vm, path, spec
        self.dialog: ItemDialog | None = None
        self.types: tuple[type[BaseModel], ...] = spec.union or (spec.model,)  # type: ignore[assignment]
        first = self.types[0]
        base_cls = first.__mro__[1] if spec.union else first
        self.columns = summary_fields(base_cls, 3 if spec.union else 4)
        headers = ([_("Type")] if spec.union else []) + [_(c.title) for c in self.columns]
        self.table = QTableWidget(0, len(headers))
        self.table.setObjectName(path)
        self.table.setAccessibleName(_(spec.title))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.table.setMinimumHeight(80)
        self.table.itemActivated.connect(lambda item: self.edit(item.row()))
        self.add_button = QPushButton(_("&Add…") if not spec.union else _("&Add assistance…"))
        self.add_button.setObjectName(path + ".add")
        self.add_button.setAccessibleName(_("Add to %(list)s", list=_(spec.title)))
        if spec.union:
            menu = QMenu(self.add_button)
            for cls in self.types:
                act = menu.addAction(_(type_label(cls)))
                act.setData(cls)
                act.triggered.connect(lambda _c=False, k=cls: self.add(k))
            self.add_button.setMenu(menu)
        else:
            self.add_button.clicked.connect(lambda: self.add(self.types[0]))
        self.edit_button = QPushButton(_("&Edit…"))
        self.edit_button.setAccessibleName(_("Edit the selected item"))
        self.edit_button.clicked.connect(lambda: self.edit(self.table.currentRow()))
        self.remove_button = QPushButton(_("&Remove"))
        self.remove_button.setAccessibleName(_("Remove the selected item"))
        self.remove_button.clicked.connect(self.remove_current)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        for b in (self.add_button, self.edit_button, self.remove_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.table)
        lay.addLayout(buttons)
        self.table.itemSelectionChanged.connect(self._enable)
        self._enable()

    def _enable(self) -> None:
        has = self.table.currentRow() >= 0 and self.table.rowCount() > 0
        self.edit_button.setEnabled(has)
        self.remove_button.setEnabled(has)

    def items(self) -> list[Any]:
        return list(self.vm.get(self.base) or [])

    def load(self) -> None:
        items = self.items()
        row = self.table.currentRow()
        self.table.setRowCount(len(items))
        for r, item in enumerate(items):
            cells = [_(type_label(type(item)))] if self.spec.union else []
            cells += [display(getattr(item, c.name, "")) for c in self.columns]
            for c, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                self.table.setItem(r, c, cell)
        if 0 <= row < len(items):
            self.table.selectRow(row)
        rows = min(max(len(items), 2), 6)
        height = self.table.horizontalHeader().height() + 4 + rows * max(
            self.table.verticalHeader().defaultSectionSize(), 24)
        self.table.setFixedHeight(height)
        self._enable()

    def mark(self, severities: dict[str, Severity]) -> None:
        prefix = self.base + "["
        for r in range(self.table.rowCount()):
            sev = {s for p, s in severities.items() if p.startswith(f"{prefix}{r}]")}
            text = "error" if Severity.ERROR in sev else "warning" if Severity.WARNING in sev \
                else ""
            for c in range(self.table.columnCount()):
                cell = self.table.item(r, c)
                if cell is not None:
                    cell.setForeground(QColor(_COLOURS.get(text, "#1a1a1a")))
        if self.dialog is not None:
            self.dialog.form.mark(severities)

    def add(self, cls: type[BaseModel]) -> ItemDialog:
        """Add a new item of `cls` with the next free id and open its editor."""
        item = cls()
        prefix = id_prefix(cls)
        if prefix and "id" in cls.model_fields:
            taken = {getattr(i, "id", "") for i in self.items()}
            n = 1
            while f"{prefix}{n}" in taken:
                n += 1
            item = cls(id=f"{prefix}{n}")
        index = self.vm.append(self.base, item)
        self.load()
        self.table.selectRow(index)
        return self.edit(index, new=True)

    def edit(self, index: int, *, new: bool = False) -> ItemDialog:
        items = self.items()
        if not 0 <= index < len(items):
            raise IndexError(index)
        item_path = f"{self.base}[{index}]"
        title = _(type_label(type(items[index]))) if self.spec.union else _(self.spec.title)
        self.dialog = ItemDialog(self.vm, item_path, type(items[index]), title, new=new,
                                 parent=self.window())
        self.dialog.finished.connect(self._closed)
        self.dialog.open()
        return self.dialog

    def _closed(self) -> None:
        self.dialog = None
        self.load()
        self.table.setFocus()

    def remove_current(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            return
        self.vm.remove(self.base, row)
        self.load()

    def focus_path(self, path: str) -> bool:
        """Open the item `path` points into and focus its field; the Add button for the list."""
        rest = path[len(self.base):]
        if not rest.startswith("["):
            self.add_button.setFocus()
            return True
        index = int(rest[1:rest.index("]")])
        if not 0 <= index < len(self.items()):
            self.add_button.setFocus()
            return True
        self.table.selectRow(index)
        if self.dialog is not None:
            self.dialog.reject()
        dialog = self.edit(index)
        if not dialog.form.focus_path(path):
            _reveal_and_focus(dialog.buttons)
        return True


_COLOURS = {"error": "#b3261e", "warning": "#8a5a00"}


class ItemDialog(QDialog):
    """Edits one list item in place; Cancel puts back what it held (or drops a new item)."""

    def __init__(self, vm: CaseViewModel, item_path: str, model: type[BaseModel], title: str,
                 *, new: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vm, self.item_path, self.new = vm, item_path, new
        self.snapshot = vm.get(item_path).model_copy(deep=True)
        self.setWindowTitle(title)
        self.setObjectName("itemDialog")
        self.setModal(True)
        self.form = Form(vm, item_path, model, choices=_item_choices(model))
        self.form.load()
        self.form.mark({i.path: i.severity for i in vm.issues})
        scroll = FitScrollArea()
        scroll.setWidget(self.form)
        scroll.refit()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(scroll)
        lay.addWidget(self.buttons)
        screen = self.screen().availableGeometry() if self.screen() else None
        height = min(640, int(screen.height() * 0.85)) if screen else 600
        self.resize(760, height)

    def reject(self) -> None:
        list_path, _sep, tail = self.item_path.rpartition("[")
        if self.new:
            self.vm.remove(list_path, int(tail.rstrip("]")))
        elif self.vm.get(self.item_path) != self.snapshot:
            self.vm.set(self.item_path, self.snapshot)
        super().reject()


def _person_ids(vm: CaseViewModel) -> list[tuple[str, str]]:
    return [(p.id, f"{p.family_name} {p.given_names}".strip()) for p in vm.case.request.persons
            if p.id]


def _item_choices(model: type[BaseModel]) -> Choices:
    return {"person_id": _person_ids} if "person_id" in model.model_fields else {}
