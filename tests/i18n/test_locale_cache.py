"""Babel's merged data for the document locales is kept in the cache folder between processes:
the data read back from an entry is the data Babel merges (same pickle bytes), dates and
numbers come out the same, and a damaged entry is merged again."""

from __future__ import annotations

import datetime as dt
import pickle
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel import localedata

from mla_writer.i18n import format_date, format_number, locale_cache
from mla_writer.i18n.languages import FORMAT_LOCALES


def _forget(locale: str) -> None:
    """Babel and the cache module forget `locale`, as in a new process."""
    localedata._cache.pop(locale, None)
    localedata._dict_cache.pop(locale, None)
    locale_cache._primed.discard(locale)


@pytest.fixture
def entries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("MLA_WRITER_CACHE_DIR", str(tmp_path))
    yield tmp_path / "babel-locales"
    for locale in FORMAT_LOCALES.values():
        _forget(locale)  # later tests get Babel's own data


def _formatted(lang: str) -> tuple[str, ...]:
    return (format_date(dt.date(2026, 9, 5), lang), format_date(dt.date(2026, 1, 31), lang),
            format_number(1234567.25, lang))


@pytest.mark.parametrize("lang", sorted(FORMAT_LOCALES))
def test_an_entry_gives_babel_the_data_it_merges(entries: Path, lang: str) -> None:
    locale = FORMAT_LOCALES[lang]
    _forget(locale)
    merged = pickle.dumps(localedata.load(locale))  # Babel's own merge
    expected = _formatted(lang)
    _forget(locale)
    locale_cache.prime(locale)  # merges and writes the entry
    assert len(list(entries.iterdir())) == 1
    _forget(locale)
    locale_cache.prime(locale)  # reads the entry
    from_entry = localedata._cache[locale]
    assert pickle.dumps(from_entry) == merged
    assert _formatted(lang) == expected
    assert localedata._cache[locale] is from_entry  # formatting used the entry's data


def test_a_damaged_entry_is_merged_again(entries: Path) -> None:
    locale = FORMAT_LOCALES["th"]
    _forget(locale)
    locale_cache.prime(locale)
    merged = pickle.dumps(localedata._cache[locale])
    (entry,) = entries.iterdir()
    entry.write_bytes(b"not a pickle")
    _forget(locale)
    locale_cache.prime(locale)
    assert pickle.dumps(localedata._cache[locale]) == merged
    assert entry.read_bytes() != b"not a pickle"  # written again


def test_without_a_cache_folder_babel_merges_as_usual(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLA_WRITER_CACHE_DIR", "")
    locale = FORMAT_LOCALES["th"]
    _forget(locale)
    locale_cache.prime(locale)
    assert locale not in localedata._cache  # nothing given: Babel loads it when asked
    assert format_date(dt.date(2026, 9, 5), "th") == "5 กันยายน พ.ศ. 2569"
