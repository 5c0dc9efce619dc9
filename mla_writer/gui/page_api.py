"""What the main window asks of a wizard step's page: one interface instead of `getattr` probes.

Every step page (pages.Page and its kinds, output.ReviewPage and ProducePage,
translate_page.TranslationPage) derives from `StepPage` after its Qt base class. The main
window calls these methods only; a page overrides what it does differently.
"""

from __future__ import annotations

from typing import Any


class StepPage:
    """A mixin for a step's page (a QWidget): the defaults do nothing."""

    def load(self) -> None:
        """Show the case's current answers (the page is about to be shown)."""
        raise NotImplementedError

    def mark(self) -> None:
        """Paint the current findings on the page's inputs (the findings changed)."""

    def focus_path(self, path: str) -> bool:
        """Show and focus the input bound to the JSON `path`; False if the page has none."""
        return False

    def produced_signal(self) -> Any | None:
        """A signal emitted with the written paths when the page produced documents, or
        None for a page that produces nothing."""
        return None
