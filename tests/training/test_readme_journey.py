"""The trainer's journey in the README runs as written: each `mla-writer` line of its training
block is run in a fresh folder (two trainees draft between `start` and `score`)."""

from __future__ import annotations

import json
import re
import shlex

from mla_writer.cli import main
from mla_writer.training import find_exercise

from .conftest import ROOT


def _block() -> list[str]:
    text = (ROOT / "README.md").read_text("utf-8")
    section = text[text.index("## Training workshops"):text.index("## Layout")]
    code = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    return [line.split("  #")[0].strip() for line in code.splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def _draft(path, exercise, fields: list[str]) -> None:
    """A trainee fills some of what the model answer has."""
    case = json.loads(path.read_text("utf-8"))
    model = json.loads(exercise.model_path.read_text("utf-8"))
    for name in fields:
        case["request"][name] = model["request"][name]
    path.write_text(json.dumps(case, ensure_ascii=False), "utf-8")


def test_the_readme_trainers_journey(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MLA_WRITER_PASSPHRASE", "river lantern orchard")
    exercise = find_exercise("th-mla-bank-records")
    lines = _block()
    assert any(line.startswith("mla-writer training score workshop") for line in lines)
    for line in lines:
        argv = shlex.split(line)
        if argv[0] == "mkdir":
            (tmp_path / argv[1]).mkdir()
            continue
        assert argv[0] == "mla-writer", line
        if argv[1:3] == ["training", "score"]:
            _draft(tmp_path / "workshop" / "lan.json", exercise, ["legal_basis", "purpose"])
            _draft(tmp_path / "workshop" / "somchai.json", exercise,
                   ["legal_basis", "purpose", "assistance", "dual_criminality_statement",
                    "urgency", "annexes"])
        code = main(argv[1:])
        expected = 1 if argv[1:3] == ["training", "check"] else 0  # the starting file misses
        assert code == expected, (line, capsys.readouterr())
    out = capsys.readouterr().out
    table = {m.group(2): float(m.group(1))
             for m in re.finditer(r"^\s*([\d.]+)%\s+(\w+)\s+missed", out, re.M)}
    assert set(table) == {"dara", "lan", "somchai"}
    assert table["dara"] < table["lan"] < table["somchai"] == 100.0
    assert (tmp_path / "workshop" / "training-scores.csv").exists()
    assert (tmp_path / "workshop" / "training-report.pdf").read_bytes().startswith(b"%PDF")
    assert (tmp_path / "trainer.p12").exists()
