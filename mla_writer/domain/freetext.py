"""The prose of a request that a translator renders: every non-verbatim text field, by JSON path.

One walk over the model serves the XLIFF export, the untranslated-text check and the wizard;
which fields are verbatim (codes, ids, numbers, names) is declared on the model itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from .model import CaseFile, is_verbatim


def _walk(value: Any, path: str, verbatim: bool) -> Iterator[tuple[str, str]]:
    if isinstance(value, BaseModel):
        cls = type(value)
        for name in cls.model_fields:
            yield from _walk(getattr(value, name), f"{path}.{name}", is_verbatim(cls, name))
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            yield from _walk(item, f"{path}[{i}]", verbatim)
    elif isinstance(value, str) and not verbatim and any(c.isalpha() for c in value):
        yield path, value


def translatable_texts(case: CaseFile) -> list[tuple[str, str]]:
    """(JSON path, source text) of every filled prose field of the request, in model order."""
    return list(_walk(case.request, "$.request", False))


def missing_translations(case: CaseFile, lang: str) -> list[str]:
    """JSON paths of prose with no translation into `lang` (English is the source: none)."""
    if lang == "en":
        return []
    return [path for path, _ in translatable_texts(case)
            if not case.translations.get(path, {}).get(lang, "").strip()]
