"""Rules on what a request must contain: required fields, person sought, dual criminality."""

from __future__ import annotations

import re
from collections.abc import Iterator

from pydantic import Field, field_validator

from ..domain.issues import Issue, Severity
from ..domain.model import ASSISTANCE_TYPES, Person, known_assistance_types
from ..profiles.fieldpaths import check_path, expand, field_title, is_empty
from ..profiles.schema import CoerciveAssistance, RuleSpec
from .registry import Context, Params, issue, rule


class RequiredFieldsParams(Params):
    fields: list[str]
    #: not required when every assistance item is of these types (e.g. service of documents)
    except_only_assistance: list[str] = Field(default_factory=list)
    #: required only when this other field is filled (e.g. a reason when a deadline is set)
    when_filled: str | None = None

    @field_validator("fields")
    @classmethod
    def _paths(cls, value: list[str]) -> list[str]:
        problems = [p for p in (check_path(v) for v in value) if p]
        if problems:
            raise ValueError("; ".join(problems))
        return value

    @field_validator("when_filled")
    @classmethod
    def _when(cls, value: str | None) -> str | None:
        problem = check_path(value) if value else None
        if problem:
            raise ValueError(problem)
        return value

    @field_validator("except_only_assistance")
    @classmethod
    def _types(cls, value: list[str]) -> list[str]:
        return known_assistance_types(value)


#: findings that say "this field must be filled": one per path, whichever rule finds it
REQUIRED = "required"


@rule("required_fields", RequiredFieldsParams, targets=lambda p: p.fields, meaning=REQUIRED)
def required_fields(ctx: Context, spec: RuleSpec, p: RequiredFieldsParams) -> Iterator[Issue]:
    """Each named field must be filled (a list item field: in every item of the list)."""
    items = ctx.request.assistance
    if p.except_only_assistance and items and all(
            a.type in p.except_only_assistance for a in items):
        return
    if p.when_filled and all(is_empty(v) for _, v in expand(ctx.case, p.when_filled)):
        return
    several = len(p.fields) > 1 or "[*]" in "".join(p.fields)
    for pattern in p.fields:
        for path, value in expand(ctx.case, pattern):
            if is_empty(value):
                what = f" (missing: {field_title(pattern).lower()}{_item_label(ctx, path)})" \
                    if several else " (missing)"
                yield issue(spec, path, spec.message or f"{spec.title}{what}.")


def _item_label(ctx: Context, path: str) -> str:
    """' of <name>' for a field of a person, so the user knows whose details are missing."""
    m = re.match(r"^\$\.request\.persons\[(\d+)\]\.", path)
    if not m or int(m.group(1)) >= len(ctx.request.persons):
        return ""
    person = ctx.request.persons[int(m.group(1))]
    name = " ".join(x for x in (person.family_name, person.given_names) if x.strip())
    return f" of {name}" if name else f" of person {int(m.group(1)) + 1}"


_PERSON_FIELDS = frozenset(Person.model_fields)


class PersonSoughtParams(Params):
    fields: list[str]

    @field_validator("fields")
    @classmethod
    def _fields(cls, value: list[str]) -> list[str]:
        unknown = [v for v in value if v not in _PERSON_FIELDS]
        if unknown:
            raise ValueError(f"Person has no field(s) {unknown}")
        return value


@rule("person_sought", PersonSoughtParams,
      targets=lambda p: [f"$.request.persons[*].{f}" for f in p.fields], meaning=REQUIRED)
def person_sought(ctx: Context, spec: RuleSpec, p: PersonSoughtParams) -> Iterator[Issue]:
    """The person sought must be identified and described (extradition, provisional arrest)."""
    found = ctx.person_sought()
    if found is None:
        yield issue(spec, "$.request.extradition.person_id",
                    "Name the person sought: no person with that id or with the role accused,"
                    " suspect or convicted person.")
        return
    i, person = found
    for name in p.fields:
        if is_empty(getattr(person, name)):
            yield issue(spec, f"$.request.persons[{i}].{name}",
                        spec.message or f"{spec.title}: {name.replace('_', ' ')} is missing.")


class DualCriminalityParams(Params):
    assistance: str = "coercive"  # "coercive" or "all"

    @field_validator("assistance")
    @classmethod
    def _scope(cls, value: str) -> str:
        if value not in ("coercive", "all"):
            raise ValueError("assistance must be 'coercive' or 'all'")
        return value


