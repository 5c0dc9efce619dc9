"""Loading `legal_profiles/`: every file validated whole, every problem named with file and path.

A broken file is never half-loaded: it is left out of the registry and listed in
`Registry.broken`. `load_registry` (strict) raises `ProfileError` when anything is broken;
`scan_profiles` returns what loaded plus the problems (for `profiles lint` and `check`).
"""

# lazy imports (start-up cost): resources
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ..datafiles import DataFileError, load_toml, parse_toml
from . import parsed_cache
from .rule_params import RULE_PARAMS
from .schema import Baseline, Instrument, InstrumentFile, RuleSpec, StateProfile

#: environment variable naming another profiles folder (check, basis, profiles, build, GUI)
PROFILES_ENV = "MLA_WRITER_PROFILES"


class ProfileError(Exception):
    """One or more profile files are broken; `problems` lists 'file: path: reason' lines."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("broken legal profile(s):\n" + "\n".join(f"  - {p}" for p in problems))
        self.problems = problems


@dataclass
class Registry:
    """The loaded profiles: states by code, instruments by id, the baseline rules."""

    directory: Path
    states: dict[str, StateProfile] = field(default_factory=dict)
    instruments: dict[str, Instrument] = field(default_factory=dict)
    baseline: Baseline | None = None
    broken: dict[str, list[str]] = field(default_factory=dict)
    #: the parsed TOML of broken files that were valid TOML (lint still reads their citations)
    raw_broken: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False)
    files: dict[str, Path] = field(default_factory=dict)
    #: instrument id -> the file (relative to the folder) that defines it
    origins: dict[str, str] = field(default_factory=dict)
    compiled: dict[str, Any] = field(default_factory=dict, repr=False)

    def state(self, code: str) -> StateProfile | None:
        return self.states.get((code or "").upper())

    def broken_state(self, code: str) -> list[str] | None:
        """Problems of the file for state `code` if that profile failed to load."""
        return self.broken.get(f"states/{(code or '').upper()}.toml")

    @property
    def problems(self) -> list[str]:
        return [p for probs in self.broken.values() for p in probs]


def _toml_path(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(top level)"


def _as_written(loc: tuple[Any, ...], data: Any) -> tuple[Any, ...]:
    """The error location as the file spells it: a single table read as a one-entry list
    (e.g. `[central_authority]`) is reported without the `[0]`."""
    out: list[Any] = []
    for part in loc:
        if isinstance(part, int) and isinstance(data, dict) and part == 0:
            continue
        out.append(part)
        if isinstance(data, dict):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        else:
            data = None
    return tuple(out)


def _errors(rel: str, exc: ValidationError, prefix: tuple[Any, ...] = (),
            data: Any = None) -> list[str]:
    out = []
    for err in exc.errors():
        loc = prefix + _as_written(tuple(err["loc"]), data)
        msg = "unknown key" if err["type"] == "extra_forbidden" else err["msg"]
        if err["type"] == "missing":
            msg = "required key is missing"
        out.append(f"{rel}: {_toml_path(loc)}: {msg}")
    return out


def _read(path: Path, rel: str, raw: bytes | None = None) -> tuple[dict[str, Any] | None,
                                                                  list[str]]:
    # regular files only, size and nesting limits (a hostile folder: see datafiles.py); `raw`:
    # the bytes already read (those the cache key was made of)
    try:
        return (load_toml(path) if raw is None else parse_toml(raw, path)), []
    except DataFileError as exc:
        return None, [f"{rel}: {exc.why}"]


def _parse(model: type[BaseModel], data: dict[str, Any], rel: str) -> tuple[Any, list[str]]:
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        return None, _errors(rel, exc, data=data)


def _check_rules(rules: list[RuleSpec], rel: str, prefix: str, instruments: set[str]) -> list[str]:
    problems = []
    seen: dict[str, list[RuleSpec]] = {}
    for i, spec in enumerate(rules):
        where = f"{rel}: {prefix}[{i}]"
        params = RULE_PARAMS.get(spec.rule)
        if params is None:
            problems.append(f"{where}.rule: unknown rule {spec.rule!r}"
                            f" (known: {', '.join(sorted(RULE_PARAMS))})")
        else:
            try:
                params.model_validate(spec.params)
            except ValidationError as exc:
                problems += _errors(rel, exc, (prefix, i, "params"))
        for ref in (*spec.instruments, *spec.except_instruments):
            if ref not in instruments:
                problems.append(f"{where}: unknown instrument {ref!r}")
        for other in seen.get(spec.code, []):
            if _overlap(spec, other):
                problems.append(f"{where}: rule code {spec.code} has overlapping effective"
                                " dates with another entry of the same code")
        seen.setdefault(spec.code, []).append(spec)
    return problems


def _overlap(a: Any, b: Any) -> bool:
    """Whether the effective periods of two entries share a day."""
    lo, hi = dt.date.min, dt.date.max
    return max(a.effective_from or lo, b.effective_from or lo) <= min(
        a.effective_until or hi, b.effective_until or hi)


def _same_scope(a: Any, b: Any) -> bool:
    """Two conditional entries that apply to the same requests (shared kind, same conditions)
    on a shared day: a more specific entry (e.g. under one treaty) does not clash."""
    return bool(set(a.kinds) & set(b.kinds)) and set(a.basis) == set(b.basis) \
        and set(a.instruments) == set(b.instruments) \
        and set(a.except_instruments) == set(b.except_instruments) and _overlap(a, b)


def _keys(section: str, item: Any) -> set[str]:
    """What two entries of a section must share to clash (a language, a channel, a topic)."""
    if section == "languages":
        return set(item.languages) or {"(unknown)"}
    if section == "channels":
        return {item.channel}
    if section == "formalities":
        return {item.topic}
    if section == "time_limits":
        return {item.code}
    return {section}


def _clashes(state: StateProfile, rel: str) -> list[str]:
    """Entries that say the same thing twice for the same requests and days (every pair)."""
    problems = []
    for section in ("languages", "channels", "reciprocity", "formalities", "time_limits"):
        items = getattr(state, section)
        for i, item in enumerate(items):
            for j in range(i):
                other = items[j]
                shared = _keys(section, item) & _keys(section, other)
                same = _overlap(item, other) if section == "time_limits" \
                    else _same_scope(item, other)
                if shared and same:
                    what = ", ".join(sorted(shared))
                    problems.append(f"{rel}: {section}[{i}]: overlaps {section}[{j}] ({what}):"
                                    " same requests and dates; split them with effective dates"
                                    " or conditions")
    for role in ("central_authority", "extradition_authority", "provisional_arrest_authority"):
        items = getattr(state, role)
        for i, item in enumerate(items):
            if any(_overlap(item, items[j]) for j in range(i)):
                problems.append(f"{rel}: {role}[{i}]: two entries in effect on the same days;"
                                " give them effective dates")
    return problems


def profiles_dir() -> Path:
    """The profiles folder: $MLA_WRITER_PROFILES when set, else the bundled one."""
    from ..resources import data_dir

    override = os.environ.get(PROFILES_ENV, "").strip()
    return Path(override).expanduser() if override else data_dir("legal_profiles")


def scan_profiles(directory: Path | None = None) -> Registry:
    """Load every file under `directory` (default: `profiles_dir()`); broken files are
    reported, the rest loaded."""
    root = Path(directory) if directory is not None else profiles_dir()
    reg = Registry(directory=root)
    parsed: Any  # each file's parsed model (None when it does not parse)
    if not root.is_dir():
        reg.broken["."] = [f"{root}: legal profiles folder not found"]
        return reg
    # the same bytes, validated by the same code before: the models from the cache
    contents = parsed_cache.read_files(root)
    cached = parsed_cache.load(contents) if contents is not None else None
    if contents is not None and cached is not None:
        return _from_cache(reg, contents, cached)
    raws = {rel: raw for rel, _path, raw in contents or ()}
    models: dict[str, BaseModel] = {}  # file -> its model, kept when every file loads
    for path in sorted((root / "instruments").glob("*.toml")):
        rel = path.relative_to(root).as_posix()
        data, probs = _read(path, rel, raws.get(rel))
        parsed, more = _parse(InstrumentFile, data, rel) if data is not None else (None, [])
        probs += more
        for inst in parsed.instrument if parsed else []:
            if inst.id in reg.instruments:
                probs.append(f"{rel}: instrument id {inst.id} is defined twice")
        if probs:
            reg.broken[rel] = probs
            if data is not None:
                reg.raw_broken[rel] = data
            continue
        reg.files[rel] = path
        models[rel] = parsed
        reg.instruments.update({inst.id: inst for inst in parsed.instrument})
        reg.origins.update({inst.id: rel for inst in parsed.instrument})
    known = set(reg.instruments)
    base = root / "baseline.toml"
    if not (base.exists() or base.is_symlink()):  # no baseline: every rule would be off
        reg.broken["baseline.toml"] = [
            f"baseline.toml: missing; a legal profiles folder must hold the baseline rules"
            f" (is {PROFILES_ENV} set to the right folder?)"]
    else:
        data, probs = _read(base, "baseline.toml", raws.get("baseline.toml"))
        parsed, more = _parse(Baseline, data, "baseline.toml") if data is not None else (None, [])
        probs += more
        if parsed:
            probs += _check_rules(parsed.rules, "baseline.toml", "rules", known)
        if probs:
            reg.broken["baseline.toml"] = probs
            if data is not None:
                reg.raw_broken["baseline.toml"] = data
        else:
            reg.baseline, reg.files["baseline.toml"] = parsed, base
            models["baseline.toml"] = parsed
    for path in sorted((root / "states").glob("*.toml")):
        rel = path.relative_to(root).as_posix()
        data, probs = _read(path, rel, raws.get(rel))
        parsed, more = _parse(StateProfile, data, rel) if data is not None else (None, [])
        probs += more
        if parsed:
            probs += _check_state(parsed, rel, path.stem, known, reg.baseline)
        if probs:
            reg.broken[rel] = probs
            if data is not None:
                reg.raw_broken[rel] = data
        else:
            reg.states[parsed.code] = parsed
            reg.files[rel] = path
            models[rel] = parsed
    if contents is not None and not reg.broken:
        parsed_cache.store(contents, models)
    return reg


def _from_cache(reg: Registry, contents: parsed_cache.Contents,
                models: dict[str, Any]) -> Registry:
    """The registry of a folder every file of which loaded before (`scan_profiles`)."""
    for rel, path, _data in contents:
        model = models[rel]
        if rel == "baseline.toml":
            reg.baseline = model
        elif rel.startswith("instruments/"):
            reg.instruments.update({inst.id: inst for inst in model.instrument})
            reg.origins.update({inst.id: rel for inst in model.instrument})
        else:
            reg.states[model.code] = model
        reg.files[rel] = path
    return reg


def _check_state(state: StateProfile, rel: str, stem: str, known: set[str],
                 baseline: Baseline | None) -> list[str]:
    problems = []
    if state.code != stem:
        problems.append(f"{rel}: code: {state.code!r} does not match the file name {stem!r}")
    for i, m in enumerate(state.memberships):
        if m.instrument not in known:
            problems.append(f"{rel}: memberships[{i}].instrument: unknown instrument"
                            f" {m.instrument!r}")
    for section in ("languages", "channels", "reciprocity", "time_limits", "formalities",
                    "exemptions"):
        for i, item in enumerate(getattr(state, section)):
            for ref in (*item.instruments, *item.except_instruments):
                if ref not in known:
                    problems.append(f"{rel}: {section}[{i}]: unknown instrument {ref!r}")
    base_codes = {r.code for r in baseline.rules} if baseline else set()
    for i, ex in enumerate(state.exemptions):
        if baseline is not None and ex.code not in base_codes:
            problems.append(f"{rel}: exemptions[{i}].code: no baseline rule {ex.code!r}")
    problems += _clashes(state, rel)
    problems += _check_rules(state.rules, rel, "rules", known)
    return problems


def load_registry(directory: Path | None = None) -> Registry:
    """The profiles of `directory` (default: `profiles_dir()`, cached per folder); raises
    `ProfileError`."""
    if directory is None:
        return _default_registry(profiles_dir())
    reg = scan_profiles(Path(directory))
    if reg.broken:
        raise ProfileError(reg.problems)
    return reg


@cache
def _default_registry(root: Path) -> Registry:
    reg = scan_profiles(root)
    if reg.broken:
        raise ProfileError(reg.problems)
    return reg
