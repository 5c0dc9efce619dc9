"""The state-names table is kept as JSON in the cache folder (no TOML parse per process), and
a changed or damaged entry never gives other names than the file holds."""

from __future__ import annotations

import os
import sys
import tomllib
from pathlib import Path

import pytest

from mla_writer import cachefiles
from mla_writer.i18n import names
from mla_writer.resources import data_dir

SHIPPED = data_dir("translations") / "state_names.toml"


def _parsed(path: Path) -> dict[str, dict[str, str]]:
    data = tomllib.loads(path.read_text("utf-8"))
    return {code.upper(): {k: str(v) for k, v in row.items()} for code, row in data.items()}


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv(cachefiles.CACHE_ENV, str(folder))
    return folder


def test_the_table_read_back_from_the_cache_is_the_files(cache, monkeypatch):
    first = names._read_state_names(SHIPPED)
    assert first == _parsed(SHIPPED)
    assert list((cache / "i18n").glob("*.json"))  # kept
    monkeypatch.setitem(sys.modules, "tomllib", None)  # a second read parses no TOML
    assert names._read_state_names(SHIPPED) == first


def test_a_changed_file_is_read_again(cache, tmp_path):
    path = tmp_path / "state_names.toml"
    path.write_text('[TH]\nen = "the Kingdom of Thailand"\n', "utf-8")
    assert names._read_state_names(path) == {"TH": {"en": "the Kingdom of Thailand"}}
    path.write_text('[TH]\nen = "the Kingdom of Siam, renamed"\n', "utf-8")
    os.utime(path, ns=(1, 1))  # even with a time older than the entry's
    assert names._read_state_names(path) == {"TH": {"en": "the Kingdom of Siam, renamed"}}


@pytest.mark.parametrize("damage", [b"{not json", b'{"TH": {"en": 3}}', b'["TH"]'])
def test_a_damaged_entry_is_ignored(cache, damage):
    names._read_state_names(SHIPPED)
    [entry] = (cache / "i18n").glob("*.json")
    entry.write_bytes(damage)
    assert names._read_state_names(SHIPPED) == _parsed(SHIPPED)


def test_without_a_cache_folder_the_file_is_parsed(monkeypatch):
    monkeypatch.setenv(cachefiles.CACHE_ENV, "")
    assert names._read_state_names(SHIPPED) == _parsed(SHIPPED)
