"""Case files: lossless round trip, clear errors for bad files, atomic saves, migrations."""

from __future__ import annotations

import json
import os
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mla_writer import storage
from mla_writer.domain.model import ASSISTANCE_TYPES, CaseFile, Request
from mla_writer.storage import CaseFileError


def test_examples_load_and_validate_against_published_schema(example_path: Path) -> None:
    case = storage.load(example_path)
    schema = storage.json_schema()
    jsonschema.validate(json.loads(example_path.read_text("utf-8")), schema)
    assert case.request.case_reference


def test_schema_rejects_unknown_keys_like_the_loader() -> None:
    schema = storage.json_schema()
    bad = {"schema_version": 1, "request": {"kind": "mla", "sugar": 1}}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)
    with pytest.raises(CaseFileError, match=r"\$\.request\.sugar: unknown field"):
        storage.case_from_dict(bad)


def test_schema_lists_every_assistance_type() -> None:
    text = json.dumps(storage.json_schema())
    for name in ASSISTANCE_TYPES:
        assert f'"{name}"' in text


# --- round trip ---------------------------------------------------------------------------

_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)


def _assistance() -> st.SearchStrategy[dict]:
    return st.sampled_from(sorted(ASSISTANCE_TYPES)).flatmap(
        lambda t: st.fixed_dictionaries(
            {"type": st.just(t), "id": _text, "link_to_facts": _text,
             "person_ids": st.lists(_text, max_size=2)}))


_person = st.fixed_dictionaries({
    "id": _text, "family_name": _text, "given_names": _text, "native_script_name": _text,
    "aliases": st.lists(_text, max_size=3),
    "roles": st.lists(st.sampled_from(["suspect", "witness", "company", "convicted_person"]),
                      max_size=2),
    "sex": st.sampled_from(["female", "male", "other", "unknown"]),
    "date_of_birth": st.one_of(st.none(), st.dates().map(lambda d: d.isoformat())),
    "nationalities": st.lists(st.sampled_from(["KH", "CN", "LA", "MM", "TH", "VN"]), max_size=2),
})

_request = st.fixed_dictionaries({
    "kind": st.sampled_from(["mla", "extradition", "provisional_arrest", "supplementary"]),
    "case_reference": _text, "facts_summary": _text, "purpose": _text,
    "requested_state": st.sampled_from(["KH", "CN", "LA", "MM", "TH", "VN", ""]),
    "persons": st.lists(_person, max_size=3),
    "assistance": st.lists(_assistance(), max_size=4),
    "offences": st.lists(st.fixed_dictionaries({
        "name": _text,
        "maximum_penalty_years": st.one_of(st.none(), st.floats(0, 99, allow_nan=False)),
        "punishable_by_death": st.booleans(),
        "provisions": st.lists(st.fixed_dictionaries({"citation": _text, "text": _text}),
                               max_size=2)}), max_size=2),
})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(request=_request, translations=st.dictionaries(
    _text, st.dictionaries(st.sampled_from(["th", "km", "zh"]), _text, max_size=2), max_size=2))
def test_round_trip_is_lossless(request: dict, translations: dict) -> None:
    case = CaseFile.model_validate({"schema_version": 1, "request": request,
                                    "translations": translations})
    again = storage.loads(storage.dumps(case))
    assert again == case
    assert storage.dumps(again) == storage.dumps(case)


def test_round_trip_through_disk(tmp_path: Path, example_path: Path) -> None:
    case = storage.load(example_path)
    target = tmp_path / "case.json"
    storage.save(case, target)
    assert storage.load(target) == case
    assert oct(target.stat().st_mode & 0o777) == "0o600"  # case data is private by default


# --- bad input ----------------------------------------------------------------------------

@pytest.mark.parametrize(("content", "expected"), [
    ("{not json", r"not valid JSON at line 1, column 2"),
    ("[1, 2]", r"\$: expected a JSON object"),
    ('{"request": {}}', r"\$\.schema_version: expected an integer"),
    ('{"schema_version": 99, "request": {}}', r"newer mla-writer"),
    ('{"schema_version": 1, "request": {"persons": [{"sex": "x"}]}}',
     r"\$\.request\.persons\[0\]\.sex: Input should be"),
    ('{"schema_version": 1, "request": {"assistance": [{"type": "bank_records",'
     ' "period_from": "yesterday"}]}}', r"\$\.request\.assistance\[0\]\.period_from"),
    ('{"schema_version": 1, "request": {"assistance": [{"type": "teleport"}]}}',
     r"\$\.request\.assistance\[0\].*teleport"),
])
def test_malformed_files_name_the_path_and_expectation(
        tmp_path: Path, content: str, expected: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, "utf-8")
    with pytest.raises(CaseFileError, match=expected) as info:
        storage.load(path)
    assert str(path) in str(info.value)


def test_every_problem_is_reported_not_just_the_first(tmp_path: Path) -> None:
    data = {"schema_version": 1, "request": {"persons": [{"sex": "x", "colour": "blue"}],
                                             "stage": "appeal"}}
    with pytest.raises(CaseFileError) as info:
        storage.case_from_dict(data)
    assert len(info.value.problems) == 3


def test_missing_and_non_utf8_files(tmp_path: Path) -> None:
    with pytest.raises(CaseFileError, match="cannot read"):
        storage.load(tmp_path / "nope.json")
    p = tmp_path / "latin1.json"
    p.write_bytes(b'{"schema_version": 1, "request": {"purpose": "caf\xe9"}}')
    with pytest.raises(CaseFileError, match="not UTF-8"):
        storage.load(p)


def test_migration_steps_are_applied(monkeypatch: pytest.MonkeyPatch) -> None:
    def v0_to_v1(data: dict) -> dict:
        req = data.pop("req")
        return {"schema_version": 1, "request": req}

    monkeypatch.setitem(storage.MIGRATIONS, 0, v0_to_v1)
    case = storage.case_from_dict({"schema_version": 0, "req": {"purpose": "evidence"}})
    assert case.request.purpose == "evidence"
    with pytest.raises(CaseFileError, match="no migration from schema version -1"):
        storage.case_from_dict({"schema_version": -1})


# --- atomic save --------------------------------------------------------------------------

def test_crash_during_save_keeps_the_last_good_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "case.json"
    good = CaseFile(request=Request(purpose="the good version"))
    storage.save(good, target)

    def boom(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(CaseFileError, match="No space left"):
        storage.save(CaseFile(request=Request(purpose="the new version")), target)
    monkeypatch.undo()
    assert storage.load(target).request.purpose == "the good version"
    assert [p.name for p in tmp_path.iterdir()] == ["case.json"]  # no temp file left behind


def test_save_keeps_existing_permissions(tmp_path: Path) -> None:
    target = tmp_path / "case.json"
    target.write_text("{}")
    target.chmod(0o640)
    storage.save(CaseFile(), target)
    assert target.stat().st_mode & 0o777 == 0o640
