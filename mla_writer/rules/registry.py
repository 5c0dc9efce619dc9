"""Rule functions register here by name, with the pydantic model of their parameters.

A profile entry `{rule = "required_fields", params = {...}}` names a function in RULES; the
loader validates `params` against the function's model (listed in profiles/rule_params.py, the
profile format), so an unknown rule or a bad parameter is a profile load error. Rule
functions are pure: (context, spec, params) -> Issues.

A rule writes its message as a `Text` (`N_("... %(name)s ...", name=...)`, extracted into the
interface catalog), with the profile's own texts as `profile_text(...)` (the catalog
mla_writer_profiles): the English `Issue.message` is made from it at once, any other language
only when the finding is shown (`i18n.finding_text`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .. import i18n
from ..domain.issues import DOC_DOMAIN, PROFILES_DOMAIN, Issue, Items, Severity, Text, english
from ..domain.model import CaseFile, Person, PersonRole, Request
from ..profiles.resolver import BasisOption
from ..profiles.rule_params import RULE_PARAMS, NoParams, Params
from ..profiles.schema import STATUSES_WEAKEST_FIRST, RuleSpec, Sourced, StateProfile

if TYPE_CHECKING:  # the loader imports this module to check rule parameters: no cycle
    from ..profiles.loader import Registry

UNVERIFIED_MARK = "UNVERIFIED SOURCE — confirm with the central authority"
UNVERIFIED_NOTE = i18n.UNVERIFIED_NOTE  # appended to the message of an unverified finding


def profile_text(text: str) -> Text:
    """A text of a legal profile (rule title or message, a note), translated from the catalog
    mla_writer_profiles when shown."""
    return Text(text, domain=PROFILES_DOMAIN)


def field_text(title: str, *, lower: bool = False) -> Text:
    """A field title of the model, translated like the documents print it (mla_writer_doc)."""
    return Text(title, domain=DOC_DOMAIN, lower=lower)


def _finding(message: Text | Items | str, verified: bool) -> tuple[str, Text | Items | None]:
    """(English message, with the unverified note where it applies; the Text, if any)."""
    text = message if isinstance(message, Text | Items) else None
    words = english(text) if text is not None else str(message)
    return (words if verified else f"{words} {UNVERIFIED_NOTE}"), text


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
    #: the request supplements an earlier one whose kind is `kind`
    supplementary: bool = False

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
        if RULE_PARAMS.get(name) is not params:  # the loader validates profiles with that list
            raise ValueError(f"rule {name!r}: list its parameters ({params.__name__}) in"
                             " profiles/rule_params.py RULE_PARAMS")
        RULES[name] = RuleDef(name, fn, params, targets or (lambda p: []),
                              (fn.__doc__ or "").strip().splitlines()[0] if fn.__doc__ else "",
                              name if meaning == "" else meaning)
        return fn

    return deco


#: checks of the case's own data that rest on no legal profile (a state code that names no
#: state, text the PDF cannot print): code -> function of the context. They are the program's,
#: not the law's, so they are registered here in code, not listed in legal_profiles/, and run
#: on every case after the profile's rules (`engine.findings`).
CaseCheck = Callable[[Context], Iterable[Issue]]
CASE_CHECKS: dict[str, CaseCheck] = {}
#: the `status` (and `source`) of a finding of a case check
PROGRAM = "program"


def case_check(code: str) -> Callable[[CaseCheck], CaseCheck]:
    """Register a case check whose findings carry the stable code `code`."""

    def deco(fn: CaseCheck) -> CaseCheck:
        if code in CASE_CHECKS:
            raise ValueError(f"case check {code!r} registered twice")
        CASE_CHECKS[code] = fn
        return fn

    return deco


def program_issue(code: str, severity: Severity, path: str, message: Text | Items,
                  citation: str) -> Issue:
    """A finding of a case check: `citation` names what it rests on (a standard, the fonts)."""
    return Issue(code=code, severity=severity, path=path, message=english(message),
                 citation=citation, source=PROGRAM, status=PROGRAM, text=message)


_STRENGTH = {s: i for i, s in enumerate(STATUSES_WEAKEST_FIRST)}


def issue(spec: RuleSpec, path: str, message: Text | Items | str = "",
          severity: Severity | str | None = None, also: Sourced | None = None) -> Issue:
    """An Issue carrying the spec's code, citation and status; unverified ones say so.

    `message`: a Text (a plain str is English only); default the profile's message, else its
    title. `also`: a second record the finding rests on (e.g. the list of coercive assistance
    types); its citation is added and the finding is never more certain than the weaker."""
    citation, source, status = spec.citation, spec.source, spec.status
    if also is not None:
        citation, source = f"{citation}; {also.citation}", f"{source}; {also.source}"
        status = min(status, also.status, key=lambda s: _STRENGTH.get(s, 0))
    verified = status != "unverified"
    words, text = _finding(message or profile_text(spec.message or spec.title), verified)
    return Issue(code=spec.code, severity=_never_blocks_unverified(
                     Severity(severity or spec.severity), verified), path=path,
                 message=words, citation=citation, verified=verified, source=source,
                 status=status, text=text)


def _never_blocks_unverified(severity: Severity, verified: bool) -> Severity:
    """An unverified fact never blocks a request on its own: a finding that rests on an
    unverified record is at most a warning (it says it is unverified). Profiles cannot state
    an unverified error (schema); this covers findings that combine records."""
    return Severity.WARNING if severity == Severity.ERROR and not verified else severity


def spec_message(spec: RuleSpec, default: Text) -> Text:
    """The profile's own message for this rule when it has one, else the rule's `default`."""
    return profile_text(spec.message) if spec.message else default


def sourced_issue(code: str, severity: Severity, path: str, message: Text | Items | str,
                  item: Any) -> Issue:
    """An Issue built from a sourced profile item (time limit, channel, language, basis ...)."""
    verified = item.status != "unverified"
    words, text = _finding(message, verified)
    return Issue(code=code, severity=_never_blocks_unverified(Severity(severity), verified),
                 path=path, message=words,
                 citation=item.citation, verified=verified, source=item.source,
                 status=item.status, text=text)
