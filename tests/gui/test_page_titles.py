"""Every step shows its own heading, and every wrapped check-box title sits beside its box (the
Produce page once showed "Mark every page as DRAFT" in place of its heading: a loop variable
reused the heading's name)."""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox, QLabel, QWidget

from mla_writer.gui.steps import ALL_STEPS
from mla_writer.gui.widgets import CheckLabel

ZWSP = "\u200b"


def test_every_step_shows_its_heading_and_check_titles_beside_their_boxes(window) -> None:
    from mla_writer.i18n import _

    seen = 0
    for step in ALL_STEPS:
        page: QWidget = window.page(step.id)
        headings = [w for w in page.findChildren(QLabel, "pageTitle") if w.isVisibleTo(page)]
        assert [h.text().replace(ZWSP, "") for h in headings] == [_(step.title)], step.id
        for caption in page.findChildren(CheckLabel):
            assert caption.parentWidget() is caption.box.parentWidget(), (step.id, caption.text())
            assert caption.isVisibleTo(page) == caption.box.isVisibleTo(page), step.id
        seen += 1
    assert seen >= 10


def test_the_draft_title_is_inside_what_to_produce(window) -> None:
    page = window.page("produce")
    caption = next(c for c in page.findChildren(CheckLabel) if c.box is page.draft)
    group = caption.parentWidget()
    while group is not None and not isinstance(group, QGroupBox):
        group = group.parentWidget()
    assert group is not None and "DRAFT" in caption.text()
