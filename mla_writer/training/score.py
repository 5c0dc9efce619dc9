"""Marking a trainee's case file against an exercise's answer key.

Each criterion passes or fails with a reason and the legal source behind it (a citation from
the legal profiles, never from the key itself); the score is the passed weight over the total.
The checks run the same rules engine as the checklist, with the law as on the exercise date.
"""

# lazy imports (start-up cost): rules

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..domain.freetext import translatable_texts, translation_of
from ..domain.issues import Issue, Items, Name, Text
from ..domain.model import CaseFile
from ..i18n.text import N_, render_text
from ..profiles.fieldpaths import expand, field_title, is_empty
from ..profiles.loader import Registry, load_registry
from ..profiles.resolver import RECIPROCITY, resolve_basis
from ..rules.registry import field_text
from .exercise import Criterion, Exercise, ExerciseError, load_case, localized
from .sources import NO_SOURCE, Source, instrument_source, rule_source

Reason = Text | Items | str


@dataclass(frozen=True)
class CriterionResult:
    """One criterion marked: passed or not, why (shown in the reader's language), the source."""

    criterion: Criterion
    passed: bool
    reason: Reason = ""
    source: Source = NO_SOURCE

    @property
    def points(self) -> float:
        return self.criterion.weight if self.passed else 0.0

    def reason_in(self, lang: str) -> str:
        """Why it failed, in `lang` (a trainer's own reason in the languages it was written)."""
        if isinstance(self.reason, _Localized):
            return self.reason.texts.get(lang) or str(self.reason)
        return render_text(self.reason, lang) if self.reason else ""

    def hint_in(self, lang: str) -> str:
        return localized(self.criterion.hint, lang)

    def label_in(self, lang: str) -> str:
        return localized(self.criterion.label, lang)


@dataclass(frozen=True)
class Score:
    """A case file marked against an exercise."""

    exercise: Exercise
    results: tuple[CriterionResult, ...]
    trainee: str = ""
    #: the file could not be read: no criterion passes, and this says why
    problem: str = ""

    @property
    def points(self) -> float:
        return sum(r.points for r in self.results)

    @property
    def percent(self) -> float:
        total = self.exercise.total_weight
        return round(100.0 * self.points / total, 1) if total else 0.0

    @property
    def missed(self) -> list[CriterionResult]:
        return [r for r in self.results if not r.passed]


# --- the criteria ------------------------------------------------------------------------------

@dataclass
class _Marking:
    exercise: Exercise
    case: CaseFile
    registry: Registry
    findings: list[Issue] = field(default_factory=list)

    @property
    def state(self) -> str:
        return self.exercise.requested_state

    def rule(self, code: str) -> Source:
        return (rule_source(self.registry, self.state, code) if code else None) or NO_SOURCE

    def same_request(self) -> bool:
        req = self.case.request
        return req.kind == self.exercise.kind and \
            req.requested_state.strip().upper() == self.exercise.requested_state


def _values(case: CaseFile, path: str) -> list[Any]:
    return [value for _p, value in expand(case, path)]


def _matches(value: Any, c: Criterion) -> bool:
    """The value says what the criterion looks for (filled; equal; containing the text)."""
    if isinstance(value, list):
        return any(_matches(v, c) for v in value)
    if c.equals is not None:
        got = getattr(value, "value", value)
        return got == c.equals or str(got) == str(c.equals)
    if c.contains:
        return isinstance(value, str) and c.contains.casefold() in value.casefold()
    return not is_empty(value)


def _field(path: str) -> Text:
    return field_text(field_title(path))


def _element(m: _Marking, c: Criterion) -> CriterionResult:
    values = _values(m.case, c.path)
    ok = bool(values) and (all if c.every else any)(_matches(v, c) for v in values)
    if ok:
        return CriterionResult(c, True)
    if c.equals is True:
        why: Reason = N_("%(field)s must be ticked.", field=_field(c.path))
    elif c.equals is not None:
        why = N_("%(field)s should be %(value)s.", field=_field(c.path), value=str(c.equals))
    elif c.contains:
        why = N_("%(field)s should mention %(text)s.", field=_field(c.path), text=c.contains)
    else:
        why = N_("%(field)s is missing.", field=_field(c.path))
    return CriterionResult(c, False, why, m.rule(c.rule))


