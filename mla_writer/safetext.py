"""Untrusted text made safe to show: on a terminal, in a log line or in a dialog.

Names, comments and problems come from case files, packages and certificates that anyone may
have written. A terminal obeys escape sequences (ESC, CSI, OSC) in what it prints, and bidi
controls reorder what is shown, so "NOT VALID" could be painted over with "valid". `visible`
keeps every ordinary character (all scripts, the joiners Khmer, Myanmar and Thai text needs)
and writes each control, escape and bidi-control character as a visible `<U+hhhh>` instead.
`visible_name` also shows invisible characters (zero-width spaces, fillers), because a name
that differs from another only by one must be seen to differ.

`SafeStream` wraps stdout/stderr of the command line (and so the default log output), so
nothing printed can reach the terminal raw.
"""

from __future__ import annotations

import io
import re
import unicodedata
from typing import Any, TextIO

#: bidi embedding, override and isolate controls, and the marks (they reorder what is shown)
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
                          "\u200e\u200f\u061c")
#: characters drawn as nothing that are not controls (Unicode Default_Ignorable_Code_Point
#: letters and marks): they make two different names look the same
_INVISIBLE_EXTRA = frozenset(
    "\u034f\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u180e\u180f\u3164\uffa0\u2800"
    "\u00ad") | frozenset(chr(c) for c in range(0xFE00, 0xFE10)) | frozenset(
    chr(c) for c in range(0xE0100, 0xE01F0))
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029"
                      + "".join(sorted(BIDI_CONTROLS)) + "]")


def _mark(ch: str) -> str:
    return f"<U+{ord(ch):04X}>"


def visible(text: object, *, keep_newlines: bool = True) -> str:
    """`text` with every control, escape and bidi-control character shown as `<U+hhhh>`
    (tab and, unless `keep_newlines` is False, newline kept)."""
    value = str(text)
    out = _CONTROL.sub(lambda m: _mark(m.group()), value)
    if not keep_newlines:
        out = out.replace("\n", _mark("\n"))
    return out


def is_invisible(ch: str) -> bool:
    """A character drawn as nothing (or as a control): format, control, unassigned or
    private-use, a line or paragraph separator, or a default-ignorable filler."""
    if ch in _INVISIBLE_EXTRA:
        return True
    return unicodedata.category(ch) in ("Cc", "Cf", "Cn", "Co", "Cs", "Zl", "Zp")


def visible_name(text: object) -> str:
    """A person's or certificate's name with every invisible or control character shown
    (`<U+200B>`), so look-alike names are seen to differ."""
    return "".join(_mark(ch) if is_invisible(ch) else ch for ch in str(text))


def hidden_characters(text: str) -> list[str]:
    """The invisible, control and bidi-control characters in `text`, as 'U+200B ZERO WIDTH
    SPACE' (empty when there are none)."""
    found: list[str] = []
    for ch in dict.fromkeys(text):
        if is_invisible(ch) or ch in BIDI_CONTROLS:
            name = unicodedata.name(ch, "") or ("a control character" if unicodedata.category(
                ch) == "Cc" else "an unnamed character")
            found.append(f"U+{ord(ch):04X} {name}")
    return found


class SafeStream(io.TextIOBase):
    """A text stream that writes `visible(...)` of everything to the stream it wraps."""

    def __init__(self, inner: TextIO) -> None:
        super().__init__()
        self.inner = inner

    def write(self, text: str) -> int:
        self.inner.write(visible(text))
        return len(text)

    def flush(self) -> None:
        self.inner.flush()

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return self.inner.isatty()

    def fileno(self) -> int:
        return self.inner.fileno()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.inner, "encoding", "utf-8")

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)
