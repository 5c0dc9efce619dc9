"""Evaluate a case against the baseline and the requested state's profile, on a given date.

Profiles are compiled once per registry and requested state (rule function and validated
parameters looked up ahead), so a full check is a loop over small pure functions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ..domain.clock import SYSTEM_CLOCK
from ..domain.issues import SEVERITY_ORDER, Issue, Text, issue_order
from ..domain.model import CaseFile
from ..i18n.text import N_, render_text
from ..profiles.effective import effective_basis
from ..profiles.fieldpaths import expand
from ..profiles.loader import Registry, load_registry
from ..profiles.schema import Exemption, RuleSpec
from .registry import CASE_CHECKS, RULES, Context, RuleDef, profile_text


@dataclass(frozen=True)
class Compiled:
    spec: RuleSpec
    definition: RuleDef
    params: Any
    #: a rule of the requested state's own profile (not the baseline)
    own: bool = False
    #: exemptions of the state that switch this baseline rule off (with their conditions)
    exempt: tuple[Exemption, ...] = ()


def _compile(registry: Registry, code: str) -> list[Compiled]:
    key = f"rules:{code}"
    cached = registry.compiled.get(key)
    if cached is not None:
        return cached
    state = registry.state(code)
    own_fns = {s.rule for s in state.rules} if state is not None else set()
    base = [s for s in (registry.baseline.rules if registry.baseline else [])
            if s.scope == "all" or (s.scope == "no_profile" and state is None)
            or (s.scope == "with_profile" and state is not None)
            # the state's position on the point is not recorded: no rule of its own
            or (s.scope == "unrecorded" and state is not None and s.rule not in own_fns)]
    exemptions = state.exemptions if state is not None else []
    out = []
    for spec in base:
        definition = RULES[spec.rule]
        out.append(Compiled(spec, definition, definition.params.model_validate(spec.params),
                            exempt=tuple(e for e in exemptions if e.code == spec.code)))
    for spec in state.rules if state is not None else []:
        definition = RULES[spec.rule]
        out.append(Compiled(spec, definition, definition.params.model_validate(spec.params),
                            own=True))
    registry.compiled[key] = out
    return out


def _context(case: CaseFile, on: dt.date | None, registry: Registry | None) -> Context:
    reg = registry or load_registry()
    req = case.request
    day = on or req.request_date or SYSTEM_CLOCK.today()
    # the one effective basis (profiles.effective): the documents and the GUI use it too
    eff = effective_basis(req, reg, day)
    return Context(case=case, kind=eff.kind, on=day, state=reg.state(req.requested_state),
                   registry=reg, category=eff.category, instrument_id=eff.instrument_id,
                   basis_options=eff.options, basis_rejected=eff.rejected,
                   supplementary=eff.supplementary)


def _applicable(ctx: Context) -> list[Compiled]:
    out = []
    for c in _compile(ctx.registry, (ctx.request.requested_state or "").upper()):
        if not c.spec.applies(ctx.kind, ctx.category, ctx.instrument_id, ctx.on,
                              supplementary=ctx.supplementary):
            continue
        if any(e.applies(ctx.kind, ctx.category, ctx.instrument_id, ctx.on,
                         supplementary=ctx.supplementary) for e in c.exempt):
            continue
        out.append(c)
    return out


def _rank(issue: Issue, c: Compiled) -> tuple[int, int, int]:
    """Lower wins: the more severe finding, then the state's own rule, then the more specific."""
    specific = bool(c.spec.instruments or c.spec.basis or c.spec.except_instruments)
    return SEVERITY_ORDER[issue.severity], 0 if c.own else 1, 0 if specific else 1


def findings(case: CaseFile, *, on: dt.date | None = None,
             registry: Registry | None = None) -> list[tuple[Issue, str | None]]:
    """Every finding with its meaning (see `RuleDef.meaning`), one per problem, sorted: the
    rules of the baseline and the requested state's profile, then the case checks
    (`registry.CASE_CHECKS`, meaning None).

    Two rules finding the same problem at the same path (a baseline rule and the state's own,
    a general rule and a treaty's) give one finding: the more severe, else the more specific.
    """
    ctx = _context(case, on, registry)
    best: dict[tuple[str, str], tuple[tuple[int, int, int], int]] = {}
    raw: list[tuple[Issue, str | None]] = []
    seen: set[tuple[str, str, str]] = set()
    for c in _applicable(ctx):
        for found in c.definition.fn(ctx, c.spec, c.params):
            meaning = c.definition.meaning
            if meaning is None:
                key3 = (found.code, found.path, found.message)
                if key3 not in seen:
                    seen.add(key3)
                    raw.append((found, None))
                continue
            key, rank = (found.path, meaning), _rank(found, c)
            if key in best and best[key][0] <= rank:
                continue
            best[key] = (rank, len(raw))
            raw.append((found, meaning))
    keep = {index for _, index in best.values()}
    out = [(i, m) for n, (i, m) in enumerate(raw) if m is None or n in keep]
    for check in CASE_CHECKS.values():  # the program's own checks: no profile states them
        out.extend((found, None) for found in check(ctx))
    return sorted(out, key=lambda pair: issue_order(pair[0]))


def evaluate(case: CaseFile, *, on: dt.date | None = None,
             registry: Registry | None = None) -> list[Issue]:
    """Every finding about `case`, errors first (then by path and code).

    `on` is the date the law is taken at: by default the request date, else today.
    Raises `ProfileError` when the bundled profiles are broken.
    """
    return [i for i, _ in findings(case, on=on, registry=registry)]


def field_note_texts(case: CaseFile, *, on: dt.date | None = None,
                     registry: Registry | None = None) -> dict[str, list[Text]]:
    """JSON path -> short help texts (with citation) on what the requested state needs there,
    as message ids to be shown in the reader's language (`i18n.render_text`).

    Paths of list items are given both concretely (`$.request.persons[0].sex`) and as the
    pattern (`$.request.persons[*].sex`) so that a field not yet added still has help.
    """
    ctx = _context(case, on, registry)
    notes: dict[str, list[Text]] = {}
    for c in _applicable(ctx):
        title = profile_text(c.spec.title)
        text = N_("%(title)s (%(citation)s)", title=title, citation=c.spec.citation) \
            if c.spec.verified else \
            N_("%(title)s (%(citation)s — unverified, confirm with the central authority)",
               title=title, citation=c.spec.citation)
        for pattern in c.definition.targets(c.params):
            paths = [pattern] + [p for p, _ in expand(ctx.case, pattern) if p != pattern]
            for path in paths:
                bucket = notes.setdefault(path, [])
                if text not in bucket:
                    bucket.append(text)
    return notes


def field_notes(case: CaseFile, *, on: dt.date | None = None,
                registry: Registry | None = None, lang: str = "en") -> dict[str, list[str]]:
    """`field_note_texts` in the language `lang` (default English)."""
    return {path: [render_text(t, lang) for t in texts]
            for path, texts in field_note_texts(case, on=on, registry=registry).items()}
