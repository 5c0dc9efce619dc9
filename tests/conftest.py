"""Test-wide settings: Qt runs offscreen; the bundled examples are easy to reach."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from mla_writer.domain.model import CaseFile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_NAMES = ("mla-bank-records", "mla-freezing-electronic", "extradition-accused",
                 "provisional-arrest")


@pytest.fixture(params=EXAMPLE_NAMES)
def example_path(request: pytest.FixtureRequest) -> Path:
    return ROOT / "examples" / f"{request.param}.json"


def _untranslated(name: str) -> CaseFile:
    from mla_writer.storage import load

    case = load(ROOT / "examples" / f"{name}.json")
    case.translations.clear()
    return case


@pytest.fixture
def untranslated_example() -> Callable[[str], CaseFile]:
    """Load a bundled example without its translations: the case as a user types it in
    English, before a translator's work. The examples ship translated into their document
    languages, so tests of untranslated text (marking, XLIFF export, the checklist) start here."""
    return _untranslated


@pytest.fixture
def untranslated_example_file(tmp_path: Path) -> Callable[[str], Path]:
    """Write a bundled example without its translations to a case file of its own (for the
    command line and the GUI); returns the file's path."""
    from mla_writer.storage import save

    def write(name: str) -> Path:
        path = tmp_path / f"{name}.untranslated.json"
        save(_untranslated(name), path)
        return path

    return write


def _match_golden(path: Path, text: str) -> None:
    if os.environ.get("MLA_UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.is_file(), f"{path.name} missing: run with MLA_UPDATE_GOLDEN=1 and review it"
    expected = path.read_text(encoding="utf-8")
    if text != expected:
        import difflib

        diff = "".join(difflib.unified_diff(expected.splitlines(True), text.splitlines(True),
                                            "reviewed", "now", n=1))
        pytest.fail(f"{path.name} differs (MLA_UPDATE_GOLDEN=1 after review):\n{diff[:3000]}")


@pytest.fixture
def golden_text() -> Callable[[Path, str], None]:
    """Compare a document's text with its reviewed golden file (MLA_UPDATE_GOLDEN=1 rewrites
    it, to be read as a diff before committing); fails with the first lines that differ."""
    return _match_golden
