"""Rules on what a request must contain: required fields, person sought, dual criminality."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator

from ..domain.issues import Issue, Items, Name, Severity, Text
from ..domain.model import ASSISTANCE_TYPES
from ..i18n.text import N_
from ..profiles.fieldpaths import expand, field_title, is_empty
from ..profiles.rule_params import (
    DualCriminalityParams,
    LeadTimeParams,
    MinimumPenaltyParams,
    PersonSoughtParams,
    RequiredFieldsParams,
)
from ..profiles.schema import CoerciveAssistance, RuleSpec
from .registry import Context, field_text, issue, profile_text, rule, spec_message

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
    title = profile_text(spec.title)
    for pattern in p.fields:
        for path, value in expand(ctx.case, pattern):
            if p.only_assistance and not _of_type(ctx, path, p.only_assistance):
                continue
            if is_empty(value):
                if spec.message:
                    message = profile_text(spec.message)
                elif several:
                    message = _missing(ctx, path, title, field_text(field_title(pattern),
                                                                    lower=True))
                else:
                    message = N_("%(rule)s (missing).", rule=title)
                yield issue(spec, path, message)


def _of_type(ctx: Context, path: str, types: list[str]) -> bool:
    """Whether `path` lies in an assistance item of one of `types`."""
    m = re.match(r"^\$\.request\.assistance\[(\d+)\]", path)
    if not m or int(m.group(1)) >= len(ctx.request.assistance):
        return False
    return ctx.request.assistance[int(m.group(1))].type in types


def _missing(ctx: Context, path: str, rule: Text, field: Text) -> Text:
    """'<rule> (missing: <field>)', naming the person for a field of a person (so the user
    knows whose details are missing)."""
    m = re.match(r"^\$\.request\.persons\[(\d+)\]\.", path)
    if not m or int(m.group(1)) >= len(ctx.request.persons):
        return N_("%(rule)s (missing: %(field)s).", rule=rule, field=field)
    person = ctx.request.persons[int(m.group(1))]
    name = " ".join(x for x in (person.family_name, person.given_names) if x.strip())
    if name:
        return N_("%(rule)s (missing: %(field)s of %(person)s).", rule=rule, field=field,
                  person=name)
    return N_("%(rule)s (missing: %(field)s of person %(number)s).", rule=rule, field=field,
              number=int(m.group(1)) + 1)


@rule("person_sought", PersonSoughtParams,
      targets=lambda p: [f"$.request.persons[*].{f}" for f in p.fields], meaning=REQUIRED)
def person_sought(ctx: Context, spec: RuleSpec, p: PersonSoughtParams) -> Iterator[Issue]:
    """The person sought must be identified and described (extradition, provisional arrest)."""
    found = ctx.person_sought()
    if found is None:
        yield issue(spec, "$.request.extradition.person_id",
                    N_("Name the person sought: no person with that id or with the role"
                       " accused, suspect or convicted person."))
        return
    i, person = found
    for name in p.fields:
        if is_empty(getattr(person, name)):
            field = field_text(field_title(f"$.request.persons[*].{name}"), lower=True)
            yield issue(spec, f"$.request.persons[{i}].{name}", spec_message(
                spec, N_("%(rule)s: %(field)s is missing.", rule=profile_text(spec.title),
                         field=field)))


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
        kinds = Items(tuple(Name("ASSISTANCE", t, t.replace("_", " "))
                            for t in sorted({a.type for a in items})))
        message = N_("%(rule)s: state why the conduct is also an offence in the requested"
                     " state (needed for: %(kinds)s).", rule=profile_text(spec.title),
                     kinds=kinds)
    else:
        message = N_("%(rule)s: state why the conduct is also an offence in the requested"
                     " state.", rule=profile_text(spec.title))
    yield issue(spec, "$.request.dual_criminality_statement", spec_message(spec, message),
                also=record)


@rule("minimum_penalty", MinimumPenaltyParams,
      targets=lambda p: ["$.request.offences[*].maximum_penalty_years"])
def minimum_penalty(ctx: Context, spec: RuleSpec, p: MinimumPenaltyParams) -> Iterator[Issue]:
    """Extraditable only if punishable by at least (or more than) N years, or M months left."""
    found = ctx.person_sought()
    judgment = found[1].judgment if found else None
    title = profile_text(spec.title)
    if found is not None and judgment is not None and judgment.time_left_months is not None \
            and p.min_months_left is not None:
        if judgment.time_left_months < p.min_months_left:
            left, needed = f"{judgment.time_left_months:g}", f"{p.min_months_left:g}"
            yield issue(spec, f"$.request.persons[{found[0]}].judgment.time_left_months",
                        N_("%(rule)s: %(left)s months left to serve; at least %(needed)s are"
                           " required.", rule=title, left=left, needed=needed))
        return
    for i, off in enumerate(ctx.request.offences):
        path = f"$.request.offences[{i}].maximum_penalty_years"
        if off.punishable_by_death and p.death_suffices:
            continue
        if off.maximum_penalty_years is None:
            yield issue(spec, path, N_("Enter the maximum penalty in years so that the"
                                       " condition '%(rule)s' can be checked.", rule=title),
                        Severity.INFO)
        elif off.maximum_penalty_years < p.min_years or (
                p.strict and off.maximum_penalty_years <= p.min_years):
            values = {"rule": title, "offence": off.name or N_("this offence"),
                      "years": f"{off.maximum_penalty_years:g}", "needed": f"{p.min_years:g}"}
            yield issue(spec, path, N_(
                "%(rule)s: %(offence)s carries at most %(years)s year(s); the requested state"
                " requires more than %(needed)s.", **values) if p.strict else N_(
                "%(rule)s: %(offence)s carries at most %(years)s year(s); the requested state"
                " requires at least %(needed)s.", **values))


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months later (the last day of a shorter month)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


@rule("summons_lead_time", LeadTimeParams,
      targets=lambda p: ["$.request.assistance[*].appearance_date"])
def summons_lead_time(ctx: Context, spec: RuleSpec, p: LeadTimeParams) -> Iterator[Issue]:
    """A summons to appear must reach the requested state N days before the appearance."""
    sent = ctx.request.request_date or ctx.on
    for i, item in enumerate(ctx.request.assistance):
        when = getattr(item, "appearance_date", None)
        if item.type != "service_of_documents" or when is None:
            continue
        path = f"$.request.assistance[{i}].appearance_date"
        if p.months is not None:
            earliest = add_months(sent, p.months)
            if when < earliest:
                yield issue(spec, path, N_(
                    "%(rule)s: the appearance on %(date)s is less than %(months)s months after"
                    " the request; it should be on %(earliest)s or later.",
                    rule=profile_text(spec.title), date=str(when), months=p.months,
                    earliest=str(earliest)))
        elif p.days is not None and (when - sent).days < p.days:
            yield issue(spec, path,
                        N_("%(rule)s: the appearance on %(date)s is %(days)s days after the"
                           " request; at least %(needed)s days are needed.",
                           rule=profile_text(spec.title), date=str(when),
                           days=(when - sent).days, needed=p.days))
