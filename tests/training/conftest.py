"""Shared helpers of the training tests: the shipped exercises and trainees' files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from gui.conftest import (  # noqa: F401  (the desktop tests' window and prompt guard, shared)
    no_unexpected_prompts,
    settings,
    window,
)

from mla_writer.training import Exercise, list_exercises, load_exercise
from mla_writer.training.exercise import exercise_dirs

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "exercises"


def shipped() -> list[Exercise]:
    return [load_exercise(p.parent) for p in sorted(BUNDLED.glob("*/exercise.toml"))]


@pytest.fixture(autouse=True)
def only_bundled_exercises(monkeypatch):
    """A trainer's own folder in the environment must not change what the tests see."""
    monkeypatch.delenv("MLA_WRITER_EXERCISES", raising=False)


def three_trainees(folder: Path, exercise: Exercise) -> Path:
    """Three trainees' case files: one as it started, one halfway (the starting file with the
    model answer's legal basis and purpose), one with the model answer."""
    folder.mkdir(parents=True, exist_ok=True)
    start = json.loads(exercise.start_path.read_text("utf-8"))
    model = json.loads(exercise.model_path.read_text("utf-8"))
    (folder / "trainee-a.json").write_text(json.dumps(start, ensure_ascii=False), "utf-8")
    half = json.loads(json.dumps(start))
    half["request"]["legal_basis"] = model["request"]["legal_basis"]
    half["request"]["purpose"] = model["request"]["purpose"]
    (folder / "trainee-b.json").write_text(json.dumps(half, ensure_ascii=False), "utf-8")
    shutil.copy(exercise.model_path, folder / "trainee-c.json")
    return folder


__all__ = ["BUNDLED", "ROOT", "exercise_dirs", "list_exercises", "shipped", "three_trainees"]
