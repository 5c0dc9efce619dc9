"""What kind of input a model field needs, read from its pydantic annotation (no Qt).

The wizard's forms are generated from the request model through this module, so a field added
to the model appears in the wizard with its title and description and nothing else to update.
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from dataclasses import dataclass
from enum import Enum
from typing import Any, Literal

from pydantic import BaseModel
from pydantic.fields import FieldInfo

#: name fragments of free-text fields that deserve several lines (a layout hint, not a field list)
_LONG_TEXT = ("summary", "statement", "text", "description", "grounds", "reason", "subject",
              "purpose", "assurance", "link_to_facts", "undertaking", "what_it_adds", "acts",
              "address", "procedure", "limitation")
#: one-line values that are often long (names of authorities and courts): shown wrapped
_WRAPPED = ("conducting_authority", "issuing_court", "presiding_authority", "institution",
            "court", "order_court", "time_and_place", "place_of_birth", "location")
#: fields holding codes or ids, edited with a list of names (the model stores the code)
_CODED = {"requesting_state": "state", "requested_state": "state", "issuing_state": "state",
          "nationalities": "state_list", "language": "language", "instrument_id": "instrument",
          "person_id": "person", "person_ids": "person_list",
          "translated_into": "language_list"}


@dataclass(frozen=True)
class FieldSpec:
    """One field as the form sees it."""

    name: str
    title: str
    description: str
    kind: str            # text, wrapped_text, long_text, bool, date, number, integer, choice,
    #                      text_list, choice_list, model, optional_model, model_list, and the
    #                      coded kinds state, state_list, language, language_list,
    #                      instrument, person, person_list
    choices: tuple[Any, ...] = ()      # enum members or literal values ('' / None = none)
    optional: bool = False
    model: type[BaseModel] | None = None
    union: tuple[type[BaseModel], ...] = ()   # for a list of a discriminated union


def _strip_optional(annotation: Any) -> tuple[Any, bool]:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = typing.get_args(annotation)
        rest = [a for a in args if a is not type(None)]
        if len(rest) == 1:
            return rest[0], len(rest) != len(args)
    return annotation, False


def _union_members(annotation: Any) -> tuple[type[BaseModel], ...]:
    """The model classes of `Annotated[Union[A, B, ...], discriminator]`, else ()."""
    if typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        members = typing.get_args(annotation)
        if all(isinstance(m, type) and issubclass(m, BaseModel) for m in members):
            return tuple(members)
    return ()


def _is_model(t: Any) -> bool:
    return isinstance(t, type) and issubclass(t, BaseModel)


def spec_for(name: str, info: FieldInfo, owner: type[BaseModel] | None = None) -> FieldSpec:
    """Classify one pydantic field (`owner`: the model it belongs to, for layout hints)."""
    title = info.title or name.replace("_", " ").capitalize()
    desc = info.description or ""
    ann, optional = _strip_optional(info.annotation)

    def make(kind: str, **kw: Any) -> FieldSpec:
        return FieldSpec(name, title, desc, kind, optional=optional, **kw)

    if name in _CODED and (ann is str or typing.get_origin(ann) is list):
        return make(_CODED[name])

    origin = typing.get_origin(ann)
    if origin is list:
        (item,) = typing.get_args(ann)
        members = _union_members(item)
        if members:
            return make("model_list", union=members)
        if _is_model(item):
            return make("model_list", model=item)
        if isinstance(item, type) and issubclass(item, Enum):
            return make("choice_list", choices=tuple(item))
        return make("text_list")
    if origin is Literal:
        return make("choice", choices=typing.get_args(ann))
    if _is_model(ann):
        return make("optional_model" if optional else "model", model=ann)
    if ann is bool:
        return make("bool")
    if ann is dt.date:
        return make("date")
    if ann is int:
        return make("integer")
    if ann is float:
        return make("number")
    if isinstance(ann, type) and issubclass(ann, Enum):
        return make("choice", choices=tuple(ann))
    if ann is str:
        if any(part in name for part in _LONG_TEXT):
            return make("long_text")
        wrapped = name in _WRAPPED or (owner is not None and owner.__name__ == "Authority"
                                       and name == "name")
        return make("wrapped_text" if wrapped else "text")
    return make("text")


def specs(model: type[BaseModel], names: list[str] | None = None) -> list[FieldSpec]:
    """The editable fields of `model` (all but the union tag `type` and the fields the
    application keeps, such as an annex's file), in model order."""
    out = []
    for name, info in model.model_fields.items():
        if name == "type" or (names is not None and name not in names):
            continue
        if isinstance(info.json_schema_extra, dict) and info.json_schema_extra.get("managed"):
            continue
        out.append(spec_for(name, info, model))
    return out


def choice_label(value: Any) -> str:
    """An enum member or literal in English words: 'provisional_arrest' -> 'Provisional arrest'
    (the interface shows `texts.choice_text`, translated)."""
    raw = value.value if isinstance(value, Enum) else value
    if raw in ("", None):
        return "—"
    return str(raw).replace("_", " ").capitalize()


def type_tag(cls: type[BaseModel]) -> str:
    """The union tag of an assistance type ('bank_records'), else the class name."""
    return str(cls.model_fields["type"].default) if "type" in cls.model_fields else cls.__name__


def id_prefix(model: type[BaseModel]) -> str:
    """The letter ids of this item start with, read from the id field's 'e.g. P1' example."""
    info = model.model_fields.get("id")
    m = re.search(r"e\.g\. ([A-Z]+)\d", (info.description or "") if info else "")
    return m.group(1) if m else ""


def summary_fields(model: type[BaseModel], limit: int = 4) -> list[FieldSpec]:
    """The first simple fields of an item, used as the columns of its table."""
    simple = ("text", "wrapped_text", "long_text", "choice", "choice_list", "date", "number",
              "integer", "state", "state_list", "language", "language_list", "person",
              "person_list")
    return [s for s in specs(model) if s.kind in simple][:limit]


def title_for_path(root: type[BaseModel], path: str) -> str:
    """The title of the field a JSON path ends in ('$.request.persons[0].sex' -> 'Sex')."""
    cls: Any = root
    title = ""
    for part in re.findall(r"\.([A-Za-z_][A-Za-z0-9_]*)", path):
        fields = getattr(cls, "model_fields", None)
        if fields is None or part not in fields:
            return title
        spec = spec_for(part, fields[part])
        title = spec.title
        cls = spec.model or (spec.union[0].__mro__[1] if spec.union else None)
    return title
