"""Lists of items (persons, offences, assistance, annexes): a table and an editor dialog."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..domain.issues import Severity
from ..i18n import _
from .fields import FieldSpec, id_prefix, summary_fields
from .texts import (
    display,
    doc,
    item_name,
    language_name,
    person_name,
    state_name,
    type_label,
)
from .viewmodel import CaseViewModel
from .widgets import FitScrollArea, assign_mnemonics, reveal_and_focus

_COLOURS = {"error": "#b3261e", "warning": "#8a5a00"}


class EmptyTable(QTableWidget):
    """A table that says what to do while it has no rows."""

    def __init__(self, rows: int, columns: int, parent: QWidget | None = None) -> None:
        super().__init__(rows, columns, parent)
        self.placeholder = ""

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.rowCount() or not self.placeholder:
            return
        painter = QPainter(self.viewport())
        painter.setPen(self.palette().placeholderText().color())
        rect = self.viewport().rect().adjusted(8, 4, -8, -4)
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap),
                         self.placeholder)
        painter.end()


#: makes the form of one item: (view model, item path, item model) -> forms.Form. Passed in
#: by the form that holds the list (forms imports this module; this one cannot import it)
FormFactory = Callable[[CaseViewModel, str, type[BaseModel]], Any]


class ListEditor(QWidget):
    """A list of items as a table; Add, Edit (or double-click) and Remove open or change one."""

    def __init__(self, vm: CaseViewModel, path: str, spec: FieldSpec,
                 parent: QWidget | None = None, *, form: FormFactory) -> None:
        super().__init__(parent)
        self.vm, self.base, self.spec = vm, path, spec
        self.form_factory = form  # the item form (forms.Form: it holds lists in turn)
        self.dialog: ItemDialog | None = None
        self.types: tuple[type[BaseModel], ...] = spec.union or (spec.model,)  # type: ignore[assignment]
        first = self.types[0]
        base_cls = first.__mro__[1] if spec.union else first
        self.columns = summary_fields(base_cls, 3 if spec.union else 4)
        headers = ([_("Type")] if spec.union else []) + [doc(c.title) for c in self.columns]
        self.table = EmptyTable(0, len(headers))
        self.table.setObjectName(path)
        self.table.setAccessibleName(doc(spec.title))
        self.table.placeholder = _("None yet: use “Add…” below.")
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
        self.add_button.setAccessibleName(_("Add to %(list)s", list=doc(spec.title)))
        if spec.union:
            menu = QMenu(self.add_button)
            for cls in self.types:
                act = menu.addAction(type_label(cls))
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
        self.hint = QLabel(_("Double-click a row, or select it and press Enter, to open it."))
        self.hint.setObjectName("fieldHelp")
        self.hint.setWordWrap(True)  # under the buttons: a long translation must not widen
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        for b in (self.add_button, self.edit_button, self.remove_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.table)
        lay.addLayout(buttons)
        lay.addWidget(self.hint)
        self.table.itemSelectionChanged.connect(self._enable)
        self._enable()

    def all_targets(self) -> list[Any]:
        return []

    def _enable(self) -> None:
        has = self.table.currentRow() >= 0 and self.table.rowCount() > 0
        self.edit_button.setEnabled(has)
        self.remove_button.setEnabled(has)
        self.hint.setVisible(self.table.rowCount() > 0)

    def items(self) -> list[Any]:
        return list(self.vm.get(self.base) or [])

    def _cell(self, item: Any, spec: FieldSpec) -> str:
        value = getattr(item, spec.name, "")
        if spec.kind in ("person", "person_list"):
            names = {p.id: person_name(p) for p in self.vm.case.request.persons}
            ids = value if isinstance(value, list) else [value] if value else []
            return ", ".join(names.get(i, i) for i in ids)
        if spec.kind in ("state", "state_list"):
            codes = value if isinstance(value, list) else [value] if value else []
            return ", ".join(state_name(c) for c in codes)
        if spec.kind in ("language", "language_list"):
            codes = value if isinstance(value, list) else [value] if value else []
            return ", ".join(language_name(c) for c in codes)
        return display(value)

    def load(self) -> None:
        items = self.items()
        row = self.table.currentRow()
        self.table.setRowCount(len(items))
        for r, item in enumerate(items):
            cells = [type_label(type(item))] if self.spec.union else []
            cells += [self._cell(item, c) for c in self.columns]
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

    def title_of(self, item: Any) -> str:
        name = type_label(type(item)) if self.spec.union else item_name(type(item),
                                                                         self.spec.title)
        ident = getattr(item, "id", "")
        return f"{name} {ident}" if ident else name

    def edit(self, index: int, *, new: bool = False) -> ItemDialog:
        items = self.items()
        if not 0 <= index < len(items):
            raise IndexError(index)
        item_path = f"{self.base}[{index}]"
        self.dialog = ItemDialog(self.vm, item_path, type(items[index]),
                                 self.title_of(items[index]), new=new, parent=self.window(),
                                 form=self.form_factory)
        self.dialog.finished.connect(self._closed)
        self.dialog.open()
        return self.dialog

    def _closed(self) -> None:
        self.dialog = None
        self.load()
        self.table.setFocus()

    def references(self, item: Any) -> list[str]:
        """What else in the request names this person (by id): the person sought, assistance."""
        ident = getattr(item, "id", "")
        if not ident or self.base != "$.request.persons":
            return []
        req = self.vm.case.request
        out = []
        if req.extradition is not None and req.extradition.person_id == ident:
            out.append(doc("Person sought"))
        out += [type_label(type(a)) for a in req.assistance if ident in a.person_ids]
        return out

    def remove_current(self) -> None:
        row = self.table.currentRow()
        items = self.items()
        if not 0 <= row < len(items):
            return
        item = items[row]
        refs = self.references(item)
        text = _("Remove “%(item)s” from the request?", item=self._describe(item))
        if refs:
            text += "\n\n" + _("It is also named in: %(where)s. It will be removed there too.",
                               where="; ".join(refs))
        answer = QMessageBox.question(self, _("Remove"), text,
                                      QMessageBox.StandardButton.Yes
                                      | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.vm.remove(self.base, row)
        if refs:
            self._drop_references(getattr(item, "id", ""))
        self.load()

    def _describe(self, item: Any) -> str:
        if self.base == "$.request.persons":
            return person_name(item)
        first = next((display(getattr(item, c.name, "")) for c in self.columns
                      if c.name != "id" and getattr(item, c.name, "")), "")
        return first or self.title_of(item)

    def _drop_references(self, ident: str) -> None:
        req = self.vm.case.request
        if req.extradition is not None and req.extradition.person_id == ident:
            self.vm.set("$.request.extradition.person_id", "")
        for n, a in enumerate(req.assistance):
            if ident in a.person_ids:
                self.vm.set(f"$.request.assistance[{n}].person_ids",
                            [i for i in a.person_ids if i != ident])

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
            reveal_and_focus(dialog.buttons)
        return True


class ItemDialog(QDialog):
    """Edits one list item in place; Cancel puts back what it held (or drops a new item)."""

    def __init__(self, vm: CaseViewModel, item_path: str, model: type[BaseModel], title: str,
                 *, new: bool, parent: QWidget | None = None, form: FormFactory) -> None:
        super().__init__(parent)
        self.vm, self.item_path, self.new = vm, item_path, new
        self.snapshot = vm.get(item_path).model_copy(deep=True)
        self.setWindowTitle(title)
        self.setObjectName("itemDialog")
        self.setModal(True)
        self.form = form(vm, item_path, model)
        self.form.load()
        self.form.mark({i.path: i.severity for i in vm.issues})
        scroll = FitScrollArea()
        holder = QWidget()  # the form at the top, the spare height below it
        holder_layout = QVBoxLayout(holder)
        holder_layout.setContentsMargins(0, 0, 0, 0)
        holder_layout.addWidget(self.form)
        holder_layout.addStretch(1)
        scroll.setWidget(holder)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(scroll)
        lay.addWidget(self.buttons)
        assign_mnemonics(self, self.form.all_targets())
        scroll.refit()
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
