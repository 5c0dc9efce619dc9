"""Where an answer key's rule codes and instruments are found: the legal profiles, so that a
miss is explained with the same citation the checklist gives (one source of truth)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..profiles.loader import Registry
from ..rules.registry import CASE_CHECKS, PROGRAM

#: rule functions whose findings carry derived codes (CODE-SUFFIX), see rules/state_info.py
_DERIVED = ("legal_basis", "state_languages", "state_channels", "state_formalities")
_SUFFIX = re.compile(r"^[A-Z0-9_]+(-[A-Z0-9_]+)*$")


@dataclass(frozen=True)
class Source:
    """The legal source of a criterion: citation, where it was found, how sure it is."""

    citation: str
    source: str
    status: str

    @property
    def verified(self) -> bool:
        return self.status != "unverified"


NO_SOURCE = Source("", "", "")


def rule_source(registry: Registry, state: str, code: str) -> Source | None:
    """The source of rule code `code` for requests to `state` (the baseline, the state's own
    rules and time limits, a finding code derived from a baseline rule, a program check);
    None when neither the baseline nor that state's profile has it."""
    specs = [*(registry.baseline.rules if registry.baseline else [])]
    profile = registry.state(state)
    if profile is not None:
        specs += profile.rules
        for limit in profile.time_limits:
            if limit.code == code:
                return Source(limit.citation, limit.source, limit.status)
    for spec in specs:
        if spec.code == code:
            return Source(spec.citation, spec.source, spec.status)
    for spec in specs:
        prefix = f"{spec.code}-"
        if spec.rule in _DERIVED and code.startswith(prefix) \
                and _SUFFIX.match(code[len(prefix):]):
            return Source(spec.citation, spec.source, spec.status)
    if code in CASE_CHECKS:
        return Source(code, PROGRAM, PROGRAM)
    return None


def instrument_source(registry: Registry, instrument_id: str) -> Source | None:
    inst = registry.instruments.get(instrument_id)
    return None if inst is None else Source(inst.citation, inst.source, inst.status)
