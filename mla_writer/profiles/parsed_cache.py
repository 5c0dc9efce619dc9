"""The validated legal profiles, kept between processes.

Reading the TOML files and validating them (with the checks of `loader`) costs more than the
rest of a `check`. A folder whose every file loaded is stored as the JSON of its validated
models; the next process reads the files' bytes, and when the same bytes were validated by the
same code (this package's validation modules, pydantic, Python), it reads the models back
instead of parsing TOML and checking again. A broken folder is never stored: it is scanned each
time, so its problems are always reported.

The models are stored as JSON that names each model's class (one of this package's profile
models, nothing else) with its fields' values and the fields that were set, dates tagged as
dates: reading them back is pydantic's own unpickling step (`__setstate__`) with no validator,
so the profile model classes are defined with `defer_build` and a process that reads the cache
never builds their schemas (about a quarter of a `build`'s pydantic cost). A model that holds
any other kind of value is not stored; what is stored is checked to read back equal.

The entries are data trusted without the loader's checks, so they live in the private cache
folder (`cachefiles`): an entry another account could have written is ignored and rebuilt.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pydantic
import pydantic_core
from pydantic import BaseModel

from .. import cachefiles
from ..datafiles import DataFileError, read_regular
from . import schema
from .schema import Baseline, InstrumentFile, StateProfile

#: the parts of mla_writer whose code decides what a profile validates to (its schema, the
#: loader's checks, the vocabulary they use): an edit to any of their files is a new key
_CODE_FOLDERS = ("profiles", "domain", "i18n")
_FORMAT = 3
#: entries kept (a few profile folders or versions used in turn)
KEEP = 8
#: the name ending of an entry
SUFFIX = ".json"


def profile_files(root: Path) -> list[tuple[str, Path]]:
    """(name relative to `root`, path) of every file the loader reads, in its order."""
    files = [(p.relative_to(root).as_posix(), p)
             for p in sorted((root / "instruments").glob("*.toml"))]
    files.append(("baseline.toml", root / "baseline.toml"))
    files += [(p.relative_to(root).as_posix(), p) for p in sorted((root / "states").glob("*.toml"))]
    return files


def _code_stamp() -> str:
    return "\n".join([cachefiles.source_stamp(*_CODE_FOLDERS), str(_FORMAT), pydantic.VERSION,
                      pydantic_core.__version__])


def key(files: Iterable[tuple[str, bytes]]) -> str:
    """The cache key of profile files (name, bytes) validated by this code."""
    digest = hashlib.sha256(_code_stamp().encode())
    for name, data in files:
        digest.update(f"\0{name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


Contents = list[tuple[str, Path, bytes]]


def read_files(root: Path) -> Contents | None:
    """(name, path, bytes) of every profile file, or None when one cannot be read (the loader
    reports it; such a folder is not cached)."""
    out = []
    for rel, path in profile_files(root):
        try:
            out.append((rel, path, read_regular(path)))
        except DataFileError:
            return None
    return out


def _path(contents: Contents) -> Path | None:
    folder = cachefiles.folder("profiles")
    name = key((rel, data) for rel, _path, data in contents)
    return folder / f"{name}{SUFFIX}" if folder is not None else None


def load(contents: Contents) -> dict[str, BaseModel] | None:
    """The validated model of each file (name -> model) of a folder holding `contents`, from
    the cache; None when it is not there (or not usable)."""
    path = _path(contents)
    raw = cachefiles.read(path) if path is not None else None
    if raw is None:
        return None
    try:
        stored = json.loads(raw, object_hook=_revive)
        out = {rel: stored[rel] for rel, _path, _data in contents}
    except Exception:  # damaged or of another format, whatever the error: scan again
        return None
    if not all(type(model) is _MODEL[_kind(rel)] for rel, model in out.items()):
        return None
    return out


_MODEL: dict[str, type[BaseModel]] = {"baseline": Baseline, "instruments": InstrumentFile,
                                      "states": StateProfile}


def _kind(rel: str) -> str:
    return "baseline" if rel == "baseline.toml" else rel.split("/", 1)[0]


def store(contents: Contents, models: dict[str, BaseModel]) -> None:
    """Keep the validated models (file name -> model) of a folder whose every file loaded from
    `contents`; anything else is not stored."""
    if set(models) != {rel for rel, _p, _d in contents}:
        return  # a file appeared while the folder was read
    path = _path(contents)
    if path is not None:
        try:
            out = {rel: _encode(models[rel]) for rel, _p, _d in contents}
        except TypeError:  # a value this format does not hold: validate each time
            return
        text = json.dumps(out)
        read_back = json.loads(text, object_hook=_revive)  # as `load` will read it
        if any(read_back[rel] != models[rel] for rel in out):
            return
        if cachefiles.write(path, text.encode()):
            cachefiles.prune(path.parent, f"*{SUFFIX}", keep=KEEP)


#: the classes an entry may name: the profile models (schema.py), by class name
_CLASSES: dict[str, type[BaseModel]] = {
    name: cls for name, cls in vars(schema).items()
    if isinstance(cls, type) and issubclass(cls, BaseModel) and cls.__module__ == schema.__name__}


def _encode(value: Any) -> Any:
    """`value` as JSON data (see the module's note); TypeError for anything else."""
    kind = type(value)
    if value is None or kind in (str, int, float, bool):
        return value
    if kind is list:
        return [_encode(v) for v in value]
    if kind is tuple:
        return {"$tuple": [_encode(v) for v in value]}
    if kind is dict:
        return {"$dict": [[_encode(k), _encode(v)] for k, v in value.items()]}
    if kind is dt.date:
        return {"$date": value.isoformat()}
    if isinstance(value, BaseModel) and _CLASSES.get(kind.__name__) is kind \
            and value.__pydantic_extra__ is None and not value.__pydantic_private__:
        return {"$model": kind.__name__,
                "fields": {k: _encode(v) for k, v in value.__dict__.items()},
                "set": sorted(value.__pydantic_fields_set__)}
    raise TypeError(f"not kept in the profiles cache: {kind.__name__}")


def _revive(data: dict[str, Any]) -> Any:
    """The value `_encode` gave a JSON object for, as the JSON parser's object hook: called on
    each object once its own values are read (innermost first), so that an entry is decoded
    in the one pass of `json.loads` rather than by a second walk over what it returned. An
    object without a tag is a model's fields (or the entry's table of files)."""
    if "$model" in data:
        cls = _CLASSES[data["$model"]]
        model = cls.__new__(cls)
        model.__setstate__({  # as unpickling does: the values as they were validated
            "__dict__": data["fields"], "__pydantic_extra__": None,
            "__pydantic_fields_set__": set(data["set"]), "__pydantic_private__": None})
        return model
    if "$dict" in data:
        return {k: v for k, v in data["$dict"]}
    if "$date" in data:
        return dt.date.fromisoformat(data["$date"])
    if "$tuple" in data:
        return tuple(data["$tuple"])
    return data