def _finding(m: _Marking, c: Criterion) -> CriterionResult:
    if not m.same_request():
        return CriterionResult(c, False, _WRONG_REQUEST, m.rule(c.rule))
    # the finding by its code, or any error or warning at the field that resolves it: where
    # the state's own rule takes the place of a baseline rule, the finding carries its code
    paths = {p for p, _v in expand(m.case, c.path)} if c.path else set()
    found = [i for i in m.findings if i.code == c.rule
             or (i.path in paths and i.severity != "info")]
    if not found:
        return CriterionResult(c, True)
    first = found[0]
    return CriterionResult(c, False, first.text or first.message,
                           Source(first.citation, first.source, first.status))


_WRONG_REQUEST = N_("The case is not the request the exercise asks for: check the kind of"
                    " request and the requested state.")


def _legal_basis(m: _Marking, c: Criterion) -> CriterionResult:
    req = m.case.request
    chosen = RECIPROCITY if req.legal_basis.kind == "reciprocity" else req.legal_basis.instrument_id
    expected = Items(tuple(c.accept), "or")
    options = resolve_basis(m.exercise.requesting_state, m.exercise.requested_state,
                            m.exercise.kind.value, m.exercise.date, m.registry)
    model = next((o for o in options if o.instrument_id == c.accept[0]), None)
    source = Source(model.citation, model.source, model.status) if model is not None \
        else instrument_source(m.registry, c.instrument or c.accept[0]) or NO_SOURCE
    if chosen not in c.accept:
        why = N_("The legal basis should be %(expected)s; the case gives %(given)s.",
                 expected=expected, given=chosen or "—") if chosen else \
            N_("No legal basis is given; it should be %(expected)s.", expected=expected)
        return CriterionResult(c, False, why, source)
    options = resolve_basis(req.requesting_state, req.requested_state, req.kind.value,
                            m.exercise.date, m.registry) if req.requesting_state else []
    option = next((o for o in options if o.instrument_id == chosen), None)
    if option is None or not option.usable:
        return CriterionResult(c, False, N_(
            "%(basis)s cannot carry this request between these states.", basis=chosen), source)
    return CriterionResult(c, True)


def _channel(m: _Marking, c: Criterion) -> CriterionResult:
    if m.same_request():
        return CriterionResult(c, True)
    state = m.registry.state(m.state)
    source = NO_SOURCE
    recipient = ""
    if state is not None:
        kind = m.exercise.kind.value
        # the route the key names, for this kind of request (whichever basis it rests on)
        entry = next((ch for ch in state.channels if ch.channel == c.channel and ch.accepted
                      and kind in ch.kinds and ch.active(m.exercise.date)), None)
        if entry is not None:
            source, recipient = Source(entry.citation, entry.source, entry.status), entry.recipient
        authority = state.authority(kind, m.exercise.date)
        recipient = recipient or (authority.name if authority is not None else "")
    from ..rules.state_info import _CHANNEL

    return CriterionResult(c, False, N_(
        "A %(kind)s request to %(state)s goes %(route)s to %(recipient)s: the case must name"
        " that state and that kind of request.", kind=_KIND.get(m.exercise.kind.value, ""),
        state=Name("state", m.state, state.name_en if state else m.state),
        route=_CHANNEL.get(c.channel, c.channel), recipient=recipient or m.state), source)


_KIND = {"mla": N_("mutual legal assistance"), "extradition": N_("extradition"),
         "provisional_arrest": N_("provisional arrest"), "supplementary": N_("supplementary")}


def _language_source(m: _Marking, c: Criterion) -> Source:
    state = m.registry.state(m.state)
    for rule in state.languages if state is not None else []:
        if set(c.languages) & set(rule.languages) and m.exercise.kind.value in rule.kinds:
            return Source(rule.citation, rule.source, rule.status)
    return m.rule("LANGUAGE")


