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
from ..profiles.resolver import BasisOption
from ..profiles.schema import RuleSpec, Sourced, StateProfile

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
    #: the resolver's options for this request (empty when a state is missing)
    basis_options: tuple[BasisOption, ...] = ()
    #: the chosen basis is given but cannot carry the request: the checks follow "no basis"
    basis_rejected: bool = False

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
    #: what a finding of this rule means at its path ("required": the field must be filled);
    #: two findings with the same path and meaning are one problem, reported once. None: the
    #: rule reports profile data (languages, channels ...) and each finding stands on its own.
    meaning: str | None = None


RULES: dict[str, RuleDef] = {}
REPORT = None  # meaning of rules that report profile data


def rule(name: str, params: type[Params] = NoParams,
         targets: Callable[[Any], list[str]] | None = None,
         meaning: str | None = "") -> Callable[[RuleFn], RuleFn]:
    """Register a rule function under `name`; `targets` lists the field paths it concerns,
    `meaning` what its findings say (default: the rule's name; REPORT: profile data)."""

    def deco(fn: RuleFn) -> RuleFn:
        if name in RULES:
            raise ValueError(f"rule {name!r} registered twice")
        RULES[name] = RuleDef(name, fn, params, targets or (lambda p: []),
                              (fn.__doc__ or "").strip().splitlines()[0] if fn.__doc__ else "",
                              name if meaning == "" else meaning)
        return fn

    return deco


_STRENGTH = {"unverified": 0, "treaty-text": 1, "verified": 2}


def issue(spec: RuleSpec, path: str, message: str = "",
          severity: Severity | str | None = None, also: Sourced | None = None) -> Issue:
    """An Issue carrying the spec's code, citation and status; unverified ones say so.

    `also`: a second record the finding rests on (e.g. the list of coercive assistance types);
    its citation is added and the finding is never more certain than the weaker of the two."""
    citation, source, status = spec.citation, spec.source, spec.status
    if also is not None:
        citation, source = f"{citation}; {also.citation}", f"{source}; {also.source}"
        status = min(status, also.status, key=lambda s: _STRENGTH.get(s, 0))
    verified = status != "unverified"
    text = message or spec.message or spec.title
    if not verified:
        text = f"{text} {UNVERIFIED_NOTE}"
    return Issue(code=spec.code, severity=Severity(severity or spec.severity), path=path,
                 message=text, citation=citation, verified=verified, source=source,
                 status=status)


def sourced_issue(code: str, severity: Severity, path: str, message: str, item: Any) -> Issue:
    """An Issue built from a sourced profile item (time limit, channel, language, basis ...)."""
    verified = item.status != "unverified"
    text = message if verified else f"{message} {UNVERIFIED_NOTE}"
    return Issue(code=code, severity=severity, path=path, message=text, citation=item.citation,
                 verified=verified, source=item.source, status=item.status)
