"""The look-alike maps kept between processes are the maps built from the data, entry for entry.

`identities._confusable_maps` reads the maps from the private cache folder when an entry for
the same data and code is there; these tests build the whole table from scratch and compare
it with what the cache gives on a first run (built, then written) and on later runs (read back),
and check that a damaged or foreign entry is never used.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest

from mla_writer import cachefiles, identities


def _from_scratch() -> identities.ConfusableMaps:
    data = json.loads(resources.files("confusable_homoglyphs").joinpath(
        "confusables.json").read_text("utf-8"))
    return identities._build_confusable_maps(data)


def _fresh() -> identities.ConfusableMaps:
    """The maps as a new process gets them (nothing kept in memory)."""
    identities._confusable_maps.cache_clear()
    identities.identity_key.cache_clear()
    return identities._confusable_maps()


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "cache"
    monkeypatch.setenv(cachefiles.CACHE_ENV, str(folder))
    yield folder / "identities"
    identities._confusable_maps.cache_clear()  # later tests build their own
    identities.identity_key.cache_clear()


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("confusables-*.json"))


def test_the_cached_maps_are_the_whole_table_built_from_the_data(cache: Path) -> None:
    scratch = _from_scratch()
    assert len(scratch[0]) > 4000 and len(scratch[1]) > 1000  # the real table, not a stub
    first = _fresh()  # built and written
    assert len(_entries(cache)) == 1
    read_back = _fresh()  # read from the entry
    for maps in (first, read_back):
        assert maps[0] == scratch[0]
        assert list(maps[0]) == list(scratch[0])
        assert maps[1] == scratch[1]  # the sequences in the same (longest-first) order
        assert type(maps[1]) is tuple and all(type(p) is tuple for p in maps[1])


def test_the_entry_is_read_back_not_built_again(cache: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    expected = _fresh()

    def no_build(data: object) -> identities.ConfusableMaps:
        raise AssertionError("built again although the entry is there")

    monkeypatch.setattr(identities, "_build_confusable_maps", no_build)
    assert _fresh() == expected
    assert identities.same_person("Dara Sok", "D\u0430ra S\u043ek")  # Cyrillic а, о


def test_the_entry_is_private(cache: Path) -> None:
    _fresh()
    (entry,) = _entries(cache)
    assert entry.stat().st_mode & 0o777 == 0o600
    assert cache.stat().st_mode & 0o777 == 0o700


@pytest.mark.parametrize("damage", [
    b"", b"{", b"[]", b'{"format": 1}',
    b'{"format": 1, "single": ["ab", "a"], "sequences": ["", ""]}',  # lengths differ
    b'{"format": 99, "single": ["a", "b"], "sequences": ["", ""]}',  # another format
    b'{"format": 1, "single": [1, 2], "sequences": ["", ""]}',
])
def test_a_damaged_entry_is_built_again(cache: Path, damage: bytes) -> None:
    scratch = _from_scratch()
    _fresh()
    (entry,) = _entries(cache)
    entry.write_bytes(damage)
    assert _fresh() == scratch


def test_an_entry_others_may_write_is_not_used(cache: Path) -> None:
    scratch = _from_scratch()
    _fresh()
    (entry,) = _entries(cache)
    entry.write_bytes(b'{"format": 1, "single": ["a", "b"], "sequences": ["", ""]}')
    os.chmod(entry, 0o666)
    assert _fresh() == scratch  # not {'a': 'b'}


def test_other_data_is_another_entry(cache: Path, monkeypatch: pytest.MonkeyPatch,
                                     tmp_path: Path) -> None:
    real = identities._data_file()
    assert real is not None
    _fresh()
    copy = tmp_path / "pkg" / real.name
    copy.parent.mkdir()
    copy.write_bytes(real.read_bytes() + b"\n")
    (copy.parent / "_version.py").write_text("version = 'other'\n")
    monkeypatch.setattr(identities, "_data_file", lambda: copy)
    _fresh()
    assert len(_entries(cache)) == 2


def test_without_a_cache_folder_the_maps_are_built_each_time(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cachefiles.CACHE_ENV, "")
    try:
        assert _fresh() == _from_scratch()
    finally:
        identities._confusable_maps.cache_clear()
        identities.identity_key.cache_clear()
