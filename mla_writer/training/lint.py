"""`training lint`: an answer key checked against the request model and the legal profiles.

A key that names a model path that does not exist, a rule code that neither the baseline nor
the requested state's profile has, an instrument not in the profiles, a channel or language
the profile does not record for the request, or a model answer that does not score 100%, is
an error: the key has drifted from the law or the model, and trainees would be marked wrongly.
"""

# lazy imports (start-up cost): training

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..i18n.languages import LANGUAGES
from ..i18n.names import is_state_code
from ..profiles.fieldpaths import check_path
from ..profiles.loader import Registry, load_registry
from ..profiles.resolver import RECIPROCITY, profile_kind, resolve_basis
from .ablate import remove_element
from .exercise import EXERCISE_FILE, Criterion, Exercise, ExerciseError, load_case, load_exercise
from .sources import instrument_source, rule_source

#: a starting case file should leave most of the work to the trainee
START_BELOW = 50.0


@dataclass(frozen=True)
class Problem:
    severity: str  # "error" or "warning"
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.severity.upper():7} {self.where}: {self.message}"


def _paths(c: Criterion) -> list[str]:
    return [p for p in (c.path, *c.translations) if p]


def _criterion(ex: Exercise, c: Criterion, reg: Registry) -> list[str]:
    """What is wrong with one criterion (messages)."""
    out = []
    needs_path = c.type in ("element", "finding", "not_claim")
    if needs_path and not c.path:
        out.append(f"a {c.type} criterion needs `path`")
    for path in _paths(c):
        why = check_path(path)
        if why:
            out.append(why)
    state = ex.requested_state
    if c.type == "finding" and not c.rule:
        out.append("a finding criterion needs `rule` (the code of the finding)")
    if c.type == "element" and not c.rule:
        out.append("an element criterion needs `rule` (the rule that requires it: its source)")
    if c.type == "not_claim" and not (c.rule or c.instrument):
        out.append("a not_claim criterion needs `rule` or `instrument` (its legal source)")
    if c.rule and rule_source(reg, state, c.rule) is None:
        out.append(f"rule code {c.rule!r} is in neither the baseline nor the profile of {state}")
    if c.instrument and instrument_source(reg, c.instrument) is None:
        out.append(f"instrument {c.instrument!r} is not in the legal profiles")
    if c.type == "legal_basis":
        out += _basis(ex, c, reg)
    if c.type == "channel":
        out += _channel(ex, c, reg)
    if c.type == "language":
        out += _language(ex, c, reg)
    if c.type in ("element", "not_claim") and c.equals is not None and c.contains:
        out.append("give `equals` or `contains`, not both")
    return out


def _basis(ex: Exercise, c: Criterion, reg: Registry) -> list[str]:
    if not c.accept:
        return ["a legal_basis criterion needs `accept` (instrument ids or \"reciprocity\")"]
    out = [f"instrument {i!r} is not in the legal profiles" for i in c.accept
           if i != RECIPROCITY and i not in reg.instruments]
    options = {o.instrument_id: o for o in resolve_basis(
        ex.requesting_state, ex.requested_state, ex.kind.value, ex.date, reg)}
    unusable = [i for i in c.accept if i in options and not options[i].usable]
    out += [f"{i} cannot carry a {ex.kind.value} request from {ex.requesting_state} to"
            f" {ex.requested_state} on {ex.date}: {options[i].reason}" for i in unusable]
    return out


def _channel(ex: Exercise, c: Criterion, reg: Registry) -> list[str]:
    state = reg.state(ex.requested_state)
    kind = ex.kind.value
    routes = {ch.channel for ch in (state.channels if state else [])
              if ch.accepted and kind in ch.kinds and ch.active(ex.date)}
    if c.channel not in routes:
        return [f"the profile of {ex.requested_state} records no accepted {c.channel!r} channel"
                f" for {kind} requests (recorded: {', '.join(sorted(routes)) or 'none'})"]
    return []


