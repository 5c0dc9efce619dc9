"""Case files: lossless round trip, clear errors for bad files, atomic saves, migrations."""

from __future__ import annotations

import json
import os
from pathlib import Path

import jsonschema
import pytest

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


# --- bad input ----------------------------------------------------------------------------

@pytest.mark.parametrize(("content", "expected"), [
    ("{not json", r"not valid JSON at line 1, column 2"),
    ("[1, 2]", r"\$: expected a JSON object"),
    ('{"request": {}}', r"\$\.schema_version: expected an integer"),
    ('{"schema_version": 99, "request": {}}', r"newer mla-writer"),
    ('{"schema_version": 1, "request": {"persons": [{"sex": "x"}]}}',
     r"\$\.request\.persons\[0\]\.sex: expected one of \"female\", \"male\""),
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


def test_text_that_is_not_unicode_is_refused_and_the_old_file_kept(tmp_path: Path) -> None:
    target = tmp_path / "case.json"
    storage.save(CaseFile(request=Request(purpose="the good version")), target)
    before = target.read_bytes()
    bad = CaseFile(request=Request(purpose="half an emoji \ud83d"))
    with pytest.raises(CaseFileError, match=r"\$\.request\.purpose: contains an unpaired") as e:
        storage.save(bad, target)
    assert "the file was not changed" in str(e.value)
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["case.json"]


def test_save_copy_is_private_atomic_and_the_same_bytes(tmp_path: Path,
                                                        example_path: Path) -> None:
    case = storage.load(example_path)
    shared = tmp_path / "shared.json"
    storage.save(case, shared)
    shared.chmod(0o644)
    storage.save(case, shared)
    copy = tmp_path / "recovery" / "autosave.json"
    storage.save_copy(case, copy)
    assert copy.read_bytes() == shared.read_bytes()
    assert copy.stat().st_mode & 0o777 == 0o600
    copy.chmod(0o644)  # a copy never stays readable by others, even over a wider file
    storage.save_copy(case, copy)
    assert copy.stat().st_mode & 0o777 == 0o600
    assert storage.load(copy) == case
    with pytest.raises(CaseFileError, match="unpaired surrogate"):
        storage.save_copy(CaseFile(request=Request(purpose="\udfff")), copy)
    assert storage.load(copy) == case
    (tmp_path / "blocked").write_text("a file, not a folder")
    with pytest.raises(CaseFileError, match="cannot write"):
        storage.save_copy(case, tmp_path / "blocked" / "autosave.json")
