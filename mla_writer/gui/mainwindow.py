"""The main window: start screen, wizard with step list, checklist dock, files and autosave.

A fast start (`load_later=True`, as the application starts it): the window is shown and
painted with the start screen first; the request model, profiles, rules, the view-model, the
wizard and the checklist are loaded on the next event-loop turn (`finish_loading`). Until
then the menus' actions are disabled; `loaded` is emitted when the window is ready, or
`loadFailed` with what went wrong.
"""

# lazy imports (start-up cost): render, gui, storage, domain, workflow, PySide6
from __future__ import annotations

import contextlib
import itertools
import json
import sys
import traceback
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

# QtCore.Qt, QtGui.X and QtWidgets.X where used (dialogs, the dock, actions): PySide creates a
# class's enums when it is first named, ~5 ms for these, after the first paint
from PySide6 import QtCore, QtGui, QtWidgets
from PySide6.QtCore import QEvent, QObject, QSettings, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from .. import i18n
from ..domain.kinds import RequestKind
from ..i18n import _
from .page_api import StepPage
from .start import StartPage

if TYPE_CHECKING:
    from PySide6.QtGui import QAction, QCloseEvent

    from .checklist import ChecklistPanel, StepList
    from .recovery import RecoveryStore, Slot
    from .viewmodel import CaseViewModel

MAX_RECENT = 8


def page_class(step_id: str) -> type:
    """The class of a step's page, imported when the first page is built (the start screen
    needs none of them: a faster start)."""
    if step_id in ("review", "produce"):
        from .output import ProducePage, ReviewPage

        return ReviewPage if step_id == "review" else ProducePage
    if step_id == "translate":
        from .translate_page import TranslationPage

        return TranslationPage
    from . import pages

    return {"kind": pages.KindPage, "authority": pages.AuthorityPage,
            "surrender": pages.SurrenderPage, "annexes": pages.AnnexesPage
            }.get(step_id, pages.GenericPage)


class _FirstPaint(QObject):
    """Calls `then` on the next event-loop turn after the window's first paint (a filter on
    the window alone: an application-wide one would see every event)."""

    def __init__(self, window: MainWindow, then: Any) -> None:
        super().__init__(window)
        self.window, self.then, self.done = window, then, False
        window.installEventFilter(self)
        QTimer.singleShot(1000, self.fire)  # never painted (hidden, minimised): load anyway

    def eventFilter(self, obj: Any, event: Any) -> bool:
        if obj is self.window and event.type() == QEvent.Type.Paint and not self.done:
            QTimer.singleShot(0, self.fire)
        return False

    def fire(self) -> None:
        if not self.done:
            self.done = True
            self.window.removeEventFilter(self)
            self.window.painted.emit()
            self.then()


def first_size(available: QtCore.QRect | None, minimum: QtCore.QSize) -> QtCore.QSize:
    """The window's size at its first start (no saved geometry): 1280x720, or the screen's free
    area where that is smaller (a 1024x600 netbook), never below the window's minimum size;
    else the window manager would have to shrink a window that starts larger than the screen."""
    width, height = 1280, 720
    if available is not None and not available.isEmpty():
        width, height = min(width, available.width()), min(height, available.height())
    return QtCore.QSize(max(width, minimum.width()), max(height, minimum.height()))