def coercive_types(ctx: Context) -> tuple[frozenset[str], CoerciveAssistance | None]:
    """The assistance types the baseline counts as coercive, with that record; every type
    when the baseline does not record them (so that nothing is waved through)."""
    record = ctx.registry.baseline.coercive_assistance if ctx.registry.baseline else None
    if record is None:
        return frozenset(ASSISTANCE_TYPES), None
    return frozenset(record.types), record


@rule("dual_criminality", DualCriminalityParams,
      targets=lambda p: ["$.request.dual_criminality_statement"], meaning=REQUIRED)
def dual_criminality(ctx: Context, spec: RuleSpec, p: DualCriminalityParams) -> Iterator[Issue]:
    """Show that the conduct is an offence in the requested state too (for the given help)."""
    if not is_empty(ctx.request.dual_criminality_statement):
        return
    record = None
    if ctx.kind in ("mla", "supplementary"):
        items = ctx.request.assistance
        if p.assistance == "coercive":
            coercive, record = coercive_types(ctx)
            items = [a for a in items if a.type in coercive]
        if not items:
            return
        kinds = ", ".join(sorted({a.type.replace("_", " ") for a in items}))
        message = f"{spec.title}: state why the conduct is also an offence in the requested" \
                  f" state (needed for: {kinds})."
    else:
        message = f"{spec.title}: state why the conduct is also an offence in the requested state."
    yield issue(spec, "$.request.dual_criminality_statement", spec.message or message,
                also=record)


class MinimumPenaltyParams(Params):
    min_years: float
    #: "more than N years" (the penalty must exceed N) instead of "at least N years"
    strict: bool = False
    min_months_left: float | None = None
    death_suffices: bool = True


@rule("minimum_penalty", MinimumPenaltyParams,
      targets=lambda p: ["$.request.offences[*].maximum_penalty_years"])
def minimum_penalty(ctx: Context, spec: RuleSpec, p: MinimumPenaltyParams) -> Iterator[Issue]:
    """Extraditable only if punishable by at least (or more than) N years, or M months left."""
    found = ctx.person_sought()
    judgment = found[1].judgment if found else None
    if judgment is not None and judgment.time_left_months is not None \
            and p.min_months_left is not None:
        if judgment.time_left_months < p.min_months_left:
            yield issue(spec, f"$.request.persons[{found[0]}].judgment.time_left_months",
                        f"{spec.title}: {judgment.time_left_months:g} months left to serve; at"
                        f" least {p.min_months_left:g} are required.")
        return
    for i, off in enumerate(ctx.request.offences):
        path = f"$.request.offences[{i}].maximum_penalty_years"
        if off.punishable_by_death and p.death_suffices:
            continue
        if off.maximum_penalty_years is None:
            yield issue(spec, path, f"Enter the maximum penalty in years so that the condition"
                        f" '{spec.title}' can be checked.", Severity.INFO)
        elif off.maximum_penalty_years < p.min_years or (
                p.strict and off.maximum_penalty_years <= p.min_years):
            need = "more than" if p.strict else "at least"
            yield issue(spec, path,
                        f"{spec.title}: {off.name or 'this offence'} carries at most"
                        f" {off.maximum_penalty_years:g} year(s); the requested state requires"
                        f" {need} {p.min_years:g}.")


class LeadTimeParams(Params):
    days: int


@rule("summons_lead_time", LeadTimeParams,
      targets=lambda p: ["$.request.assistance[*].appearance_date"])
def summons_lead_time(ctx: Context, spec: RuleSpec, p: LeadTimeParams) -> Iterator[Issue]:
    """A summons to appear must reach the requested state N days before the appearance."""
    sent = ctx.request.request_date or ctx.on
    for i, item in enumerate(ctx.request.assistance):
        when = getattr(item, "appearance_date", None)
        if item.type == "service_of_documents" and when is not None \
                and (when - sent).days < p.days:
            yield issue(spec, f"$.request.assistance[{i}].appearance_date",
                        f"{spec.title}: the appearance on {when} is {(when - sent).days} days"
                        f" after the request; at least {p.days} days are needed.")
