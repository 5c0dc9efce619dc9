"""The empty base document (python-docx's template with our styles) is kept in the cache folder
between processes: a document written from the kept copy is the same bytes as one written from
a freshly made base; a damaged entry or one another account could write is made again."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from mla_writer.domain.clock import fixed_clock
from mla_writer.render import build_document
from mla_writer.render import docx_writer as dw
from mla_writer.storage import load

ROOT = Path(__file__).resolve().parents[2]
CLOCK = fixed_clock(dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC))


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MLA_WRITER_CACHE_DIR", str(tmp_path / "cache"))
    _new_process()
    yield tmp_path / "cache" / "docx-base"
    _new_process()


def _new_process() -> None:
    dw._base_document.cache_clear()
    dw._unchanged_parts.cache_clear()
    dw._base_reader.cache_clear()


def _made(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    original = dw._make_base_document

    def counted(lang: str) -> tuple[bytes, dict[str, str]]:
        calls.append(lang)
        return original(lang)

    monkeypatch.setattr(dw, "_make_base_document", counted)
    return calls


def _docx(lang: str) -> bytes:
    case = load(ROOT / "examples" / "mla-bank-records.json")
    return dw.render_docx(build_document(case, lang=lang, clock=CLOCK, draft=True))


@pytest.mark.parametrize("lang", ["en", "th"])
def test_a_document_from_the_kept_base_is_the_same_bytes(lang: str, cache: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    made = _made(monkeypatch)
    fresh = _docx(lang)
    assert made == [lang] and len(list(cache.iterdir())) == 1
    _new_process()
    assert _docx(lang) == fresh and made == [lang]  # read from the cache, not made again


def test_a_damaged_entry_is_made_again(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fresh = _docx("en")
    for entry in cache.iterdir():
        entry.write_bytes(entry.read_bytes()[:-10])
    _new_process()
    made = _made(monkeypatch)
    assert _docx("en") == fresh and made == ["en"]


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX file modes")
def test_an_entry_others_may_write_is_made_again(cache: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    _docx("en")
    for entry in cache.iterdir():
        assert entry.stat().st_mode & 0o077 == 0
        entry.chmod(0o646)
    _new_process()
    made = _made(monkeypatch)
    _docx("en")
    assert made == ["en"]


@pytest.mark.parametrize("lang", ["en", "th"])
def test_the_base_parts_deflated_bytes_are_what_deflating_them_gives(lang: str,
                                                                      cache: Path) -> None:
    parts = dw._unchanged_parts(lang)
    assert parts  # styles.xml and the rest are taken from the base, not deflated again
    for name, part in parts.items():
        assert part == dw._Deflated.of(part.blob), name


def test_documents_made_one_after_another_from_the_read_base_are_the_same_bytes(
        cache: Path) -> None:
    first = _docx("th")
    _docx("en")
    assert _docx("th") == first  # the base read once serves every document unchanged
    _new_process()
    assert _docx("th") == first
