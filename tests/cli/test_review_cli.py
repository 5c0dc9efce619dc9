"""`mla-writer review`: the README's tour works as written; a missing argument is a usage
error (exit 2, as argparse's own), a refused step exit 1."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from mla_writer.cli import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture
def case(tmp_path) -> Path:
    path = tmp_path / "my-case.json"
    shutil.copy(EXAMPLES / "mla-bank-records.json", path)
    return path


def test_the_readme_review_tour(case, capsys) -> None:
    """submit, comment, return, resolve by the printed id, submit again, approve by another."""
    assert main(["review", "submit", str(case), "--actor", "Dara Sok"]) == 0
    assert main(["review", "comment", str(case), "--actor", "Vanna Chea", "--path",
                 "$.request.purpose", "--text", "Name the court that will hear the trial."]) == 0
    printed = re.search(r"^comment (\S+) added on \$\.request\.purpose$",
                        capsys.readouterr().out, re.M)
    assert printed
    assert main(["review", "return", str(case), "--actor", "Vanna Chea"]) == 0
    # what the tour used to do next: approve a returned request
    assert main(["review", "approve", str(case), "--actor", "Vanna Chea"]) == 1
    assert "cannot approve a request that is returned" in capsys.readouterr().err
    assert main(["review", "show", str(case)]) == 0
    assert f"[{printed.group(1)}] $.request.purpose" in capsys.readouterr().out
    assert main(["review", "resolve", str(case), "--actor", "Dara Sok", "--id",
                 printed.group(1)]) == 0
    assert main(["review", "submit", str(case), "--actor", "Dara Sok"]) == 0
    assert main(["review", "approve", str(case), "--actor", "Vanna Chea"]) == 0
    assert json.loads(case.read_text("utf-8"))["review"]["status"] == "approved"


@pytest.mark.parametrize(("argv", "needed"), [
    (["submit"], "submit needs --actor NAME"),
    (["submit", "--actor", "  "], "submit needs --actor NAME"),
    (["return"], "return needs --actor NAME"),
    (["comment", "--actor", "Vanna Chea"], "comment needs --text TEXT"),
    (["comment"], "comment needs --actor NAME (the name of the person acting) and --text TEXT"),
    (["resolve", "--actor", "Dara Sok"], "resolve needs --id ID"),
    (["approve"], "approve needs --actor NAME (or --key FILE.p12"),
    (["transmit"], "transmit needs --actor NAME"),
    (["repair-log", "--actor", "Registrar"], "repair-log needs --reason TEXT"),
])
def test_a_missing_argument_is_a_usage_error(case, capsys, argv, needed) -> None:
    before = case.read_bytes()
    with pytest.raises(SystemExit) as stop:
        main(["review", argv[0], str(case), *argv[1:]])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: mla-writer review")
    assert f"mla-writer review: error: {needed}" in err
    assert case.read_bytes() == before  # nothing recorded


def test_argparse_errors_exit_2_the_same_way(case, capsys) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["review", "submitt", str(case), "--actor", "A"])
    assert stop.value.code == 2
    assert "mla-writer review: error: argument action: invalid choice" in capsys.readouterr().err


def test_a_refused_step_still_exits_1(case, capsys) -> None:
    assert main(["review", "approve", str(case), "--actor", "Vanna Chea"]) == 1
    assert "cannot approve a request that is draft" in capsys.readouterr().err
    assert main(["review", "show", str(case)]) == 0  # show and check need no actor
    assert main(["review", "check", str(case)]) == 0
