"""Each rule function on the fictional XA profile: a passing and a failing fixture."""

from __future__ import annotations

import datetime as dt

import pytest

from mla_writer.rules import evaluate

from .cases import codes, fixture_registry, make

REG = fixture_registry()


def check(case, on=None):
    return evaluate(case, registry=REG, on=on)


def test_complete_mla_request_has_no_errors_or_warnings() -> None:
    issues = check(make())
    assert [i for i in issues if i.severity != "info"] == []


def test_required_fields_fails_when_facts_or_purpose_missing() -> None:
    issues = check(make(facts_summary="", purpose="  "))
    found = {(i.code, i.path) for i in issues if i.severity == "error"}
    assert ("T-FACTS", "$.request.facts_summary") in found
    assert ("T-PURPOSE", "$.request.purpose") in found
    facts = next(i for i in issues if i.code == "T-FACTS")
    assert facts.citation == "UNTOC art. 18(15)(c)" and facts.verified


def test_required_fields_exception_for_service_of_documents_only() -> None:
    service = [{"type": "service_of_documents", "documents": ["Summons"],
                "link_to_facts": "Witness summons"}]
    assert "T-FACTS" not in codes(check(make(facts_summary="", assistance=service)))
    mixed = [*service, {"type": "taking_statement", "link_to_facts": "x"}]
    assert "T-FACTS" in codes(check(make(facts_summary="", assistance=mixed)))


def test_required_fields_when_filled_condition() -> None:
    assert "T-DEADLINE-REASON" not in codes(check(make()))
    late = make(urgency={"urgent": True, "deadline": "2026-09-01"})
    assert "T-DEADLINE-REASON" in codes(check(late))
    ok = make(urgency={"urgent": True, "deadline": "2026-09-01", "reason": "Trial date"})
    assert "T-DEADLINE-REASON" not in codes(check(ok))


def test_required_fields_by_basis_reciprocity_undertaking() -> None:
    recip = {"kind": "reciprocity", "reciprocity_undertaking": ""}
    assert "XA-RECIPROCITY" in codes(check(make(legal_basis=recip)), "error")
    given = {"kind": "reciprocity", "reciprocity_undertaking": "XB will do the same for XA."}
    assert "XA-RECIPROCITY" not in codes(check(make(legal_basis=given)))
    assert "XA-RECIPROCITY" not in codes(check(make()))  # bilateral treaty chosen


def test_person_sought_pass_and_fail() -> None:
    assert "XA-PERSON" not in codes(check(make("extradition")))
    case = make("extradition")
    case.request.persons[0].physical_description = ""
    issue = next(i for i in check(case) if i.code == "XA-PERSON")
    assert issue.path == "$.request.persons[0].physical_description"
    case.request.extradition.person_id = "P9"
    assert any(i.path == "$.request.extradition.person_id" for i in check(case))


def test_dual_criminality_for_all_assistance_unless_treaty_waives() -> None:
    statement = [{"type": "taking_statement", "link_to_facts": "witness"}]
    recip = {"kind": "reciprocity", "reciprocity_undertaking": "Same for XA."}
    case = make(dual_criminality_statement="", assistance=statement, legal_basis=recip)
    issue = next(i for i in check(case) if i.code == "XA-DUAL")
    assert issue.path == "$.request.dual_criminality_statement" and issue.severity == "error"
    waived = make(dual_criminality_statement="", assistance=statement)  # XA-XB-MLA basis
    assert "XA-DUAL" not in codes(check(waived))
    assert "XA-DUAL" not in codes(check(make(legal_basis=recip)))  # statement given


def test_minimum_penalty_years_and_months_left() -> None:
    assert "XA-MIN-PENALTY" not in codes(check(make("extradition")))
    low = make("extradition")
    low.request.offences[0].maximum_penalty_years = 0.5
    issue = next(i for i in check(low) if i.code == "XA-MIN-PENALTY")
    assert issue.severity == "error" and issue.path == "$.request.offences[0].maximum_penalty_years"
    unknown = make("extradition")
    unknown.request.offences[0].maximum_penalty_years = None
    assert {i.severity for i in check(unknown) if i.code == "XA-MIN-PENALTY"} == {"info"}
    convicted = make("extradition")
    convicted.request.persons[0].judgment = {"court": "XB Court", "time_left_months": 3}
    issue = next(i for i in check(convicted) if i.code == "XA-MIN-PENALTY")
    assert issue.path == "$.request.persons[0].judgment.time_left_months"
    convicted.request.persons[0].judgment = {"court": "XB Court", "time_left_months": 7}
    assert "XA-MIN-PENALTY" not in codes(check(convicted))


def test_summons_lead_time() -> None:
    def summons(day: str):
        return make(assistance=[{"type": "service_of_documents", "appearance_date": day,
                                 "link_to_facts": "summons"}])
    assert "XA-SUMMONS" in codes(check(summons("2026-09-01")))
    assert "XA-SUMMONS" not in codes(check(summons("2026-12-01")))


