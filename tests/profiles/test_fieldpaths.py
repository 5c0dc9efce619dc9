"""Field paths in profiles are checked against the request model and expanded over a case."""

from __future__ import annotations

import pytest

from mla_writer.domain.model import CaseFile
from mla_writer.profiles.fieldpaths import check_path, expand, is_empty


@pytest.mark.parametrize("path", [
    "$.request.facts_summary", "$.request.persons[*].nationalities",
    "$.request.assistance[*].link_to_facts", "$.request.assistance[*].appearance_date",
    "$.request.extradition.warrant.number", "$.request.persons[*].judgment.time_left_months",
    "$.request.undertakings.compensation_for_wrongful_detention",
])
def test_model_fields_are_accepted(path: str) -> None:
    assert check_path(path) is None


@pytest.mark.parametrize(("path", "reason"), [
    ("$.request.nope", "Request has no field 'nope'"),
    ("$.request.persons.family_name", "is a list; write persons[*]"),
    ("$.request.facts_summary[*]", "is not a list"),
    ("request.facts_summary", "must start with '$.'"),
    ("$.request.assistance[*].no_such", "has no field 'no_such'"),
])
def test_fields_the_model_lacks_are_rejected(path: str, reason: str) -> None:
    assert reason in (check_path(path) or "")


def test_expand_gives_concrete_json_paths() -> None:
    case = CaseFile.model_validate({"request": {
        "persons": [{"family_name": "A"}, {"family_name": ""}],
        "assistance": [{"type": "taking_statement"}, {"type": "service_of_documents",
                                                      "appearance_date": "2026-01-01"}]}})
    assert list(expand(case, "$.request.persons[*].family_name")) == [
        ("$.request.persons[0].family_name", "A"), ("$.request.persons[1].family_name", "")]
    dates = list(expand(case, "$.request.assistance[*].appearance_date"))
    assert [p for p, _ in dates] == ["$.request.assistance[1].appearance_date"]
    assert list(expand(case, "$.request.extradition.statement_of_acts")) == [
        ("$.request.extradition.statement_of_acts", None)]
    assert is_empty(" ") and is_empty([]) and is_empty(None) and is_empty(False)
    assert not is_empty(0) and not is_empty("x") and not is_empty(True)
