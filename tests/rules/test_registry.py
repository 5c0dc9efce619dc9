"""The rule registry: names, parameters, the Issue builder, direct calls of rule functions."""

from __future__ import annotations

import datetime as dt

import pytest

from mla_writer.profiles.schema import RuleSpec
from mla_writer.rules import RULES, UNVERIFIED_NOTE, rule
from mla_writer.rules.registry import Context, issue

from .cases import fixture_registry, make

REG = fixture_registry()


def spec(rule_name: str, status: str = "verified", **kw) -> RuleSpec:
    if status == "unverified":  # an unverified requirement is never an error (schema)
        kw.setdefault("severity", "warning")
    return RuleSpec(code="X-1", rule=rule_name, title="Test rule", citation="Test Act s. 1",
                    source="test", status=status, **kw)


def ctx(case, kind: str | None = None) -> Context:
    return Context(case=case, kind=kind or case.request.kind.value, on=dt.date(2026, 8, 1),
                   state=REG.state(case.request.requested_state), registry=REG,
                   category="treaty", instrument_id="XA-XB-MLA")


def call(name: str, case, **params):
    definition = RULES[name]
    return list(definition.fn(ctx(case), spec(name), definition.params.model_validate(params)))


def test_every_rule_has_a_docstring_and_a_params_model() -> None:
    assert len(RULES) >= 13
    for name, definition in RULES.items():
        assert definition.doc, name
        assert definition.params.model_config.get("extra") == "forbid"


def test_registering_a_name_twice_fails() -> None:
    with pytest.raises(ValueError, match="registered twice"):
        rule("required_fields")(lambda c, s, p: [])


def test_issue_builder_marks_unverified_sources() -> None:
    ok = issue(spec("nationals"), "$.request.purpose", "Text.")
    assert ok.verified and ok.message == "Text." and ok.citation == "Test Act s. 1"
    weak = issue(spec("nationals", status="unverified"), "$.request.purpose", "Text.")
    assert not weak.verified and weak.message == f"Text. {UNVERIFIED_NOTE}"
    assert weak.status == "unverified"


def test_dual_criminality_coercive_only() -> None:
    statement = [{"type": "taking_statement", "link_to_facts": "x"}]
    assert call("dual_criminality", make(dual_criminality_statement="", assistance=statement),
                assistance="coercive") == []
    seizure = [*statement, {"type": "search_and_seizure", "link_to_facts": "y"}]
    found = call("dual_criminality", make(dual_criminality_statement="", assistance=seizure),
                 assistance="coercive")
    assert len(found) == 1 and "search and seizure" in found[0].message
    assert call("dual_criminality", make(assistance=seizure), assistance="coercive") == []


def test_person_sought_found_by_role_without_person_id() -> None:
    case = make("extradition")
    case.request.extradition.person_id = ""
    case.request.persons[0].family_name = ""
    found = call("person_sought", case, fields=["family_name"])
    assert [i.path for i in found] == ["$.request.persons[0].family_name"]


def test_bad_parameters_are_rejected() -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        RULES["required_fields"].params.model_validate({"fields": ["$.request.nope"]})
    with pytest.raises(ValidationError):
        RULES["required_fields"].params.model_validate(
            {"fields": ["$.request.purpose"], "except_only_assistance": ["telepathy"]})
    with pytest.raises(ValidationError):
        RULES["dual_criminality"].params.model_validate({"assistance": "some"})
    with pytest.raises(ValidationError):
        RULES["person_sought"].params.model_validate({"fields": ["shoe_size"]})


def test_coercive_assistance_is_data_in_the_baseline() -> None:
    import mla_writer.domain.model as model

    assert not hasattr(model, "COERCIVE_ASSISTANCE")  # one source of truth: the baseline
    record = REG.baseline.coercive_assistance
    assert record.types == ["search_and_seizure", "bank_records"] and record.citation
    freezing = [{"type": "freezing_of_assets", "link_to_facts": "y"}]  # not coercive in XA's list
    assert call("dual_criminality", make(dual_criminality_statement="", assistance=freezing),
                assistance="coercive") == []
    bank = [{"type": "bank_records", "link_to_facts": "y"}]
    found = call("dual_criminality", make(dual_criminality_statement="", assistance=bank),
                 assistance="coercive")
    assert len(found) == 1 and record.citation in found[0].citation


def test_a_finding_is_never_more_certain_than_the_coercive_list() -> None:
    from mla_writer.profiles import load_registry

    real = load_registry()
    assert real.baseline.coercive_assistance.status == "unverified"
    spec_ = next(r for r in real.baseline.rules if r.code == "MLA-DUAL-CRIMINALITY")
    case = make(requesting_state="VN", requested_state="KH", dual_criminality_statement="")
    context = Context(case=case, kind="mla", on=dt.date(2026, 8, 1), state=real.state("KH"),
                      registry=real, category="regional", instrument_id="ASEAN-MLAT")
    definition = RULES["dual_criminality"]
    [found] = definition.fn(context, spec_, definition.params.model_validate(spec_.params))
    assert spec_.status == "treaty-text" and found.status == "unverified" and not found.verified
    assert UNVERIFIED_NOTE in found.message


def test_minimum_penalty_strict() -> None:
    case = make("extradition")
    case.request.offences[0].maximum_penalty_years = 1
    assert call("minimum_penalty", case, min_years=1) == []
    [found] = call("minimum_penalty", case, min_years=1, strict=True)
    assert "more than 1" in found.message