def test_nationals_pass_and_fail() -> None:
    case = make("extradition")
    assert "XA-NATIONALS" not in codes(check(case))
    case.request.persons[0].nationalities = ["XB", "XA"]
    issue = next(i for i in check(case) if i.code == "XA-NATIONALS")
    assert issue.path == "$.request.persons[0].nationalities" and issue.severity == "error"


def test_death_penalty_assurance_and_unverified_message() -> None:
    case = make("extradition")
    assert "XA-DEATH" not in codes(check(case))
    case.request.offences[0].punishable_by_death = True
    issue = next(i for i in check(case) if i.code == "XA-DEATH")
    assert not issue.verified and issue.status == "unverified"
    assert "confirm with the central authority" in issue.message
    case.request.undertakings.death_penalty_assurance = "XB assures that death will not be imposed."
    assert "XA-DEATH" not in codes(check(case))


def test_legal_basis_unusable_unknown_and_missing() -> None:
    future = make("extradition")  # XA-XB-EXT enters into force in 2030
    issue = next(i for i in check(future) if i.code == "T-BASIS")
    assert issue.severity == "error" and "2030-01-01" in issue.message
    assert "T-BASIS" not in codes(check(make()))
    unknown = make(legal_basis={"kind": "instrument", "instrument_id": "NOPE"})
    assert "T-BASIS-UNKNOWN" in codes(check(unknown), "error")
    assert "T-BASIS" not in codes(check(unknown))
    none = make(legal_basis={"kind": "", "instrument_id": ""})
    assert {i.severity for i in check(none) if i.code == "T-BASIS-MISSING"} == {"warning"}
    assert "T-BASIS" not in codes(check(none))
    conv = make("extradition", legal_basis={"kind": "instrument", "instrument_id": "CONV"})
    issue = next(i for i in check(conv) if i.code == "T-BASIS")
    assert "does not accept" in issue.message


def test_languages_channels_time_limits_formalities() -> None:
    issues = check(make(annexes=[{"title": "Order", "language": "fr"}]))
    lang = [i for i in issues if i.code == "T-LANGUAGE"]
    assert any("Thai, English" in i.message and "certified" in i.message for i in lang)
    annex = [i for i in issues if i.code == "T-LANGUAGE-ANNEX"]
    assert [i.path for i in annex] == ["$.request.annexes[0].language"]
    assert not any(i.path.startswith("$.request.annexes") for i in check(make(
        annexes=[{"title": "Order", "language": "en"}])))
    chan = {i.code: i for i in issues if i.code.startswith("T-CHANNEL")}
    assert "T-CHANNEL-CENTRAL_AUTHORITY" in chan and "T-CHANNEL-DIPLOMATIC" not in chan
    assert "does not accept" in chan["T-CHANNEL-INTERPOL"].message
    recip = check(make(legal_basis={"kind": "reciprocity", "reciprocity_undertaking": "x"}))
    assert "T-CHANNEL-DIPLOMATIC" in codes(recip)
    pa = make("provisional_arrest")
    assert "XA-PA-DAYS" in codes(check(pa))
    assert "XA-PA-DAYS" not in codes(check(pa, on=dt.date(2026, 6, 30)))
    assert "T-FORM-APOSTILLE" in codes(issues)
    assert "T-FORM-APOSTILLE" not in codes(check(make(), on=dt.date(2025, 12, 31)))


def test_effective_dates_decide_which_rules_apply() -> None:
    case = make("provisional_arrest")
    assert "XA-DATED" in codes(check(case))
    assert "XA-DATED" not in codes(check(case, on=dt.date(2026, 6, 30)))
    case.request.request_date = dt.date(2026, 6, 1)
    assert "XA-DATED" not in codes(check(case))  # the request date is the default


def test_state_without_profile_gets_baseline_and_a_warning() -> None:
    # France: a state, without a profile among the fixtures (QQ names no state: STATE-CODE)
    issues = check(make(requested_state="FR", facts_summary=""))
    assert "T-NO-PROFILE" in codes(issues, "warning")
    assert "T-FACTS" in codes(issues, "error")
    assert "T-NO-PROFILE" not in codes(check(make()))


def test_issues_are_sorted_errors_first() -> None:
    issues = check(make(facts_summary="", purpose="", annexes=[{"title": "x", "language": "fr"}]))
    order = {"error": 0, "warning": 1, "info": 2}
    assert [order[i.severity] for i in issues] == sorted(order[i.severity] for i in issues)


@pytest.mark.parametrize("kind", ["mla", "extradition", "provisional_arrest"])
def test_every_issue_carries_citation_and_status(kind: str) -> None:
    case = make(kind, facts_summary="", purpose="")
    for issue in check(case):
        assert issue.citation and issue.status in ("verified", "treaty-text", "unverified")
        assert issue.verified == (issue.status != "unverified")
        assert issue.path.startswith("$.request")
