"""Every baseline rule on the real profiles: absent from a complete request, present (at its
field) when that field is left out; and no two findings about one problem at one path."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from typing import Any

import pytest

from mla_writer.cli.common import resolve_case_path
from mla_writer.domain.model import CaseFile
from mla_writer.profiles import resolve_basis
from mla_writer.rules.engine import findings
from mla_writer.storage import load

from .cases import make, real_registry

REG = real_registry()
TREATY = {"kind": "instrument", "instrument_id": "ASEAN-MLAT"}
EXT_TREATY = {"kind": "instrument", "instrument_id": "CN-TH-EXTRADITION"}


def complete(kind: str = "mla", **kw: Any) -> CaseFile:
    """A request that meets every baseline requirement (VN->TH MLA, CN->TH extradition)."""
    if kind in ("mla", "supplementary"):
        case = make(kind, requesting_state="VN", requested_state="TH", legal_basis=TREATY, **kw)
        if kind == "supplementary":
            case.request.supplementary = {"earlier_kind": "mla", "earlier_reference": "R-1",
                                          "earlier_date": "2026-05-01", "what_it_adds": "A bank"}
        return case
    case = make(kind, requesting_state="CN", requested_state="TH", legal_basis=EXT_TREATY, **kw)
    person = case.request.persons[0]
    person.photo_reference, person.date_of_birth = "Annex 1", dt.date(1980, 1, 1)
    case.request.extradition.limitation_period = "Twenty years; not expired."
    return case


def _set(path: str, value: Any) -> Callable[[CaseFile], None]:
    def apply(case: CaseFile) -> None:
        obj: Any = case.request
        *parents, last = path.split(".")
        for name in parents:
            obj = obj[int(name)] if name.isdigit() else getattr(obj, name)
        setattr(obj, last, value)
    return apply


def _convicted_in_absentia(case: CaseFile) -> None:
    person = case.request.persons[0]
    person.roles = ["convicted_person"]
    person.judgment = {"court": "District Court (fictional)", "final": True, "in_absentia": True}


def _capital(case: CaseFile) -> None:
    case.request.offences[0].punishable_by_death = True


def _national(case: CaseFile, state: str) -> None:
    case.request.persons[0].nationalities = [state]


def _to(state: str, on_profile: bool = True) -> Callable[[CaseFile], None]:
    def apply(case: CaseFile) -> None:
        case.request.requested_state = state
        case.request.legal_basis = {"kind": "instrument", "instrument_id": "UNTOC"}
        _capital(case)
    return apply


# code -> (kind, change, path of the finding)
BASELINE = {
    # the ASEAN MLAT, the complete case's basis, does not bind China
    "BASIS": ("mla", _set("requested_state", "CN"), "$.request.legal_basis.instrument_id"),
    "NO-PROFILE": ("mla", _set("requested_state", "FR"), "$.request.requested_state"),
    "STATES": ("mla", _set("requesting_state", ""), "$.request.requesting_state"),
    "LANGUAGE": ("mla", None, "$.request.requested_state"),
    "CHANNEL": ("mla", None, "$.request.requested_state"),
    "TIME-LIMIT": ("extradition", None, "$.request.requested_state"),
    "FORMALITY": ("mla", None, "$.request.signatory"),
    "MLA-A-AUTHORITY": ("mla", _set("requesting_authority.name", ""),
                        "$.request.requesting_authority.name"),
    "MLA-B-SUBJECT": ("mla", _set("subject", ""), "$.request.subject"),
    "MLA-B-STAGE": ("mla", _set("stage", None), "$.request.stage"),
    "MLA-C-FACTS": ("mla", _set("facts_summary", ""), "$.request.facts_summary"),
    "MLA-D-ASSISTANCE": ("mla", _set("assistance", []), "$.request.assistance"),
    "MLA-D-PROCEDURE": ("mla", _set("procedures", [{"procedure": "", "reason": "Trial use"}]),
                        "$.request.procedures[0].procedure"),
    "MLA-D-PROCEDURE-REASON": ("mla", _set("procedures", [{"procedure": "Under oath"}]),
                               "$.request.procedures[0].reason"),
    "MLA-E-PERSONS": ("mla", _set("persons.0.location", ""), "$.request.persons[0].location"),
    "MLA-F-PURPOSE": ("mla", _set("purpose", ""), "$.request.purpose"),
    "MLA-LINK": ("mla", _set("assistance.0.link_to_facts", ""),
                 "$.request.assistance[0].link_to_facts"),
    "MLA-DEADLINE": ("mla", _set("urgency", {"deadline": "2026-12-01"}),
                     "$.request.urgency.reason"),
    "MLA-DUAL-CRIMINALITY": ("mla", lambda c: (_set("requested_state", "KH")(c),
                                               _set("dual_criminality_statement", "")(c)),
                             "$.request.dual_criminality_statement"),
    "SUPP-EARLIER": ("supplementary", _set("supplementary", {"earlier_reference": "R-1"}),
                     "$.request.supplementary.what_it_adds"),
    "EXT-DUAL-CRIMINALITY": ("extradition", _set("dual_criminality_statement", ""),
                             "$.request.dual_criminality_statement"),
    "EXT-PERSON": ("extradition", _set("persons.0.physical_description", ""),
                   "$.request.persons[0].physical_description"),
    "EXT-PERSON-ID": ("extradition", _set("persons.0.photo_reference", ""),
                      "$.request.persons[0].photo_reference"),
    "EXT-PROVISIONS": ("extradition", _set("offences.0.provisions", []),
                       "$.request.offences[0].provisions"),
    "EXT-WARRANT": ("extradition", _set("extradition.warrant.number", ""),
                    "$.request.extradition.warrant.number"),
    "EXT-ACTS": ("extradition", _set("extradition.statement_of_acts", ""),
                 "$.request.extradition.statement_of_acts"),
    "EXT-LIMITATION": ("extradition", _set("extradition.limitation_period", ""),
                       "$.request.extradition.limitation_period"),
    "EXT-DEATH-PENALTY": ("extradition", lambda c: (_set("requested_state", "FR")(c),
                                                    _capital(c)),
                          "$.request.undertakings.death_penalty_assurance"),
    "EXT-DEATH-PENALTY-UNRECORDED": ("extradition", _to("MM"),
                                     "$.request.undertakings.death_penalty_assurance"),
    "EXT-IN-ABSENTIA": ("extradition", _convicted_in_absentia,
                        "$.request.undertakings.retrial_assurance"),
    "PA-URGENCY": ("provisional_arrest", _set("extradition.undertaking_full_request", False),
                   "$.request.extradition.undertaking_full_request"),
    "PA-URGENCY-REASON": ("provisional_arrest", _set("extradition.urgency_reason", ""),
                          "$.request.extradition.urgency_reason"),
    # Myanmar's profile records nothing on its nationals; Thailand's does (its own rule)
    "EXT-NATIONALS-UNRECORDED": ("extradition", lambda c: (_to("MM")(c), _national(c, "MM")),
                                 "$.request.persons[0].nationalities"),
    "EXT-ALTERNATIVES": ("extradition", lambda c: _national(c, "TH"),
                         "$.request.persons[0].nationalities"),
    "MLA-BANK-ACCOUNTS": ("mla", _set("assistance.0.account_holder", ""),
                          "$.request.assistance[0].account_holder"),
    "MLA-FREEZING-ASSETS": ("mla", _set("assistance", [
        {"type": "freezing_of_assets", "id": "A1", "link_to_facts": "Proceeds.",
         "assets": ["Account 1 at Test Bank"]}]), "$.request.assistance[0].assets_holder"),
    "MLA-SEARCH-PREMISES": ("mla", _set("assistance", [
        {"type": "search_and_seizure", "id": "A1", "link_to_facts": "Ledgers."}]),
        "$.request.assistance[0].premises"),
    "MLA-SERVICE-ADDRESSEE": ("mla", _set("assistance", [
        {"type": "service_of_documents", "id": "A1", "link_to_facts": "Summons.",
         "person_ids": ["P1"]}]), "$.request.assistance[0].address_for_service"),
    "MLA-TRANSFER-CONSENT": ("mla", _set("assistance", [
        {"type": "temporary_transfer", "id": "A1", "link_to_facts": "Witness.",
         "return_without_extradition": True, "time_credited": True, "safe_conduct": True}]),
        "$.request.assistance[0].consent_given"),
    "MLA-TRANSFER-CONDITIONS": ("mla", _set("assistance", [
        {"type": "temporary_transfer", "id": "A1", "link_to_facts": "Witness.",
         "consent_given": True, "return_without_extradition": True, "time_credited": True}]),
        "$.request.assistance[0].safe_conduct"),
}
REPORTS = {"LANGUAGE", "CHANNEL", "TIME-LIMIT", "FORMALITY"}


def run(case: CaseFile) -> list[Any]:
    return [i for i, _ in findings(case, registry=REG)]


def test_every_baseline_rule_has_a_scenario() -> None:
    assert {r.code for r in REG.baseline.rules} == set(BASELINE)


@pytest.mark.parametrize("code", sorted(set(BASELINE) - REPORTS))
def test_baseline_rule_absent_when_complete_present_when_missing(code: str) -> None:
    kind, change, path = BASELINE[code]
    clean = run(complete(kind))
    assert not [i for i in clean if i.code == code], [i.message for i in clean if i.code == code]
    case = complete(kind)
    change(case)
    found = [i for i in run(case) if i.code == code]
    assert found and path in {i.path for i in found}, [(i.code, i.path) for i in run(case)]
    assert all(i.citation and i.status for i in found)


def _reported(code: str, issues: list[Any]) -> list[Any]:
    """Findings of a report rule: its code (or code-SUFFIX); time limits carry their own."""
    limits = {t.code for s in REG.states.values() for t in s.time_limits}
    if code == "TIME-LIMIT":
        return [i for i in issues if i.code in limits]
    return [i for i in issues if i.code == code or i.code.startswith(f"{code}-")]


@pytest.mark.parametrize("code", sorted(REPORTS))
def test_baseline_reports_follow_the_profile(code: str) -> None:
    kind, _, path = BASELINE[code]
    reported = _reported(code, run(complete(kind)))
    assert reported and path in {i.path for i in reported}
    assert {i.severity for i in reported if i.path == path} == {"info"}
    without = complete(kind)
    without.request.requested_state = "FR"  # no profile: nothing of its own to report
    left = [i.code for i in _reported(code, run(without))]
    assert left == (["LANGUAGE-UNKNOWN"] if code == "LANGUAGE" else [])


def test_complete_requests_have_no_errors_or_warnings_of_the_baseline() -> None:
    base = {r.code for r in REG.baseline.rules}
    for kind in ("mla", "supplementary", "extradition"):
        bad = [(i.code, i.path) for i in run(complete(kind))
               if i.severity != "info" and i.code in base]
        assert bad == [], kind


# --- one finding per problem ------------------------------------------------------------------

def _example(name: str) -> CaseFile:
    return load(resolve_case_path(f"example:{name}"))


def _cases() -> list[tuple[str, CaseFile]]:
    """The examples and a grid of scenario cases: every Mekong state and one without profile,
    every kind, every basis the resolver lists, complete and with most fields left empty."""
    out = [(name, _example(name)) for name in ("mla-bank-records", "mla-freezing-electronic",
                                               "extradition-accused", "provisional-arrest")]
    day = dt.date(2026, 8, 1)
    for to, kind in itertools.product(("KH", "CN", "LA", "MM", "TH", "VN", "FR"),
                                      ("mla", "extradition", "provisional_arrest")):
        frm = "TH" if to == "VN" else "VN"
        for option in resolve_basis(frm, to, kind, day, REG):
            chosen = {"kind": "reciprocity"} if option.instrument_id == "reciprocity" \
                else {"kind": "instrument", "instrument_id": option.instrument_id}
            for empty in (False, True):
                case = make(kind, requesting_state=frm, requested_state=to, legal_basis=chosen)
                if empty:
                    for field in ("facts_summary", "purpose", "dual_criminality_statement",
                                  "subject"):
                        setattr(case.request, field, "")
                    case.request.offences[0].punishable_by_death = True
                    case.request.offences[0].maximum_penalty_years = 0.5
                    case.request.persons[0].nationalities = [to]
                    for a in case.request.assistance:
                        a.link_to_facts = ""
                    if case.request.extradition:
                        case.request.extradition.urgency_reason = ""
                out.append((f"{frm}->{to} {kind} {option.instrument_id} empty={empty}", case))
    return out


CASES = _cases()


def test_no_two_findings_share_path_and_meaning() -> None:
    assert len(CASES) > 100
    for name, case in CASES:
        seen: dict[tuple[str, str], str] = {}
        exact: set[tuple[str, str, str]] = set()
        for issue, meaning in findings(case, registry=REG):
            key3 = (issue.code, issue.path, issue.message)
            assert key3 not in exact, (name, key3)
            exact.add(key3)
            if meaning is None:
                continue
            key = (issue.path, meaning)
            assert key not in seen, (name, key, seen.get(key), issue.code)
            seen[key] = issue.code


def test_no_message_or_citation_repeats_itself() -> None:
    for name, case in CASES:
        for issue, _ in findings(case, registry=REG):
            assert "(unverified) (unverified)" not in f"{issue.citation} ({issue.status})", name
            assert not issue.citation.rstrip().endswith("(unverified)"), (name, issue.code)
            assert "not known; confirm" not in issue.message or issue.code.endswith("PERIOD")
            assert not issue.message.rstrip(".").endswith(" missing: why"), (name, issue.code)
