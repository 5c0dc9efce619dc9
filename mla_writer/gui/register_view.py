"""The register view: search and filter the office's requests, open a case, export CSV.

Everything here goes through `mla_writer.register` (the same as `mla-writer register ...`):
the officer's role decides what is listed, and the deadlines come from the legal profiles.
"""

# lazy imports (start-up cost): i18n, profiles, register, storage

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..i18n import _
from .register_access import OVERDUE, load_profiles, open_register, register_exists
from .steps import N_

#: register status -> its name on screen
STATUS_TITLES = {
    "draft": N_("draft"), "submitted": N_("submitted"), "approved": N_("approved"),
    "signed": N_("signed"), "transmitted": N_("transmitted"), "acknowledged": N_("acknowledged"),
    "executed": N_("executed"), "refused": N_("refused"), "withdrawn": N_("withdrawn")}
KIND_TITLES = {"mla": N_("Mutual legal assistance"), "extradition": N_("Extradition"),
               "provisional_arrest": N_("Provisional arrest"),
               "supplementary": N_("Supplementary request")}
DIRECTION_TITLES = {"outgoing": N_("sent"), "incoming": N_("received")}
COLUMNS = (N_("Reference"), N_("Sent or received"), N_("Kind"), N_("States"), N_("Status"),
           N_("Date"), N_("Persons"), N_("Next deadline"))
_ROOT = QModelIndex()


def due_text(due: Any, today: dt.date) -> str:
    """'2026-12-01 (11 days left)' or '2026-11-01 — OVERDUE by 19 days'."""
    if due is None or due.due is None:
        return ""
    left = due.days_left(today)
    if left < 0:
        return _("%(date)s — overdue by %(days)d days", date=due.due.isoformat(), days=-left)
    return _("%(date)s (%(days)d days left)", date=due.due.isoformat(), days=left)


