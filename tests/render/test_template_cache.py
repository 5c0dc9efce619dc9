"""Compiled templates are shared by every language and kept between processes; a changed or
damaged cache entry is compiled again, never trusted."""

from __future__ import annotations

from pathlib import Path

import pytest
from jinja2.sandbox import SandboxedEnvironment

from mla_writer.render import environment as envmod


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(envmod.CACHE_ENV, str(tmp_path))
    envmod._bytecode_cache.cache_clear()
    envmod.clear_cache()
    yield tmp_path
    envmod._bytecode_cache.cache_clear()
    envmod.clear_cache()


def _count_compiles(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    names: list[str] = []
    original = SandboxedEnvironment.compile

    def counted(self, source, name=None, filename=None, raw=False, defer_init=False):  # type: ignore[no-untyped-def]
        names.append(name)
        return original(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(SandboxedEnvironment, "compile", counted)
    return names


def test_a_template_is_compiled_once_for_all_languages_and_processes(
        cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    compiled = _count_compiles(monkeypatch)
    first = envmod.environment("en").get_template("transmittal.html")
    assert compiled.count("transmittal.html") == 1
    envmod.environment("th").get_template("transmittal.html")
    assert compiled.count("transmittal.html") == 1  # the Thai environment reused it
    assert list(cache_dir.rglob("*.cache"))  # kept for the next process
    envmod._bytecode_cache.cache_clear()  # a new process: only the disk copy is left
    envmod.clear_cache()
    again = envmod.environment("vi").get_template("transmittal.html")
    assert compiled.count("transmittal.html") == 1
    assert again.root_render_func.__code__.co_code == first.root_render_func.__code__.co_code


def test_a_damaged_cache_entry_is_compiled_again(cache_dir: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    envmod.environment("en").get_template("transmittal.html")
    for entry in cache_dir.rglob("*.cache"):
        entry.write_bytes(b"j2 damaged")
    envmod._bytecode_cache.cache_clear()
    envmod.clear_cache()
    compiled = _count_compiles(monkeypatch)
    template = envmod.environment("en").get_template("transmittal.html")
    assert "transmittal.html" in compiled
    assert template.root_render_func is not None


def test_an_unwritable_cache_folder_only_costs_the_disk_copy(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(envmod.CACHE_ENV, str(blocker))  # cannot make folders under a file
    envmod._bytecode_cache.cache_clear()
    envmod.clear_cache()
    try:
        assert envmod.environment("en").get_template("transmittal.html") is not None
    finally:
        envmod._bytecode_cache.cache_clear()
        envmod.clear_cache()


@pytest.mark.skipif(not hasattr(__import__("os"), "getuid"), reason="POSIX file modes")
def test_a_cache_entry_others_may_write_is_never_run(cache_dir: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Compiled code is run: an entry in a folder or file that other accounts can write is
    compiled again, not loaded."""
    envmod.environment("en").get_template("transmittal.html")
    entries = list(cache_dir.rglob("*.cache"))
    assert entries and all(e.stat().st_mode & 0o077 == 0 for e in entries)  # written private
    for entry in entries:
        entry.chmod(0o666)
    envmod._bytecode_cache.cache_clear()
    envmod.clear_cache()
    compiled = _count_compiles(monkeypatch)
    envmod.environment("en").get_template("transmittal.html")
    assert "transmittal.html" in compiled
