"""Rules specific to surrender: nationals of the requested state, death-penalty assurances."""

from __future__ import annotations

from collections.abc import Iterator

from ..domain.issues import Issue, Items, Name
from ..i18n.text import N_
from ..profiles.fieldpaths import is_empty
from ..profiles.rule_params import NoParams, ServiceParams
from ..profiles.schema import RuleSpec
from .content import REQUIRED
from .registry import Context, issue, profile_text, rule


def _state_name(ctx: Context, code: str) -> Name:
    return Name("state", code, ctx.state.name_en if ctx.state else code)


@rule("nationals", targets=lambda p: ["$.request.persons[*].nationalities"])
def nationals(ctx: Context, spec: RuleSpec, p: NoParams) -> Iterator[Issue]:
    """The person sought holds the requested state's nationality (refused, or treaty only)."""
    found = ctx.person_sought()
    state = (ctx.request.requested_state or "").upper()
    if found is None or not state:
        return
    i, person = found
    if state in {n.upper() for n in person.nationalities}:
        yield issue(spec, f"$.request.persons[{i}].nationalities",
                    N_("%(rule)s: the person sought is a national of %(state)s.",
                       rule=profile_text(spec.title), state=_state_name(ctx, state)))


def _nationals_bar(ctx: Context) -> bool:
    """The requested state's own nationals rule applies to this request and may stop it."""
    state = ctx.state
    if state is None:
        return False
    return any(spec.rule == "nationals" and spec.severity in ("error", "warning")
               and spec.applies(ctx.kind, ctx.category, ctx.instrument_id, ctx.on,
                                supplementary=ctx.supplementary) for spec in state.rules)


@rule("nationals_alternatives", targets=lambda p: ["$.request.persons[*].nationalities"],
      meaning=None)
def nationals_alternatives(ctx: Context, spec: RuleSpec, p: NoParams) -> Iterator[Issue]:
    """Where the requested state's nationals bar may stop the extradition, what else the law
    offers: prosecution there instead, evidence by mutual legal assistance."""
    found = ctx.person_sought()
    state = (ctx.request.requested_state or "").upper()
    if found is None or not state or not _nationals_bar(ctx):
        return
    i, person = found
    if state in {n.upper() for n in person.nationalities}:
        yield issue(spec, f"$.request.persons[{i}].nationalities", N_(
            "%(rule)s: if %(state)s refuses to extradite its national, ask it to submit the case"
            " to its own authorities for prosecution, and send the evidence by a request for"
            " mutual legal assistance.", rule=profile_text(spec.title),
            state=_state_name(ctx, state)))


@rule("death_penalty_assurance",
      targets=lambda p: ["$.request.undertakings.death_penalty_assurance"], meaning=REQUIRED)
def death_penalty_assurance(ctx: Context, spec: RuleSpec, p: NoParams) -> Iterator[Issue]:
    """An offence punishable by death needs the assurance that death will not be imposed."""
    capital = [o.name or N_("offence %(number)s", number=i + 1)
               for i, o in enumerate(ctx.request.offences) if o.punishable_by_death]
    if capital and is_empty(ctx.request.undertakings.death_penalty_assurance):
        yield issue(spec, "$.request.undertakings.death_penalty_assurance",
                    N_("%(rule)s: %(offences)s is punishable by death; give the assurance that"
                       " the death penalty will not be imposed or, if imposed, will not be"
                       " carried out.", rule=profile_text(spec.title),
                       offences=Items(tuple(capital))))


@rule("retrial_assurance",
      targets=lambda p: ["$.request.undertakings.retrial_assurance"], meaning=REQUIRED)
def retrial_assurance(ctx: Context, spec: RuleSpec, p: NoParams) -> Iterator[Issue]:
    """The person sought was convicted in absentia: the request must assure a retrial."""
    found = ctx.person_sought()
    if found is None:
        return
    i, person = found
    if person.judgment is None or not person.judgment.in_absentia:
        return
    if is_empty(ctx.request.undertakings.retrial_assurance):
        where = f"$.request.persons[{i}].judgment"
        yield issue(spec, "$.request.undertakings.retrial_assurance",
                    N_("%(rule)s: the judgment against the person sought (%(path)s) was given"
                       " in absentia; give the assurance of a new trial in the person's"
                       " presence.", rule=profile_text(spec.title), path=where))


@rule("service_on_nationals", ServiceParams,
      targets=lambda p: ["$.request.assistance[*].person_ids"])
def service_on_nationals(ctx: Context, spec: RuleSpec, p: ServiceParams) -> Iterator[Issue]:
    """Service of a summons on a national of the requested state in a role it need not serve."""
    state = (ctx.request.requested_state or "").upper()
    if not state:
        return
    persons = {person.id: person for person in ctx.request.persons if person.id}
    wanted = set(p.roles)
    name = _state_name(ctx, state)
    for i, item in enumerate(ctx.request.assistance):
        if item.type != "service_of_documents":
            continue
        for pid in item.person_ids:
            person = persons.get(pid)
            if person is None or state not in {n.upper() for n in person.nationalities}:
                continue
            roles = sorted(r.value for r in wanted & set(person.roles))
            if roles:
                who = " ".join(x for x in (person.family_name, person.given_names) if x) or pid
                yield issue(spec, f"$.request.assistance[{i}].person_ids",
                            N_("%(rule)s: %(person)s is a national of %(state)s and %(roles)s"
                               " in the case.", rule=profile_text(spec.title), person=who,
                               state=name, roles=Items(tuple(
                                   Name("ROLE", r, r.replace("_", " ")) for r in roles),
                                   "slash")))
