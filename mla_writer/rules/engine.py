"""Evaluate a case against the baseline and the requested state's profile, on a given date.

Profiles are compiled once per registry and requested state (rule function and validated
parameters looked up ahead), so a full check is a loop over small pure functions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ..domain.clock import SYSTEM_CLOCK
from ..domain.issues import Issue, sort_issues
from ..domain.model import CaseFile
from ..profiles.fieldpaths import expand
from ..profiles.loader import Registry, load_registry
from ..profiles.resolver import basis_category
from ..profiles.schema import RuleSpec
from .registry import RULES, Context, RuleDef


@dataclass(frozen=True)
class Compiled:
    spec: RuleSpec
    definition: RuleDef
    params: Any


def _compile(registry: Registry, code: str) -> list[Compiled]:
    key = f"rules:{code}"
    cached = registry.compiled.get(key)
    if cached is not None:
        return cached
    state = registry.state(code)
    specs = [s for s in (registry.baseline.rules if registry.baseline else [])
             if s.scope == "all" or (s.scope == "no_profile") == (state is None)]
    if state is not None:
        specs += state.rules
    out = []
    for spec in specs:
        definition = RULES[spec.rule]
        out.append(Compiled(spec, definition, definition.params.model_validate(spec.params)))
    registry.compiled[key] = out
    return out


def _context(case: CaseFile, on: dt.date | None, registry: Registry | None) -> Context:
    reg = registry or load_registry()
    req = case.request
    day = on or req.request_date or SYSTEM_CLOCK.today()
    basis = req.legal_basis
    return Context(case=case, kind=req.kind.value, on=day, state=reg.state(req.requested_state),
                   registry=reg, category=basis_category(reg, basis.kind, basis.instrument_id),
                   instrument_id=basis.instrument_id if basis.kind != "reciprocity" else "")


def _applicable(ctx: Context) -> list[Compiled]:
    return [c for c in _compile(ctx.registry, (ctx.request.requested_state or "").upper())
            if c.spec.applies(ctx.kind, ctx.category, ctx.instrument_id, ctx.on)]


def evaluate(case: CaseFile, *, on: dt.date | None = None,
             registry: Registry | None = None) -> list[Issue]:
    """Every finding about `case`, errors first (then by path and code).

    `on` is the date the law is taken at: by default the request date, else today.
    Raises `ProfileError` when the bundled profiles are broken.
    """
    ctx = _context(case, on, registry)
    issues: list[Issue] = []
    for c in _applicable(ctx):
        issues.extend(c.definition.fn(ctx, c.spec, c.params))
    return sort_issues(issues)


def field_notes(case: CaseFile, *, on: dt.date | None = None,
                registry: Registry | None = None) -> dict[str, list[str]]:
    """JSON path -> short help texts (with citation) on what the requested state needs there.

    Paths of list items are given both concretely (`$.request.persons[0].sex`) and as the
    pattern (`$.request.persons[*].sex`) so that a field not yet added still has help.
    """
    ctx = _context(case, on, registry)
    notes: dict[str, list[str]] = {}
    for c in _applicable(ctx):
        mark = "" if c.spec.verified else " — unverified, confirm with the central authority"
        text = f"{c.spec.title} ({c.spec.citation}{mark})"
        for pattern in c.definition.targets(c.params):
            paths = [pattern] + [p for p, _ in expand(ctx.case, pattern) if p != pattern]
            for path in paths:
                bucket = notes.setdefault(path, [])
                if text not in bucket:
                    bucket.append(text)
    return notes
