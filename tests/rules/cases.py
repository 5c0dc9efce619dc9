"""Fictional cases for rules tests: a complete request to XA (or a real state), then variations."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from mla_writer.domain.model import CaseFile
from mla_writer.profiles import Registry, load_registry

FIXTURES = Path(__file__).resolve().parent / "fixture_profiles"


def fixture_registry() -> Registry:
    return load_registry(FIXTURES)


def _mla() -> dict[str, Any]:
    return {
        "kind": "mla", "request_date": "2026-08-01",
        "requesting_state": "XB", "requested_state": "XA",
        "requesting_authority": {"name": "XB Prosecutor-General", "address": "2 Court Road"},
        "subject": "Investigation of a fictional fraud", "stage": "investigation",
        "legal_basis": {"kind": "instrument", "instrument_id": "XA-XB-MLA"},
        "offences": [{"id": "O1", "name": "Fraud", "maximum_penalty": "10 years",
                      "maximum_penalty_years": 10,
                      "provisions": [{"citation": "Penal Code s. 1", "text": "..."}]}],
        "persons": [{"id": "P1", "roles": ["suspect"], "family_name": "TESTER",
                     "given_names": "Ann", "nationalities": ["XB"], "location": "XA City"}],
        "facts_summary": "Ann TESTER is suspected of a fictional fraud.",
        "dual_criminality_statement": "Fraud is an offence in XA too.",
        "assistance": [{"type": "bank_records", "id": "A1", "institution": "Test Bank",
                        "account_numbers": ["000-111-222"], "account_holder": "Ann TESTER",
                        "link_to_facts": "The proceeds went through this bank."}],
        "purpose": "Evidence for the trial.",
    }


def _extradition() -> dict[str, Any]:
    return {
        "kind": "extradition", "request_date": "2026-08-01",
        "requesting_state": "XB", "requested_state": "XA",
        "requesting_authority": {"name": "XB Prosecutor-General"},
        "subject": "Extradition of an accused", "stage": "prosecution",
        "legal_basis": {"kind": "instrument", "instrument_id": "XA-XB-EXT"},
        "offences": [{"id": "O1", "name": "Fraud", "maximum_penalty_years": 10,
                      "maximum_penalty": "10 years",
                      "provisions": [{"citation": "Penal Code s. 1", "text": "..."}]}],
        "persons": [{"id": "P1", "roles": ["accused"], "family_name": "TESTER",
                     "given_names": "Bob", "nationalities": ["XB"],
                     "physical_description": "Tall", "location": "XA City"}],
        "facts_summary": "Bob TESTER defrauded investors.",
        "dual_criminality_statement": "Fraud is an offence in XA too.",
        "purpose": "Trial.",
        "extradition": {"person_id": "P1", "statement_of_acts": "On 1 May 2026 ...",
                        "time_and_place": "1 May 2026, XB City",
                        "urgency_reason": "He may flee again.",
                        "undertaking_full_request": True,
                        "warrant": {"kind": "arrest_warrant", "issuing_court": "XB Court",
                                    "date": "2026-05-10", "number": "W-1"}},
    }


def make(kind: str = "mla", *, drop: tuple[str, ...] = (), **changes: Any) -> CaseFile:
    """A complete fictional request; `drop` removes keys, `changes` replaces them."""
    base = copy.deepcopy(_mla() if kind in ("mla", "supplementary") else _extradition())
    base["kind"] = kind
    for key in drop:
        base.pop(key, None)
    base.update(changes)
    return CaseFile.model_validate({"schema_version": 1, "request": base})


def codes(issues: list[Any], severity: str | None = None) -> set[str]:
    return {i.code for i in issues if severity is None or i.severity == severity}


def real_registry() -> Registry:
    return load_registry()
