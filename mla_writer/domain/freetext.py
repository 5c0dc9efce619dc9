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

from .model import CaseFile, DraftingLanguage, is_verbatim


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
    """JSON paths of prose with no translation into `lang` (the drafting language: none)."""
    return missing_by_language(case, [lang])[lang]


def source_language(case: CaseFile) -> str:
    """The language the case's free text is written in (English for files that do not say)."""
    return case.drafting_language


def missing_by_language(case: CaseFile, langs: list[str],
                        texts: list[tuple[str, str]] | None = None) -> dict[str, list[str]]:
    """`missing_translations` for several languages with one walk over the case (an outdated
    translation is missing: it is not used). `texts` as in `outdated_translations`."""
    source = source_language(case)
    if texts is None:
        texts = translatable_texts(case) if any(lang != source for lang in langs) else []
    return {lang: [] if lang == source else [
        path for path, text in texts if not translation_of(case, path, lang, text)]
        for lang in langs}


# -- translations and the source text they were made from --------------------------------------


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
    """JSON paths whose `lang` translation was made from other text than the field holds
    now (the field was edited after it was translated, or another person or item moved into
    its place): such a translation is not printed. `texts`: `translatable_texts(case)` if the
    caller has it already (one walk over a large case costs about a millisecond)."""
    return [path for path, source in (texts if texts is not None else translatable_texts(case))
            if case.translations.get(path, {}).get(lang, "").strip()
            and not translation_of(case, path, lang, source)]


#: what a segment's translation into a language is: none, made from the text the field holds
#: now, or made from earlier text (not printed)
MISSING, CURRENT, OUTDATED = "missing", "current", "outdated"


def translation_status(case: CaseFile, path: str, lang: str, source: str) -> str:
    """MISSING, CURRENT or OUTDATED: the state of the `lang` translation of the text at `path`
    (the drafting language itself is always CURRENT: the document prints it as written)."""
    if lang == source_language(case):
        return CURRENT
    if translation_of(case, path, lang, source):
        return CURRENT
    return OUTDATED if case.translations.get(path, {}).get(lang, "").strip() else MISSING


def translation_path(path: str, lang: str) -> str:
    """The JSON path of the `lang` translation of the text at `path` in the case file
    (`$.translations['$.request.subject'].th`): where a finding about it points."""
    return f"$.translations['{path}'].{lang}"


_TRANSLATION_PATH = re.compile(r"^\$\.translations\['(.+)'\]\.(\w+)$")


def parse_translation_path(path: str) -> tuple[str, str] | None:
    """(text path, language) of a `translation_path`, else None."""
    found = _TRANSLATION_PATH.match(path)
    return (found.group(1), found.group(2)) if found else None


def record_translation(case: CaseFile, path: str, lang: str, text: str, source: str) -> None:
    """Store a translation with the digest of the source text it was made from."""
    case.translations.setdefault(path, {})[lang] = text
    case.translation_sources.setdefault(path, {})[lang] = source_digest(source)


def set_translation(case: CaseFile, path: str, lang: str, text: str) -> bool:
    """Record (or, with blank `text`, remove) the `lang` translation of the prose at `path`,
    made from the text the field holds now; return whether the case changed. ValueError when
    `path` holds no prose or `lang` is the drafting language (its text is the field itself)."""
    if lang == source_language(case):
        raise ValueError(f"{lang!r} is the drafting language of this request: edit the field"
                         " itself, not a translation")
    source = dict(translatable_texts(case)).get(path)
    if source is None:
        raise ValueError(f"{path}: the request has no text to translate there")
    if not text.strip():
        had = bool(case.translations.get(path, {}).pop(lang, None))
        case.translation_sources.get(path, {}).pop(lang, None)
        for table in (case.translations, case.translation_sources):
            if path in table and not table[path]:
                del table[path]
        return had
    if translation_of(case, path, lang, source) == text:
        return False
    record_translation(case, path, lang, text, source)
    return True


# -- changing the drafting language -------------------------------------------------------------


class DraftingLanguageError(ValueError):
    """The drafting language cannot change as asked (the message names the fields)."""


def change_drafting_language(case: CaseFile, new: str, *, keep_text: bool = False) -> list[str]:
    """Make `new` the drafting language of `case` (in place); return the JSON paths whose text
    was swapped.

    A field with a current `new` translation takes that translation as its text; the text it
    held becomes its translation into the old drafting language, and its other current
    translations stay current (they render the same meaning). Without `keep_text`, a field
    with no current `new` translation stops the change (DraftingLanguageError naming the fields,
    the case unchanged): its text would be taken for `new` text. With `keep_text` the fields
    keep their text as it is, taken to be `new` already (the user typed in the wrong setting).
    """
    if new not in typing.get_args(DraftingLanguage):
        raise DraftingLanguageError(f"{new!r} is not a drafting language (expected one of"
                                    f" {', '.join(typing.get_args(DraftingLanguage))})")
    old = source_language(case)
    if new == old:
        return []
    texts = translatable_texts(case)
    swaps = {path: translation_of(case, path, new, text) for path, text in texts}
    missing = [path for path, found in swaps.items() if not found]
    if missing and not keep_text:
        raise DraftingLanguageError(
            f"{len(missing)} text field(s) have no translation into {new!r} to take the"
            f" place of the {old!r} text: {', '.join(missing[:5])}"
            + (" ..." if len(missing) > 5 else ""))
    changed: list[str] = []
    for path, text in texts:
        translated = swaps[path]
        if not translated:
            continue
        current = {lang: value for lang, value in case.translations.get(path, {}).items()
                   if lang != new and translation_of(case, path, lang, text)}
        _set_text(case, path, translated)
        case.translations[path].pop(new, None)
        case.translation_sources.get(path, {}).pop(new, None)
        for lang, value in current.items():
            record_translation(case, path, lang, value, translated)
        record_translation(case, path, old, text, translated)
        changed.append(path)
    case.drafting_language = new  # type: ignore[assignment]
    return changed


_TOKEN = re.compile(r"\.(\w+)|\[(\d+)\]")


def _set_text(case: CaseFile, path: str, text: str) -> None:
    """Put `text` at the JSON path of a prose field (a field of a model or an item of a list)."""
    tokens = _TOKEN.findall(path.removeprefix("$"))
    obj: Any = case
    for name, index in tokens[:-1]:
        obj = getattr(obj, name) if name else obj[int(index)]
    name, index = tokens[-1]
    if name:
        setattr(obj, name, text)
    else:
        obj[int(index)] = text
