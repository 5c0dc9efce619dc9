"""Approvals survive upgrades: a case approved with the first release's code (fixtures written
by commit 0ca694a) still shows a valid approval after fields were added to the model."""

from __future__ import annotations

import json
import typing
from pathlib import Path

import pytest
from pydantic import BaseModel

from mla_writer import review, storage
from mla_writer.domain import model
from mla_writer.domain.model import ADDED_FIELDS, CaseFile

FIXTURES = Path(__file__).parent / "fixtures"
OLD_CASES = sorted(FIXTURES.glob("approved-0ca694a-*.json"))


def _models(cls: type[BaseModel], seen: dict[str, type[BaseModel]]) -> dict[str, type[BaseModel]]:
    """Every model class a case file holds (the review state aside: it is not hashed)."""
    seen[cls.__name__] = cls
    for name, info in cls.model_fields.items():
        if cls is CaseFile and name == "review":
            continue
        for sub in _model_types(info.annotation):
            if sub.__name__ not in seen:
                _models(sub, seen)
    return seen


def _model_types(annotation: object) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [t for arg in typing.get_args(annotation) for t in _model_types(arg)]


@pytest.mark.parametrize("path", OLD_CASES, ids=lambda p: p.stem)
def test_an_approval_given_by_the_first_release_is_still_valid(path: Path) -> None:
    case = storage.load(path)
    assert case.review.status == "approved"
    assert not review.changed_since_approval(case)


@pytest.mark.parametrize("path", OLD_CASES, ids=lambda p: p.stem)
def test_a_new_field_given_a_value_makes_the_approval_outdated(path: Path) -> None:
    case = storage.load(path)
    transfer = next(a for a in case.request.assistance if a.type == "temporary_transfer")
    transfer.consent_given = True  # type: ignore[union-attr]
    assert review.changed_since_approval(case)
    transfer.consent_given = False  # type: ignore[union-attr]
    assert not review.changed_since_approval(case)
    case.drafting_language = "km"
    assert review.changed_since_approval(case)


def test_a_supplementary_answer_or_earlier_kind_counts_once_given() -> None:
    case = storage.load(FIXTURES / "approved-0ca694a-supplementary.json")
    assert case.request.supplementary is not None
    case.request.supplementary.earlier_kind = model.RequestKind.MLA
    assert review.changed_since_approval(case)
    case.request.supplementary.earlier_kind = None
    case.request.supplementary.answers.append(
        model.SupplementaryAnswer(question="Which branch?", answer="The fictional one."))
    assert review.changed_since_approval(case)


def test_every_field_added_since_the_first_release_is_declared_with_its_default() -> None:
    """A field missing from ADDED_FIELDS would change the hash of every older case."""
    first = json.loads((FIXTURES / "fields-0ca694a.json").read_text(encoding="utf-8"))
    for name, cls in _models(CaseFile, {}).items():
        declared = ADDED_FIELDS.get(cls, {})
        new = set(cls.model_fields) - set(first.get(name, cls.model_fields))
        assert new == set(declared), (f"{name}: list the fields added since the first release"
                                      " in model.ADDED_FIELDS with the value older files hold")
        for field, value in declared.items():
            assert cls.model_fields[field].get_default(call_default_factory=True) == value, \
                f"{name}.{field}"
