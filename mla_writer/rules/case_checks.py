"""Checks of the case's own data that no legal profile states: the program's, run on every case.

STATE-CODE: the requesting or requested state is not a state's ISO 3166-1 code (a typo such as
"XX" would otherwise be addressed "To: the competent authority of XX").
TEXT-UNPRINTABLE: text with characters that none of the fonts bundled for the PDF can draw
(Devanagari, Arabic, emoji ...): they would print as empty boxes.
"""

# lazy imports (start-up cost): icu, icu_capi
from __future__ import annotations

import re
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from pydantic import BaseModel

from ..domain.freetext import holds_text, is_choice
from ..domain.issues import Issue, Items, Name, Severity, Text
from ..glyphs import unprintable_chars
from ..i18n.names import is_state_code, script_name
from ..i18n.text import N_
from ..profiles.fieldpaths import field_title
from .registry import Context, case_check, field_text, program_issue
from .state_info import language_name

STATE_CODE, UNPRINTABLE = "STATE-CODE", "TEXT-UNPRINTABLE"
#: what a STATE-CODE finding rests on
ISO_3166 = "ISO 3166-1 alpha-2 (country codes as listed by Unicode CLDR)"
#: what a TEXT-UNPRINTABLE finding rests on
FONTS = "the fonts bundled for the PDF (fonts/README.md)"
#: at most this many stretches of unprintable text are named in one finding
MAX_NAMED = 12

_STATE_FIELDS = (("$.request.requesting_state", "requesting_state"),
                 ("$.request.requested_state", "requested_state"))


def known_state(ctx: Context, code: str) -> bool:
    """An ISO 3166-1 state code, or the code of a legal profile in use (profiles may define
    fictional states for training, such as XA)."""
    return is_state_code(code) or ctx.registry.state(code) is not None \
        or ctx.registry.broken_state(code) is not None


@case_check(STATE_CODE)
def state_codes(ctx: Context) -> Iterator[Issue]:
    """The requesting and requested states must be given as ISO 3166-1 alpha-2 codes."""
    for path, name in _STATE_FIELDS:
        code = getattr(ctx.request, name).strip()
        if code and not known_state(ctx, code):
            yield program_issue(STATE_CODE, Severity.ERROR, path, N_(
                "%(field)s: '%(code)s' is not the ISO 3166-1 code of a state. Enter the"
                " state's two-letter code (for example KH, TH or VN).",
                field=field_text(field_title(path)), code=code), ISO_3166)


# --- text the PDF cannot print ----------------------------------------------------------------

@dataclass(frozen=True)
class _Layout:
    """The fields of a model class that can hold text (names and codes included), by kind."""

    texts: tuple[str, ...]  # str fields
    lists: tuple[str, ...]  # lists (of str or of models)
    models: tuple[str, ...]  # a model, or None
    own: Callable[[dict[str, Any]], tuple[str, ...]]  # the str fields' values, at once


_LAYOUTS: dict[type, _Layout] = {}


def _layout(cls: type[BaseModel]) -> _Layout:
    """Worked out once per class from the model's annotations (kept in _LAYOUTS)."""
    texts, lists, models = [], [], []
    for name, info in cls.model_fields.items():
        annotation = info.annotation
        if not holds_text(annotation) or is_choice(annotation):
            continue
        if isinstance(info.json_schema_extra, dict) and info.json_schema_extra.get("managed"):
            continue  # kept by the application, never printed (an annex file's path)
        if annotation is str:
            texts.append(name)
        elif typing.get_origin(annotation) is list:
            lists.append(name)
        else:
            models.append(name)
    names = tuple(texts)
    own = itemgetter(*names) if len(names) > 1 else (lambda values: (values[names[0]],)) \
        if names else (lambda values: ())
    layout = _LAYOUTS[cls] = _Layout(names, tuple(lists), tuple(models), own)
    return layout


