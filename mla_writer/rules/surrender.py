"""Rules specific to surrender: nationals of the requested state, death-penalty assurances."""

from __future__ import annotations

from collections.abc import Iterator

from ..domain.issues import Issue
from ..profiles.fieldpaths import is_empty
from ..profiles.schema import RuleSpec
from .registry import Context, NoParams, issue, rule


@rule("nationals", targets=lambda p: ["$.request.persons[*].nationalities"])
def nationals(ctx: Context, spec: RuleSpec, p: NoParams) -> Iterator[Issue]:
    """The person sought holds the requested state's nationality (refused, or treaty only)."""
    found = ctx.person_sought()
    state = (ctx.request.requested_state or "").upper()
    if found is None or not state:
        return
    i, person = found
    if state in {n.upper() for n in person.nationalities}:
        name = ctx.state.name_en if ctx.state else state
        yield issue(spec, f"$.request.persons[{i}].nationalities",
                    f"{spec.title}: the person sought is a national of {name}.")


@rule("death_penalty_assurance",
      targets=lambda p: ["$.request.undertakings.death_penalty_assurance"])
def death_penalty_assurance(ctx: Context, spec: RuleSpec, p: NoParams) -> Iterator[Issue]:
    """An offence punishable by death needs the assurance that death will not be imposed."""
    capital = [o.name or f"offence {i + 1}" for i, o in enumerate(ctx.request.offences)
               if o.punishable_by_death]
    if capital and is_empty(ctx.request.undertakings.death_penalty_assurance):
        yield issue(spec, "$.request.undertakings.death_penalty_assurance",
                    f"{spec.title}: {', '.join(capital)} is punishable by death; give the"
                    " assurance that the death penalty will not be imposed or, if imposed, will"
                    " not be carried out.")
