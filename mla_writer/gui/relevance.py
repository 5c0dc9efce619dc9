"""Which fields a form shows for this request (no Qt): fields follow the kind of request, the
legal basis and a person's roles, so that a witness is not asked for fingerprints.

A field is always shown when it holds an answer or a finding points at it: hiding never hides
what the user typed or what the checklist asks for.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from ..domain.model import CaseFile, PersonRole, RequestKind
from . import paths

_SURRENDER = (RequestKind.EXTRADITION, RequestKind.PROVISIONAL_ARREST)
_SOUGHT_ROLES = {PersonRole.SUSPECT, PersonRole.ACCUSED, PersonRole.CONVICTED_PERSON}


def _provisional(case: CaseFile, _base: str) -> bool:
    return case.request.kind is RequestKind.PROVISIONAL_ARREST


def _basis(kind: str) -> Callable[[CaseFile, str], bool]:
    return lambda case, _base: case.request.legal_basis.kind == kind


def _convicted(case: CaseFile, base: str) -> bool:
    person = paths.get(case, base)
    return person is not None and PersonRole.CONVICTED_PERSON in person.roles


def _sought(case: CaseFile, base: str) -> bool:
    """A person sought by an extradition or provisional-arrest request (or, before the person
    sought is chosen, anyone who could be: a suspect, accused or convicted person)."""
    person = paths.get(case, base)
    if person is None or case.request.kind not in _SURRENDER:
        return False
    chosen = case.request.extradition.person_id if case.request.extradition else ""
    if chosen:
        return person.id == chosen
    return bool(_SOUGHT_ROLES & set(person.roles))


#: (model class name, field) -> when the field applies
CONDITIONS: dict[tuple[str, str], Callable[[CaseFile, str], bool]] = {
    ("ExtraditionDetails", "urgency_reason"): _provisional,
    ("ExtraditionDetails", "undertaking_full_request"): _provisional,
    ("LegalBasis", "instrument_id"): _basis("instrument"),
    ("LegalBasis", "reciprocity_undertaking"): _basis("reciprocity"),
    ("Person", "judgment"): _convicted,
    ("Person", "physical_description"): _sought,
    ("Person", "photo_reference"): _sought,
    ("Person", "fingerprints_reference"): _sought,
}


def conditional(model: type, name: str) -> bool:
    return (model.__name__, name) in CONDITIONS


def _filled(value: Any) -> bool:
    if value is None or value is False:
        return False
    if isinstance(value, str | list | tuple | dict):
        return bool(value)
    dump = getattr(value, "model_dump", None)
    if dump is not None:  # a sub-model: filled when any of its answers is
        return any(_filled(v) for v in dump().values())
    return True


def shown(case: CaseFile, model: type, base: str, name: str,
          finding_paths: Iterable[str] = ()) -> bool:
    """Whether the form at `base` (a `model`) shows its field `name` now."""
    rule = CONDITIONS.get((model.__name__, name))
    if rule is None or rule(case, base):
        return True
    path = paths.child(base, name)
    if _filled(paths.get(case, path)):
        return True
    return any(p == path or p.startswith((path + ".", path + "[")) for p in finding_paths)
