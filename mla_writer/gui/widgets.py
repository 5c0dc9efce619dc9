"""Input widgets the generated forms use, and small layout helpers.

Coded values (states, languages, treaties, persons) are chosen by name and stored as the code
the model holds; dates are typed as YYYY-MM-DD or picked from a calendar, and a year that looks
like a Buddhist Era year is refused with an explanation instead of being stored as 2569.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from PySide6.QtCore import QDate, QEvent, QObject, QPoint, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent, QTextLayout
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QCalendarWidget,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLayoutItem,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPlainTextEdit,
    QScrollArea,
    QScrollBar,
    QTabBar,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from .. import i18n
from ..i18n import _
from .texts import breakable, mnemonic, with_mnemonic

#: the widest a form label grows before it wraps (px at 96 dpi)
LABEL_WIDTH = 210
#: Buddhist Era years run 543 ahead of the Common Era (Thai official dates)
BE_OFFSET = 543
#: (code, name) lists: the preferred entries, then all others
Source = Callable[[], tuple[list[tuple[str, str]], list[tuple[str, str]]]]


def set_flag(widget: QWidget, name: str, value: str) -> None:
    """Set a style property (e.g. issue=error) and re-apply the style sheet."""
    if widget.property(name) == value:
        return
    widget.setProperty(name, value)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


# -- the mouse wheel scrolls the page, it does not change answers -----------------------------

#: inputs whose value the mouse wheel would change (scroll bars scroll: they are left alone)
WHEEL_CHANGES = (QComboBox, QAbstractSpinBox, QAbstractSlider, QTabBar)


def wheel_guarded(obj: QObject) -> bool:
    return isinstance(obj, WHEEL_CHANGES) and not isinstance(obj, QScrollBar)


class WheelGuard(QObject):
    """One application-wide filter: a drop-down, spin box, date or slider without the focus
    ignores the wheel, which goes on to the page under it (two notches while scrolling a form
    once turned Thailand into the Republic of Korea). With the focus (chosen by a click or Tab)
    the wheel still steps through the values, as users of those widgets expect."""

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Wheel:
            if wheel_guarded(obj) and not obj.hasFocus():  # type: ignore[attr-defined]
                scroll_under(obj, event)  # type: ignore[arg-type]
                return True
        elif kind == QEvent.Type.Polish and wheel_guarded(obj):
            obj.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # type: ignore[attr-defined]
        return False


def scroll_under(widget: QWidget, event: QEvent) -> None:
    """Give the wheel to the scroll area holding `widget` (Qt does not pass a synthesized
    wheel event on to the parent, so it is handed over explicitly)."""
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QAbstractScrollArea):
        parent = parent.parentWidget()
    if parent is not None:
        QApplication.sendEvent(parent.viewport(), event.clone())


def install_wheel_guard(app: QApplication | None = None) -> WheelGuard | None:
    """Install the WheelGuard on the application once (every window and dialog)."""
    app = app or QApplication.instance()  # type: ignore[assignment]
    if app is None:
        return None
    guard = getattr(app, "_mla_wheel_guard", None)
    if guard is None:
        guard = WheelGuard(app)
        app.installEventFilter(guard)
        app._mla_wheel_guard = guard  # type: ignore[attr-defined]
    return guard


# -- layout -------------------------------------------------------------------------------------

def fit_height(scroll: QScrollArea) -> None:
    """Give a scroll area's content the height its wrapped labels need at the current width
    (QScrollArea itself ignores height-for-width, and long help texts would overlap)."""
    content = scroll.widget()
    layout = content.layout() if content is not None else None
    if layout is None:
        return
    width = scroll.viewport().width()
    if content.property("fitWidth") != width:  # a width not laid out before: Qt keeps the
        content.setProperty("fitWidth", width)  # rows' heights of the old width otherwise
        for child in content.findChildren(QWidget):  # (QFormLayout caches them per form)
            if child.layout() is not None:
                child.layout().invalidate()
        layout.invalidate()
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

    def viewportEvent(self, event: QEvent) -> bool:
        """The viewport narrows when the vertical scroll bar appears (the area itself keeps its
        size): the wrapped labels are measured again at the new width."""
        if event.type() == QEvent.Type.Resize:
            self.refit()
        return super().viewportEvent(event)

    def refit(self) -> None:
        QTimer.singleShot(0, lambda: fit_height(self))


def refit_ancestor(widget: QWidget) -> None:
    """Re-fit the scroll area holding `widget` (a message under a field appeared or went)."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, FitScrollArea):
            parent.refit()
            return
        parent = parent.parentWidget()