class RegisterModel(QAbstractTableModel):
    """The filtered requests, one row each (fast for 10,000 rows: values made on demand)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.records: list[Any] = []
        self.next: dict[int, Any] = {}
        self.today = dt.date.today()

    def set_records(self, records: list[Any], next_due: dict[int, Any], today: dt.date) -> None:
        self.beginResetModel()
        self.records, self.next, self.today = records, next_due, today
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.records)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return _(COLUMNS[section])
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self.records[index.row()]
        due = self.next.get(r.id)
        late = due is not None and due.overdue(self.today)
        if role == Qt.ItemDataRole.DisplayRole:
            col = index.column()
            if col == 0:
                return r.reference or f"#{r.id}"
            if col == 1:
                return _(DIRECTION_TITLES[r.direction])
            if col == 2:
                return _(KIND_TITLES.get(r.kind, r.kind))
            if col == 3:
                return f"{r.requesting_state or '?'} → {r.requested_state or '?'}"
            if col == 4:
                return _(STATUS_TITLES.get(r.status, r.status))
            if col == 5:
                return r.date.isoformat() if r.date else ""
            if col == 6:
                return r.persons
            return due_text(due, self.today)
        if role == Qt.ItemDataRole.ForegroundRole and late:
            return QBrush(OVERDUE)
        if role == Qt.ItemDataRole.FontRole and late and index.column() == 7:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 7 and due is not None:
            return due.label_in(_current_language())
        if role == Qt.ItemDataRole.UserRole:
            return r
        return None


def _current_language() -> str:
    from ..i18n import ui_language

    return ui_language()


class RegisterDialog(QDialog):
    """Search, filters (state, status, kind, date range, overdue), open a case, CSV export."""

    caseChosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("registerDialog")
        self.setWindowTitle(_("Register of requests"))
        self.resize(1100, 600)
        self.register: Any = None
        self.profiles = load_profiles()
        self.search = QLineEdit()
        self.search.setObjectName("registerSearch")
        self.search.setPlaceholderText(_("Search reference, persons, offences, states"))
        self.state = QLineEdit()
        self.state.setObjectName("registerState")
        self.state.setPlaceholderText(_("State codes, e.g. VN, TH"))
        self.status = QComboBox()
        self.status.setObjectName("registerStatus")
        self.status.addItem(_("Any status"), "")
        for key, title in STATUS_TITLES.items():
            self.status.addItem(_(title), key)
        self.kind = QComboBox()
        self.kind.setObjectName("registerKind")
        self.kind.addItem(_("Any kind"), "")
        for key, title in KIND_TITLES.items():
            self.kind.addItem(_(title), key)
        self.use_dates = QCheckBox(_("&Dated from"))
        self.use_dates.setObjectName("registerUseDates")
        self.date_from = QDateEdit(QDate.currentDate().addYears(-1))
        self.date_to = QDateEdit(QDate.currentDate())
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.overdue = QCheckBox(_("O&verdue only"))
        self.overdue.setObjectName("registerOverdue")
        grid = QGridLayout()
        grid.addWidget(self.search, 0, 0, 1, 3)
        grid.addWidget(self.state, 0, 3)
        grid.addWidget(self.status, 1, 0)
        grid.addWidget(self.kind, 1, 1)
        dates = QHBoxLayout()
        dates.addWidget(self.use_dates)
        dates.addWidget(self.date_from)
        dates.addWidget(QLabel(_("to")))
        dates.addWidget(self.date_to)
        grid.addLayout(dates, 1, 2)
        grid.addWidget(self.overdue, 1, 3)
        self.model = RegisterModel(self)
        self.table = QTableView()
        self.table.setObjectName("registerTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        self.count = QLabel()
        self.count.setObjectName("registerCount")
        open_button = QPushButton(_("&Open the case"))
        open_button.setObjectName("registerOpen")
        open_button.clicked.connect(self.open_selected)
        export = QPushButton(_("&Export CSV…"))
        export.setObjectName("registerExport")
        export.clicked.connect(self.export_csv)
        close = QPushButton(_("&Close"))
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.count, 1)
        buttons.addWidget(open_button)
        buttons.addWidget(export)
        buttons.addWidget(close)
        lay = QVBoxLayout(self)
        lay.addLayout(grid)
        lay.addWidget(self.table, 1)
        lay.addLayout(buttons)
        for signal in (self.search.textChanged, self.state.textChanged,
                       self.status.currentIndexChanged, self.kind.currentIndexChanged,
                       self.use_dates.toggled, self.date_from.dateChanged,
                       self.date_to.dateChanged, self.overdue.toggled):
            signal.connect(lambda *_a: self.refresh())
        self.refresh()

    def current_filter(self) -> Any:
        from ..register import Filter

        states = [s.strip() for s in self.state.text().replace(";", ",").split(",") if s.strip()]
        status, kind = self.status.currentData(), self.kind.currentData()
        dated = self.use_dates.isChecked()
        return Filter(text=self.search.text(), states=states,
                      statuses=[status] if status else [], kinds=[kind] if kind else [],
                      date_from=self.date_from.date().toPython() if dated else None,
                      date_to=self.date_to.date().toPython() if dated else None)

    def refresh(self) -> None:
        from ..register import RegisterError, deadlines_of, next_due, overdue_ids

        try:
            if self.register is None:
                self.register = open_register()
            records = self.register.find(self.current_filter())
            follow = self.register.follow_up_days()
        except RegisterError as exc:
            self.model.set_records([], {}, dt.date.today())
            self.count.setText(_("The register cannot be opened: %(error)s", error=str(exc)))
            return
        today = self.register.today()
        if self.overdue.isChecked():
            late = overdue_ids(records, self.profiles, follow, today)
            records = [r for r in records if r.id in late]
        dues = {r.id: next_due(deadlines_of(r, self.profiles, follow)) for r in records
                if not r.closed}
        self.model.set_records(records, dues, today)
        self.count.setText(_("%(n)d requests", n=len(records)))

    def selected(self) -> Any:
        rows = self.table.selectionModel().selectedRows()
        return self.model.records[rows[0].row()] if rows else None

    def open_selected(self) -> None:
        record = self.selected()
        if record is None:
            return
        if not record.case_path or not Path(record.case_path).exists():
            QMessageBox.information(self, _("Register of requests"),
                                    _("No case file is recorded for this request, or it is"
                                      " not where it was: %(path)s", path=record.case_path))
            return
        self.caseChosen.emit(record.case_path)
        self.accept()

    def export_csv(self) -> None:
        from ..register.export import to_csv
        from ..storage import atomic_write_bytes

        path, _filter = QFileDialog.getSaveFileName(self, _("Export the register"),
                                                    str(Path.home() / "register.csv"),
                                                    _("CSV files (*.csv)"))
        if not path:
            return
        self.write_csv(Path(path), to_csv, atomic_write_bytes)

    def write_csv(self, path: Path, to_csv: Any = None, write: Any = None) -> bool:
        """Write the rows shown to `path` (UTF-8 with a byte-order mark, for spreadsheets)."""
        if to_csv is None:
            from ..register.export import to_csv
        if write is None:
            from ..storage import atomic_write_bytes as write
        text = to_csv(self.model.records, self.profiles, self.register.follow_up_days(),
                      self.register.today())
        try:
            write(path, text.encode("utf-8-sig"))
        except OSError as exc:
            QMessageBox.warning(self, _("Export the register"),
                                _("The file was not written: %(error)s", error=str(exc)))
            return False
        return True

    def done(self, result: int) -> None:
        if self.register is not None:
            self.register.close()
            self.register = None
        super().done(result)


__all__ = ["OVERDUE", "RegisterDialog", "RegisterModel", "load_profiles", "open_register",
           "register_exists"]
