"""Get and set values of a case by JSON path (`$.request.persons[0].sex`), without Qt."""

from __future__ import annotations

import re
import types
import typing
from typing import Any

from pydantic import BaseModel

_TOKEN = re.compile(r"\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+|\*)\]")

Part = str | int


def parse(path: str) -> list[Part]:
    """'$.request.persons[0].sex' -> ['request', 'persons', 0, 'sex'] (ValueError if malformed)."""
    if not path.startswith("$"):
        raise ValueError(f"not a JSON path: {path!r}")
    parts: list[Part] = []
    pos = 1
    while pos < len(path):
        m = _TOKEN.match(path, pos)
        if m is None:
            raise ValueError(f"malformed JSON path {path!r} at character {pos}")
        if m.group(1) is not None:
            parts.append(m.group(1))
        else:
            parts.append(-1 if m.group(2) == "*" else int(m.group(2)))
        pos = m.end()
    return parts


def join(parts: list[Part]) -> str:
    out = "$"
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else f".{p}"
    return out


def child(path: str, part: Part) -> str:
    return path + (f"[{part}]" if isinstance(part, int) else f".{part}")


def pattern(path: str) -> str:
    """'$.request.persons[0].sex' -> '$.request.persons[*].sex' (for per-item help texts)."""
    return re.sub(r"\[\d+\]", "[*]", path)


def get(root: Any, path: str) -> Any:
    """The value at `path` (None where an optional part is absent or an index is out of range)."""
    obj = root
    for part in parse(path):
        if obj is None:
            return None
        if isinstance(part, int):
            if not isinstance(obj, list) or not 0 <= part < len(obj):
                return None
            obj = obj[part]
        else:
            obj = getattr(obj, part)
    return obj


def model_class(annotation: Any) -> type[BaseModel] | None:
    """The model class inside `Model`, `Model | None`, else None."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return model_class(args[0])
    return None


def _ensure(parent: BaseModel, name: str) -> Any:
    """The child model `name` of `parent`, created with its defaults when it is absent."""
    value = getattr(parent, name)
    if value is None:
        cls = model_class(type(parent).model_fields[name].annotation)
        if cls is None:
            raise ValueError(f"cannot create {name!r} inside {type(parent).__name__}")
        setattr(parent, name, cls())
        value = getattr(parent, name)
    return value


def set_value(root: BaseModel, path: str, value: Any) -> None:
    """Assign `value` at `path`, validated by the model (pydantic ValidationError if invalid).

    Absent optional parts on the way are created with their defaults; list items are replaced
    by assigning the whole list again so that the model validates the new item.
    """
    parts = parse(path)
    if not parts:
        raise ValueError("cannot replace the root")
    obj: Any = root
    holder: tuple[BaseModel, str] | None = None
    for part in parts[:-1]:
        if isinstance(part, int):
            if not isinstance(obj, list) or not 0 <= part < len(obj):
                raise ValueError(f"{path}: no item {part}")
            obj = obj[part]
            holder = None
        else:
            holder = (obj, part)
            obj = _ensure(obj, part)
    last = parts[-1]
    if isinstance(last, int):
        if holder is None or not isinstance(obj, list) or not 0 <= last < len(obj):
            raise ValueError(f"{path}: no item {last}")
        items = list(obj)
        items[last] = value
        setattr(holder[0], holder[1], items)
    else:
        setattr(obj, last, value)