def reveal_and_focus(widget: QWidget) -> None:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            parent.ensureWidgetVisible(widget, 40, 80)
            break
        parent = parent.parentWidget()
    widget.setFocus(Qt.FocusReason.OtherFocusReason)
    QTimer.singleShot(0, lambda: widget.setFocus(Qt.FocusReason.OtherFocusReason))


def plain(text: str) -> str:
    """A label's text as shown (mnemonic ampersands removed)."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def fit_label(label: QLabel) -> None:
    """A form label on one line when it fits LABEL_WIDTH, else wrapped and as tall as its
    lines (QFormLayout would give a wrapped label only one line)."""
    natural = label.fontMetrics().horizontalAdvance(plain(label.text())) + 8
    if natural <= LABEL_WIDTH:
        label.setWordWrap(False)
        label.setMinimumHeight(0)
        return
    label.setText(breakable(label.text()))
    label.setWordWrap(True)
    label.setFixedWidth(LABEL_WIDTH)
    label.setMinimumHeight(label.heightForWidth(LABEL_WIDTH))


class CheckLabel(QLabel):
    """The wrapped title beside a check box (a QCheckBox's own text never wraps, and a long
    translated title would widen the page): clicking it toggles the box, its mnemonic
    focuses the box, and the box is named by it for screen readers."""

    def __init__(self, box: QAbstractButton, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.box = box
        self.setObjectName("checkLabel")
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setBuddy(box)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def mouseReleaseEvent(self, event: object) -> None:
        if self.box.isEnabled():
            self.box.click()
            self.box.setFocus(Qt.FocusReason.MouseFocusReason)


def check_row(box: QAbstractButton, label: QLabel) -> QWidget:
    """A check box and its wrapped title side by side."""
    row = QWidget()
    lay = QHBoxLayout(row)
    lay.setContentsMargins(0, 0, 0, 0)
    lay.setSpacing(6)
    # the box beside the middle of the title's first line (a Lao or Burmese line is tall)
    first = QTextLayout("Xx" + plain(label.text()).split("\n")[0][:12], label.font())
    first.beginLayout()
    line = first.createLine()
    line.setLineWidth(1e6)
    height = line.height()
    first.endLayout()
    box.setContentsMargins(0, max(0, round((height - box.sizeHint().height()) / 2)), 0, 0)
    lay.addWidget(box, 0, Qt.AlignmentFlag.AlignTop)
    lay.addWidget(label, 1)
    return row


class FlowLayout(QLayout):
    """Widgets side by side, going on to the next line when the row is full (a row of buttons
    or check boxes whose translated texts would not fit one line on a small screen)."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self.setSpacing(spacing)
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._place(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._place(rect, move=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _place(self, rect: QRect, *, move: bool) -> int:
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        x, y, line = area.x(), area.y(), 0
        for item in self._items:
            if item.isEmpty():
                continue
            hint = item.sizeHint()
            if x > area.x() and x + hint.width() > area.right() + 1:
                x, y, line = area.x(), y + line + self.spacing(), 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self.spacing()
            line = max(line, hint.height())
        return y + line - rect.y() + margins.bottom()


def break_labels(root: QWidget) -> None:
    """Let every wrapping label under `root` break its lines between words (see
    texts.breakable): Khmer, Lao, Burmese and Thai labels wrap instead of widening the page."""
    for label in root.findChildren(QLabel):
        if label.wordWrap() and label.text():
            label.setText(breakable(label.text()))


Target = tuple[QWidget, str, str]  # widget, shown text, English source text


def text_of(widget: QWidget) -> str:
    """The text whose '&' makes a mnemonic: buttons, checkable or titled groups, buddy labels."""
    if isinstance(widget, QAbstractButton):
        return widget.text()
    if isinstance(widget, QGroupBox):
        return widget.title()
    if isinstance(widget, QLabel) and widget.buddy() is not None:
        return widget.text()
    return ""


def _set_text(widget: QWidget, text: str) -> None:
    if isinstance(widget, QGroupBox):
        widget.setTitle(text)
    elif isinstance(widget, QAbstractButton | QLabel):
        widget.setText(text)


def assign_mnemonics(root: QWidget, targets: Iterable[Target],
                     reserved: Iterable[str] = ()) -> None:
    """Give each generated label a mnemonic no other widget under `root` (nor `reserved`,
    the menu bar's and the wizard's buttons') uses; labels with no free letter get none."""
    targets = list(targets)
    generated = {id(w) for w, _t, _s in targets}
    used = set(reserved)
    for w in root.findChildren(QWidget):
        if id(w) not in generated:
            letter = mnemonic(text_of(w))
            if letter:
                used.add(letter)
    for w, text, source in targets:
        _set_text(w, with_mnemonic(text, used, source))
        if isinstance(w, QLabel) and not w.wordWrap():
            fit_label(w)
        elif isinstance(w, QLabel):
            w.setText(breakable(w.text()))


# -- inputs -------------------------------------------------------------------------------------

class WrapEdit(QPlainTextEdit):
    """A one-line value shown wrapped, two to four lines tall as its text needs (a long
    authority name): Enter and pasted line breaks do not make it a second paragraph."""

    edited = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self._lines = 0
        self._fit()
        self.textChanged.connect(self._changed)

    def _fit(self) -> None:
        metrics = self.fontMetrics()
        width = max(self.viewport().width() - 2 * int(self.document().documentMargin()), 80)
        rect = metrics.boundingRect(QRect(0, 0, width, 100000), Qt.TextFlag.TextWordWrap,
                                    self.toPlainText() or "x")
        lines = min(max(-(-rect.height() // metrics.lineSpacing()), 2), 4)
        if lines != self._lines:
            self._lines = lines
            self.setFixedHeight(metrics.lineSpacing() * lines + 14)
            refit_ancestor(self)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def setPlainText(self, text: str) -> None:
        super().setPlainText(text)
        self._fit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.ignore()
            return
        super().keyPressEvent(event)

    def _changed(self) -> None:
        text = self.toPlainText()
        if "\n" in text:
            cursor = self.textCursor().position()
            self.blockSignals(True)
            self.setPlainText(" ".join(text.split("\n")))
            self.blockSignals(False)
            c = self.textCursor()
            c.setPosition(min(cursor, len(self.toPlainText())))
            self.setTextCursor(c)
        self._fit()
        self.edited.emit(self.toPlainText())


class DateField(QWidget):
    """YYYY-MM-DD text with a calendar button and, beside it, the date as the interface language
    writes it (Thai: with the Buddhist Era year), so a wrong year is seen at once."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.line = QLineEdit()
        self.line.setPlaceholderText(_("YYYY-MM-DD"))
        self.line.setMaximumWidth(140)
        self.button = QToolButton()
        self.button.setArrowType(Qt.ArrowType.DownArrow)
        self.button.setToolTip(_("Choose from a calendar"))
        self.button.setAccessibleName(_("Choose from a calendar"))
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.calendar = QCalendarWidget()
        self.calendar.setGridVisible(True)
        menu = QMenu(self.button)
        action = QWidgetAction(menu)
        action.setDefaultWidget(self.calendar)
        menu.addAction(action)
        menu.aboutToShow.connect(self._prepare)
        self.calendar.clicked.connect(lambda _d: menu.close())
        self.button.setMenu(menu)
        self.shown = QLabel()
        self.shown.setObjectName("fieldHelp")
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.line)
        lay.addWidget(self.button)
        lay.addWidget(self.shown, 1)

    def _prepare(self) -> None:
        try:
            d = dt.date.fromisoformat(self.line.text().strip())
            self.calendar.setSelectedDate(QDate(d.year, d.month, d.day))
        except ValueError:
            self.calendar.setSelectedDate(QDate.currentDate())

    def show_date(self, value: dt.date | None) -> None:
        text = ""
        if value is not None:
            try:
                text = i18n.format_date(value, i18n.ui_language())
            except Exception:  # no locale data: the ISO text says it already
                text = ""
        self.shown.setText(text)


def check_date(text: str, today: dt.date) -> tuple[dt.date | None, str, str]:
    """(date or None, problem, level) for typed text: level 'error' means not stored."""
    text = text.strip()
    if not text:
        return None, "", ""
    try:
        value = dt.date.fromisoformat(text)
    except ValueError:
        return None, _("Enter a date as YYYY-MM-DD, e.g. 2026-03-31."), "error"
    common = value.year - BE_OFFSET
    if value.year > today.year + 1 and 1900 <= common <= today.year + 2:
        try:
            shown = value.replace(year=common).isoformat()
        except ValueError:  # 29 February
            shown = f"{common}-{value.month:02d}-{value.day:02d}"
        return None, _("%(year)d looks like a Buddhist Era year; dates are entered in the"
                       " Common Era: %(date)s.", year=value.year, date=shown), "error"
    if value > today + dt.timedelta(days=366):
        return value, _("This date is more than a year from now: check the year."), "warning"
    return value, "", ""


def narrow_combo(combo: QComboBox, chars: int = 14) -> None:
    """A drop-down as narrow as `chars` characters allow (a long translated entry must not
    widen the page); its open list is as wide as its longest entry."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(chars)
    combo.view().setTextElideMode(Qt.TextElideMode.ElideNone)


def widen_popup(combo: QComboBox) -> None:
    """The open list as wide as its longest entry (call after filling the drop-down)."""
    view = combo.view()
    view.setMinimumWidth(view.sizeHintForColumn(0) + 24)


class CodeCombo(QComboBox):
    """Choose one coded value by name: '—', the preferred entries, a separator, the rest."""

    chosen = Signal(str)

    def __init__(self, source: Source, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.source = source
        self.setMaxVisibleItems(20)
        narrow_combo(self)
        self.activated.connect(lambda i: self.chosen.emit(str(self.itemData(i) or "")))

    def load(self, current: str) -> None:
        first, rest = self.source()
        self.clear()
        self.addItem("—", "")
        codes = {c for c, _n in first} | {c for c, _n in rest}
        if current and current not in codes:
            self.addItem(current, current)  # a value typed in an older version: keep it
        for code, name in first:
            self.addItem(label_for(code, name), code)
        if first and rest:
            self.insertSeparator(self.count())
        for code, name in rest:
            self.addItem(label_for(code, name), code)
        index = self.findData(current)
        self.setCurrentIndex(max(index, 0))
        widen_popup(self)


def label_for(code: str, name: str) -> str:
    return f"{name} ({code})" if name and name != code else code


class CodeChecklist(QListWidget):
    """Choose several coded values by name (persons concerned, nationalities): ticked entries
    first; typing a name's first letters moves to it, Space ticks it."""

    chosen = Signal(list)

    def __init__(self, source: Source, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.source = source
        self._order: list[str] = []
        self.setUniformItemSizes(True)
        self.itemChanged.connect(self._changed)

    def load(self, current: list[str]) -> None:
        first, rest = self.source()
        names = dict(first + rest)
        self.blockSignals(True)
        self.clear()
        self._order = list(current)
        seen = set()
        for code in current:
            self._add(code, names.get(code, code), True)
            seen.add(code)
        for code, name in first + rest:
            if code not in seen:
                self._add(code, name, False)
                seen.add(code)
        self.blockSignals(False)
        rows = min(max(self.count(), 1), 5)
        self.setFixedHeight(rows * max(self.sizeHintForRow(0), 20) + 2 * self.frameWidth() + 4)
        if not self.count():
            empty = QListWidgetItem(_("None yet."))
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.addItem(empty)

    def _add(self, code: str, name: str, checked: bool) -> None:
        item = QListWidgetItem(label_for(code, name))
        item.setData(Qt.ItemDataRole.UserRole, code)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                      | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.addItem(item)

    def checked(self) -> list[str]:
        ticked = {str(self.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(self.count())
                  if self.item(i).checkState() == Qt.CheckState.Checked}
        kept = [c for c in self._order if c in ticked]
        return kept + sorted(ticked - set(kept), key=self._position)

    def _position(self, code: str) -> int:
        for i in range(self.count()):
            if self.item(i).data(Qt.ItemDataRole.UserRole) == code:
                return i
        return self.count()

    def set_checked(self, code: str, on: bool = True) -> None:
        for i in range(self.count()):
            item = self.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == code:
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
                return
        raise LookupError(code)

    def _changed(self, _item: QListWidgetItem) -> None:
        self._order = self.checked()
        self.chosen.emit(self._order)
