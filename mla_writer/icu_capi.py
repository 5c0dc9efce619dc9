"""ICU's C API through ctypes, from an ICU that is already on the machine: no compiler, no
binding to build (PyPI has no current wheel of PyICU).

Where ICU comes from, first found wins:
- ``MLA_WRITER_ICU_LIBRARY``: the path of a libicuuc (or icu.dll, libicucore) to use;
- the ICU that the PySide6 wheels bundle (Linux: ``PySide6/Qt/lib/libicuuc.so.NN``, also inside
  a PyInstaller bundle);
- the system's: ``icu.dll`` / ``icuuc.dll`` (Windows 10 and later), ``libicucore`` (macOS),
  ``libicuuc.so.NN`` (Linux).
Every one carries ICU's break rules and the Thai, Lao, Khmer and Burmese dictionaries. ICU
builds usually rename each function with the version (``ubrk_open_73``); Apple's and
Windows' do not: both spellings are tried.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import glob
import importlib.util
import os
import sys
import threading
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

UBRK_CHARACTER = 0
UBRK_WORD = 1
UBRK_LINE = 2
UBRK_DONE = -1


class ICUUnavailable(RuntimeError):
    """No usable ICU library was found."""


def _bundled_dirs() -> list[Path]:
    """Folders where a bundled copy of ICU may be (PySide6's wheel, a frozen bundle)."""
    dirs: list[Path] = []
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        dirs += [Path(frozen) / "PySide6" / "Qt" / "lib", Path(frozen) / "PySide6",
                 Path(frozen)]
    spec = importlib.util.find_spec("PySide6")  # finds the folder; Qt is not imported
    if spec is not None and spec.submodule_search_locations:
        for root in spec.submodule_search_locations:
            dirs += [Path(root) / "Qt" / "lib", Path(root)]
    return dirs


def _candidates() -> list[str]:
    return list(dict.fromkeys(_each_candidate()))


def _each_candidate() -> Iterator[str]:
    """The candidates in order, found one group at a time: the system's library search
    (`find_library` runs `ldconfig -p`, a process) only when the bundled copies failed."""
    override = os.environ.get("MLA_WRITER_ICU_LIBRARY")
    if override:
        yield override
        return
    for folder in _bundled_dirs():
        # newest version first (libicuuc.so.73 before libicuuc.so.72)
        yield from sorted(glob.glob(str(folder / "libicuuc.so.*")), reverse=True)
        yield from sorted(glob.glob(str(folder / "libicuuc.*.dylib")), reverse=True)
        yield from sorted(glob.glob(str(folder / "icuuc*.dll")), reverse=True)
    if sys.platform == "win32":
        yield from ["icu.dll", "icuuc.dll"]
    elif sys.platform == "darwin":
        yield "/usr/lib/libicucore.dylib"
    else:
        system = ctypes.util.find_library("icuuc")
        if system:
            yield system
        for lib in ("/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64",
                    "/usr/lib", "/usr/local/lib"):
            yield from sorted(glob.glob(f"{lib}/libicuuc.so.[0-9]*"), reverse=True)


def _suffix(lib: ctypes.CDLL, path: str) -> str:
    """The version suffix of the library's function names ('' or '_73')."""
    if hasattr(lib, "ubrk_open"):
        return ""
    digits = path.rsplit(".so.", 1)[-1].split(".")[0] if ".so." in path else ""
    guesses = [digits] if digits.isdigit() else []
    guesses += [str(v) for v in range(80, 49, -1)]
    for major in guesses:
        if hasattr(lib, f"ubrk_open_{major}"):
            return f"_{major}"
    raise ICUUnavailable(f"{path}: no ubrk_open function")


class _ICU:
    """The few ICU functions mla-writer calls, typed."""

    def __init__(self, path: str) -> None:
        lib = ctypes.CDLL(path)
        sfx = _suffix(lib, path)
        self.path = path

        def fn(name: str, restype: Any, *argtypes: Any) -> Any:
            f = getattr(lib, name + sfx)
            f.restype = restype
            f.argtypes = argtypes
            return f

        err = ctypes.POINTER(ctypes.c_int)
        vp, i32, cp = ctypes.c_void_p, ctypes.c_int32, ctypes.c_char_p
        self.ubrk_open = fn("ubrk_open", vp, ctypes.c_int, cp, vp, i32, err)
        self.ubrk_setText = fn("ubrk_setText", None, vp, vp, i32, err)
        self.ubrk_next = fn("ubrk_next", i32, vp)
        self.ubrk_close = fn("ubrk_close", None, vp)
        self.uscript_getScript = fn("uscript_getScript", ctypes.c_int, ctypes.c_int32, err)
        self.uscript_getShortName = fn("uscript_getShortName", cp, ctypes.c_int)
        self.u_getVersion = fn("u_getVersion", None, ctypes.c_char_p)

    def version(self) -> str:
        buf = ctypes.create_string_buffer(4)
        self.u_getVersion(buf)
        return ".".join(str(b) for b in buf.raw[:2])


def _unique(paths: Iterator[str]) -> Iterator[str]:
    seen: set[str] = set()
    for path in paths:
        if path not in seen:
            seen.add(path)
            yield path


@cache
def icu() -> _ICU:
    """The ICU library in use (loaded once); ICUUnavailable names where it was looked for."""
    tried: list[str] = []
    for path in _unique(_each_candidate()):
        try:
            return _ICU(path)
        except (OSError, AttributeError, ICUUnavailable) as exc:
            tried.append(f"{path} ({exc})")
    raise ICUUnavailable(
        "mla-writer needs the ICU library (line breaking for Thai, Khmer, Lao and Burmese) and"
        " found none; it comes with PySide6 on Linux, with Windows 10 and later and with macOS."
        " Set MLA_WRITER_ICU_LIBRARY to the path of a libicuuc. Tried: "
        + ("; ".join(tried) or "nothing"))


class BreakIterator:
    """One ICU break iterator (of one kind, for one locale). Not shared between threads."""

    def __init__(self, kind: int, locale: str) -> None:
        self._icu = icu()
        status = ctypes.c_int(0)
        self._handle = self._icu.ubrk_open(kind, locale.encode("ascii"), None, 0,
                                           ctypes.byref(status))
        if status.value > 0 or not self._handle:
            raise ICUUnavailable(f"ubrk_open({kind}, {locale}) failed: ICU error {status.value}")

    def boundaries(self, text: str) -> list[int]:
        """Inner boundary offsets of `text`, as Python str indices (0 and len excluded)."""
        if not text:
            return []
        data = text.encode("utf-16-le")
        units = len(data) // 2
        status = ctypes.c_int(0)
        lib = self._icu
        # ICU reads the bytes object's own buffer, which it is told the length of and never
        # writes (`data` outlives its use: the iterator lets go of it below). A copy in a
        # ctypes buffer made a new array type for every new text length, tens of µs each.
        lib.ubrk_setText(self._handle, data, units, ctypes.byref(status))
        if status.value > 0:
            raise ICUUnavailable(f"ubrk_setText failed: ICU error {status.value}")
        nxt, handle = lib.ubrk_next, self._handle
        out = []
        pos = nxt(handle)
        while pos != UBRK_DONE and pos < units:
            out.append(pos)
            pos = nxt(handle)
        lib.ubrk_setText(handle, None, 0, ctypes.byref(status))  # drop the pointer to data
        n = len(text)
        if units == n:  # ICU's offsets are str indices, each inside (0, units) already
            return out
        index, unit = [], 0  # characters outside the BMP take two UTF-16 units
        for i, ch in enumerate(text):
            index.append(i)
            unit += 1
            if ch > "\uffff":
                index.append(i + 1)  # never a boundary: a surrogate pair's middle
                unit += 1
        return [q for q in (index[p] for p in out) if 0 < q < n]

    def __del__(self) -> None:
        handle = getattr(self, "_handle", None)
        if handle:
            with contextlib.suppress(AttributeError, TypeError, OSError):  # at exit
                self._icu.ubrk_close(handle)


_local = threading.local()


def break_iterator(kind: int, locale: str) -> BreakIterator:
    """This thread's iterator of `kind` for `locale` (opening one costs a rule-table load)."""
    cache_ = getattr(_local, "iterators", None)
    if cache_ is None:
        cache_ = _local.iterators = {}
    it = cache_.get((kind, locale))
    if it is None:
        it = cache_[kind, locale] = BreakIterator(kind, locale)
    return it


def script_code(ch: str) -> str:
    """ISO 15924 code of the script of one character ('Thai', 'Latn', 'Zyyy' for common)."""
    lib = icu()
    status = ctypes.c_int(0)
    code = lib.uscript_getScript(ord(ch), ctypes.byref(status))
    name = lib.uscript_getShortName(code)
    return name.decode("ascii") if name else "Zzzz"
