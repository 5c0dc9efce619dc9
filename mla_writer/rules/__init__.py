"""The rules engine: small pure functions, chosen and parameterised by the legal profiles."""

from __future__ import annotations

from . import case_checks, content, state_info, surrender  # noqa: F401  (they register here)
from .engine import evaluate, field_note_texts, field_notes
from .registry import RULES, UNVERIFIED_NOTE, Context, rule

__all__ = ["RULES", "UNVERIFIED_NOTE", "Context", "evaluate", "field_note_texts", "field_notes",
           "rule"]
