"""The prose of a request that a translator renders: every non-verbatim text field, by JSON path.

One walk over the model serves the XLIFF export, the untranslated-text check and the wizard;
which fields are verbatim (codes, ids, numbers, names) is declared on the model itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any

from pydantic import BaseModel

from .model import CaseFile, is_verbatim


@cache
def _fields(cls: type[BaseModel]) -> tuple[tuple[str, bool], ...]:
    """(field name, verbatim) of a model class, worked out once per class."""
    return tuple((name, is_verbatim(cls, name)) for name in cls.model_fields)


def _walk(value: Any, path: str, verbatim: bool) -> Iterator[tuple[str, str]]:
    if isinstance(value, BaseModel):
        for name, fixed in _fields(type(value)):
            item = getattr(value, name)
            if item is None or isinstance(item, bool | int | float):
                continue
            yield from _walk(item, f"{path}.{name}", fixed)
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
    return missing_by_language(case, [lang])[lang]


def missing_by_language(case: CaseFile, langs: list[str]) -> dict[str, list[str]]:
    """`missing_translations` for several languages with one walk over the case."""
    texts = translatable_texts(case) if any(lang != "en" for lang in langs) else []
    return {lang: [] if lang == "en" else [
        path for path, _ in texts
        if not case.translations.get(path, {}).get(lang, "").strip()] for lang in langs}
