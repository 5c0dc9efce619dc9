"""The case model's classes build their validators when first used (`defer_build`): loading a
case builds the case file's one validator, not one per class at import; a nested class used
on its own (an edit in the desktop application) builds its own then and validates exactly as
before."""

from __future__ import annotations

import subprocess
import sys

import pytest
from pydantic import ValidationError

from mla_writer.cli.common import resolve_case_path
from mla_writer.domain import model
from mla_writer.storage import load_with_version


def test_loading_a_case_builds_the_case_files_validator_alone() -> None:
    code = ("import inspect, pydantic\n"
            "from mla_writer.domain import model, review\n"
            "from mla_writer.storage import load_with_version\n"
            "from mla_writer.cli.common import resolve_case_path\n"
            "classes = [c for m in (model, review)"
            " for _, c in inspect.getmembers(m, inspect.isclass)"
            " if issubclass(c, pydantic.BaseModel) and c.__module__ == m.__name__]\n"
            "before = [c.__name__ for c in classes if c.__pydantic_complete__]\n"
            "load_with_version(resolve_case_path('example:mla-bank-records'))\n"
            "after = [c.__name__ for c in classes if c.__pydantic_complete__]\n"
            "print(len(classes), before, after)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split(" ", 1)
    assert int(out[0]) > 20
    assert out[1].strip() == "[] ['CaseFile']"


def test_a_nested_class_still_validates_an_assignment() -> None:
    case, _version = load_with_version(resolve_case_path("example:mla-bank-records"))
    person = case.request.persons[0]
    with pytest.raises(ValidationError):
        person.roles = ["not a role"]  # type: ignore[list-item]
    with pytest.raises(ValidationError):
        person.family_name = 3  # type: ignore[assignment]
    with pytest.raises(ValidationError):
        case.request.persons = [{"family_name": "X", "no_such_field": 1}]  # type: ignore[list-item]
    person.family_name = "NGUYEN"
    assert case.request.persons[0].family_name == "NGUYEN"


def test_a_nested_class_validates_on_its_own() -> None:
    with pytest.raises(ValidationError):
        model.Person.model_validate({"family_name": "X", "no_such_field": 1})
    assert model.Person.model_validate({"family_name": "X"}).family_name == "X"
    schema = model.CaseFile.model_json_schema()
    assert "Person" in schema["$defs"]
