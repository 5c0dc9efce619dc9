"""Validated profiles are kept between processes: the same bytes validated by the same code
load from the cache, equal to a fresh load; an edit, a damaged entry or an entry another
account could write is validated again; a broken folder is never stored."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from mla_writer.profiles import loader, parsed_cache, scan_profiles

FIXTURES = Path(__file__).resolve().parents[1] / "rules" / "fixture_profiles"
SHIPPED = Path(__file__).resolve().parents[2] / "legal_profiles"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("MLA_WRITER_CACHE_DIR", str(folder))
    return folder / "profiles"


@pytest.fixture
def profiles(tmp_path: Path) -> Path:
    return Path(shutil.copytree(FIXTURES, tmp_path / "profiles"))


def _validations(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files parsed from TOML (not from the cache)."""
    seen: list[str] = []
    original = loader._read

    def counted(path: Path, rel: str, raw: bytes | None = None):  # type: ignore[no-untyped-def]
        seen.append(rel)
        return original(path, rel, raw)

    monkeypatch.setattr(loader, "_read", counted)
    return seen


@pytest.mark.parametrize("folder", [FIXTURES, SHIPPED], ids=["fixtures", "shipped"])
def test_the_cached_registry_equals_a_fresh_load(folder: Path, cache: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    fresh = scan_profiles(folder)
    assert fresh.broken == {} and len(list(cache.glob("*.json"))) == 1
    validated = _validations(monkeypatch)
    again = scan_profiles(folder)
    assert validated == []  # from the cache
    for name in ("directory", "states", "instruments", "baseline", "files", "origins", "broken"):
        assert getattr(again, name) == getattr(fresh, name), name
    assert [type(s) for s in again.states.values()] == [type(s) for s in fresh.states.values()]


def test_an_edited_profile_is_validated_again(profiles: Path, cache: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    scan_profiles(profiles)
    path = profiles / "states" / "XA.toml"
    path.write_text(path.read_text("utf-8").replace('name_en = "Xanadu"', 'name_en = "Xanadoo"'),
                    "utf-8")
    validated = _validations(monkeypatch)
    reg = scan_profiles(profiles)
    assert "states/XA.toml" in validated and reg.states["XA"].name_en == "Xanadoo"


def test_a_broken_folder_is_never_stored(profiles: Path, cache: Path) -> None:
    (profiles / "states" / "XB.toml").write_text("code = \n", "utf-8")
    assert scan_profiles(profiles).broken
    assert not list(cache.glob("*.json"))
    assert "states/XB.toml" in scan_profiles(profiles).broken  # reported every time


def test_a_damaged_entry_is_validated_again(profiles: Path, cache: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    fresh = scan_profiles(profiles)
    for entry in cache.glob("*.json"):
        entry.write_bytes(b'{"states/XA.toml": "{not json')
    validated = _validations(monkeypatch)
    assert scan_profiles(profiles).states == fresh.states and validated


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX file modes")
def test_an_entry_others_may_write_is_never_trusted(profiles: Path, cache: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    scan_profiles(profiles)
    entries = list(cache.glob("*.json"))
    assert entries and all(e.stat().st_mode & 0o077 == 0 for e in entries)  # written private
    assert cache.stat().st_mode & 0o077 == 0
    for entry in entries:  # as if planted: a state that says something else
        entry.write_text(entry.read_text("utf-8").replace("Xanadu", "Planted"), "utf-8")
        entry.chmod(0o666)
    validated = _validations(monkeypatch)
    reg = scan_profiles(profiles)
    assert validated and reg.states["XA"].name_en == "Xanadu"
    cache.chmod(0o777)  # a folder others may write: its entries are not read either
    for entry in cache.glob("*.json"):
        entry.chmod(0o600)
    validated.clear()
    assert scan_profiles(profiles).states["XA"].name_en == "Xanadu" and validated
    cache.chmod(0o700)


def test_no_cache_folder_keeps_working(profiles: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLA_WRITER_CACHE_DIR", "")
    assert scan_profiles(profiles).broken == {}
    assert parsed_cache.cachefiles.folder("profiles") is None
