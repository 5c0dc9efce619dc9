"""The bundled faces' parsed tables are kept in the cache folder between processes: a font made
from an entry is the font reportlab's parse makes (every attribute, every value), and a
damaged entry or one another account could write is parsed again. The same for the letter
extents of the Lao and Burmese faces (pdf_font_metrics)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from reportlab.pdfbase.ttfonts import TTFNameBytes, TTFont

from mla_writer.render import pdf_font_cache as fc
from mla_writer.render import pdf_font_metrics as fm
from mla_writer.render.scripts import FONTS, LAO, MYANMAR, font_for_script

FACES = sorted({(str(font_for_script(s).path(b, i)), font_for_script(s).subfont)
                for s in FONTS for b in (False, True) for i in (False, True)})


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MLA_WRITER_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache" / "pdf-fonts"


def _parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    original = fc._parse

    def counted(name: str, path: str, subfont: int) -> TTFont:
        calls.append(path)
        return original(name, path, subfont)

    monkeypatch.setattr(fc, "_parse", counted)
    return calls


def _same(kept: TTFont, parsed: TTFont) -> None:
    assert type(kept) is type(parsed) and type(kept.face) is type(parsed.face)
    assert list(vars(kept)) == list(vars(parsed))
    for key in ("fontName", "_asciiReadable", "shapable"):
        assert getattr(kept, key) == getattr(parsed, key), key
    assert list(vars(kept.face)) == list(vars(parsed.face))
    for key, value in vars(parsed.face).items():
        got: Any = getattr(kept.face, key)
        if key == "_pdfScale":
            assert [got(v) for v in (0, 1, 7, -333, 2048)] == \
                [value(v) for v in (0, 1, 7, -333, 2048)]
            continue
        assert type(got) is type(value) and got == value, key
        if isinstance(value, TTFNameBytes):
            assert got.ustr == value.ustr, key


@pytest.mark.parametrize("path, subfont", FACES, ids=[Path(p).name for p, _s in FACES])
def test_a_font_from_the_cache_is_the_parsed_font(path: str, subfont: int, cache: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    parses = _parses(monkeypatch)
    parsed = fc.load_font("MLA-test", path, subfont)
    assert parses == [path] and len(list(cache.iterdir())) == 1
    kept = fc.load_font("MLA-test", path, subfont)
    assert parses == [path]  # read from the cache, not parsed again
    _same(kept, parsed)
    assert kept.face.makeSubset([0, 32, 65, 66]) == parsed.face.makeSubset([0, 32, 65, 66])


def test_a_damaged_entry_is_parsed_again(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path, subfont = FACES[0]
    parsed = fc.load_font("MLA-test", path, subfont)
    for entry in cache.iterdir():
        entry.write_bytes(entry.read_bytes()[:-10])
    parses = _parses(monkeypatch)
    _same(fc.load_font("MLA-test", path, subfont), parsed)
    assert parses == [path]


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX file modes")
def test_an_entry_others_may_write_is_parsed_again(cache: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    path, subfont = FACES[0]
    fc.load_font("MLA-test", path, subfont)
    for entry in cache.iterdir():
        assert entry.stat().st_mode & 0o077 == 0
        entry.chmod(0o646)
    parses = _parses(monkeypatch)
    fc.load_font("MLA-test", path, subfont)
    assert parses == [path]


def test_without_a_cache_folder_every_load_parses(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLA_WRITER_CACHE_DIR", "")
    parses = _parses(monkeypatch)
    path, subfont = FACES[0]
    fc.load_font("MLA-test", path, subfont)
    fc.load_font("MLA-test", path, subfont)
    assert parses == [path, path]


@pytest.mark.parametrize("script", [LAO, MYANMAR])
def test_kept_letter_extents_are_the_measured_ones(script: str, cache: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    spec = font_for_script(script)
    path = str(spec.path())
    measured = fm.measure_letter_extents(path, spec.subfont, script)
    calls: list[str] = []
    original = fm.measure_letter_extents

    def counted(*args: Any) -> tuple[int, int]:
        calls.append(args[0])
        return original(*args)

    monkeypatch.setattr(fm, "measure_letter_extents", counted)
    fm.letter_extents.cache_clear()
    assert fm.letter_extents(path, spec.subfont, script) == measured and calls == [path]
    fm.letter_extents.cache_clear()  # the next process reads the entry
    assert fm.letter_extents(path, spec.subfont, script) == measured and calls == [path]
    for entry in cache.glob("*.extents"):
        entry.write_bytes(b"[1, ")  # damaged: measured again
    fm.letter_extents.cache_clear()
    assert fm.letter_extents(path, spec.subfont, script) == measured and calls == [path] * 2
    fm.letter_extents.cache_clear()
