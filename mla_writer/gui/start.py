"""The start screen: new request of each kind, open, recent files, examples, recovery offer."""

# lazy imports (start-up cost): json, gui
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ..domain.kinds import RequestKind  # not the model: painted before pydantic is loaded
from ..i18n import _
from ..resources import data_dir
from .steps import N_

#: kind -> (button text, one-line explanation), translated where shown
KIND_BUTTONS = {
    RequestKind.MLA: (N_("New &mutual legal assistance request"),
                      N_("Evidence, statements, records, searches, freezing of assets.")),
    RequestKind.EXTRADITION: (N_("New &extradition request"),
                              N_("Surrender of a person for prosecution or to serve a"
                                 " sentence.")),
    RequestKind.PROVISIONAL_ARREST: (N_("New &provisional arrest request"),
                                     N_("Urgent arrest before the full extradition request.")),
    RequestKind.SUPPLEMENTARY: (N_("New &supplementary request"),
                                N_("Adds to or changes a request already sent; it can start"
                                   " from the earlier request's case file.")),
}

#: USER_ROLE as a number: the start screen is painted before anything uses the
#: `Qt` namespace, whose enums cost ~12 ms to create (the first paint comes sooner)
USER_ROLE = 256

#: bundled example (file name without .json) -> what it shows, translated where shown
EXAMPLE_TITLES = {
    "mla-bank-records": N_("MLA: bank records and a witness statement (Viet Nam to Thailand)"),
    "mla-freezing-electronic": N_("MLA: freezing of assets and electronic data (Thailand to"
                                  " Cambodia)"),
    "extradition-accused": N_("Extradition of an accused person (Viet Nam to Cambodia)"),
    "provisional-arrest": N_("Provisional arrest before extradition (Thailand to Viet Nam)"),
}


def example_files() -> list[Path]:
    try:
        return sorted(data_dir("examples").glob("*.json"))
    except FileNotFoundError:
        return []


def example_title(path: Path) -> str:
    """What an example shows, in the interface language (an unknown example file: its kind
    and states, read from the file)."""
    what = EXAMPLE_TITLES.get(path.stem)
    if what:
        return _(what)
    import json

    from .texts import choice_text

    try:
        req = json.loads(path.read_text("utf-8")).get("request", {})
        kind = choice_text(RequestKind(req.get("kind", "mla")))
        return f"{kind} ({req.get('requesting_state', '')} → {req.get('requested_state', '')})"
    except (OSError, ValueError, AttributeError):
        return path.stem


