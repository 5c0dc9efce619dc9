"""The prose of a request that a translator renders: every non-verbatim text field, by JSON path.

One walk over the model serves the XLIFF export, the untranslated-text check and the wizard;
which fields are verbatim (codes, ids, numbers, names) is declared on the model itself.
"""

from __future__ import annotations

import hashlib
import re
import typing
from enum import Enum
from functools import cache, lru_cache
from typing import Any

from pydantic import BaseModel

from .model import CaseFile, is_verbatim


def is_choice(annotation: Any) -> bool:
    """Whether a field holds one of fixed values (an enum, a Literal, or a list/optional of
    them): codes such as 'mla' or 'bank_records' that are never prose, though they are str."""
    origin = typing.get_origin(annotation)
    if origin is typing.Literal:
        return True
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return True
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    return bool(args) and origin is not typing.Annotated and all(is_choice(a) for a in args)


def holds_text(annotation: Any) -> bool:
    """Whether a field can hold free text: a str or a model (directly, in a list, optional)."""
    if annotation is str:
        return True
    if isinstance(annotation, type):
        return issubclass(annotation, BaseModel)
    return any(holds_text(a) for a in typing.get_args(annotation))


@cache
def _fields(cls: type[BaseModel]) -> tuple[tuple[str, bool], ...]:
    """(field name, verbatim) of the fields of a model class that can hold prose (not dates,
    numbers, flags, or fixed choices), worked out once per class."""
    return tuple((name, is_verbatim(cls, name)) for name, info in cls.model_fields.items()
                 if holds_text(info.annotation) and not is_choice(info.annotation))


def _walk(value: BaseModel, path: str, out: list[tuple[str, str]]) -> None:
    for name, verbatim in _fields(type(value)):
        item = getattr(value, name)
        here = f"{path}.{name}"
        if isinstance(item, str):
            if not verbatim and _prose(item):
                out.append((here, item))
        elif isinstance(item, BaseModel):
            _walk(item, here, out)
        elif isinstance(item, list):
            for i, sub in enumerate(item):
                if isinstance(sub, BaseModel):
                    _walk(sub, f"{here}[{i}]", out)
                elif isinstance(sub, str) and not verbatim and _prose(sub):
                    out.append((f"{here}[{i}]", sub))


#: a letter of any script (not a digit, underscore or sign): text with none is not prose
_LETTER = re.compile(r"[^\W\d_]")


def _prose(text: str) -> bool:
    return not isinstance(text, Enum) and _LETTER.search(text) is not None


def translatable_texts(case: CaseFile) -> list[tuple[str, str]]:
    """(JSON path, source text) of every filled prose field of the request, in model order."""
    out: list[tuple[str, str]] = []
    _walk(case.request, "$.request", out)
    return out


def missing_translations(case: CaseFile, lang: str) -> list[str]:
    """JSON paths of prose with no translation into `lang` (English is the source: none)."""
    return missing_by_language(case, [lang])[lang]


def missing_by_language(case: CaseFile, langs: list[str],
                        texts: list[tuple[str, str]] | None = None) -> dict[str, list[str]]:
    """`missing_translations` for several languages with one walk over the case (an outdated
    translation is missing: it is not used). `texts` as in `outdated_translations`."""
    if texts is None:
        texts = translatable_texts(case) if any(lang != "en" for lang in langs) else []
    return {lang: [] if lang == "en" else [
        path for path, source in texts if not translation_of(case, path, lang, source)]
        for lang in langs}


# -- translations and the English they were made from ------------------------------------------


@lru_cache(maxsize=4096)
def source_digest(text: str) -> str:
    """The SHA-256 of a source text as a translator saw it (line endings and the spaces around
    the text do not count), recorded beside its translations."""
    normal = "\n".join(line.rstrip() for line in text.strip().splitlines())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


def translation_of(case: CaseFile, path: str, lang: str, source: str) -> str:
    """The `lang` translation of the text at `path` if it was made from `source` (the text the
    field holds now), else "". A translation recorded without its source (older files) is
    taken as current."""
    text = case.translations.get(path, {}).get(lang, "")
    if not text.strip():
        return ""
    made_from = case.translation_sources.get(path, {}).get(lang)
    return text if made_from is None or made_from == source_digest(source) else ""


def outdated_translations(case: CaseFile, lang: str,
                          texts: list[tuple[str, str]] | None = None) -> list[str]:
    """JSON paths whose `lang` translation was made from other English than the field holds
    now (the field was edited after it was translated, or another person or item moved into
    its place): such a translation is not printed. `texts`: `translatable_texts(case)` if the
    caller has it already (one walk over a large case costs about a millisecond)."""
    return [path for path, source in (texts if texts is not None else translatable_texts(case))
            if case.translations.get(path, {}).get(lang, "").strip()
            and not translation_of(case, path, lang, source)]


def record_translation(case: CaseFile, path: str, lang: str, text: str, source: str) -> None:
    """Store a translation with the digest of the English it was made from."""
    case.translations.setdefault(path, {})[lang] = text
    case.translation_sources.setdefault(path, {})[lang] = source_digest(source)
