"""Babel's data for a document locale, merged once and kept in the user's cache folder.

Babel makes a locale's data in every process by loading and merging the pickles of the locale
and of each of its parents (root, th, th_TH): some 20 ms before the first Thai date, 9 ms for
British English. What the merge produces depends only on Babel's data files, so it is kept
(one pickle) keyed by Babel's version and the files' sizes and modification times, and handed
to Babel (its own in-memory cache of merged locales) before Babel would build it; the next
process reads one pickle in about a fifth of the time. Dates and numbers are the same strings
(tests/i18n/test_locale_cache.py). An entry another account could have written is ignored
(`cachefiles`); when caches are kept in memory only, Babel merges as usual.
"""

# lazy imports (start-up cost): babel, hashlib, pickle (a `check` imports i18n without formatting)
from __future__ import annotations

import os
from pathlib import Path

from .. import cachefiles

#: bumped when what an entry holds changes
_FORMAT = 1
#: locales handed to Babel in this process (each is looked at once)
_primed: set[str] = set()


def prime(locale: str) -> None:
    """Give Babel the merged data of `locale` (e.g. "th_TH") from the cache entry, or merge it
    the usual way and write the entry; nothing when Babel already has it."""
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
            data = pickle.loads(raw)  # noqa: S301
        except Exception:  # a damaged entry: merge again
            data = None
        if isinstance(data, dict):
            with localedata._cache_lock:
                localedata._cache.setdefault(locale, data)
            return
    data = localedata.load(locale)
    cachefiles.write(path, pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))


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
