"""The few CLDR tables a `build` or a `check` reads (names of languages, territories and
scripts, month names, date patterns), kept as JSON in the cache folder.

Babel keeps each locale's CLDR data as a pickle merged with its parents' when first used:
loading English (root and en) costs a process about 20 ms, for the sake of a language's name
or the names of the months. Babel stays the one source of these values: an entry is what Babel
gives, stored on first use and made again from Babel when the locale's data file, Babel's root
data or Babel itself changes (`cachefiles.file_entry`: the files' paths, sizes and times), or
when the entry is damaged. Without a cache folder, Babel is asked each time.
"""

# lazy imports (start-up cost): babel
from __future__ import annotations

import importlib.util
import json
import os
import sys
from functools import cache
from pathlib import Path

from .. import cachefiles

#: what an entry holds (a new value: every entry is made again)
_FORMAT = "cldr-table 1"
#: the tables kept: Babel `Locale` properties mapping codes to names, and two of its nested ones
TABLES = ("languages", "territories", "scripts", "months", "date_formats")


@cache
def _babel_folder() -> Path | None:
    """Babel's package folder (found without importing Babel), None when it is not installed."""
    module = sys.modules.get("babel")
    origin = getattr(module, "__file__", None) if module is not None else None
    if origin is None:
        try:
            spec = importlib.util.find_spec("babel")
        except (ImportError, ValueError):
            return None
        origin = spec.origin if spec is not None else None
    return Path(origin).parent if origin else None


def _stamp(path: Path) -> str:
    try:
        info = os.stat(path)
    except OSError:
        return f"{path}:-"
    return f"{path}:{info.st_size}:{info.st_mtime_ns}"


def _entry(locale: str, table: str) -> Path | None:
    """Where the cache keeps `table` of `locale`: keyed by the locale's data file, Babel's root
    data (every locale inherits from it) and Babel's own `__init__.py` (its version)."""
    folder = _babel_folder()
    if folder is None:
        return None
    data = folder / "locale-data"
    return cachefiles.file_entry("i18n", str(data / f"{locale}.dat"), ".json", _FORMAT, locale,
                                 table, _stamp(data / "root.dat"), _stamp(folder / "__init__.py"))


def _from_babel(locale: str, table: str) -> dict[str, str]:
    from babel import Locale

    found = Locale.parse(locale)
    if table == "months":  # the names a date is written with: the format context's wide names
        return {str(k): str(v) for k, v in found.months["format"]["wide"].items()}
    if table == "date_formats":
        return {str(k): str(v.pattern) for k, v in found.date_formats.items()}
    return {str(k): str(v) for k, v in getattr(found, table).items()}


@cache
def cldr_table(locale: str, table: str) -> dict[str, str]:
    """Babel's `table` (one of TABLES) of `locale` (a Babel locale name such as "en_GB"), code
    -> text: names of languages, territories or scripts; month number -> the month's name as
    written in a date ("months"); date length ("long" ...) -> its CLDR pattern
    ("date_formats"). Do not change the dictionary returned (it is shared)."""
    if table not in TABLES:
        raise ValueError(f"unknown CLDR table {table!r}")
    entry = _entry(locale, table)
    raw = cachefiles.read(entry) if entry is not None else None
    if raw is not None:
        try:
            kept = json.loads(raw)
        except ValueError:  # damaged: ask Babel again
            kept = None
        if isinstance(kept, dict) and all(isinstance(k, str) and isinstance(v, str)
                                          for k, v in kept.items()):
            return kept
    made = _from_babel(locale, table)
    if entry is not None:
        cachefiles.write(entry, json.dumps(made, ensure_ascii=False).encode("utf-8"))
    return made


def clear() -> None:
    """Forget the tables read in this process (tests that change the cache folder)."""
    cldr_table.cache_clear()
