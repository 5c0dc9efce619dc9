"""The loader reads JSON's own types only, like the published schema, and says what it
expected in JSON terms (not in the validation library's words)."""

from __future__ import annotations

import json

import jsonschema
import pytest

from mla_writer import storage
from mla_writer.domain.model import ASSISTANCE_TYPES
from mla_writer.storage import CaseFileError


def _case(**request: object) -> dict:
    return {"schema_version": 1, "request": request}


def _problems(data: object) -> list[str]:
    with pytest.raises(CaseFileError) as info:
        storage.loads(json.dumps(data))
    return info.value.problems


def _schema_rejects(data: object) -> bool:
    validator = jsonschema.Draft202012Validator(
        storage.json_schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    return not validator.is_valid(data)


@pytest.mark.parametrize(("data", "message"), [
    ({"schema_version": 1, "training": "yes"},
     "$.training: expected true or false (found \"yes\")"),
    (_case(assistance=[{"type": "taking_statement", "under_oath": "off"}]),
     "$.request.assistance[0].under_oath: expected true or false (found \"off\")"),
    (_case(urgency={"urgent": 1}), "$.request.urgency.urgent: expected true or false (found 1)"),
    (_case(annexes=[{"pages": "3"}]), "$.request.annexes[0].pages: expected a whole number"
     " (found \"3\")"),
    (_case(annexes=[{"pages": 2.5}]), "$.request.annexes[0].pages: expected a whole number"
     " (found 2.5)"),
    (_case(persons=[{"date_of_birth": 0}]),
     "$.request.persons[0].date_of_birth: expected a date as text YYYY-MM-DD (found 0)"),
    (_case(persons=[{"date_of_birth": 1000000}]),
     "$.request.persons[0].date_of_birth: expected a date as text YYYY-MM-DD (found 1000000)"),
    (_case(persons=[{"date_of_birth": "1984-03-12T00:00:00"}]),
     "$.request.persons[0].date_of_birth: expected a date as text YYYY-MM-DD"
     " (found \"1984-03-12T00:00:00\")"),
    (_case(purpose=None), "$.request.purpose: null is not allowed here; expected text"
     " (a JSON string)"),
    (_case(persons=None), "$.request.persons: null is not allowed here; expected a list"
     " (JSON array)"),
    (_case(assistance=[{"id": "A1"}]), "$.request.assistance[0]: each assistance item needs a"
     " \"type\": one of " + ", ".join(ASSISTANCE_TYPES)),
    (_case(offences=[{"maximum_penalty_years": -1}]),
     "$.request.offences[0].maximum_penalty_years: expected a number of at least 0 (found -1)"),
    (_case(kind=1), "$.request.kind: expected one of \"mla\", \"extradition\","),
])
def test_wrong_types_are_refused_in_json_terms(data: dict, message: str) -> None:
    problems = _problems(data)
    assert any(p.startswith(message) for p in problems), problems
    assert not any(w in " ".join(problems) for w in (
        "NoneType", "Unable to extract tag", "Datetimes provided", "Input should"))
    assert _schema_rejects(data)  # the published schema says the same


def test_json_values_load_as_the_model_types() -> None:
    case = storage.loads(json.dumps(_case(
        kind="extradition", stage="trial", request_date="2026-11-02",
        annexes=[{"pages": 3.0}], offences=[{"maximum_penalty_years": 20}],
        persons=[{"sex": "female", "roles": ["accused"], "date_of_birth": None}])))
    req = case.request
    assert req.kind.value == "extradition" and req.stage.value == "trial"
    assert req.request_date.isoformat() == "2026-11-02"
    assert req.annexes[0].pages == 3 and isinstance(req.annexes[0].pages, int)
    assert req.offences[0].maximum_penalty_years == 20.0
    assert req.persons[0].date_of_birth is None


def test_absurd_nesting_is_a_clear_error_not_a_crash() -> None:
    for text in ("[" * 100_000, '{"a":' * 100_000):
        with pytest.raises(CaseFileError, match="nested far too deeply"):
            storage.loads(text, "deep.json")
    deep: object = "x"
    for _ in range(80):
        deep = [deep]
    with pytest.raises(CaseFileError) as info:
        storage.loads(json.dumps(_case(purpose=deep)))
    assert "$.request.purpose[0][0]" in info.value.problems[0]
    assert "nested more than 64 levels" in info.value.problems[0]


def test_json_that_python_tolerates_but_json_does_not_is_refused() -> None:
    with pytest.raises(CaseFileError, match="NaN is not a JSON value"):
        storage.loads('{"schema_version": 1, "request": {"offences": [{"maximum_penalty_years":'
                      ' NaN}]}}')
    with pytest.raises(CaseFileError, match="too large"):
        storage.loads('{"schema_version": 1, "request": {"offences": [{"maximum_penalty_years":'
                      ' 1e400}]}}')
    with pytest.raises(CaseFileError, match='the key "purpose" appears twice'):
        storage.loads('{"schema_version": 1, "request": {"purpose": "a", "purpose": "b"}}')


def test_unpaired_surrogate_escape_is_refused_with_its_path() -> None:
    problems = _problems(_case(persons=[{"aliases": ["ok", "bad \ud800"]}]))
    assert problems == ["$.request.persons[0].aliases[1]: contains an unpaired surrogate"
                        " (\\ud800), which is not a character"]
    good = storage.loads(json.dumps(_case(purpose="\ud83d\ude00")))  # a pair is one character
    assert good.request.purpose == "😀"


def test_a_python_dict_with_non_json_values_is_refused() -> None:
    import datetime as dt

    with pytest.raises(CaseFileError, match="not JSON data"):
        storage.case_from_dict(_case(request_date=dt.date(2026, 1, 1)))

