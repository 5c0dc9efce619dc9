"""The validated legal profiles, kept between processes.

Reading the TOML files and validating them (with the checks of `loader`) costs more than the
rest of a `check`. A folder whose every file loaded is stored as the JSON of its validated
models; the next process reads the files' bytes, and when the same bytes were validated by the
same code (this package's validation modules, pydantic, Python), it rebuilds the models from
that JSON with `model_validate_json` instead of parsing TOML and checking again. A broken folder
is never stored: it is scanned each time, so its problems are always reported.

The entries are data trusted without the loader's checks, so they live in the private cache
folder (`cachefiles`): an entry another account could have written is ignored and rebuilt.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path

import pydantic
import pydantic_core
from pydantic import BaseModel

from .. import cachefiles
from ..datafiles import DataFileError, read_regular
from .schema import Baseline, InstrumentFile, StateProfile

#: the parts of mla_writer whose code decides what a profile validates to (its schema, the
#: loader's checks, the vocabulary they use): an edit to any of their files is a new key
_CODE_FOLDERS = ("profiles", "domain", "i18n")
_FORMAT = 1
#: entries kept (a few profile folders or versions used in turn)
KEEP = 8


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
    return folder / f"{name}.json" if folder is not None else None


def load(contents: Contents) -> dict[str, BaseModel] | None:
    """The validated model of each file (name -> model) of a folder holding `contents`, from
    the cache; None when it is not there (or not usable)."""
    path = _path(contents)
    raw = cachefiles.read(path) if path is not None else None
    if raw is None:
        return None
    try:
        stored = json.loads(raw)
        return {rel: _MODEL[_kind(rel)].model_validate_json(stored[rel])
                for rel, _path, _data in contents}
    except (ValueError, KeyError, TypeError):  # damaged or of another format: scan again
        return None


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
        out = {rel: models[rel].model_dump_json() for rel, _p, _d in contents}
        if cachefiles.write(path, json.dumps(out).encode()):
            cachefiles.prune(path.parent, "*.json", keep=KEEP)
