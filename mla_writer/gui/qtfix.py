"""Work around PySide6 6.12 on Python 3.11: every call of a Qt method returning void drops a
reference to None, so a long session ends in "Fatal Python error: none_dealloc".

Measured here: 6.12.0 loses one reference per call (QTimer.stop, QTreeWidgetItem.setText, ...);
6.11.3 does not. From Python 3.12 None is immortal and nothing happens. The fix gives None (and
the two booleans, for safety) a reserve of references so large that it cannot run out; these
objects are never freed anyway, so the reserve changes nothing else.
"""

# lazy imports (start-up cost): ctypes, PySide6
from __future__ import annotations

import sys

RESERVE = 1 << 40


def needs_fix(version: tuple[int, ...], python: tuple[int, ...] = tuple(sys.version_info)) -> bool:
    return python < (3, 12) and tuple(version[:2]) == (6, 12) \
        and sys.implementation.name == "cpython"


def add_reserve(obj: object, amount: int = RESERVE) -> bool:
    """Raise `obj`'s reference count by `amount`; False (and nothing changed) if not possible."""
    import ctypes  # only where the fix applies: ctypes costs start-up time

    before = sys.getrefcount(obj)
    cell = ctypes.c_ssize_t.from_address(id(obj))
    cell.value += amount
    if sys.getrefcount(obj) - before == amount:
        return True
    cell.value -= amount  # not where this build keeps the count: undo
    return False


def protect_singletons() -> bool:
    """Apply the work-around when this PySide6 and Python need it; True if applied."""
    import PySide6

    version = tuple(getattr(PySide6, "__version_info__", (0, 0))[:2])
    if not needs_fix(version) or sys.getrefcount(None) > RESERVE // 2:
        return False
    return all([add_reserve(None), add_reserve(True), add_reserve(False)])
