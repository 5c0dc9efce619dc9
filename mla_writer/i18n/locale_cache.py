"""Babel's data for a document locale, merged once and kept in the user's cache folder.

Babel makes a locale's data in every process by loading and merging the pickles of the locale
and of each locale it inherits from (root, th, th_TH): some 15 ms before the first Thai date.
What the merges produce depends only on Babel's data files, so the merged data of the whole
chain is kept (one pickle, in which what the locales share is written once) keyed by Babel's
version and the files' sizes and modification times, and handed to Babel (its own in-memory
cache of merged locales) before Babel would build it: the next process reads one pickle in
half the time. (British English gains nothing: its chain merges little.) Dates, numbers and
language names are the same strings (tests/i18n/test_locale_cache.py). An entry another
account could have written is ignored (`cachefiles`); when caches are kept in memory only,
Babel merges as usual.
"""

# lazy imports (start-up cost): babel, hashlib, pickle (a `check` imports i18n without formatting)
from __future__ import annotations

import os
from pathlib import Path

from .. import cachefiles

#: bumped when what an entry holds changes
_FORMAT = 2
#: locales handed to Babel in this process (each is looked at once)
_primed: set[str] = set()


def prime(locale: str) -> None:
    """Give Babel the merged data of `locale` (e.g. "th_TH") and of the locales it inherits
    from ("th", "root": language names are looked up in those) from the cache entry, or merge
    them the usual way and write the entry; nothing when Babel already has `locale`."""
    if locale in _primed:
        return
    _primed.add(locale)
    import pickle

    from babel import localedata

    if locale in localedata._cache or not localedata.exists(locale):
        return
    path = _entry_path(locale, localedata._dirname)
    if path is None:
        return
    raw = cachefiles.read(path)
    if raw is not None:
        try:
            # only the user's own entry is read (as trusted as a compiled template entry)
            entry = pickle.loads(raw)  # noqa: S301
        except Exception:  # a damaged entry: merge again
            entry = None
        if isinstance(entry, dict) and isinstance(entry.get(locale), dict):
            with localedata._cache_lock:
                for name, data in entry.items():
                    localedata._cache.setdefault(name, data)
            return
    localedata.load(locale)
    # the merged data of the whole chain in one pickle: what the locales share is kept once
    entry = {name: localedata._cache[name] for name in _chain(locale)
             if name in localedata._cache}
    cachefiles.write(path, pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL))


def _chain(locale: str) -> list[str]:
    """`locale` and the locales Babel merges into it, as `babel.localedata.load` finds them
    (only what goes into the entry depends on it: a locale left out is loaded by Babel)."""
    from babel import localedata
    from babel.core import get_global

    chain = [locale]
    name = locale
    while name != "root" and len(chain) < 10:
        parent = get_global("parent_exceptions").get(name)
        if not parent:
            is_script = getattr(localedata, "_is_non_likely_script", lambda _n: False)
            parts = name.split("_")
            parent = "root" if is_script(name) or len(parts) == 1 else "_".join(parts[:-1])
        chain.append(parent)
        name = parent
    return chain


def _entry_path(locale: str, data_dir: str) -> Path | None:
    import hashlib
    import pickle

    import babel

    folder = cachefiles.folder("babel-locales")
    if folder is None:
        return None
    parts = [str(_FORMAT), babel.__version__, str(pickle.HIGHEST_PROTOCOL),
             os.path.abspath(data_dir), locale]
    names = locale.split("_")
    for file in ["root", *("_".join(names[:n]) for n in range(1, len(names) + 1))]:
        try:
            info = os.stat(os.path.join(data_dir, f"{file}.dat"))
            parts.append(f"{file}:{info.st_size}:{info.st_mtime_ns}")
        except OSError:
            parts.append(f"{file}:-")
    stamp = "\n".join(parts).encode()
    return folder / f"{hashlib.sha256(stamp).hexdigest()}.pickle"
