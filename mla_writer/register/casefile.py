"""What the register records about a case file (reference, kind, states, offences, persons,
dates, legal basis), derived from the request model."""

from __future__ import annotations

from typing import Any

from ..domain.model import CaseFile

#: the case's review status -> the register's status (a returned draft is a draft again)
_REVIEW_STATUS = {"draft": "draft", "returned": "draft", "submitted": "submitted",
                  "approved": "approved", "signed": "signed", "transmitted": "transmitted"}


def person_name(person: Any) -> str:
    return " ".join(p for p in (person.family_name.strip(), person.given_names.strip()) if p) \
        or person.native_script_name.strip() or person.id


def values_from_case(case: CaseFile) -> dict[str, Any]:
    """The register's fields of a case (its EDITABLE fields, without paths)."""
    req = case.request
    basis = req.legal_basis
    legal_basis = "reciprocity" if basis.kind == "reciprocity" else basis.instrument_id
    return {
        "reference": req.case_reference,
        "kind": req.kind.value,
        "requesting_state": req.requesting_state.upper(),
        "requested_state": req.requested_state.upper(),
        "legal_basis": legal_basis,
        "offences": "; ".join(o.name for o in req.offences if o.name.strip()),
        "persons": "; ".join(person_name(p) for p in req.persons),
        "request_date": req.request_date,
        "deadline_asked": req.urgency.deadline,
    }


def status_of(case: CaseFile) -> str:
    return _REVIEW_STATUS.get(case.review.status.value, "draft")
