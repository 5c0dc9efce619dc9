"""The live checklist (every finding, grouped by step) and the side list of wizard steps."""

# lazy imports (start-up cost): gui, xliff, domain, profiles
from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QFont, QIcon, QResizeEvent, QTextLayout, QTextOption
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..domain.issues import Issue, Severity
from ..domain.model import CaseFile
from ..i18n import SEVERITY_WORDS, _, finding_text, render_text, ui_language
from .fields import title_for_path
from .steps import N_, STEPS_BY_ID, Step
from .texts import UNSPACED, doc, lead_with_message, prewrap
from .viewmodel import CaseViewModel

PATH_ROLE = Qt.ItemDataRole.UserRole
STEP_ROLE = Qt.ItemDataRole.UserRole + 1
_ICONS = {Severity.ERROR: QStyle.StandardPixmap.SP_MessageBoxCritical,
          Severity.WARNING: QStyle.StandardPixmap.SP_MessageBoxWarning,
          Severity.INFO: QStyle.StandardPixmap.SP_MessageBoxInformation}


#: pixels kept free at the end of a measured line: Qt's painted text rectangle is a little
#: narrower than the one computed here, and a line that does not fit there is cut with "…"
_SAFETY = 2


class WrapDelegate(QStyledItemDelegate):
    """Rows as tall as their wrapped text at the view's current width (Qt guesses too short).

    What is measured is remembered: the text width per kind of row (depth, view width, style,
    font, decoration, state) and each row's height per (text, font, width). The checklist's
    view lays out all its ~150 rows again after every change, and measuring them all again
    took more than the check itself on a large case (issue 13)."""

    #: measured heights kept per delegate (then forgotten all at once)
    MAX_HEIGHTS = 4096

    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view)
        self.view = view
        self._widths: dict[tuple[object, ...], int] = {}
        self._heights: dict[tuple[str, str, int], int] = {}

    def _text_width(self, option: QStyleOptionViewItem,
                    index: QModelIndex | QPersistentModelIndex) -> int:
        """The width Qt paints the text of a row in (`option` already initialised): the
        view's width less indentation, then the style's icon and text margins."""
        depth, parent = 0, index.parent()
        while parent.isValid():
            depth, parent = depth + 1, parent.parent()
        indent = getattr(self.view, "indentation", lambda: 0)() * (depth + 1)
        width = max(120, self.view.viewport().width() - indent)
        style = self.view.style()
        o: Any = option
        key = (id(style), width, o.features.value, o.decorationSize.width(),
               o.decorationSize.height(), o.decorationPosition.value, o.state.value,
               o.font.key(), o.direction.value)
        found = self._widths.get(key)
        if found is not None:
            return found
        opt = QStyleOptionViewItem(option)
        opt.rect = QRect(0, 0, width, 1000)  # type: ignore[attr-defined]
        text = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, self.view)
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self.view) + 1
        if len(self._widths) > 256:  # styles and widths come and go: start again
            self._widths.clear()
        found = self._widths[key] = max(60, text.width() - 2 * margin)
        return found

    def initStyleOption(self, option: QStyleOptionViewItem,
                        index: QModelIndex | QPersistentModelIndex) -> None:
        """In Khmer, Lao, Burmese and Thai the lines are broken here, between words (Qt would
        cut words and syllables); the same text is measured and painted."""
        super().initStyleOption(option, index)
        lang = ui_language()
        if option.text and lang in UNSPACED:  # type: ignore[attr-defined]
            option.text = prewrap(option.text, option.font,  # type: ignore[attr-defined]
                                  self._text_width(option, index) - _SAFETY, lang, "\u2028")

    def sizeHint(self, option: QStyleOptionViewItem,
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        opt = QStyleOptionViewItem(option)
        super().initStyleOption(opt, index)  # the row's own text, before any line breaking
        width = self._text_width(opt, index)
        font = opt.font  # type: ignore[attr-defined]
        key = (f"{ui_language()}\0{opt.text}", font.key(), width)  # type: ignore[attr-defined]
        height = self._heights.get(key)
        if height is None:
            lang = ui_language()
            text = opt.text  # type: ignore[attr-defined]
            if text and lang in UNSPACED:  # measured as initStyleOption breaks it for painting
                text = prewrap(text, font, width - _SAFETY, lang, "\u2028")
            if len(self._heights) >= self.MAX_HEIGHTS:
                self._heights.clear()
            height = self._heights[key] = _wrapped_height(text, font, width - _SAFETY)
        return QSize(width, max(height, 16) + 10)


def _wrapped_height(text: str, font: QFont, width: int) -> int:
    """Height of `text` wrapped at `width` as Qt paints it: laid out line by line, so that a
    line of Burmese or Khmer is as tall as its (fallback) font needs, not the Latin font."""
    total = 0.0
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    for paragraph in text.replace("\u2028", "\n").split("\n"):
        layout = QTextLayout(paragraph, font)
        layout.setTextOption(option)
        layout.beginLayout()
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            total += line.height()
        layout.endLayout()
    return math.ceil(total)


class WrappingTree(QTreeWidget):
    """A one-column tree whose items wrap their text and re-flow when the view is resized."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setColumnCount(1)
        self.setHeaderHidden(True)
        self.setWordWrap(True)
        self.setUniformRowHeights(False)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # by pixel: scrolling by item counts rows as if alike, and with rows of very
        # different heights (wrapped findings) the last ones could not be scrolled to
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setItemDelegate(WrapDelegate(self))
        self._fit_max = 0
        self._fit_width = -1

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.doItemsLayout()
        if self._fit_max and event.size().width() != self._fit_width:
            QTimer.singleShot(0, self._fit)

    def fit_rows(self, max_height: int) -> None:
        """Be as tall as the (wrapped) rows need, up to `max_height`, then scroll."""
        self._fit_max = max_height
        QTimer.singleShot(0, self._fit)

    def _fit(self) -> None:
        self._fit_width = self.width()
        total = sum(self.sizeHintForIndex(self.model().index(i, 0)).height()
                    for i in range(self.topLevelItemCount()))
        height = min(max(total + 2 * self.frameWidth() + 6, 48), self._fit_max)
        if height != self.height():
            self.setFixedHeight(height)
            from .widgets import refit_ancestor

            refit_ancestor(self)


#: (style, severity) -> its icon: asking the style for it again at every row of every refresh
#: cost ~5 ms per keystroke on a large case
_ICON_CACHE: dict[tuple[int, Severity | None], QIcon] = {}


def severity_icon(widget: QWidget, severity: Severity | None) -> QIcon:
    style = widget.style()
    key = (id(style), severity)
    icon = _ICON_CACHE.get(key)
    if icon is None:
        if len(_ICON_CACHE) > 64:  # styles come and go (a text-size change): start again
            _ICON_CACHE.clear()
        pixmap = QStyle.StandardPixmap.SP_DialogApplyButton if severity is None \
            else _ICONS[severity]
        icon = _ICON_CACHE[key] = style.standardIcon(pixmap)
    return icon


#: what the rules suggest on the command line, and where the desktop application does it
_COMMAND_ADVICE = {"(mla-writer xliff export)": N_(
    "the Translation step, or File › Export for translation (XLIFF)…")}


def issue_text(issue: Issue) -> str:
    """The message in the interface language, its legal citation (as written: a legal
    reference) and, for an unverified source, the warning mark."""
    message = finding_text(issue, ui_language(), unverified_note=False)
    for command, menu in _COMMAND_ADVICE.items():
        message = message.replace(command, "(" + _(menu) + ")")
    lines = [lead_with_message(message.strip())]
    if issue.citation:
        lines.append(_("Source: %(citation)s", citation=issue.citation))
    if not issue.verified:
        lines.append("⚠ " + _("Unverified source — confirm with the central authority"))
    return "\n".join(lines)


def counts(issues: list[Issue]) -> tuple[int, int, int]:
    return (sum(i.severity is Severity.ERROR for i in issues),
            sum(i.severity is Severity.WARNING for i in issues),
            sum(i.severity is Severity.INFO for i in issues))


class ChecklistPanel(QWidget):
    """Every finding about the request; activating one asks to go to its field."""

    pathActivated = Signal(str)
    commentRequested = Signal(str)  # a reviewer wants to comment on the finding's field

    def __init__(self, vm: CaseViewModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vm = vm
        self.summary = QLabel()
        self.summary.setObjectName("checklistSummary")
        self.summary.setWordWrap(True)
        self.tree = WrappingTree()
        self.tree.setObjectName("checklist")
        self.tree.setAccessibleName(_("Checklist of findings"))
        self.tree.setIconSize(QSize(16, 16))
        self.tree.setIndentation(12)
        self.tree.itemClicked.connect(self._activated)
        self.tree.itemActivated.connect(self._activated)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._menu)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.summary)
        lay.addWidget(self.tree)
        self.current_step = ""
        #: (step id, what its group shows) of each group in the tree, in order
        self._groups: list[tuple[str, tuple[object, ...]]] = []
        vm.issuesChanged.connect(self.refresh)
        vm.caseReplaced.connect(self.refresh)
        vm.structureChanged.connect(self.refresh)
        self.refresh()

    def follow(self, step_id: str) -> None:
        """Show the current step's findings: its group at the top, open and highlighted."""
        self.current_step = step_id
        for i in range(self.tree.topLevelItemCount()):
            head = self.tree.topLevelItem(i)
            mine = head.data(0, STEP_ROLE) == step_id
            font = head.font(0)
            font.setUnderline(mine)
            head.setFont(0, font)
            if mine:
                head.setExpanded(True)
                self.tree.scrollToItem(head, QAbstractItemView.ScrollHint.PositionAtTop)

    def current_group(self) -> QTreeWidgetItem | None:
        """The group of findings of the step shown in the wizard (None: it has none)."""
        for i in range(self.tree.topLevelItemCount()):
            head = self.tree.topLevelItem(i)
            if head.data(0, STEP_ROLE) == self.current_step:
                return head
        return None

    def refresh(self) -> None:
        grouped = self.vm.issues_by_step()
        errors, warnings, _infos = counts(self.vm.issues)
        if any(i.code == "PROFILES" for i in self.vm.issues):
            self.summary.setText(_("The legal profiles are broken: nothing can be checked or"
                                   " produced until they are repaired (see below)."))
        elif errors:
            self.summary.setText(_(
                "Errors: %(errors)d, warnings: %(warnings)d. The request can be produced as a"
                " draft only until the errors are fixed.", errors=errors, warnings=warnings))
        elif warnings:
            self.summary.setText(_("No errors. Warnings to consider: %(warnings)d.",
                                   warnings=warnings))
        else:
            self.summary.setText(_("No errors or warnings."))
        # a keystroke changes one step's findings: only that group is built again, the
        # others (and their measured, wrapped rows) are kept
        lang = ui_language()
        first_untranslated: dict[str, str] = {}  # language -> target_path's answer
        groups: list[tuple[str, tuple[object, ...], list[Issue], list[str]]] = []
        for step in self.vm.steps():
            found = grouped.get(step.id, [])
            if found:
                targets = [self.target_path(issue, first_untranslated) for issue in found]
                key = (lang, _(step.title), tuple(found), tuple(targets))
                groups.append((step.id, key, found, targets))
        wanted = {step_id: key for step_id, key, _found, _targets in groups}
        if self.tree.topLevelItemCount() != len(self._groups):  # cleared elsewhere: rebuild
            self.tree.clear()
            self._groups = []
        # out: groups that went or changed (from the end, so that rows stay valid); the ones
        # kept stay in step order, the new ones go in between at their rows
        for row in range(len(self._groups) - 1, -1, -1):
            step_id, key = self._groups[row]
            if wanted.get(step_id) != key:
                self.tree.takeTopLevelItem(row)
        unchanged = {step_id for step_id, key in self._groups if wanted.get(step_id) == key}
        kept: list[tuple[str, tuple[object, ...]]] = []
        for row, (step_id, key, found, targets) in enumerate(groups):
            if step_id in unchanged:
                head = self.tree.topLevelItem(row)
            else:
                head = self._group(STEPS_BY_ID[step_id], found, targets)
                self.tree.insertTopLevelItem(row, head)
            head.setExpanded(True)
            kept.append((step_id, key))
        self._groups = kept
        if self.current_step:
            self.follow(self.current_step)

    def _group(self, step: Step, found: list[Issue], targets: list[str]) -> QTreeWidgetItem:
        """One step's heading with its findings under it."""
        head = QTreeWidgetItem([f"{_(step.title)} ({len(found)})"])
        head.setIcon(0, severity_icon(self, found[0].severity))
        head.setData(0, PATH_ROLE, "")
        head.setData(0, STEP_ROLE, step.id)
        font = head.font(0)
        font.setBold(True)
        head.setFont(0, font)
        repeated = {m for m in (i.message for i in found)
                    if sum(j.message == m for j in found) > 1}
        for issue, target in zip(found, targets, strict=True):
            shown = text = issue_text(issue)
            if issue.message in repeated:
                field = title_for_path(CaseFile, issue.path)
                if field:
                    text += "\n" + _("Field: %(field)s", field=doc(field))
            item = QTreeWidgetItem([text])
            item.setIcon(0, severity_icon(self, issue.severity))
            item.setData(0, PATH_ROLE, target)
            item.setToolTip(0, f"{issue.code} · {issue.path}")
            item.setData(0, Qt.ItemDataRole.AccessibleTextRole,
                         f"{render_text(SEVERITY_WORDS[str(issue.severity)], ui_language())}:"
                         f" {shown}")
            head.addChild(item)
        return head

    def items(self) -> list[QTreeWidgetItem]:
        """The finding items (not the step headings), in display order."""
        out = []
        for i in range(self.tree.topLevelItemCount()):
            head = self.tree.topLevelItem(i)
            out += [head.child(j) for j in range(head.childCount())]
        return out

    def target_path(self, issue: Issue, known: dict[str, str] | None = None) -> str:
        """Where clicking a finding goes: its field; for "text not translated yet" (or
        outdated) into a language, the translation step at the first such text (`known`
        remembers it per language for the findings of one refresh)."""
        code = issue.code.rsplit("-", 2)
        if len(code) < 3 or code[-2] not in ("UNTRANSLATED", "OUTDATED"):
            return issue.path
        lang = code[-1].lower()
        known = {} if known is None else known
        if lang in known:
            return known[lang] or issue.path
        from ..domain import freetext

        case = self.vm.case
        found = ""
        for path, text in freetext.translatable_texts(case):
            if freetext.translation_status(case, path, lang, text) != freetext.CURRENT:
                found = freetext.translation_path(path, lang)
                break
        known[lang] = found
        return found or issue.path

    def _menu(self, pos: QPoint) -> None:
        item = self.tree.itemAt(pos)
        path = item.data(0, PATH_ROLE) if item is not None else ""
        if not path:
            return
        menu = QMenu(self)
        go = menu.addAction(_("&Go to the field"))
        go.triggered.connect(lambda: self.pathActivated.emit(path))
        comment = menu.addAction(_("&Comment on this field (reviewer)…"))
        comment.triggered.connect(lambda: self.commentRequested.emit(path))
        menu.popup(self.tree.viewport().mapToGlobal(pos))
        self._context_menu = menu

    def _activated(self, item: QTreeWidgetItem) -> None:
        path = item.data(0, PATH_ROLE)
        if path:
            self.pathActivated.emit(path)


class StepList(QListWidget):
    """The wizard steps with their state: errors, warnings, done, or not yet visited."""

    stepChosen = Signal(str)
    MIN_WIDTH, MAX_WIDTH = 190, 300

    def __init__(self, vm: CaseViewModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vm = vm
        self.visited: set[str] = set()
        self.produced = False
        self._blank: CaseFile | None = None  # a new request: what "not answered" looks like
        self.setObjectName("stepList")
        self.setAccessibleName(_("Steps"))
        self.setIconSize(QSize(16, 16))
        self.setSpacing(1)
        # a long title wraps, between words (the delegate breaks Khmer, Lao, Burmese and Thai
        # lines where ICU finds words: Qt alone would cut syllables); nothing is cut off
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setItemDelegate(WrapDelegate(self))
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.currentRowChanged.connect(self._chosen)
        self._steps: list[Step] = []

    def refresh(self, current: str) -> None:
        grouped = self.vm.issues_by_step()
        self._steps = self.vm.steps()
        self.blockSignals(True)
        self.clear()
        for n, step in enumerate(self._steps, 1):
            found = grouped.get(step.id, [])
            errors = sum(i.severity is Severity.ERROR for i in found)
            warnings = sum(i.severity is Severity.WARNING for i in found)
            text = f"{n}. {_(step.title)}"
            if errors:
                state, icon = _("Errors: %(n)d", n=errors), Severity.ERROR
            elif warnings:
                state, icon = _("Warnings: %(n)d", n=warnings), Severity.WARNING
            else:
                state, icon = "", None
            done = not errors and not warnings and self.complete(step)
            if done:
                state = _("complete")
            item = QListWidgetItem(text)
            item.setToolTip(f"{text}\n{state}" if state else text)
            item.setData(PATH_ROLE, step.id)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{text}: {state}" if state else text)
            if icon is not None or done:
                item.setIcon(severity_icon(self, icon))
            else:
                item.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon))
            self.addItem(item)
            if step.id == current:
                self.setCurrentItem(item)
        self.blockSignals(False)
        self._fit_width()

    def _fit_width(self) -> None:
        """As wide as the longest title needs (room for the icon and margins), between
        MIN_WIDTH and MAX_WIDTH, so that translated titles are rarely shortened."""
        metrics = self.fontMetrics()
        widest = max((metrics.horizontalAdvance(self.item(r).text())
                      for r in range(self.count())), default=0)
        window = self.window().width() if self.window() is not self else 1280
        most = self.MAX_WIDTH if window >= 1200 else self.MIN_WIDTH + 30
        width = max(self.MIN_WIDTH, min(most, widest + 56))
        if width != self.width():
            self.setFixedWidth(width)
            self.doItemsLayout()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.doItemsLayout()  # the wrapped titles' heights follow the width

    def complete(self, step: Step) -> bool:
        """Visited, no findings, and something answered (an empty Persons page is not done);
        Produce is done once documents were produced."""
        if step.id == "produce":
            return self.produced
        if self._blank is None or self._blank.request.kind != self.vm.case.request.kind:
            from .viewmodel import new_case

            self._blank = new_case(self.vm.case.request.kind)
        return step.id in self.visited and answered(self.vm.case, step, self._blank)

    def step_ids(self) -> list[str]:
        return [s.id for s in self._steps]

    def _chosen(self, row: int) -> None:
        if 0 <= row < len(self._steps):
            self.stepChosen.emit(self._steps[row].id)


def answered(case: CaseFile, step: Step, blank: CaseFile) -> bool:
    """Whether the user answered anything on a step: a value under its paths differs from
    `blank`'s (a new request; steps without paths of their own, like Review, count)."""
    from . import paths

    own = [p for p in step.prefixes if p != "$" and p.count(".") >= 1]
    if not own or step.id == "review":
        return True
    for prefix in own:
        try:
            if paths.get(case, prefix) != paths.get(blank, prefix):
                return True
        except (AttributeError, ValueError):
            continue
    return False
