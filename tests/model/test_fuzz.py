"""Fuzzed case files through the loader, `check`, `build` and every review command: no crash.

Bounded for CI (a few seconds); scripts/fuzz_long.py runs the same harness on 100 000 inputs.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings

from .fuzzing import exercise, hostile_text_case, mutated_case_text

FAST = settings(max_examples=150, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@FAST
@given(mutated_case_text())
def test_fuzzed_case_files_crash_nothing(text: str) -> None:
    assert exercise(text) == []


@settings(max_examples=4, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
@given(hostile_text_case())
def test_case_files_with_hostile_text_build(tmp_path: Path, text: str) -> None:
    out = tmp_path / "out"
    assert exercise(text, build_to=out) == []
    assert sorted(p.suffix for p in out.iterdir()) == [".docx", ".docx", ".pdf", ".pdf"]


def test_the_known_crashes_are_among_the_inputs() -> None:
    """The two crashes found by the first fuzzing (times before the first UTC moment, deep
    nesting in a repair entry) go through the harness as fixed inputs."""
    import json

    from .fuzzing import _BASES

    data = json.loads(json.dumps(_BASES[0]))
    data["review"] = {"status": "draft", "comments": [], "audit_log": [
        {"seq": 1, "time": "0001-01-01T00:00:00+14:00", "actor": "Dara Sok",
         "action": "repair", "detail": {"comments": "[" * 5000 + "]" * 5000},
         "prev_hash": "0" * 64, "hash": ""}]}
    assert exercise(json.dumps(data)) == []


def test_a_plane_16_private_use_character_builds() -> None:
    """Found by the long run: PyICU could not turn such text back into str (SystemError)."""
    from mla_writer.render.linebreak import line_segments

    text = "\n\x1a≥փ_𒄻\U000c268d❋\U001017ff and \U0010fffd"
    assert "".join(line_segments(text, "en")) == text
    assert "".join(line_segments(text, "th")) == text
