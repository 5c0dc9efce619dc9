"""Default factories of model fields: a new empty list or dict.

pydantic asks every default factory for its signature (does it take the validated data?).
For a built-in type such as `list` that means parsing its text signature with the tokenizer:
the tokenizer's patterns compiled and a parse per field, about a tenth of the cost of defining
the request and profile models. The signature of a Python function is read directly. The
fields' defaults are the same: a new empty list or dict for every model made.
"""

from __future__ import annotations

from typing import Any


def new_list() -> list[Any]:
    """A new empty list (`Field(default_factory=new_list)`)."""
    return []


def new_dict() -> dict[Any, Any]:
    """A new empty dict (`Field(default_factory=new_dict)`)."""
    return {}
