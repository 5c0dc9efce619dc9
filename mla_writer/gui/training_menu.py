"""The Training menu of the main window: its actions only, built with the window's menus.

The exercise dialog, the exercise panel and the trainer's dialog (gui/training.py) load when
one of these actions is used, not before the first window.
"""

# lazy imports (start-up cost): gui
from __future__ import annotations

from typing import Any

from PySide6.QtGui import QAction

from ..i18n import _


def install(window: Any, menu: Any) -> None:
    """Fill the main window's Training `menu` (called whenever its menus are filled)."""

    def action(text: str, slot: Any, name: str) -> QAction:
        act = QAction(text, window)
        act.setObjectName(name)
        act.triggered.connect(slot)
        menu.addAction(act)
        return act

    def open_exercise() -> None:
        from .training import open_exercise_dialog

        open_exercise_dialog(window)

    def check() -> None:
        from .training import check_answer

        check_answer(window)

    def trainer() -> None:
        from .training import open_trainer_dialog

        open_trainer_dialog(window)

    action(_("Open an &exercise…"), open_exercise, "training.open")
    window.training_check_action = action(_("&Check my answer"), check, "training.check")
    menu.addSeparator()
    action(_("&Trainer mode…"), trainer, "training.trainer")
    window.training_check_action.setEnabled(getattr(window, "training_exercise", None)
                                            is not None)
    dock = getattr(window, "training_dock", None)
    if dock is not None:  # the interface language changed: the panel follows
        dock.setWindowTitle(_("Exercise"))
        dock.widget().retranslate()
        exercise = getattr(window, "training_exercise", None)
        if exercise is not None:
            dock.widget().show_exercise(exercise)
