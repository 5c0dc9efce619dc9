"""Every shipped exercise: its key is sound, its model answer scores 100 %, its starting file
below 50 %, and each criterion fails when its element is taken out of the model answer."""

from __future__ import annotations

import pytest

from mla_writer.i18n import LANGUAGES
from mla_writer.training import score_case
from mla_writer.training.ablate import remove_element
from mla_writer.training.exercise import load_case, starting_case
from mla_writer.training.lint import lint_exercise

from .conftest import shipped

EXERCISES = shipped()
MEKONG = {"KH", "CN", "LA", "MM", "TH", "VN"}


def test_the_exercises_cover_the_six_mekong_states_and_every_kind() -> None:
    assert len(EXERCISES) >= 8
    assert {e.requested_state for e in EXERCISES} == MEKONG
    assert {e.kind.value for e in EXERCISES} == {"mla", "extradition", "provisional_arrest",
                                                  "supplementary"}


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.id)
def test_the_key_is_sound_and_the_brief_is_in_every_language(exercise) -> None:
    assert lint_exercise(exercise.folder) == []
    assert set(exercise.brief) == set(LANGUAGES) and set(exercise.title) == set(LANGUAGES)
    assert all(text.strip() for text in exercise.brief.values())
    for criterion in exercise.criteria:  # trainees read the criteria in their language too
        assert set(criterion.label) == set(LANGUAGES), criterion.id
        assert set(criterion.hint) == set(LANGUAGES), criterion.id
        if criterion.type == "not_claim":
            assert set(criterion.reason) == set(LANGUAGES), criterion.id


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.id)
def test_model_answer_scores_100_and_starting_file_below_50(exercise) -> None:
    model = load_case(exercise.model_path)
    assert model.training and load_case(exercise.start_path).training
    result = score_case(exercise, model)
    assert result.percent == 100.0, [(r.criterion.id, r.reason_in("en")) for r in result.missed]
    start = score_case(exercise, starting_case(exercise))
    assert start.percent < 50.0
    # every miss is explained, with its legal source
    for r in start.missed:
        assert r.reason_in("en").strip() and r.source.citation.strip(), r.criterion.id


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.id)
def test_each_criterion_fails_when_its_element_is_removed(exercise) -> None:
    model = load_case(exercise.model_path)
    for criterion in exercise.criteria:
        broken = remove_element(model, criterion)
        marks = {r.criterion.id: r for r in score_case(exercise, broken).results}
        assert not marks[criterion.id].passed, criterion.id
        assert marks[criterion.id].source.citation, criterion.id
