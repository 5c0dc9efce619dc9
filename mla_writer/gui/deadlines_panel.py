"""The start screen's deadlines panel: what is due in the register, overdue items first.

It reads the register only when one exists (nothing is created by looking at the start
screen), after the window is shown, so the start stays fast.
"""

# lazy imports (start-up cost): i18n, register

from __future__ import annotations

import datetime as dt
from typing import Any

# QtCore.Qt and QtGui.X where used: PySide creates a class's enums when it is first named (Qt's
# cost ~12 ms, QFont's ~2 ms), after the first paint
from PySide6 import QtCore, QtGui
from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..i18n import _
from .register_access import OVERDUE, load_profiles, open_register, register_exists

#: deadlines due within this many days are listed (overdue ones always)
WITHIN_DAYS = 30
MAX_ITEMS = 12


class DeadlinesPanel(QGroupBox):
    """Upcoming and overdue deadlines of the register; activating one opens its case."""

    pathChosen = Signal(str)
    registerRequested = Signal()

    def __init__(self, parent: QWidget | None = None, *, load_later: bool = True,
                 load: bool = True) -> None:
        """`load_later`: read the register on the next event-loop turn (else at once);
        `load=False`: not at all, the owner calls `refresh` (the main window: once loaded)."""
        super().__init__(_("Deadlines"), parent)
        self.setObjectName("deadlinesPanel")
        self.note = QLabel()
        self.note.setObjectName("pageIntro")
        self.note.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("deadlines")
        self.list.setAccessibleName(_("Deadlines"))
        self.list.itemActivated.connect(self._activated)
        self.list.setMaximumHeight(170)
        show = QPushButton(_("Regis&ter of requests…"))
        show.setObjectName("showRegister")
        show.clicked.connect(self.registerRequested)
        top = QHBoxLayout()
        top.addWidget(self.note, 1)
        top.addWidget(show)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.list)
        if not load:
            return
        if load_later:
            QTimer.singleShot(0, self.refresh)
        else:
            self.refresh()

    def refresh(self) -> None:
        self.list.clear()
        if not register_exists():
            self.note.setText(_("No register yet: requests you register appear here with"
                                " their deadlines."))
            self.list.hide()
            return
        from ..register import Filter, RegisterError, upcoming

        try:
            with open_register() as reg:
                records = reg.find(Filter(open_only=True))
                today = reg.today()
                items = upcoming(records, load_profiles(), reg.follow_up_days(), today,
                                 WITHIN_DAYS)
            paths = {r.id: r.case_path for r in records}
        except RegisterError as exc:
            self.note.setText(_("The register cannot be opened: %(error)s", error=str(exc)))
            self.list.hide()
            return
        late = sum(1 for d in items if d.overdue(today))
        self.note.setText(_("%(late)d overdue, %(soon)d due within %(days)d days.",
                            late=late, soon=len(items) - late, days=WITHIN_DAYS))
        self.list.setVisible(bool(items))
        for d in items[:MAX_ITEMS]:
            self.list.addItem(self._item(d, today, paths.get(d.request_id, "")))

    def _item(self, d: Any, today: dt.date, path: str) -> QListWidgetItem:
        from ..i18n import ui_language

        left = d.days_left(today)
        when = _("overdue by %(days)d days", days=-left) if left < 0 else \
            _("%(days)d days left", days=left)
        reference = d.reference or f"#{d.request_id}"
        item = QListWidgetItem(f"{d.due.isoformat()}  {when}  —  {reference}:"
                               f" {d.label_in(ui_language())}")
        item.setData(QtCore.Qt.ItemDataRole.UserRole, path)
        if d.citation:
            item.setToolTip(f"{d.citation} ({d.status})")
        if left < 0:
            item.setForeground(QtGui.QBrush(OVERDUE))
            font = QtGui.QFont()
            font.setBold(True)
            item.setFont(font)
        return item

    def _activated(self, item: QListWidgetItem) -> None:
        path = item.data(QtCore.Qt.ItemDataRole.UserRole)
        if path:
            self.pathChosen.emit(path)
