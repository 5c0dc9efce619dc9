"""Older case files are migrated in memory, losslessly; the file changes only on a save.

The fixture is the first committed provisional-arrest example in the pre-release layout
(schema 0: before the liability and accuracy undertakings existed).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from mla_writer import storage
from mla_writer.domain.model import SCHEMA_VERSION
from mla_writer.storage import CaseFileError

V0 = Path(__file__).parent / "fixtures" / "schema-v0-provisional-arrest.json"


def _leaves(value: Any, loc: tuple[Any, ...] = ()) -> dict[tuple[Any, ...], Any]:
    if isinstance(value, dict) and value:
        return {k: v for key, item in value.items() for k, v in _leaves(item, (*loc, key)).items()}
    if isinstance(value, list) and value:
        return {k: v for i, item in enumerate(value) for k, v in _leaves(item, (*loc, i)).items()}
    return {loc: value}


def test_a_v0_file_loads_losslessly_and_stays_untouched(tmp_path: Path) -> None:
    path = tmp_path / "old.json"
    path.write_bytes(V0.read_bytes())
    before = path.read_bytes()
    case, version = storage.load_with_version(path)
    assert version == 0 and case.schema_version == SCHEMA_VERSION
    assert path.read_bytes() == before  # loading never rewrites the file
    old = _leaves(json.loads(before))
    new = _leaves(storage.case_to_dict(case))
    for loc, value in old.items():
        if loc == ("schema_version",):
            continue
        assert new.get(loc, "MISSING") == value, loc
    undertakings = case.request.undertakings
    assert undertakings.compensation_for_wrongful_detention is False
    assert undertakings.accuracy_of_information is False
    storage.save(case, path)  # only an explicit save writes the new version
    assert json.loads(path.read_text("utf-8"))["schema_version"] == SCHEMA_VERSION
    assert storage.load_with_version(path) == (case, SCHEMA_VERSION)


def test_migration_never_changes_the_callers_data() -> None:
    data = json.loads(V0.read_text("utf-8"))
    snapshot = json.dumps(data, sort_keys=True)
    storage.case_from_dict(data)
    assert json.dumps(data, sort_keys=True) == snapshot


def test_a_migrated_file_is_still_validated_whole() -> None:
    data = json.loads(V0.read_text("utf-8"))
    data["request"]["urgency"]["urgent"] = "yes"
    with pytest.raises(CaseFileError) as info:
        storage.case_from_dict(data, "old.json")
    assert info.value.problems == [
        '$.request.urgency.urgent: expected true or false (found "yes")']


def test_a_failing_or_wrong_step_loads_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    data = json.loads(V0.read_text("utf-8"))

    def skips_a_version(d: dict) -> dict:
        d["schema_version"] = 2
        return d

    monkeypatch.setitem(storage.MIGRATIONS, 0, skips_a_version)
    with pytest.raises(CaseFileError, match="did not produce schema 1"):
        storage.case_from_dict(data)
    monkeypatch.delitem(storage.MIGRATIONS, 0)
    with pytest.raises(CaseFileError, match="no migration from schema version 0"):
        storage.case_from_dict(data)


@pytest.mark.parametrize(("version", "message"), [
    (-1, "-1 is not a case-file schema version"), (SCHEMA_VERSION + 1, "newer mla-writer"),
    ("1", "expected an integer version"), (True, "expected an integer version"),
])
def test_unusable_versions(version: object, message: str) -> None:
    with pytest.raises(CaseFileError, match=message):
        storage.case_from_dict({"schema_version": version, "request": {}})


def test_every_version_below_the_current_one_has_a_step() -> None:
    assert sorted(storage.MIGRATIONS) == list(range(SCHEMA_VERSION))


def test_files_without_a_drafting_language_are_english_and_keep_their_translations() -> None:
    """Case files written before the drafting language existed hold English text: they load
    as drafted in English, their translations stay current, and nothing else changes."""
    from mla_writer.domain.freetext import missing_by_language, source_language

    data = json.loads(V0.read_text("utf-8"))
    assert "drafting_language" not in data
    data["translations"] = {"$.request.facts_summary": {"vi": "Tóm tắt"}}
    case = storage.case_from_dict(data)
    assert source_language(case) == "en"
    assert missing_by_language(case, ["vi"])["vi"].count("$.request.facts_summary") == 0
    again = storage.case_to_dict(case)
    assert again["drafting_language"] == "en"
    assert again["translations"] == data["translations"]
