"""Access to the register that the start screen's deadlines panel and the register dialog share.

Apart from the dialog (register_view, a table and its filters), so the start screen needs
neither the dialog's widgets nor the register itself before its first paint: the register
package is imported only when there is a register to read.
"""

# lazy imports (start-up cost): register, profiles
from __future__ import annotations

from typing import Any

from PySide6.QtGui import QColor

#: the colour of an overdue deadline (the dialog's table and the start screen's list)
OVERDUE = QColor("#b00020")


def open_register() -> Any:
    """The register of this user (RegisterError when it cannot be opened)."""
    from ..register import Register

    return Register()


def register_exists() -> bool:
    """Whether there is a register to show (a shared one, or the local file)."""
    from ..register.location import exists

    return exists()


def load_profiles() -> Any:
    """The legal profiles for deadlines (None when broken: deadlines from the request's own
    dates only)."""
    try:
        from ..profiles import load_registry

        return load_registry()
    except Exception:
        return None
