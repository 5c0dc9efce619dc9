"""Loading `legal_profiles/`: every file validated whole, every problem named with file and path.

A broken file is never half-loaded: it is left out of the registry and listed in
`Registry.broken`. `load_registry` (strict) raises `ProfileError` when anything is broken;
`scan_profiles` returns what loaded plus the problems (for `profiles lint` and `check`).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .schema import Baseline, Instrument, InstrumentFile, RuleSpec, StateProfile


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


def _errors(rel: str, exc: ValidationError, prefix: tuple[Any, ...] = ()) -> list[str]:
    out = []
    for err in exc.errors():
        loc = prefix + tuple(err["loc"])
        msg = "unknown key" if err["type"] == "extra_forbidden" else err["msg"]
        if err["type"] == "missing":
            msg = "required key is missing"
        out.append(f"{rel}: {_toml_path(loc)}: {msg}")
    return out


def _read(path: Path, rel: str) -> tuple[dict[str, Any] | None, list[str]]:
    try:
        return tomllib.loads(path.read_text("utf-8")), []
    except (OSError, UnicodeDecodeError) as exc:
        return None, [f"{rel}: cannot be read ({exc})"]
    except tomllib.TOMLDecodeError as exc:
        return None, [f"{rel}: not valid TOML ({exc})"]


def _parse(model: type[BaseModel], data: dict[str, Any], rel: str) -> tuple[Any, list[str]]:
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        return None, _errors(rel, exc)


def _check_rules(rules: list[RuleSpec], rel: str, prefix: str, instruments: set[str]) -> list[str]:
    from ..rules.registry import RULES  # the rule functions register themselves on import

    problems = []
    seen: dict[str, list[RuleSpec]] = {}
    for i, spec in enumerate(rules):
        where = f"{rel}: {prefix}[{i}]"
        definition = RULES.get(spec.rule)
        if definition is None:
            problems.append(f"{where}.rule: unknown rule {spec.rule!r}"
                            f" (known: {', '.join(sorted(RULES))})")
        else:
            try:
                definition.params.model_validate(spec.params)
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
    import datetime as dt

    lo, hi = dt.date.min, dt.date.max
    return max(a.effective_from or lo, b.effective_from or lo) <= min(
        a.effective_until or hi, b.effective_until or hi)


def scan_profiles(directory: Path | None = None) -> Registry:
    """Load every file under `directory`; broken files are reported, the rest loaded."""
    from ..resources import data_dir

    root = Path(directory) if directory is not None else data_dir("legal_profiles")
    reg = Registry(directory=root)
    if not root.is_dir():
        reg.broken["."] = [f"{root}: legal profiles folder not found"]
        return reg
    for path in sorted((root / "instruments").glob("*.toml")):
        rel = path.relative_to(root).as_posix()
        data, probs = _read(path, rel)
        parsed, more = _parse(InstrumentFile, data, rel) if data is not None else (None, [])
        probs += more
        for inst in parsed.instrument if parsed else []:
            if inst.id in reg.instruments:
                probs.append(f"{rel}: instrument id {inst.id} is defined twice")
        if probs:
            reg.broken[rel] = probs
            continue
        reg.files[rel] = path
        reg.instruments.update({inst.id: inst for inst in parsed.instrument})
        reg.origins.update({inst.id: rel for inst in parsed.instrument})
    known = set(reg.instruments)
    base = root / "baseline.toml"
    if base.is_file():
        data, probs = _read(base, "baseline.toml")
        parsed, more = _parse(Baseline, data, "baseline.toml") if data is not None else (None, [])
        probs += more
        if parsed:
            probs += _check_rules(parsed.rules, "baseline.toml", "rules", known)
        if probs:
            reg.broken["baseline.toml"] = probs
        else:
            reg.baseline, reg.files["baseline.toml"] = parsed, base
    for path in sorted((root / "states").glob("*.toml")):
        rel = path.relative_to(root).as_posix()
        data, probs = _read(path, rel)
        parsed, more = _parse(StateProfile, data, rel) if data is not None else (None, [])
        probs += more
        if parsed:
            probs += _check_state(parsed, rel, path.stem, known)
        if probs:
            reg.broken[rel] = probs
        else:
            reg.states[parsed.code] = parsed
            reg.files[rel] = path
    return reg


def _check_state(state: StateProfile, rel: str, stem: str, known: set[str]) -> list[str]:
    problems = []
    if state.code != stem:
        problems.append(f"{rel}: code: {state.code!r} does not match the file name {stem!r}")
    for i, m in enumerate(state.memberships):
        if m.instrument not in known:
            problems.append(f"{rel}: memberships[{i}].instrument: unknown instrument"
                            f" {m.instrument!r}")
    for section in ("languages", "channels", "reciprocity", "time_limits", "formalities"):
        for i, item in enumerate(getattr(state, section)):
            for ref in (*item.instruments, *item.except_instruments):
                if ref not in known:
                    problems.append(f"{rel}: {section}[{i}]: unknown instrument {ref!r}")
    seen: dict[str, Any] = {}
    for i, tl in enumerate(state.time_limits):
        if tl.code in seen and _overlap(tl, seen[tl.code]):
            problems.append(f"{rel}: time_limits[{i}]: code {tl.code} has overlapping"
                            " effective dates with another entry of the same code")
        seen[tl.code] = tl
    problems += _check_rules(state.rules, rel, "rules", known)
    return problems


def load_registry(directory: Path | None = None) -> Registry:
    """The profiles of `directory` (default: the bundled ones, cached); raises `ProfileError`."""
    if directory is None:
        return _default_registry()
    reg = scan_profiles(Path(directory))
    if reg.broken:
        raise ProfileError(reg.problems)
    return reg


@cache
def _default_registry() -> Registry:
    reg = scan_profiles(None)
    if reg.broken:
        raise ProfileError(reg.problems)
    return reg
