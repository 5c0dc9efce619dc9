"""Training mode for judicial capacity workshops: exercises as data, scoring, trainer's report.

An exercise (a folder under `exercises/`) holds a trainee brief, a starting case file and a
model answer, and an answer key whose criteria name model paths and rule codes. `score_case`
marks a trainee's case file against the key; `score_folder` marks a folder of them for the
trainer; `lint_exercise` checks a key against the request model and the legal profiles.
No Qt here: the GUI (gui/training.py) and the CLI (cli/training_cmd.py) both call this.
"""

from __future__ import annotations

from .exercise import (
    Criterion,
    Exercise,
    ExerciseError,
    exercise_dirs,
    find_exercise,
    list_exercises,
    load_exercise,
)
from .score import CriterionResult, Score, score_case, score_folder

__all__ = [
    "Criterion", "CriterionResult", "Exercise", "ExerciseError", "Score", "exercise_dirs",
    "find_exercise", "list_exercises", "load_exercise", "score_case", "score_folder",
]