def _texts(value: BaseModel, where: tuple, out: list[tuple[tuple, str]]) -> None:
    """(place, text) of every text outside ASCII under `value` (ASCII always prints); a place
    is (parent place, field name, list index or None), made into a JSON path by `_path` only
    for the texts found. This walk runs on every check of every case, so it reads the instance
    dict and tests a model's text fields together first (one `isascii` of their join)."""
    values = value.__dict__
    layout = _LAYOUTS.get(type(value)) or _layout(type(value))
    if layout.texts:
        own = layout.own(values)
        if not "".join(own).isascii():
            out.extend(((where, name, None), text) for name, text in zip(
                layout.texts, own, strict=True) if not text.isascii())
    for name in layout.lists:
        for i, sub in enumerate(values[name]):
            if type(sub) is str:
                if not sub.isascii():
                    out.append(((where, name, i), sub))
            else:
                _texts(sub, (where, name, i), out)
    for name in layout.models:
        sub = values[name]
        if sub is not None:
            _texts(sub, (where, name, None), out)


def _path(where: tuple) -> str:
    """'$.request.persons[0].aliases[1]' from a place of `_texts`."""
    if not where:
        return "$.request"
    parent, name, index = where
    return f"{_path(parent)}.{name}" + ("" if index is None else f"[{index}]")


def unprintable(text: str) -> list[str]:
    """The stretches of `text` that no bundled font can draw (each once, in order): whole
    words as typed ('अभिषेक'), not their letters and vowel signs one by one."""
    bad = unprintable_chars(text)
    if not bad:
        return []
    runs: list[str] = []
    current: list[str] = []
    for ch in text + " ":
        if ch in bad:
            current.append(ch)
            continue
        if current:
            run = "".join(current)
            if run not in runs:
                runs.append(run)
            current = []
    return runs


def _script(run: str) -> tuple[str, str]:
    """(ISO 15924 code, English name) of the script of a stretch of text (its first letter
    of a real script); ('', '') for symbols and unassigned code points."""
    from ..icu_capi import script_code

    for ch in run:
        code = script_code(ch)
        if code not in ("Zyyy", "Zinh", "Zzzz"):
            return code, script_name(code)
    return "", ""


def _named(runs: list[str]) -> Items:
    """'अभिषेक शर्मा (Devanagari), محمد (Arabic), 😀': the stretches grouped by script, the
    script named."""
    groups: dict[tuple[str, str], list[str]] = {}
    for run in runs[:MAX_NAMED]:
        groups.setdefault(_script(run), []).append(run)
    parts: list[Any] = []
    for (code, english), members in groups.items():
        shown = " ".join(members)
        parts.append(N_("%(characters)s (%(script)s)", characters=shown,
                        script=Name("script", code, english)) if code else shown)
    if len(runs) > MAX_NAMED:
        parts.append("…")
    return Items(tuple(parts), "comma")


def _field(path: str) -> Text:
    """The model's title of the field at a concrete path (a translation's key may be stale)."""
    try:
        title = field_title(re.sub(r"\[\d+\]", "[*]", path))
    except (KeyError, ValueError, IndexError):
        title = path
    return field_text(title)


@case_check(UNPRINTABLE)
def unprintable_text(ctx: Context) -> Iterator[Issue]:
    """Text of the request or of its translations that the PDF would print as empty boxes."""
    found: list[tuple[tuple, str]] = []
    _texts(ctx.request, (), found)
    # most cases print: one look at all their text (a set operation) settles that
    if not unprintable_chars("".join(text for _, text in found)):
        found = []
    for where, text in found:
        runs = unprintable(text)
        if runs:
            path = _path(where)
            yield program_issue(UNPRINTABLE, Severity.WARNING, path, N_(
                "%(field)s: %(characters)s cannot be printed with the fonts of the PDF and will"
                " print as empty boxes. Write the text in a transliteration (Latin letters)"
                " instead.", field=_field(path), characters=_named(runs)), FONTS)
    translations = ctx.case.translations
    if not unprintable_chars("".join(t for by in translations.values() for t in by.values())):
        translations = {}
    for path, by_language in translations.items():
        for lang, text in by_language.items():
            runs = unprintable(text)
            if runs:
                yield program_issue(UNPRINTABLE, Severity.WARNING, path, N_(
                    "%(field)s, %(language)s translation: %(characters)s cannot be printed with"
                    " the fonts of the PDF and will print as empty boxes. Write the text in a"
                    " transliteration (Latin letters) instead.", field=_field(path),
                    language=Name("language", lang, language_name(lang)),
                    characters=_named(runs)), FONTS)