class StartPage(QWidget):
    """What a user sees first; every choice is a signal the main window acts on."""

    newRequested = Signal(object)      # RequestKind
    openRequested = Signal()
    pathChosen = Signal(str)           # a recent file
    exampleChosen = Signal(str)
    restoreRequested = Signal()
    discardRecovery = Signal()
    registerRequested = Signal()       # the register of requests

    def __init__(self, recent: list[str], recovery_note: str = "",
                 parent: QWidget | None = None, *, load_deadlines: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("startPage")
        title = QLabel(_("mla-writer"))
        title.setObjectName("startTitle")
        subtitle = QLabel(_("Draft mutual legal assistance and extradition requests that the"
                            " requested state will accept."))
        subtitle.setObjectName("pageIntro")
        subtitle.setWordWrap(True)

        self.recovery = QFrame()
        self.recovery.setObjectName("recoveryBanner")
        rl = QHBoxLayout(self.recovery)
        self.recovery_label = QLabel(recovery_note)
        self.recovery_label.setWordWrap(True)
        self.restore_button = QPushButton(_("&Restore"))
        self.restore_button.setObjectName("restoreRecovery")
        self.restore_button.clicked.connect(self.restoreRequested)
        discard = QPushButton(_("&Discard"))
        discard.setObjectName("discardRecovery")
        discard.clicked.connect(self.discardRecovery)
        rl.addWidget(self.recovery_label, 1)
        rl.addWidget(self.restore_button)
        rl.addWidget(discard)
        self.recovery.setVisible(bool(recovery_note))

        new_box = QGroupBox(_("Start a new request"))
        grid = QGridLayout(new_box)
        self.kind_buttons: dict[RequestKind, QPushButton] = {}
        for row, (kind, (text, why)) in enumerate(KIND_BUTTONS.items()):
            b = QPushButton(_(text))
            b.setObjectName(f"new.{kind.value}")
            b.setMinimumHeight(34)
            b.clicked.connect(lambda _c=False, k=kind: self.newRequested.emit(k))
            note = QLabel(_(why))
            note.setObjectName("pageIntro")
            note.setWordWrap(True)
            grid.addWidget(b, row, 0)
            grid.addWidget(note, row, 1)
            self.kind_buttons[kind] = b
        grid.setColumnStretch(1, 1)

        open_box = QGroupBox(_("Continue"))
        ol = QVBoxLayout(open_box)
        self.open_button = QPushButton(_("&Open a case file…"))
        self.open_button.setObjectName("openCase")
        self.open_button.clicked.connect(self.openRequested)
        ol.addWidget(self.open_button)
        recent_label = QLabel(_("Re&cent files:"))
        self.recent = QListWidget()
        self.recent.setObjectName("recentFiles")
        self.recent.setAccessibleName(_("Recent files"))
        recent_label.setBuddy(self.recent)
        for path in recent:
            item = QListWidgetItem(Path(path).name)
            item.setToolTip(path)
            item.setData(USER_ROLE, path)
            self.recent.addItem(item)
        self.no_recent = QLabel(_("No recent files."))
        self.no_recent.setObjectName("pageIntro")
        self.recent.setVisible(bool(recent))
        self.no_recent.setVisible(not recent)
        self.recent.itemActivated.connect(self._recent)
        ol.addWidget(recent_label)
        ol.addWidget(self.recent)
        ol.addWidget(self.no_recent)
        if not recent:
            ol.addStretch(1)

        ex_box = QGroupBox(_("Example cases (fictional)"))
        el = QVBoxLayout(ex_box)
        ex_label = QLabel(_("Open an example (double-click or Enter) to see a complete request;"
                            " saving asks for a new file name."))
        ex_label.setWordWrap(True)
        ex_label.setObjectName("pageIntro")
        self.examples = QListWidget()
        self.examples.setObjectName("examples")
        self.examples.setAccessibleName(_("Example cases"))
        self.examples.setWordWrap(True)
        for path in example_files():
            item = QListWidgetItem(example_title(path))
            item.setToolTip(path.name)
            item.setData(USER_ROLE, str(path))
            self.examples.addItem(item)
        self.examples.itemActivated.connect(
            lambda item: self.exampleChosen.emit(item.data(USER_ROLE)))
        el.addWidget(ex_label)
        el.addWidget(self.examples)

        from .deadlines_panel import DeadlinesPanel  # the register's deadlines (issue 17)

        self.deadlines = DeadlinesPanel(load=load_deadlines)  # else the owner refreshes it
        self.deadlines.pathChosen.connect(self.pathChosen)
        self.deadlines.registerRequested.connect(self.registerRequested)

        lower = QHBoxLayout()
        lower.addWidget(open_box, 1)
        lower.addWidget(ex_box, 1)
        inner = QWidget()
        inner.setMaximumWidth(980)
        lay = QVBoxLayout(inner)
        lay.addWidget(title)
        lay.addWidget(subtitle)
        lay.addWidget(self.recovery)
        lay.addWidget(new_box)
        lay.addWidget(self.deadlines)
        lay.addLayout(lower, 1)
        body = QWidget()
        body.setObjectName("startBody")
        row = QHBoxLayout(body)
        row.addStretch(1)
        row.addWidget(inner, 100)
        row.addStretch(1)
        # below the page's own height (a 1024x600 screen in Burmese, a large text size) it
        # scrolls instead of squeezing its buttons and lists under their minimum size
        scroll = QScrollArea()
        scroll.setObjectName("startScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    def _recent(self, item: QListWidgetItem) -> None:
        path = item.data(USER_ROLE)
        if path:
            self.pathChosen.emit(path)