def _language(ex: Exercise, c: Criterion, reg: Registry) -> list[str]:
    state = reg.state(ex.requested_state)
    kind = profile_kind(ex.kind.value) if ex.kind.value != "supplementary" else "supplementary"
    recorded = {lang for rule in (state.languages if state else [])
                if kind in rule.kinds and rule.active(ex.date) for lang in rule.languages}
    out = [f"the profile of {ex.requested_state} records no {lang!r} language for {kind}"
           f" requests (recorded: {', '.join(sorted(recorded)) or 'none'})"
           for lang in c.languages if lang not in recorded]
    if not c.languages:
        out.append("a language criterion needs `languages`")
    if c.into and (c.into not in c.languages or c.into == "en"):
        out.append(f"`into` ({c.into!r}) must be one of `languages` other than English")
    if c.translations and not c.into:
        out.append("`translations` need `into` (the language they must be translated into)")
    return out


def lint_exercise(folder: str | Path, registry: Registry | None = None) -> list[Problem]:
    """Every problem of the exercise in `folder` (empty: usable)."""
    reg = registry or load_registry()
    root = Path(folder)
    try:
        ex = load_exercise(root)
    except ExerciseError as exc:
        return [Problem("error", str(root / EXERCISE_FILE), str(exc))]
    where = ex.id
    out: list[Problem] = []

    def err(message: str, at: str = where) -> None:
        out.append(Problem("error", at, message))

    if root.name != ex.id:
        err(f"the folder is {root.name!r} but the id is {ex.id!r}: use the same name")
    for code in (ex.requesting_state, ex.requested_state):
        if not is_state_code(code) and reg.state(code) is None:
            err(f"{code!r} is not the ISO 3166-1 code of a state")
    if reg.state(ex.requested_state) is None:
        err(f"no legal profile for the requested state {ex.requested_state}")
    for field_name, value in (("title", ex.title), ("brief", ex.brief)):
        have = {"en"} if isinstance(value, str) else set(value)
        if "en" not in have:
            err(f"the {field_name} has no English text")
        missing = [lang for lang in LANGUAGES if lang not in have]
        if missing and field_name == "brief":
            out.append(Problem("warning", where, f"the brief is not yet in {', '.join(missing)}"))
    for c in ex.criteria:
        for message in _criterion(ex, c, reg):
            err(message, f"{where}: criterion {c.id}")
    if any(p.severity == "error" for p in out):
        return out  # the cases are marked only against a sound key
    out += _cases(ex, reg)
    return out


def _cases(ex: Exercise, reg: Registry) -> list[Problem]:
    from .score import score_case

    out: list[Problem] = []
    cases = {}
    for name, path in (("start", ex.start_path), ("model", ex.model_path)):
        try:
            case = load_case(path)
        except ExerciseError as exc:
            out.append(Problem("error", ex.id, str(exc)))
            continue
        cases[name] = case
        req = case.request
        if not case.training:
            out.append(Problem("error", f"{ex.id}: {path.name}", "the case must set"
                               " \"training\": true (its documents are marked as training)"))
        if (req.kind, req.requesting_state, req.requested_state) != (
                ex.kind, ex.requesting_state, ex.requested_state) and name == "model":
            out.append(Problem("error", f"{ex.id}: {path.name}", "the model answer's kind and"
                               " states differ from the exercise's"))
    model = cases.get("model")
    if model is not None:
        score = score_case(ex, model, registry=reg)
        for r in score.missed:
            out.append(Problem("error", f"{ex.id}: criterion {r.criterion.id}",
                               f"the model answer fails it: {r.reason_in('en')}"))
        if not score.missed:
            for c in ex.criteria:
                broken = score_case(ex, remove_element(model, c), registry=reg)
                if all(r.passed for r in broken.results if r.criterion.id == c.id):
                    out.append(Problem("error", f"{ex.id}: criterion {c.id}", "it cannot fail:"
                                       " without its element the model answer still passes it"))
    start = cases.get("start")
    if start is not None:
        percent = score_case(ex, start, registry=reg).percent
        if percent >= START_BELOW:
            out.append(Problem("warning", f"{ex.id}: {ex.start}", f"the starting file already"
                               f" scores {percent:g}% (aim below {START_BELOW:g}%)"))
    return out
