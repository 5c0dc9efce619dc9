"""Field paths in profiles ("$.request.persons[*].nationalities") checked against the model.

The check walks the pydantic classes of `mla_writer.domain.model` (never a hand-kept field list),
so a profile rule naming a field the request model lacks is a load error. `expand` turns a
pattern into the concrete JSON paths and values of one case, as `storage.json_path` writes them.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Iterator
from functools import cache
from typing import Any

from pydantic import BaseModel

from ..domain.model import CaseFile

_SEGMENT = re.compile(r"^([a-z_][a-z0-9_]*)(\[\*\])?$")


def _split(pattern: str) -> list[tuple[str, bool]]:
    if not pattern.startswith("$."):
        raise ValueError(f"field path {pattern!r} must start with '$.'")
    parts = []
    for seg in pattern[2:].split("."):
        m = _SEGMENT.match(seg)
        if not m:
            raise ValueError(f"field path {pattern!r}: bad segment {seg!r}")
        parts.append((m.group(1), bool(m.group(2))))
    return parts


def _unwrap(annotation: Any) -> tuple[list[type[BaseModel]], bool, bool]:
    """(model classes, is a list, is a scalar) of a field annotation."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        models: list[type[BaseModel]] = []
        is_list = scalar = False
        for arg in typing.get_args(annotation):
            if arg is type(None):
                continue
            sub, sub_list, sub_scalar = _unwrap(arg)
            models += sub
            is_list |= sub_list
            scalar |= sub_scalar
        return models, is_list, scalar
    if origin is list:
        models, _, scalar = _unwrap(typing.get_args(annotation)[0])
        return models, True, scalar
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation], False, False
    return [], False, True


@cache
def check_path(pattern: str) -> str | None:
    """None when `pattern` names a field of the case-file model, else the reason it does not."""
    try:
        parts = _split(pattern)
    except ValueError as exc:
        return str(exc)
    models: list[type[BaseModel]] = [CaseFile]
    for i, (name, star) in enumerate(parts):
        fields = [m.model_fields[name] for m in models if name in m.model_fields]
        if not fields:
            where = " or ".join(sorted({m.__name__ for m in models}))
            return f"field path {pattern!r}: {where} has no field {name!r}"
        found: list[type[BaseModel]] = []
        is_list = False
        for field in fields:
            sub, sub_list, _ = _unwrap(field.annotation)
            found += sub
            is_list |= sub_list
        if star and not is_list:
            return f"field path {pattern!r}: {name!r} is not a list"
        if is_list and not star and i < len(parts) - 1:
            return f"field path {pattern!r}: {name!r} is a list; write {name}[*]"
        if i < len(parts) - 1 and not found:
            return f"field path {pattern!r}: {name!r} has no sub-fields"
        models = found
    return None


@cache
def field_title(pattern: str) -> str:
    """The model's title of the field a (valid) path names, e.g. 'Location' for
    `$.request.persons[*].location`; the last segment's name when no title is set."""
    models: list[type[BaseModel]] = [CaseFile]
    title = ""
    for name, _star in _split(pattern):
        fields = [m.model_fields[name] for m in models if name in m.model_fields]
        if not fields:
            return name.replace("_", " ")
        title = fields[0].title or name.replace("_", " ")
        models = [sub for f in fields for sub in _unwrap(f.annotation)[0]]
    return title


def expand(case: CaseFile, pattern: str) -> Iterator[tuple[str, Any]]:
    """Yield (concrete JSON path, value) for each place `pattern` matches in `case`.

    Missing optional parents (e.g. no `extradition` block) yield the path with value None;
    list items of a type that lacks the field (assistance of another kind) are skipped.
    """
    parts = _split(pattern)
    frontier: list[tuple[str, Any]] = [("$", case)]
    for name, star in parts:
        nxt: list[tuple[str, Any]] = []
        for path, obj in frontier:
            here = f"{path}.{name}"
            if obj is None:
                nxt.append((here, None))
                continue
            if name not in type(obj).model_fields:
                continue
            value = getattr(obj, name)
            if star:
                nxt += [(f"{here}[{i}]", item) for i, item in enumerate(value or [])]
            else:
                nxt.append((here, value))
        frontier = nxt
    yield from frontier


def is_empty(value: Any) -> bool:
    """Whether a value counts as not given: None, blank text, empty list, False."""
    if value is None or value is False:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | dict | tuple):
        return len(value) == 0
    return False