class MainWindow(QMainWindow):
    """One window editing one case; `settings` and `data_dir` are injected (tests use temp).

    `load_later`: show the start screen at once and load the rest after its first paint
    (`finish_loading`); without it the window is complete when constructed."""

    painted = Signal()       # (load_later) the start screen was painted; loading starts now
    loaded = Signal()        # finish_loading is done: every menu and the wizard work
    loadFailed = Signal(str)  # finish_loading failed (the message says what)
    # made by finish_loading
    vm: CaseViewModel
    recovery: RecoveryStore
    checklist: ChecklistPanel
    step_list: StepList

    def __init__(self, settings: QSettings, data_dir: Path, *, autosave_ms: int = 5000,
                 check_delay_ms: int = 20, load_later: bool = False) -> None:
        super().__init__()
        self.settings, self.data_dir = settings, Path(data_dir)
        self._autosave_ms, self._check_delay_ms = autosave_ms, check_delay_ms
        self.ready = False          # finish_loading has run
        self.load_error = ""        # what went wrong while loading ('' = nothing)
        self.recovered: list[Slot] = []
        self.current = "kind"
        self.pages: dict[str, QWidget] = {}
        self._saved_revision = -1
        self._example = False       # the case on screen is a bundled example, not yet saved
        self._from_example = False  # ... or was one (its fictional authority is not the user's)
        self.last_field = ""        # JSON path of the input that last had the focus
        self._held: list[QWidget] = []  # the menus disabled until loaded
        self.setObjectName("mainWindow")
        self.setMinimumSize(960, 560)
        self.apply_text()
        self._build_ui()
        geometry = settings.value("window/geometry")
        if geometry is not None and isinstance(geometry, QtCore.QByteArray) \
                and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(first_size(self.screen().availableGeometry() if self.screen() else None,
                                   self.minimumSize()))
        self._update_title()
        if load_later:
            self._hold_actions()
            self._first_paint = _FirstPaint(self, self.finish_loading)
        else:
            self.finish_loading()
            if self.load_error:
                raise RuntimeError(self.load_error)

    def finish_loading(self) -> None:
        """Load the model, profiles and rules, then build the wizard and the checklist; emit
        `loaded`, or `loadFailed` with a message (nothing works then: the caller closes)."""
        if self.ready or self.load_error:
            return
        try:
            self._load()
        except Exception as exc:  # a damaged installation: say so instead of a dead window
            what = f"{type(exc).__name__}: {exc}"
            self.load_error = _(
                "mla-writer could not finish starting: %(error)s. The installation may be"
                " damaged; reinstall it, and report the problem if it stays.", error=what)
            traceback.print_exc()
            self.loadFailed.emit(self.load_error)
            return
        self.ready = True
        for menu in self._held:
            menu.setEnabled(True)
        self._held = []
        self._update_title()
        self.loaded.emit()

    def _load(self) -> None:
        from .recovery import RecoveryStore
        from .viewmodel import CaseViewModel
        from .widgets import install_wheel_guard

        install_wheel_guard()
        self.recovery = RecoveryStore(self.data_dir)
        self.recovered = self.recovery.pending()
        self.vm = CaseViewModel(delay_ms=self._check_delay_ms, parent=self)
        self._fill_menus()
        self._connect_start()
        self._build_loaded()
        self._show_recovery_banner()
        self.start.deadlines.refresh()
        self.vm.dirtyChanged.connect(lambda _d: self._update_title())
        self.vm.pathChanged.connect(lambda _p: self._update_title())
        self.vm.issuesChanged.connect(self._issues_changed)
        self.vm.structureChanged.connect(lambda _p: self.step_list.refresh(self.current))
        self.vm.caseReplaced.connect(self._case_replaced)
        self.vm.visitedChanged.connect(self._issues_changed)
        self.vm.changeNoted.connect(self._change_noted)
        app = QApplication.instance()
        if app is not None:
            app.focusChanged.connect(self._focus_changed)  # type: ignore[attr-defined]
        self.autosave_timer = QTimer(self)
        self.autosave_timer.setInterval(self._autosave_ms)
        self.autosave_timer.timeout.connect(self.autosave)
        self.autosave_timer.start()

    def _hold_actions(self) -> None:
        """Disable the menus until the window is loaded (their actions need the case, and are
        added then: no shortcut reaches an unloaded window, see `_build_actions`)."""
        self._held = [m for m in self._menus() if m.isEnabled()]
        for menu in self._held:
            menu.setEnabled(False)  # its title in the menu bar too

    # -- building ---------------------------------------------------------------------------
    def _build_ui(self) -> None:
        """Create every widget (again after a language change) from the current case."""
        self.menuBar().clear()
        self._build_actions()
        self.stack = QStackedWidget()
        # the register's deadlines are read once loaded (not before the first paint)
        self.start = StartPage(self.recent_files(), self._recovery_note(),
                               load_deadlines=self.ready)
        self.stack.addWidget(self.start)
        self.setCentralWidget(self.stack)
        self.stack.show()  # at once, not on the next event-loop turn (after a rebuild)
        if self.ready:
            self._fill_menus()
            self._connect_start()
            self._build_loaded()

    def _connect_start(self) -> None:
        self.start.newRequested.connect(self.new_request)
        self.start.openRequested.connect(self.open_dialog)
        self.start.pathChosen.connect(self.open_path)
        self.start.exampleChosen.connect(self.open_example)
        self.start.restoreRequested.connect(self.restore_recovery)
        self.start.discardRecovery.connect(self.discard_recovery)
        self.start.registerRequested.connect(self.show_register)

    def _build_loaded(self) -> None:
        """The wizard and the checklist dock (they need the view-model)."""
        from .checklist import ChecklistPanel

        self.wizard = self._build_wizard()
        self.stack.addWidget(self.wizard)
        old = getattr(self, "dock", None)
        if old is not None:
            self.removeDockWidget(old)
            old.deleteLater()
        self.checklist = ChecklistPanel(self.vm)
        self.checklist.pathActivated.connect(self.go_to_path)
        self.checklist.commentRequested.connect(self.comment_on)
        self.dock = QtWidgets.QDockWidget(_("Checklist"), self)
        self.dock.setObjectName("checklistDock")
        self.dock.setWidget(self.checklist)
        self.dock.setFeatures(QtWidgets.QDockWidget.DockWidgetFeature.DockWidgetMovable
                              | QtWidgets.QDockWidget.DockWidgetFeature.DockWidgetClosable)
        self.dock.setMinimumWidth(220)
        self.addDockWidget(QtCore.Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.resizeDocks([self.dock], [self.dock_width()], QtCore.Qt.Orientation.Horizontal)
        self.view_menu.addAction(self.dock.toggleViewAction())
        self.dock.hide()
        state = self.settings.value("window/state")
        if isinstance(state, QtCore.QByteArray) and not state.isEmpty():
            self.restoreState(state)
        self.dock.setVisible(False)
        self.letters = self.window_letters()
        if f"{__package__}.forms" in sys.modules:  # pages were built: later ones use the new
            self._share_letters()

    def dock_width(self) -> int:
        """The checklist's width: a third of a wide window, less on a small screen."""
        return max(240, min(360, self.width() // 4))

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        if not self.ready:
            return
        old = event.oldSize().width()
        self.step_list._fit_width()
        if self.dock.isVisible() and (old < 0 or (old >= 1200) != (self.width() >= 1200)):
            self.resizeDocks([self.dock], [self.dock_width()], QtCore.Qt.Orientation.Horizontal)

    def _share_letters(self) -> None:
        """Tell the page builder which mnemonic letters the window's own controls take."""
        from . import forms

        forms.WINDOW_LETTERS.clear()
        forms.WINDOW_LETTERS.update(self.letters)

    def window_letters(self) -> set[str]:
        """Mnemonic letters the menu bar and the wizard's buttons take on every page."""
        from .texts import mnemonic

        texts = [a.text() for a in self.menuBar().actions()]
        texts += [b.text() for b in (self.save_button, self.back_button, self.next_button)]
        return {mnemonic(t) for t in texts} - {""}

    def _build_actions(self) -> None:
        """The menu bar with its menus, empty: `_fill_menus` adds their actions once the
        window is loaded (the menus are disabled until then, see `_hold_actions`). Thirty
        actions and their shortcuts cost ~7 ms, after the first paint."""
        bar = self.menuBar()
        self.file_menu = bar.addMenu(_("&File"))
        self.go_menu = bar.addMenu(_("&Go"))
        self.view_menu = bar.addMenu(_("&View"))
        self.lang_menu = bar.addMenu(_("&Language"))
        self.training_menu = bar.addMenu(_("&Training"))
        self.help_menu = bar.addMenu(_("&Help"))

    def _menus(self) -> list[QWidget]:
        return [self.file_menu, self.go_menu, self.view_menu, self.lang_menu,
                self.training_menu, self.help_menu]

    def _fill_menus(self) -> None:
        """The menus' actions and shortcuts (the window is loaded, or being loaded)."""
        from PySide6.QtGui import QActionGroup, QKeySequence

        def action(menu: Any, text: str, slot: Any, shortcut: Any = None) -> QAction:
            act = QtGui.QAction(text, self)
            if shortcut is not None:
                act.setShortcut(QKeySequence(shortcut))
            act.triggered.connect(slot)
            menu.addAction(act)
            return act

        file_menu, go_menu, help_menu = self.file_menu, self.go_menu, self.help_menu
        action(file_menu, _("&New request…"), self.show_start, QKeySequence.StandardKey.New)
        action(file_menu, _("&Open…"), self.open_dialog, QKeySequence.StandardKey.Open)
        self.save_action = action(file_menu, _("&Save"), self.save, QKeySequence.StandardKey.Save)
        self.save_as_action = action(file_menu, _("Save &as…"), self.save_as,
                                     QKeySequence.StandardKey.SaveAs)
        file_menu.addSeparator()
        action(file_menu, _("&Export for translation (XLIFF)…"), self.export_translation)
        action(file_menu, _("&Import translation (XLIFF)…"), self.import_translation)
        file_menu.addSeparator()
        action(file_menu, _("&Verify a signed package…"), self.verify_package)
        action(file_menu, _("Re&gister of requests…"), self.show_register)
        action(file_menu, _("En&crypt this case file…"), self.encrypt_case)
        action(file_menu, _("Your signing &key…"), self.signing_key)
        file_menu.addSeparator()
        action(file_menu, _("&Quit"), self.close, QKeySequence.StandardKey.Quit)
        action(go_menu, _("&Previous step"), self.previous_step, "Alt+Left")
        action(go_menu, _("&Next step"), self.next_step, "Alt+Right")
        go_menu.addSeparator()
        action(go_menu, _("The &list of steps"), self.focus_steps, "Ctrl+1")
        action(go_menu, _("The &current step's first field"), self.focus_page, "Ctrl+2")
        action(go_menu, _("First &finding in the checklist"), self.focus_checklist, "F6")
        size_menu = self.view_menu.addMenu(_("&Text size"))
        sizes = QActionGroup(self)
        from .textstyle import TEXT_SCALES

        for scale in TEXT_SCALES:
            act = QtGui.QAction(f"{round(scale * 100)} %", self)
            act.setCheckable(True)
            act.setChecked(abs(scale - self.text_scale()) < 0.01)
            act.setObjectName(f"textSize{round(scale * 100)}")
            act.triggered.connect(lambda _c=False, s=scale: self.set_text_scale(s))
            sizes.addAction(act)
            size_menu.addAction(act)
        self.view_menu.addSeparator()
        group = QActionGroup(self)
        for code, name in i18n.UI_LANGUAGES.items():
            act = QtGui.QAction(name, self)
            act.setCheckable(True)
            act.setChecked(code == i18n.ui_language())
            act.setData(code)
            act.triggered.connect(lambda _c=False, c=code: self.set_language(c))
            group.addAction(act)
            self.lang_menu.addAction(act)
        from .training_menu import install as install_training

        install_training(self, self.training_menu)  # exercises and the trainer's mode
        action(help_menu, _("&Guide"), self.show_guide, QKeySequence.StandardKey.HelpContents)
        action(help_menu, _("&Country brief of the requested state…"), self.show_brief)
        help_menu.addSeparator()
        action(help_menu, _("&About mla-writer"), self.about)
        action(help_menu, _("About &Qt"), QApplication.aboutQt)

    def _build_wizard(self) -> QWidget:
        from .checklist import StepList

        self.pages = {}
        self.page_stack = QStackedWidget()
        self.page_stack.setObjectName("pages")
        self.step_list = StepList(self.vm)
        self.step_list.stepChosen.connect(self.go_to)
        self.save_button = QPushButton(_("&Save"))
        self.save_button.setObjectName("save")
        self.save_button.clicked.connect(self.save)
        self.back_button = QPushButton(_("&Back"))
        self.back_button.setObjectName("back")
        self.back_button.clicked.connect(self.previous_step)
        self.next_button = QPushButton(_("&Next"))
        self.next_button.setObjectName("next")
        self.next_button.clicked.connect(self.next_step)
        nav = QHBoxLayout()
        nav.setContentsMargins(16, 4, 16, 8)
        nav.addWidget(self.save_button)
        nav.addStretch(1)
        nav.addWidget(self.back_button)
        nav.addWidget(self.next_button)
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.page_stack, 1)
        right.addLayout(nav)
        wizard = QWidget()
        wizard.setObjectName("wizard")
        lay = QHBoxLayout(wizard)
        lay.setContentsMargins(6, 6, 0, 0)
        lay.addWidget(self.step_list)
        lay.addLayout(right, 1)
        return wizard

    def page(self, step_id: str) -> Any:
        """The page of a step (a QWidget and a StepPage), built the first time it is shown
        (a fast start)."""
        from .steps import STEPS_BY_ID

        page = self.pages.get(step_id)
        if page is None:
            cls = page_class(step_id)
            self._share_letters()
            page = cls(self.vm, STEPS_BY_ID[step_id])
            assert isinstance(page, StepPage), cls
            self.pages[step_id] = page
            self.page_stack.addWidget(page)
            produced = cast(StepPage, page).produced_signal()
            if produced is not None:
                produced.connect(self._produced)
        return page

    def _produced(self, _paths: list[str]) -> None:
        self.step_list.produced = True
        self.step_list.refresh(self.current)

    def _tab_order(self, page: QWidget) -> None:
        """Tab goes step list → the page's fields → Save, Back, Next → the checklist."""
        chain: list[QWidget] = [self.step_list]
        w = page.nextInFocusChain()
        seen: set[int] = set()
        while w is not None and w is not page and id(w) not in seen:
            seen.add(id(w))
            if page.isAncestorOf(w) and w.focusPolicy() & QtCore.Qt.FocusPolicy.TabFocus \
                    and not isinstance(w, QtWidgets.QScrollBar):
                chain.append(w)
            w = w.nextInFocusChain()
        chain += [self.save_button, self.back_button, self.next_button, self.checklist.tree]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    # -- navigation -------------------------------------------------------------------------
    def show_start(self) -> None:
        """Back to the start screen with a blank request (recovered answers stay offered)."""
        from .viewmodel import new_case

        if not self.confirm_discard():
            return
        self.vm.replace(new_case())
        self._saved_revision = self.vm.revision
        self._example = self._from_example = False
        self._build_ui()
        self.stack.setCurrentWidget(self.start)
        self._update_title()

    def show_wizard(self, step: str = "kind") -> None:
        self.stack.setCurrentWidget(self.wizard)
        self.dock.show()
        if self.dock.width() > self.dock_width() and self.width() < 1200:
            self.resizeDocks([self.dock], [self.dock_width()], QtCore.Qt.Orientation.Horizontal)
        self.current = step  # not the previous request's step: it was not visited in this one
        self.step_list.visited.clear()
        self.step_list.produced = False
        self.go_to(step)

    def go_to(self, step_id: str) -> None:
        ids = [s.id for s in self.vm.steps()]
        if step_id not in ids:
            step_id = "review"
        if self.current != step_id:
            self.step_list.visited.add(self.current)
        self.current = step_id
        page = self.page(step_id)
        page.load()
        self.page_stack.setCurrentWidget(page)
        self._tab_order(page)
        self.step_list.refresh(step_id)
        self.checklist.follow(step_id)
        index = ids.index(step_id)
        self.back_button.setEnabled(index > 0)
        self.next_button.setEnabled(index < len(ids) - 1)

    def next_step(self) -> None:
        ids = [s.id for s in self.vm.steps()]
        if self.current in ids and ids.index(self.current) < len(ids) - 1:
            self.go_to(ids[ids.index(self.current) + 1])

    def previous_step(self) -> None:
        ids = [s.id for s in self.vm.steps()]
        if self.current in ids and ids.index(self.current) > 0:
            self.go_to(ids[ids.index(self.current) - 1])

    def go_to_path(self, path: str) -> None:
        """Show the step holding `path` and focus the input bound to it."""
        from .steps import step_of

        step = step_of(path, self.vm.steps())
        if self.stack.currentWidget() is not self.wizard:
            self.show_wizard(step)
        elif step != self.current:
            self.go_to(step)
        self.page(self.current).focus_path(path)

    def focus_checklist(self) -> None:
        self.dock.show()
        items = self.checklist.items()
        if items:
            self.checklist.tree.setCurrentItem(items[0])
        self.checklist.tree.setFocus()

    def focus_steps(self) -> None:
        if self.stack.currentWidget() is self.wizard:
            self.step_list.setFocus()

    def focus_page(self) -> None:
        if self.stack.currentWidget() is not self.wizard:
            return
        w = self.step_list.nextInFocusChain()
        tab = QtCore.Qt.FocusPolicy.TabFocus
        while w is not self.step_list and not (
                w.isVisible() and w.isEnabled() and w.focusPolicy() & tab):
            w = w.nextInFocusChain()
        w.setFocus(QtCore.Qt.FocusReason.TabFocusReason)

    def _change_noted(self, note: str) -> None:
        """Say what a change of kind, state or basis did (also on the page that made it)."""
        if note:
            self.statusBar().showMessage(note, 15000)

    def _issues_changed(self) -> None:
        self.step_list.refresh(self.current)
        page = self.pages.get(self.current)
        if page is not None:
            cast(StepPage, page).mark()

    def _case_replaced(self) -> None:
        if self.stack.currentWidget() is self.wizard and self.current in self.pages:
            self.go_to(self.current)

    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        name = new.objectName() if new is not None else ""
        if name.startswith("$.request"):  # an input of a page or of an item dialog
            self.last_field = name
        left = old.objectName() if old is not None else ""
        if left.startswith("$.") and self.isAncestorOf(old):
            self.vm.visit(left)  # a field the user left: its findings show on it now

    def comment_on(self, path: str) -> None:
        """A reviewer's comment on one field (from the checklist's context menu)."""
        self.page("review").comment(path)

    # -- files ------------------------------------------------------------------------------
    def new_request(self, kind: RequestKind) -> None:
        from .viewmodel import new_case

        authority: dict[str, Any] | None = None
        with contextlib.suppress(ValueError, TypeError):
            authority = json.loads(str(self.settings.value("authority/json", "") or "{}"))
        state = str(self.settings.value("authority/state", "") or "")
        case = new_case(kind, authority=authority, requesting_state=state)
        # drafted in the language the office drafted its last request in, else the interface's
        drafting = str(self.settings.value("authority/drafting_language", "") or "")
        case.drafting_language = drafting if drafting in i18n.LANGUAGES \
            else i18n.ui_language()  # type: ignore[assignment]
        self.vm.replace(case)
        self._saved_revision = self.vm.revision
        self._example = self._from_example = False
        self.show_wizard()

    def open_dialog(self) -> None:
        if not self.confirm_discard():
            return
        start = str(self.vm.path.parent) if self.vm.path else str(Path.home())
        path, _filter = QtWidgets.QFileDialog.getOpenFileName(
            self, _("Open a case file"), start, _("Case files (*.json);;All files (*)"))
        if path:
            self.open_path(path, confirmed=True)

    def open_path(self, path: str, *, confirmed: bool = False) -> bool:
        """Open a case file; a file that cannot be read is reported and nothing is lost."""
        from ..storage import CaseFileError
        from .passphrase import load_case

        if not confirmed and not self.confirm_discard():
            return False
        try:
            case = load_case(self, path)  # asks for the passphrase of an encrypted file
        except CaseFileError as exc:
            self.show_error(_("The case file cannot be opened"), exc)
            return False
        if case is None:
            return False
        self.vm.replace(case, Path(path))
        self._saved_revision = self.vm.revision
        self._example = self._from_example = False
        self.remember_recent(path)
        self.show_wizard()
        return True

    def open_example(self, path: str) -> None:
        from .. import storage
        from ..storage import CaseFileError

        if not self.confirm_discard():
            return
        try:
            case = storage.load(path)
        except CaseFileError as exc:
            self.show_error(_("The example cannot be opened"), exc)
            return
        self.vm.replace(case, None)
        self._saved_revision = self.vm.revision
        self._example = self._from_example = True
        self.show_wizard("review")

    def save(self) -> bool:
        if self.vm.path is None:
            return self.save_as()
        return self._save_to(self.vm.path)

    def save_as(self) -> bool:
        start = str(self.vm.path or Path.home() / _suggested_name(self.vm))
        path, _filter = QtWidgets.QFileDialog.getSaveFileName(
            self, _("Save the case file"), start, _("Case files (*.json)"))
        if not path:
            return False
        if not path.endswith(".json"):
            path += ".json"
        return self._save_to(Path(path))

    def _save_to(self, path: Path) -> bool:
        from .. import storage
        from ..storage import CaseFileError
        from ..workflow.annexes import rebase

        before = self.vm.path
        rebase(self.vm.case, before, path)  # annex files: relative to the new folder
        try:
            storage.save(self.vm.case, path)
        except CaseFileError as exc:
            rebase(self.vm.case, path, before)  # as they were
            self.show_error(_("The case file was not saved"), exc)
            return False
        self.vm.mark_saved(path)
        self._saved_revision = self.vm.revision
        self._example = False
        self.remember_recent(str(path))
        if not self._from_example and not self.vm.case.training:
            self.remember_authority()  # the user's own authority, from a real save only
        self.recovery.clear_own()
        self.statusBar().showMessage(_("Saved %(path)s", path=path), 5000)
        return True

    def confirm_discard(self) -> bool:
        """Ask before unsaved answers are dropped: Save, Discard or Cancel."""
        if not self.vm.dirty:
            return True
        button = QtWidgets.QMessageBox.StandardButton
        answer = QtWidgets.QMessageBox.question(
            self, _("Unsaved changes"),
            _("This request has changes that are not saved. Save them first?"),
            button.Save | button.Discard | button.Cancel, button.Save)
        if answer == button.Save:
            return self.save()
        if answer == button.Discard:
            self.recovery.clear_own()
            self.vm.replace(self.vm.case, self.vm.path, dirty=False)
            return True
        return False

    def show_error(self, title: str, exc: Exception) -> None:
        """A plain headline naming the field by its title; the technical text below."""
        from .texts import describe_file_error

        head, lines, detail = describe_file_error(exc)
        box_class = QtWidgets.QMessageBox
        box = box_class(box_class.Icon.Warning, title, head, box_class.StandardButton.Ok, self)
        shown = lines[:12]
        text = "\n".join("• " + p for p in shown)
        if len(lines) > len(shown):
            text += "\n" + _("… and %(n)d more (see the details)", n=len(lines) - len(shown))
        if not lines:
            text = detail
        box.setInformativeText(text + "\n\n" + _("Nothing was changed: the file and the"
                                                 " request you had open are as they were."))
        box.setDetailedText(detail)
        box.setObjectName("errorDialog")
        box.open()
        self.error_box = box

    def recent_files(self) -> list[str]:
        value = self.settings.value("files/recent", [])
        items = [value] if isinstance(value, str) else list(value or [])
        return [p for p in items if p and Path(p).exists()][:MAX_RECENT]

    def remember_recent(self, path: str) -> None:
        items = [path] + [p for p in self.recent_files() if p != path]
        self.settings.setValue("files/recent", items[:MAX_RECENT])

    def remember_authority(self) -> None:
        req = self.vm.case.request
        if req.requesting_authority.name.strip():
            self.settings.setValue("authority/json", req.requesting_authority.model_dump_json())
            self.settings.setValue("authority/state", req.requesting_state)
            self.settings.setValue("authority/drafting_language", self.vm.case.drafting_language)

    # -- autosave and recovery ----------------------------------------------------------------
    def autosave(self) -> None:
        """Write unsaved answers to this session's slot (atomically) so a crash loses little."""
        if not self.vm.dirty or self.vm.revision == self._saved_revision:
            return
        from ..storage import CaseFileError

        try:
            self.recovery.write(self.vm.case, self.vm.path)
        except (OSError, CaseFileError) as exc:
            self.statusBar().showMessage(_("Autosave failed: %(error)s", error=exc), 8000)
            return
        self._saved_revision = self.vm.revision

    def _recovery_note(self) -> str:
        if not self.recovered:
            return ""
        slot = self.recovered[0]
        where = slot.path or _("a request not yet saved")
        note = _("mla-writer did not close normally. Answers from %(where)s were kept"
                 " (autosaved %(when)s). Restore them?", where=where,
                 when=slot.saved_at.replace("T", " "))
        if len(self.recovered) > 1:
            note += " " + _("(%(n)d sets of kept answers in all: the others are offered next.)",
                            n=len(self.recovered))
        return note

    def _show_recovery_banner(self) -> None:
        note = self._recovery_note()
        self.start.recovery_label.setText(note)
        self.start.recovery.setVisible(bool(note))

    def restore_recovery(self) -> bool:
        """Open the first kept answers; they move to this session's slot, then the old slot
        is removed."""
        from ..storage import CaseFileError
        from .passphrase import load_case

        if not self.recovered or not self.confirm_discard():
            return False
        slot = self.recovered[0]
        try:
            case = load_case(self, slot.case_file)
        except CaseFileError as exc:
            self.show_error(_("The autosaved answers cannot be restored"), exc)
            return False
        if case is None:
            return False
        self.vm.replace(case, Path(slot.path) if slot.path else None, dirty=True)
        self._saved_revision = -1
        self._example = self._from_example = False
        try:
            self.recovery.write(case, self.vm.path)
        except OSError:
            pass  # cannot write our own slot: keep the old one, it still holds the answers
        else:
            self.recovery.remove(slot)
            self.recovered.pop(0)
        self._show_recovery_banner()
        self.show_wizard()
        return True

    def discard_recovery(self) -> None:
        if self.recovered:
            self.recovery.remove(self.recovered.pop(0))
        self._show_recovery_banner()

    def clear_recovery(self) -> None:
        """Remove this session's autosaved answers (saved, discarded or closed normally)."""
        self.recovery.clear_own()

    # -- translation ----------------------------------------------------------------------------
    def export_translation(self) -> None:
        from .translation import export_dialog

        export_dialog(self, self.vm)

    def import_translation(self) -> None:
        from .translation import import_dialog

        import_dialog(self, self.vm)

    # -- window -----------------------------------------------------------------------------
    def _update_title(self) -> None:
        if not self.ready:
            self.setWindowTitle("mla-writer")
            return
        name = self.vm.path.name if self.vm.path else _("New request")
        if self._example:
            name = _("Example (not saved)")
        self.setWindowTitle(f"{name}{' *' if self.vm.dirty else ''} — mla-writer")

    def text_scale(self) -> float:
        """The text size chosen in View › Text size (1.0: the system's)."""
        try:
            return float(self.settings.value("ui/text_scale", 1.0) or 1.0)
        except (TypeError, ValueError):
            return 1.0

    def apply_text(self) -> None:
        from .textstyle import apply_text

        apply_text(i18n.ui_language(), self.text_scale())

    def set_text_scale(self, scale: float) -> None:
        """Make the interface's and the preview's text larger or smaller, and remember it."""
        self.settings.setValue("ui/text_scale", scale)
        self._rebuild()

    def set_language(self, code: str) -> None:
        """Switch the interface language now (the wizard is rebuilt) and remember it."""
        self.settings.setValue("ui/language", code)
        i18n.set_ui_language(code)
        from .qt_translators import install_translators

        install_translators(QApplication.instance(), code)
        self._rebuild()

    def _rebuild(self) -> None:
        """Build the window again in the current language and text size."""
        self.apply_text()
        on_wizard = self.stack.currentWidget() is self.wizard
        visited, produced = set(self.step_list.visited), self.step_list.produced
        self._build_ui()
        if on_wizard:
            self.stack.setCurrentWidget(self.wizard)
            self.dock.show()
            self.step_list.visited, self.step_list.produced = visited, produced
            self.go_to(self.current)

    def show_register(self) -> None:
        """The register of requests (issue 17); opening a case from it opens it here."""
        from .register_view import RegisterDialog

        self.register_dialog = RegisterDialog(self)
        self.register_dialog.caseChosen.connect(self.open_path)
        self.register_dialog.open()

    def encrypt_case(self) -> None:
        """Set a passphrase: the case is saved (and autosaved) encrypted from now on."""
        from .passphrase import encrypt_case

        if not encrypt_case(self, self.vm.case):
            return
        if self.vm.path is not None and not self._example:
            self._save_to(self.vm.path)  # the file on disk is rewritten encrypted now
        else:
            self.statusBar().showMessage(_("The case file will be saved encrypted."), 8000)

    def verify_package(self) -> None:
        from .viewmodel import optional_module

        signing = optional_module("signing")
        if signing is None or not hasattr(signing, "verify_package"):
            QtWidgets.QMessageBox.information(self, _("Verify a package"),
                                    _("Package verification is not available in this version."))
            return
        from .signdialog import VerifyDialog

        self.verify_dialog = VerifyDialog(signing, self.settings, parent=self)
        self.verify_dialog.open()

    def show_guide(self) -> None:
        """The journeys of drafters, reviewers and trainers, in the interface language."""
        from .help import HelpDialog, guide_html

        self.guide_dialog = HelpDialog(_("Guide"), guide_html(), "guideDialog", parent=self)
        self.guide_dialog.open()

    def show_brief(self) -> None:
        """The requested state's country brief (another state can be chosen)."""
        from .help import BriefDialog

        self.brief_dialog = BriefDialog(self.vm.case.request.requested_state, parent=self)
        self.brief_dialog.open()

    def signing_key(self) -> None:
        """Create or choose the key approvals and signatures are made with."""
        from .viewmodel import optional_module

        if optional_module("signing") is None:
            QtWidgets.QMessageBox.information(self, _("Your signing key"),
                                    _("Signing is not available in this version."))
            return
        from .keys import KeyDialog

        self.key_dialog = KeyDialog(self.settings, parent=self)
        self.key_dialog.finished.connect(lambda _r: self._reload_review())
        self.key_dialog.open()

    def _reload_review(self) -> None:
        page = self.pages.get("review")
        if page is not None:
            page.refresh_review()  # type: ignore[attr-defined]

    def about(self) -> None:
        from .translation import about_text

        box_class = QtWidgets.QMessageBox
        box = box_class(box_class.Icon.Information, _("About mla-writer"), about_text(),
                        box_class.StandardButton.Ok, self)
        box.setObjectName("aboutBox")
        box.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        box.open()
        self.about_box = box

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.ready:  # closed while loading, or loading failed: nothing to keep
            event.accept()
            return
        from .. import storage

        if not self.confirm_discard():
            event.ignore()
            return
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.recovery.clear_own()
        self.settings.sync()
        storage.make_private(self.settings.fileName(), folder=True)
        event.accept()


def _suggested_name(vm: CaseViewModel) -> str:
    from ..render.build import slug

    return slug(vm.case.request.case_reference or vm.case.request.kind.value) + ".json"
