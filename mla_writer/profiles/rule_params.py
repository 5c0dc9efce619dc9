"""The parameters of the rule functions, as a legal profile writes them (`params = {...}` of a
rule entry): one pydantic model per rule, named in RULE_PARAMS.

They belong to the profile format: the loader validates every rule entry's parameters here
when the profiles load, without importing the rules themselves (which sit above the profiles
and use them). Each rule function registers with the model listed here (rules.registry checks
that they agree).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ..domain.model import Person, PersonRole, known_assistance_types
from .fieldpaths import check_path


class Params(BaseModel):
    """Base of rule parameter models: unknown parameters are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class NoParams(Params):
    pass


class RequiredFieldsParams(Params):
    fields: list[str]
    #: not required when every assistance item is of these types (e.g. service of documents)
    except_only_assistance: list[str] = Field(default_factory=list)
    #: required only when this other field is filled (e.g. a reason when a deadline is set)
    when_filled: str | None = None
    #: fields of assistance items ($.request.assistance[*].x): only in items of these types
    only_assistance: list[str] = Field(default_factory=list)

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

    @field_validator("except_only_assistance", "only_assistance")
    @classmethod
    def _types(cls, value: list[str]) -> list[str]:
        return known_assistance_types(value)


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


class DualCriminalityParams(Params):
    assistance: str = "coercive"  # "coercive" or "all"

    @field_validator("assistance")
    @classmethod
    def _scope(cls, value: str) -> str:
        if value not in ("coercive", "all"):
            raise ValueError("assistance must be 'coercive' or 'all'")
        return value


class MinimumPenaltyParams(Params):
    min_years: float
    #: "more than N years" (the penalty must exceed N) instead of "at least N years"
    strict: bool = False
    min_months_left: float | None = None
    death_suffices: bool = True


class LeadTimeParams(Params):
    """A lead time in days, or in calendar months ("three months" is not 90 days)."""

    days: int | None = None
    months: int | None = None

    @model_validator(mode="after")
    def _one(self) -> LeadTimeParams:
        if (self.days is None) == (self.months is None):
            raise ValueError("give the lead time once: days or months")
        return self


class ServiceParams(Params):
    #: roles of a national for whom the state need not serve (e.g. as defendant)
    roles: list[PersonRole] = Field(
        default_factory=lambda: [PersonRole.ACCUSED, PersonRole.SUSPECT])


#: every rule a profile may name -> the model of its parameters
RULE_PARAMS: dict[str, type[Params]] = {
    # the requested state's own records (rules/state_info.py)
    "no_profile_notice": NoParams, "legal_basis": NoParams, "state_languages": NoParams,
    "state_channels": NoParams, "state_time_limits": NoParams, "state_formalities": NoParams,
    # what a request must contain (rules/content.py)
    "required_fields": RequiredFieldsParams, "person_sought": PersonSoughtParams,
    "dual_criminality": DualCriminalityParams, "minimum_penalty": MinimumPenaltyParams,
    "summons_lead_time": LeadTimeParams,
    # surrender (rules/surrender.py)
    "nationals": NoParams, "nationals_alternatives": NoParams,
    "death_penalty_assurance": NoParams, "retrial_assurance": NoParams,
    "service_on_nationals": ServiceParams,
}
