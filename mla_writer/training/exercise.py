"""An exercise as data: `exercises/<id>/exercise.toml` with a starting case file and a model
answer beside it (format: exercises/README.md). Trainers write new ones without code; the
schema below rejects unknown keys, and `training lint` checks the rest against the model and
the legal profiles.
"""

# lazy imports (start-up cost): resources, storage

from __future__ import annotations

import contextlib
import datetime as dt
import os
import tomllib
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ..domain.model import CaseFile, RequestKind
from ..i18n.languages import LANGUAGES, normalize_language

#: environment variable naming another exercises folder (the trainer's own), searched first
EXERCISES_ENV = "MLA_WRITER_EXERCISES"
EXERCISE_FILE = "exercise.toml"
CRITERION_TYPES = ("element", "finding", "legal_basis", "channel", "language", "not_claim")


class ExerciseError(Exception):
    """An exercise cannot be used: missing, unreadable or not in the documented format."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


#: a text written by the trainer: one string (English) or a table language -> text
Localized = str | dict[str, str]


def localized(value: Localized, lang: str) -> str:
    """`value` in `lang`, else in English, else in any language it has."""
    if isinstance(value, str):
        return value
    return value.get(lang) or value.get("en") or next(iter(value.values()), "")


def _languages(value: Localized) -> Localized:
    if isinstance(value, dict):
        out = {}
        for key, text in value.items():
            code = normalize_language(key)
            if code is None:
                raise ValueError(f"unknown language {key!r} (expected one of"
                                 f" {', '.join(LANGUAGES)})")
            out[code] = text
        return out
    return value


class Criterion(_Strict):
    """One thing the answer key checks; `type` says which fields it uses (README)."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    type: Literal["element", "finding", "legal_basis", "channel", "language", "not_claim"]
    label: Localized
    hint: Localized = ""
    weight: float = Field(default=1.0, gt=0)
    #: element, not_claim: the model path; finding: the field that resolves it
    path: str = ""
    #: element: every match must be filled (default: at least one)
    every: bool = False
    #: element, not_claim: the value the path must hold (element) or must not hold (not_claim)
    equals: Any = None
    #: element, not_claim: text the path must (not) contain, ignoring case
    contains: str = ""
    #: finding: the rule code of a finding that must be resolved; element, not_claim: the rule
    #: whose citation is the legal source of the criterion
    rule: str = ""
    #: not_claim, legal_basis: an instrument whose entry is the legal source
    instrument: str = ""
    #: legal_basis: the bases accepted (instrument ids, or "reciprocity")
    accept: list[str] = Field(default_factory=list)
    #: channel: the route the profile gives for this request (central_authority, diplomatic ...)
    channel: str = ""
    #: language: the languages the request may be in; `into`: the translation required;
    #: `translations`: the fields that must carry it
    languages: list[str] = Field(default_factory=list)
    into: str = ""
    translations: list[str] = Field(default_factory=list)
    #: not_claim: why the claim is wrong (shown with the miss)
    reason: Localized = ""

    _norm = field_validator("label", "hint", "reason")(_languages)


class Exercise(_Strict):
    """The parsed exercise.toml, with the folder it came from."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: Localized
    kind: RequestKind
    requesting_state: str = Field(pattern=r"^[A-Z]{2}$")
    requested_state: str = Field(pattern=r"^[A-Z]{2}$")
    #: the law is taken as on this date (the request date of the model answer)
    date: dt.date
    brief: Localized
    start: str = "start.json"
    model: str = "model.json"
    #: hints are shown to trainees unless the trainer turns them off
    hints: bool = True
    criteria: list[Criterion] = Field(min_length=1)
    folder: Path = Field(default=Path("."), exclude=True)

    _norm = field_validator("title", "brief")(_languages)

    @field_validator("criteria")
    @classmethod
    def _unique(cls, value: list[Criterion]) -> list[Criterion]:
        seen: set[str] = set()
        for c in value:
            if c.id in seen:
                raise ValueError(f"criterion id {c.id!r} is used twice")
            seen.add(c.id)
        return value

    @property
    def start_path(self) -> Path:
        return self.folder / self.start

    @property
    def model_path(self) -> Path:
        return self.folder / self.model

    def title_in(self, lang: str) -> str:
        return localized(self.title, lang)

    def brief_in(self, lang: str) -> str:
        return localized(self.brief, lang)

    @cached_property
    def total_weight(self) -> float:
        return sum(c.weight for c in self.criteria)


def _problem(exc: ValidationError) -> str:
    lines = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err["loc"]) or "(top level)"
        lines.append(f"{where}: {err['msg']}")
    return "; ".join(lines)


def load_exercise(folder: str | os.PathLike[str]) -> Exercise:
    """Read `folder/exercise.toml`; ExerciseError names the file and every problem."""
    root = Path(folder)
    path = root / EXERCISE_FILE
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except OSError as exc:
        raise ExerciseError(f"{path}: cannot read the exercise: {exc.strerror or exc}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ExerciseError(f"{path}: not valid TOML: {exc}") from None
    try:
        return Exercise.model_validate({**data, "folder": root})
    except ValidationError as exc:
        raise ExerciseError(f"{path}: {_problem(exc)}") from None


def exercise_dirs() -> list[Path]:
    """Where exercises are looked for: $MLA_WRITER_EXERCISES (if set), then the bundled ones."""
    from ..resources import data_dir

    dirs = []
    extra = os.environ.get(EXERCISES_ENV, "").strip()
    if extra:
        dirs.append(Path(extra))
    with contextlib.suppress(FileNotFoundError):
        dirs.append(data_dir("exercises"))
    return dirs


def _folders(root: Path) -> list[Path]:
    return sorted(p for p in root.iterdir() if (p / EXERCISE_FILE).is_file()) \
        if root.is_dir() else []


def list_exercises(dirs: list[Path] | None = None) -> list[Exercise]:
    """Every exercise that loads, by id (the first folder wins when an id is used twice)."""
    found: dict[str, Exercise] = {}
    for root in dirs if dirs is not None else exercise_dirs():
        for folder in _folders(root):
            try:
                ex = load_exercise(folder)
            except ExerciseError:
                continue  # `training lint` names it; a list shows what can be used
            found.setdefault(ex.id, ex)
    return sorted(found.values(), key=lambda e: e.id)


def find_exercise(ref: str, dirs: list[Path] | None = None) -> Exercise:
    """An exercise by id, or by its folder path."""
    candidate = Path(ref)
    if (candidate / EXERCISE_FILE).is_file():
        return load_exercise(candidate)
    for root in dirs if dirs is not None else exercise_dirs():
        folder = root / ref
        if (folder / EXERCISE_FILE).is_file():
            return load_exercise(folder)
    known = ", ".join(e.id for e in list_exercises(dirs)) or "none"
    raise ExerciseError(f"no exercise {ref!r} (known: {known})")


def load_case(path: Path) -> CaseFile:
    """A case file of an exercise, as storage loads any case file."""
    from .. import storage

    try:
        return storage.load(path)
    except storage.CaseFileError as exc:
        raise ExerciseError(str(exc)) from None


def starting_case(exercise: Exercise) -> CaseFile:
    """The trainee's starting case file: always a training case (marked on every page)."""
    case = load_case(exercise.start_path)
    case.training = True
    return case
