"""The CLDR tables a build or check reads are kept as JSON in the cache folder: what is read
back is exactly Babel's, and a stale or damaged entry is made again from Babel."""

from __future__ import annotations

import datetime as dt
import os
import sys

import pytest
from babel import Locale
from babel.dates import format_date as babel_date
from babel.numbers import format_decimal

from mla_writer import cachefiles
from mla_writer.i18n import cldr_cache, formatting
from mla_writer.i18n.languages import FORMAT_LOCALES
from mla_writer.rules.local_names import language_name


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv(cachefiles.CACHE_ENV, str(folder))
    cldr_cache.clear()
    yield folder
    cldr_cache.clear()


def _babel(locale: str, table: str) -> dict[str, str]:
    found = Locale.parse(locale)
    if table == "months":
        return {str(k): str(v) for k, v in found.months["format"]["wide"].items()}
    if table == "date_formats":
        return {k: str(v.pattern) for k, v in found.date_formats.items()}
    return {str(k): str(v) for k, v in getattr(found, table).items()}


@pytest.mark.parametrize("locale", ["en", *FORMAT_LOCALES.values()])
def test_the_tables_read_back_are_babels(cache, monkeypatch, locale):
    made = {table: cldr_cache.cldr_table(locale, table) for table in cldr_cache.TABLES}
    assert made == {table: _babel(locale, table) for table in cldr_cache.TABLES}
    assert len(list((cache / "i18n").glob("*.json"))) == len(cldr_cache.TABLES)
    cldr_cache.clear()
    monkeypatch.setattr(cldr_cache, "_from_babel", None)  # a second process asks Babel nothing
    assert {table: cldr_cache.cldr_table(locale, table) for table in cldr_cache.TABLES} == made


def test_the_english_language_names_are_babels(cache):
    names = Locale("en").languages
    for code in ("th", "km", "lo", "my", "zh", "vi", "en", "fr", "xx-unknown"):
        language_name.cache_clear()
        assert language_name(code) == str(names.get(code) or code)


@pytest.mark.parametrize("damage", [b"{not json", b'{"th": 3}', b'["th"]', b""])
def test_a_damaged_entry_is_made_again(cache, damage):
    cldr_cache.cldr_table("en", "languages")
    [entry] = (cache / "i18n").glob("*.json")
    entry.write_bytes(damage)
    cldr_cache.clear()
    assert cldr_cache.cldr_table("en", "languages") == _babel("en", "languages")


def test_a_changed_babel_data_file_makes_a_new_entry(cache, monkeypatch, tmp_path):
    """A stale entry (Babel's data changed: another size or time) is never read back."""
    fake = tmp_path / "babel"
    (fake / "locale-data").mkdir(parents=True)
    for name in ("__init__.py", "locale-data/root.dat", "locale-data/en.dat"):
        (fake / name).write_bytes(b"1")
    monkeypatch.setattr(cldr_cache, "_babel_folder", lambda: fake)
    monkeypatch.setattr(cldr_cache, "_from_babel", lambda locale, table: {"th": "Old Thai"})
    assert cldr_cache.cldr_table("en", "languages") == {"th": "Old Thai"}
    cldr_cache.cldr_table.cache_clear()
    monkeypatch.setattr(cldr_cache, "_from_babel", lambda locale, table: {"th": "Thai"})
    for name in ("locale-data/root.dat", "locale-data/en.dat", "__init__.py"):
        (fake / name).write_bytes(b"22")
        os.utime(fake / name, ns=(1, 1))  # even with a time older than the entry's
        cldr_cache.cldr_table.cache_clear()
        assert cldr_cache.cldr_table("en", "languages") == {"th": "Thai"}, name
        monkeypatch.setattr(cldr_cache, "_from_babel", lambda locale, table: {"th": "New"})
        cldr_cache.cldr_table.cache_clear()
        assert cldr_cache.cldr_table("en", "languages") == {"th": "Thai"}  # kept
        monkeypatch.setattr(cldr_cache, "_from_babel", lambda locale, table: {"th": "Thai"})


def test_without_a_cache_folder_babel_is_asked(monkeypatch):
    monkeypatch.setenv(cachefiles.CACHE_ENV, "")
    cldr_cache.clear()
    try:
        assert cldr_cache.cldr_table("en", "territories") == _babel("en", "territories")
    finally:
        cldr_cache.clear()


def test_an_unknown_table_is_an_error():
    with pytest.raises(ValueError):
        cldr_cache.cldr_table("en", "currencies")


def _days() -> list[dt.date]:
    start = dt.date(2026, 1, 1)
    return [start + dt.timedelta(days=n) for n in range(365)] + [
        dt.date(1, 1, 1), dt.date(999, 12, 31), dt.date(1984, 3, 12), dt.date(9999, 12, 31)]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_long_dates_are_written_as_babel_writes_them(cache, lang):
    locale = FORMAT_LOCALES[lang]
    for day in _days():
        assert formatting.format_date(day, lang) == babel_date(day, "long", locale=locale)


def test_a_pattern_with_other_fields_is_left_to_babel():
    day = dt.date(2026, 11, 2)
    assert formatting._pattern_date("d MMMM y", day, "November") == "2 November 2026"
    assert formatting._pattern_date("dd/MM/yyyy", day, "November") == "02/11/2026"
    for pattern in ("EEEE d MMMM y", "d 'de' MMMM y", "d MMM y", "d MMMM yy", "G y"):
        assert formatting._pattern_date(pattern, day, "November") is None


def test_month_names_are_babels_in_every_language(cache):
    for lang, locale in FORMAT_LOCALES.items():
        months = Locale.parse(locale).months["format"]["wide"]
        assert [cldr_cache.cldr_table(locale, "months")[str(m)] for m in range(1, 13)] == \
            [str(months[m]) for m in range(1, 13)], lang


@pytest.mark.parametrize("lang", sorted(FORMAT_LOCALES))
def test_small_counts_are_written_as_babel_writes_them(lang, monkeypatch):
    locale = FORMAT_LOCALES[lang]
    expected = [formatting.native_digits(str(format_decimal(n, locale=locale)), lang)
                for n in range(1200)]
    assert [formatting.format_number(n, lang) for n in range(1200)] == expected
    monkeypatch.setitem(sys.modules, "babel.numbers", None)  # no Babel below 1000
    assert [formatting.format_number(n, lang) for n in range(1000)] == expected[:1000]
    with pytest.raises(ValueError):
        formatting.format_number(5, "xx")
