"""Which wizard steps apply to a request, and which step a JSON path belongs to (no Qt)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..domain.kinds import RequestKind  # not the model: the start screen needs this module

if TYPE_CHECKING:
    from ..domain.model import CaseFile


def N_(text: str) -> str:
    """Mark a string for translation; it is translated with `_()` where it is shown."""
    return text


@dataclass(frozen=True)
class Step:
    """One wizard step: stable id, title (untranslated), and the JSON paths it edits."""

    id: str
    title: str
    prefixes: tuple[str, ...] = ()


ALL_STEPS: tuple[Step, ...] = (
    Step("kind", N_("Request and states"), (
        "$.request.kind", "$.request.request_date", "$.request.requesting_state",
        "$.request.requested_state", "$.request.legal_basis", "$.request.supplementary",
        "$.training")),
    Step("authority", N_("Requesting authority"), (
        "$.request.requesting_authority", "$.request.execution_contact",
        "$.request.place_of_signature", "$.request.signatory")),
    Step("case", N_("Case and offences"), (
        "$.request.case_reference", "$.request.stage", "$.request.subject",
        "$.request.conducting_authority", "$.request.offences",
        "$.request.dual_criminality_statement")),
    Step("persons", N_("Persons"), ("$.request.persons",)),
    Step("surrender", N_("Person sought and warrant"), ("$.request.extradition",)),
    Step("facts", N_("Summary of the facts"), ("$.request.facts_summary",)),
    Step("assistance", N_("Assistance sought"), ("$.request.assistance",)),
    Step("purpose", N_("Purpose, procedures, urgency"), (
        "$.request.purpose", "$.request.procedures", "$.request.confidentiality",
        "$.request.urgency")),
    Step("undertakings", N_("Undertakings and assurances"), ("$.request.undertakings",)),
    Step("annexes", N_("Annexes"), ("$.request.annexes",)),
    Step("translate", N_("Translation"), (
        "$.drafting_language", "$.translations", "$.translation_sources")),
    Step("review", N_("Review"), ("$.review", "$")),
    Step("produce", N_("Produce")),
)
STEPS_BY_ID = {s.id: s for s in ALL_STEPS}

#: steps a kind always needs besides the common ones
_SURRENDER_KINDS = {RequestKind.EXTRADITION, RequestKind.PROVISIONAL_ARREST}
_ASSISTANCE_KINDS = {RequestKind.MLA, RequestKind.SUPPLEMENTARY}


def _under(path: str, prefix: str) -> bool:
    return path == prefix or path.startswith(prefix + ".") or path.startswith(prefix + "[")


def step_of(path: str, steps: Iterable[Step] = ALL_STEPS) -> str:
    """The id of the step whose prefixes hold `path` (the longest match; else 'review')."""
    best, length = "review", -1
    for step in steps:
        for prefix in step.prefixes:
            if _under(path, prefix) and len(prefix) > length:
                best, length = step.id, len(prefix)
    return best


def steps_for(case: CaseFile, rule_paths: Iterable[str] = ()) -> list[Step]:
    """The steps for this request: those its kind needs, plus any the profile's rules target.

    `rule_paths` are the JSON paths of the findings of the requested state's rules: a
    provisional-arrest request shows the assistance step only if a rule asks for it.
    """
    kind = case.request.kind
    targeted = {step_of(p) for p in rule_paths}
    out = []
    for step in ALL_STEPS:
        if step.id == "surrender":
            wanted = kind in _SURRENDER_KINDS or "surrender" in targeted
        elif step.id == "assistance":
            wanted = kind in _ASSISTANCE_KINDS or "assistance" in targeted \
                or bool(case.request.assistance)
        else:
            wanted = True
        if wanted:
            out.append(step)
    return out
