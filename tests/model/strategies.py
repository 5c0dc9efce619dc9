"""Hypothesis strategies for case files, derived from the request model itself.

`case_json(full=...)` walks `CaseFile.model_fields` (and every nested model, list, optional
and the discriminated assistance union) and builds the JSON a case file may hold, so a field
added to the model is generated without touching the tests. An annotation the builder does
not know raises TypeError: a new kind of field must be taught here, never skipped.
"""

from __future__ import annotations

import datetime as dt
import enum
import types
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import annotated_types
from hypothesis import strategies as st
from pydantic import BaseModel
from pydantic_core import to_jsonable_python

from mla_writer.domain.model import CaseFile

#: any text a case file can hold (unpaired surrogates are not characters: tested apart)
TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=24)
_ZONES = st.sampled_from([dt.UTC, dt.timezone(dt.timedelta(hours=7)),
                          dt.timezone(dt.timedelta(hours=-5, minutes=-30))])


def _bounds(metadata: list[Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for item in metadata:
        if isinstance(item, annotated_types.Ge):
            out["min_value"] = item.ge
        elif isinstance(item, annotated_types.Le):
            out["max_value"] = item.le
    return out


def _strategy(annotation: Any, metadata: list[Any], full: bool) -> st.SearchStrategy[Any]:
    origin = get_origin(annotation)
    if origin is Annotated:
        inner, *extra = get_args(annotation)
        return _strategy(inner, metadata + [m for e in extra
                                            for m in getattr(e, "metadata", [e])], full)
    if origin in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        choices = st.one_of([_strategy(a, metadata, full) for a in args])
        if type(None) in get_args(annotation) and not full:
            return st.one_of(st.none(), choices)
        return choices
    if origin is Literal:
        return st.sampled_from(get_args(annotation))
    if origin is list:
        (item,) = get_args(annotation)
        return st.lists(_strategy(item, [], full), min_size=1 if full else 0, max_size=2)
    if origin is dict:
        key, value = get_args(annotation)
        return st.dictionaries(_strategy(key, [], full), _strategy(value, [], full),
                               min_size=1 if full else 0, max_size=2)
    if isinstance(annotation, type):
        if issubclass(annotation, BaseModel):
            return model_json(annotation, full)
        if issubclass(annotation, enum.Enum):
            return st.sampled_from([m.value for m in annotation])
        if annotation is bool:
            return st.booleans()
        if annotation is str:
            pattern = next((m.pattern for m in metadata if getattr(m, "pattern", None)), None)
            if pattern:
                return st.from_regex(pattern, fullmatch=True)
            least = max((m.min_length for m in metadata
                         if isinstance(m, annotated_types.MinLen)), default=0)
            return TEXT.filter(lambda t: len(t) >= least) if least else TEXT
        if annotation is int:
            return st.integers(**_bounds(metadata))
        if annotation is float:
            return st.floats(allow_nan=False, allow_infinity=False, **_bounds(metadata))
        if annotation is dt.datetime:
            return st.datetimes(timezones=_ZONES).map(to_jsonable_python)
        if annotation is dt.date:
            return st.dates().map(dt.date.isoformat)
    raise TypeError(f"no strategy for the annotation {annotation!r}: teach tests/model/"
                    "strategies.py this kind of field")


def _required(cls: type[BaseModel]) -> set[str]:
    """Keys a file must always give: a discriminator (`type`), the schema version, and the
    fields without a default (an annex file's path, hash and size)."""
    return {name for name, info in cls.model_fields.items()
            if (get_origin(info.annotation) is Literal and len(get_args(info.annotation)) == 1)
            or info.is_required()}


def model_json(cls: type[BaseModel], full: bool = False) -> st.SearchStrategy[dict[str, Any]]:
    """The JSON object of one model class: every field (full) or any subset of them."""
    fields = {name: _strategy(info.annotation, list(info.metadata), full)
              for name, info in cls.model_fields.items()}
    required = _required(cls)
    if full:
        return st.fixed_dictionaries(fields)
    return st.fixed_dictionaries(
        {k: v for k, v in fields.items() if k in required},
        optional={k: v for k, v in fields.items() if k not in required})


def case_json(full: bool = False) -> st.SearchStrategy[dict[str, Any]]:
    return model_json(CaseFile, full)


def model_classes(root: type[BaseModel] = CaseFile) -> list[type[BaseModel]]:
    """Every model class reachable from `root`, in field order."""
    out: list[type[BaseModel]] = []

    def classes(annotation: Any) -> list[type[BaseModel]]:
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            return [annotation]
        return [c for arg in get_args(annotation) for c in classes(arg)]

    def visit(cls: type[BaseModel]) -> None:
        if cls in out:
            return
        out.append(cls)
        for info in cls.model_fields.values():
            for sub in classes(info.annotation):
                visit(sub)

    visit(root)
    return out