def _language(m: _Marking, c: Criterion) -> CriterionResult:
    # the annexes: as the checklist says (photographs and fingerprints need no translation)
    annex = next((i for i in m.findings if i.code.startswith("LANGUAGE-ANNEX")), None)
    if annex is not None:
        return CriterionResult(c, False, annex.text or annex.message,
                               Source(annex.citation, annex.source, annex.status))
    if c.into:
        texts = dict(translatable_texts(m.case))
        missing = [p for p in c.translations
                   for path, _v in expand(m.case, p)
                   if path in texts and not translation_of(m.case, path, c.into, texts[path])]
        empty = [p for p in c.translations if not any(path in texts for path, _v in
                                                      expand(m.case, p))]
        if missing or empty:
            return CriterionResult(c, False, N_(
                "%(fields)s: the %(language)s translation is missing.",
                fields=Items(tuple(dict.fromkeys(_field(_pattern(p)) for p in missing + empty))),
                language=Name("language", c.into, c.into)), _language_source(m, c))
    return CriterionResult(c, True)


def _pattern(path: str) -> str:
    return re.sub(r"\[\d+\]", "[*]", path)


def _not_claim(m: _Marking, c: Criterion) -> CriterionResult:
    values = _values(m.case, c.path)
    if not any(_matches(v, c) for v in values):
        return CriterionResult(c, True)
    source = m.rule(c.rule) if c.rule else \
        (instrument_source(m.registry, c.instrument) or NO_SOURCE)
    reason: Reason = N_("%(field)s must not say this.", field=_field(c.path))
    if isinstance(c.reason, dict) and c.reason:
        reason = _Localized(c.reason)
    elif isinstance(c.reason, str) and c.reason.strip():
        reason = c.reason
    return CriterionResult(c, False, reason, source)


class _Localized(str):
    """A trainer's reason in several languages: a str (English) that `reason_in` picks from."""

    texts: dict[str, str]

    def __new__(cls, texts: dict[str, str]) -> _Localized:
        obj = super().__new__(cls, texts.get("en") or next(iter(texts.values()), ""))
        obj.texts = texts
        return obj


_MARKERS: dict[str, Callable[[_Marking, Criterion], CriterionResult]] = {
    "element": _element, "finding": _finding, "legal_basis": _legal_basis,
    "channel": _channel, "language": _language, "not_claim": _not_claim}


def score_case(exercise: Exercise, case: CaseFile, *, registry: Registry | None = None,
               trainee: str = "") -> Score:
    """Mark `case` against `exercise`'s key, with the law as on the exercise date."""
    from ..rules import evaluate

    reg = registry or load_registry()
    marking = _Marking(exercise, case, reg)
    marking.findings = evaluate(case, on=exercise.date, registry=reg)
    results = tuple(_MARKERS[c.type](marking, c) for c in exercise.criteria)
    return Score(exercise, results, trainee=trainee)


def trainee_name(path: Path) -> str:
    """Who wrote a case file: its file name without .json (trainers name the files by
    trainee; the signatory in an exercise file is part of the fictional case)."""
    return path.stem


def score_folder(folder: str | os.PathLike[str], exercise: Exercise, *,
                 registry: Registry | None = None) -> list[Score]:
    """Mark every case file (*.json) in `folder`; a file that cannot be read scores 0 and says
    why (nothing is skipped silently)."""
    reg = registry or load_registry()
    root = Path(folder)
    if not root.is_dir():
        raise ExerciseError(f"{root}: not a folder of case files")
    out: list[Score] = []
    for path in sorted(root.glob("*.json")):
        try:
            case = load_case(path)
        except ExerciseError as exc:
            failed = tuple(CriterionResult(c, False, N_("The case file cannot be read."))
                           for c in exercise.criteria)
            out.append(Score(exercise, failed, trainee=trainee_name(path), problem=str(exc)))
            continue
        out.append(score_case(exercise, case, registry=reg, trainee=trainee_name(path)))
    return out


def missed_counts(scores: Sequence[Score]) -> list[tuple[Criterion, int]]:
    """How many trainees missed each criterion, most missed first (ties in key order);
    unreadable files are left out."""
    if not scores:
        return []
    criteria = scores[0].exercise.criteria
    counts = {c.id: 0 for c in criteria}
    for s in scores:
        if s.problem:
            continue  # an unreadable file says nothing about the items
        for r in s.missed:
            counts[r.criterion.id] += 1
    order = {c.id: i for i, c in enumerate(criteria)}
    return sorted(((c, counts[c.id]) for c in criteria), key=lambda p: (-p[1], order[p[0].id]))
