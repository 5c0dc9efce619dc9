"""`training lint`: a key that drifts from the request model or the legal profiles fails."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mla_writer.cli import main
from mla_writer.training.lint import lint_exercise

from .conftest import BUNDLED


def _copy(tmp_path: Path, name: str = "th-mla-bank-records") -> Path:
    folder = tmp_path / name
    shutil.copytree(BUNDLED / name, folder)
    return folder


def _edit(folder: Path, old: str, new: str) -> None:
    path = folder / "exercise.toml"
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), "utf-8")


def _errors(folder: Path) -> list[str]:
    return [str(p) for p in lint_exercise(folder) if p.severity == "error"]


@pytest.mark.parametrize(("old", "new", "expected"), [
    ('rule = "MLA-F-PURPOSE"', 'rule = "MLA-F-PURPOSES"',
     "rule code 'MLA-F-PURPOSES' is in neither the baseline nor the profile of TH"),
    ('rule = "TH-MLA-DUAL-CRIMINALITY"', 'rule = "VN-MLA-DUAL-CRIMINALITY"',
     "rule code 'VN-MLA-DUAL-CRIMINALITY' is in neither"),
    ('path = "$.request.purpose"', 'path = "$.request.purposes"',
     "Request has no field 'purposes'"),
    ('path = "$.request.assistance[*].account_numbers"',
     'path = "$.request.assistance.account_numbers"', "'assistance' is a list"),
    ('instrument = "UNCAC"', 'instrument = "UNCAC-2"', "instrument 'UNCAC-2' is not in the legal"),
    ('accept = ["ASEAN-MLAT", "UN-1988"]', 'accept = ["ASEAN-MLAT", "ASEAN-EXTRADITION"]',
     "ASEAN-EXTRADITION cannot carry a mla request"),
    ('channel = "central_authority"', 'channel = "police"', "no accepted 'police' channel"),
    ('languages = ["th", "en"]', 'languages = ["th", "km"]', "records no 'km' language"),
])
def test_a_key_that_names_what_does_not_exist_fails(tmp_path, old, new, expected) -> None:
    folder = _copy(tmp_path)
    _edit(folder, old, new)
    errors = _errors(folder)
    assert any(expected in e for e in errors), errors


def test_the_model_answer_must_score_100(tmp_path) -> None:
    folder = _copy(tmp_path)
    _edit(folder, 'accept = ["ASEAN-MLAT", "UN-1988"]', 'accept = ["UN-1988"]')
    assert any("criterion basis: the model answer fails it: The legal basis should be UN-1988"
               in e for e in _errors(folder))


def test_a_criterion_that_cannot_fail_is_an_error(tmp_path) -> None:
    folder = _copy(tmp_path)
    # a finding that no rule reports at this path: nothing the trainee does can fail it
    _edit(folder, 'rule = "MLA-DEADLINE"\npath = "$.request.urgency.reason"',
          'rule = "MLA-DEADLINE"\npath = "$.request.place_of_signature"')
    assert any("criterion deadline-reason: it cannot fail" in e for e in _errors(folder))


def test_folder_name_schema_and_toml_problems_are_named(tmp_path) -> None:
    folder = _copy(tmp_path)
    folder.rename(tmp_path / "renamed")
    assert any("the folder is 'renamed' but the id is 'th-mla-bank-records'" in e
               for e in _errors(tmp_path / "renamed"))
    other = _copy(tmp_path)
    _edit(other, 'type = "element"', 'type = "elephant"')
    assert any("criteria.3.type" in e for e in _errors(other))
    (other / "exercise.toml").write_text("id = [", "utf-8")
    assert any("not valid TOML" in e for e in _errors(other))


def test_a_brief_missing_languages_is_a_warning_only(tmp_path) -> None:
    folder = _copy(tmp_path)
    text = (folder / "exercise.toml").read_text("utf-8")
    start = text.index("[brief]")
    end = text.index("[[criteria]]")
    brief = 'brief = "Complete the request (a trainer\'s own exercise, in English only)."\n\n'
    # top-level keys must come before the tables: put the brief under `date`
    text = text[:start] + text[end:]
    text = text.replace("date = 2026-10-05\n", "date = 2026-10-05\n" + brief, 1)
    (folder / "exercise.toml").write_text(text, "utf-8")
    problems = lint_exercise(folder)
    assert [p.severity for p in problems] == ["warning"]
    assert "the brief is not yet in km, zh, lo, my, th, vi" in str(problems[0])


def test_cli_lint_exit_codes(tmp_path, capsys) -> None:
    assert main(["training", "lint"]) == 0
    assert "8 exercise(s) checked, 0 error(s)" in capsys.readouterr().out
    folder = _copy(tmp_path)
    _edit(folder, 'rule = "MLA-LINK"', 'rule = "NO-SUCH-RULE"')
    assert main(["training", "lint", str(folder)]) == 1
    assert "NO-SUCH-RULE" in capsys.readouterr().out
