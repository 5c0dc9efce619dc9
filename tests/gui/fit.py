"""What "fits the screen" means, measured on the real widgets: no sideways scrolling, every
widget inside its parent, every one-line text as wide as its label at most."""

from __future__ import annotations

from PySide6.QtGui import QTextLayout
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QGroupBox,
    QLabel,
    QListWidget,
    QScrollArea,
    QStyle,
    QStyleOptionGroupBox,
    QStyleOptionViewItem,
    QWidget,
)

from mla_writer.gui.widgets import plain


def advance(text: str, widget: QWidget) -> float:
    """The width Qt lays `text` out in with the widget's font, fallback fonts included
    (QFontMetrics measures with the first font only: Burmese would look narrower)."""
    layout = QTextLayout(text, widget.font())
    layout.beginLayout()
    line = layout.createLine()
    line.setLineWidth(1e6)
    width = line.naturalTextWidth()
    layout.endLayout()
    return width


def _shown(w: QWidget, root: QWidget) -> bool:
    return w.isVisibleTo(root) and w.width() > 0 and w.height() > 0


def _inside_scrolled(w: QWidget, root: QWidget) -> bool:
    """Inside a scroll area's content other than the page (a list's items scroll anyway)."""
    p = w.parentWidget()
    while p is not None and p is not root:
        if isinstance(p, QAbstractScrollArea) and not isinstance(p, QScrollArea):
            return True
        p = p.parentWidget()
    return False


def clipped(root: QWidget) -> list[str]:
    """Everything under `root` (a page, the step list) that is cut off or needs sideways
    scrolling, in words a failing test prints."""
    out: list[str] = []
    scrolls = [root] if isinstance(root, QScrollArea) else []
    scrolls += [s for s in root.findChildren(QScrollArea) if _shown(s, root)]
    for s in scrolls:
        bar = s.horizontalScrollBar()
        if bar.maximum() > 0:
            kids = [c for c in s.widget().findChildren(QWidget) if c.isVisibleTo(s)]
            most = max((c.minimumSizeHint().width() for c in kids), default=0)
            # the innermost of the widest: the one that makes the page wide
            wide = next((c for c in reversed(kids) if c.minimumSizeHint().width() >= most - 40
                         and c.minimumSizeHint().width() > 0), s.widget())
            out.append(f"{s.objectName() or type(s).__name__}: sideways scrolling"
                       f" ({bar.maximum()} px; widest: {type(wide).__name__}"
                       f" {wide.objectName()!r} {wide.minimumSizeHint().width()} px in"
                       f" {s.viewport().width()})")
    for w in root.findChildren(QWidget):
        if not _shown(w, root) or _inside_scrolled(w, root) or w.parentWidget() is None:
            continue
        name = w.objectName() or type(w).__name__
        parent = w.parentWidget()
        if isinstance(parent, QScrollArea | QAbstractScrollArea) or parent.objectName() in (
                "qt_scrollarea_viewport",):
            continue
        geo, box = w.geometry(), parent.rect()
        if type(w).__name__ not in ("QFocusFrame",) and (
                geo.left() < box.left() - 1 or geo.right() > box.right() + 1):
            where = parent.objectName() or type(parent).__name__
            out.append(f"{name} ({type(w).__name__}) sticks out of {where}"
                       f" horizontally: {geo.left()}..{geo.right()} in 0..{box.right()}")
        if isinstance(w, QLabel) and not w.wordWrap() and w.text() and w.pixmap().isNull():
            need = max(advance(plain(t), w) for t in w.text().split("\n"))
            if need > w.contentsRect().width() + 1:
                out.append(f"label {name!r} {plain(w.text())[:40]!r} is cut: needs {need:.0f}"
                           f" px, has {w.contentsRect().width()}")
        elif isinstance(w, QLabel) and w.wordWrap() and w.text() \
                and w.height() < w.heightForWidth(w.width()) - 2:
            out.append(f"label {name!r} {plain(w.text())[:40]!r} is cut: needs"
                       f" {w.heightForWidth(w.width())} px high, has {w.height()}")
        elif isinstance(w, QGroupBox) and w.title():
            opt = QStyleOptionGroupBox()
            w.initStyleOption(opt)
            rect = w.style().subControlRect(QStyle.ComplexControl.CC_GroupBox, opt,
                                            QStyle.SubControl.SC_GroupBoxLabel, w)
            need = advance(plain(w.title()), w)
            # 2 px: the style measures in whole pixels, the layout in fractions
            if need > rect.width() + 2 or rect.right() > w.width():
                out.append(f"group title {plain(w.title())[:40]!r} is cut: needs {need} px,"
                           f" has {rect.width()}")
            font_h = w.fontMetrics().height()
            if rect.height() < font_h - 1:
                out.append(f"group title {plain(w.title())[:40]!r} is cut vertically")
        elif isinstance(w, QAbstractButton) and w.text():
            need = w.minimumSizeHint().width()
            if need > w.width() + 1:
                out.append(f"button {plain(w.text())[:40]!r} is cut: needs {need} px,"
                           f" has {w.width()}")
    return out


def clipped_steps(steps: QListWidget) -> list[str]:
    """Step titles in the side list that are cut: a row lower than its wrapped text, or a
    line (a word Qt cannot break) wider than the list."""
    out = []
    delegate = steps.itemDelegate()
    room = steps.viewport().width() - steps.iconSize().width() - 12
    for r in range(steps.count()):
        index = steps.model().index(r, 0)
        option = QStyleOptionViewItem()
        option.initFrom(steps)
        delegate.initStyleOption(option, index)
        text = option.text
        need = delegate.sizeHint(option, index).height()
        rect = steps.visualRect(index)
        if rect.height() + 1 < need - 10:
            out.append(f"step title {text!r} is cut: needs {need} px high, has {rect.height()}")
        for line in text.replace("\u2028", "\n").split("\n"):
            for word in line.split(" ") if " " in line and steps.wordWrap() else [line]:
                if advance(word, steps) > room:
                    out.append(f"step title {text!r} is cut: {word!r} is wider than {room} px")
    return out
