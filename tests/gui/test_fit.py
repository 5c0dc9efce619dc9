"""Every step fits the screen in every interface language: at 1366×768 and at 1024×600 no page
needs sideways scrolling, no widget sticks out of its parent, no one-line text is wider than its
label, no wrapped text is taller than its label, no step title is cut. Each step is grabbed as a
screenshot (kept in $MLA_SCREENSHOTS when set)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mla_writer import i18n
from mla_writer.resources import data_dir

from .fit import clipped, clipped_steps

LANGUAGES = ("en", "km", "zh_Hans", "lo", "my", "th", "vi")
SIZES = ((1366, 768), (1024, 600))

pytestmark = pytest.mark.slow


def _settle(qtbot) -> None:
    qtbot.wait(25)  # the pages re-fit their wrapped text on the next turns of the event loop


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_step_fits_at_both_sizes(qtbot, as_the_application, window, lang):
    win = window
    shots = os.environ.get("MLA_SCREENSHOTS", "")
    try:
        win.set_language(lang)
        found: list[str] = []
        for example, only in (("mla-bank-records", None), ("extradition-accused", "surrender")):
            win.open_example(str(data_dir("examples") / f"{example}.json"))
            for width, height in SIZES:
                win.resize(width, height)
                for step in [s.id for s in win.vm.steps()]:
                    if only and step != only:
                        continue
                    win.go_to(step)
                    _settle(qtbot)
                    image = win.grab()
                    assert image.width() == width
                    if shots:
                        Path(shots).mkdir(parents=True, exist_ok=True)
                        image.save(str(Path(shots) / f"{lang}-{width}-{step}.png"))
                    problems = clipped(win.pages[step]) + clipped(win.wizard) \
                        + clipped_steps(win.step_list)
                    found += [f"{width}×{height} {step}: {p}" for p in sorted(set(problems))]
        assert found == [], "\n".join(found)
    finally:
        i18n.set_ui_language("en")



def _unreachable(tree) -> tuple[int, list[str]]:
    """(rows shown, the rows that cannot be scrolled into view)."""
    from PySide6.QtWidgets import QTreeWidgetItemIterator

    unreachable, seen = [], 0
    it = QTreeWidgetItemIterator(tree)
    while it.value():
        item = it.value()
        if not item.isHidden() and (item.parent() is None or item.parent().isExpanded()):
            seen += 1
            tree.scrollToItem(item)
            rect = tree.visualItemRect(item)
            if not (rect.isValid() and 0 <= rect.top() < tree.viewport().height()):
                unreachable.append(item.text(0)[:40])
        it += 1
    return seen, unreachable


def test_every_finding_can_be_scrolled_to_in_a_narrow_checklist(qtbot, as_the_application,
                                                                window):
    """After a language switch a 320 px checklist holds rows of very different heights: each
    one can still be scrolled into view (scrolling by item made the last ones unreachable)."""
    from PySide6.QtCore import Qt

    win = window
    win.open_example(str(data_dir("examples") / "mla-bank-records.json"))
    win.go_to("facts")
    try:
        for lang in ("th", "my"):
            win.set_language(lang)
            win.resizeDocks([win.dock], [320], Qt.Orientation.Horizontal)
            _settle(qtbot)
            seen, unreachable = _unreachable(win.checklist.tree)
            assert seen > 5 and unreachable == [], lang
            _settle(qtbot)
    finally:
        win.set_language("en")
