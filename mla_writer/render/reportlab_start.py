"""Importing reportlab without its start-up regular expressions (imported first by the PDF
modules: pdf_writer, pdf_text, pdf_text_hooks).

reportlab compiles regular expressions when its modules load, and three of them (a URL matcher
of platypus.paragraph, Python syntax for the source-code flowable, CJK splitting) cost more
than a tenth of every `build` before a page is written, while our documents rarely or never use
them. While reportlab.platypus loads, `re.compile` called by those modules gives a pattern
compiled on first use (`LazyPattern`): the same pattern, the same results, later or never.
Only method calls reach these patterns in reportlab 5.1.0 (pinned), which is all a
LazyPattern has to support.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

#: the modules whose patterns are compiled on first use (reportlab 5.1.0)
DEFERRED_IN = frozenset({"reportlab.platypus.paragraph", "reportlab.lib.PyFontify",
                         "reportlab.lib.textsplit"})

_compile = re.compile


class LazyPattern:
    """A regular expression compiled the first time one of its attributes is used."""

    __slots__ = ("_args", "_compiled")

    def __init__(self, pattern: Any, flags: int) -> None:
        self._args = (pattern, flags)
        self._compiled: re.Pattern[Any] | None = None

    def _get(self) -> re.Pattern[Any]:
        if self._compiled is None:
            self._compiled = _compile(*self._args)
        return self._compiled

    def __getattr__(self, name: str) -> Any:
        return getattr(self._get(), name)

    def __repr__(self) -> str:
        return f"LazyPattern({self._args[0]!r}, {self._args[1]!r})"


def _deferring_compile(pattern: Any, flags: int = 0) -> Any:
    caller = sys._getframe(1).f_globals.get("__name__")
    if caller in DEFERRED_IN:
        return LazyPattern(pattern, flags)
    return _compile(pattern, flags)


@contextmanager
def deferred_patterns() -> Iterator[None]:
    """`re.compile` gives LazyPatterns to the modules of DEFERRED_IN while this lasts."""
    re.compile = _deferring_compile
    try:
        yield
    finally:
        re.compile = _compile


if "reportlab.platypus" not in sys.modules:
    with deferred_patterns():
        import reportlab.platypus  # noqa: F401  (the whole package loads here, once)
