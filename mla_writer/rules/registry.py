"""Rule functions register here by name, with the pydantic model of their parameters.

A profile entry `{rule = "required_fields", params = {...}}` names a function in RULES; the
loader validates `params` against the function's model, so an unknown rule or a bad parameter
is a profile load error. Rule functions are pure: (context, spec, params) -> Issues.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict

from ..domain.issues import Issue, Severity
from ..domain.model import CaseFile, Person, PersonRole, Request
from ..profiles.loader import Registry
from ..profiles.schema import RuleSpec, StateProfile

UNVERIFIED_MARK = "UNVERIFIED SOURCE — confirm with the central authority"
UNVERIFIED_NOTE = UNVERIFIED_MARK + "."  # appended to the message of an unverified finding


class Params(BaseModel):
    """Base of rule parameter models: unknown parameters are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class NoParams(Params):
    pass


@dataclass(frozen=True)
class Context:
    """Everything a rule may read: the case, the requested state's profile, the chosen basis."""

    case: CaseFile
    kind: str
    on: dt.date
    state: StateProfile | None
    registry: Registry
    category: str
    instrument_id: str

    @property
    def request(self) -> Request:
        return self.case.request

    def person_sought(self) -> tuple[int, Person] | None:
        """(index, person) of the person whose extradition or arrest is sought."""
        req = self.case.request
        wanted = req.extradition.person_id if req.extradition else ""
        sought_roles = {PersonRole.ACCUSED, PersonRole.CONVICTED_PERSON, PersonRole.SUSPECT}
        for i, person in enumerate(req.persons):
            if wanted and person.id == wanted:
                return i, person
        if wanted:
            return None
        for i, person in enumerate(req.persons):
            if sought_roles & set(person.roles):
                return i, person
        return None


RuleFn = Callable[[Context, RuleSpec, Any], Iterable[Issue]]


@dataclass(frozen=True)
class RuleDef:
    name: str
    fn: RuleFn
    params: type[Params]
    targets: Callable[[Any], list[str]]
    doc: str


RULES: dict[str, RuleDef] = {}


def rule(name: str, params: type[Params] = NoParams,
         targets: Callable[[Any], list[str]] | None = None) -> Callable[[RuleFn], RuleFn]:
    """Register a rule function under `name`; `targets` lists the field paths it concerns."""

    def deco(fn: RuleFn) -> RuleFn:
        if name in RULES:
            raise ValueError(f"rule {name!r} registered twice")
        RULES[name] = RuleDef(name, fn, params, targets or (lambda p: []),
                              (fn.__doc__ or "").strip().splitlines()[0] if fn.__doc__ else "")
        return fn

    return deco


def issue(spec: RuleSpec, path: str, message: str = "",
          severity: Severity | str | None = None) -> Issue:
    """An Issue carrying the spec's code, citation and status; unverified ones say so."""
    text = message or spec.message or spec.title
    if not spec.verified:
        text = f"{text} {UNVERIFIED_NOTE}"
    return Issue(code=spec.code, severity=Severity(severity or spec.severity), path=path,
                 message=text, citation=spec.citation, verified=spec.verified,
                 source=spec.source, status=spec.status)


def sourced_issue(code: str, severity: Severity, path: str, message: str, item: Any) -> Issue:
    """An Issue built from a sourced profile item (time limit, channel, language ...)."""
    verified = item.status != "unverified"
    text = message if verified else f"{message} {UNVERIFIED_NOTE}"
    return Issue(code=code, severity=severity, path=path, message=text, citation=item.citation,
                 verified=verified, source=item.source, status=item.status)
