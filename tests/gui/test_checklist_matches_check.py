"""The checklist shows exactly what `mla-writer check` finds: the same function
(workflow.preflight.findings), the same date and case file, review errors included."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from mla_writer import cli, storage
from mla_writer.domain.review import AuditEntry
from mla_writer.gui.viewmodel import CaseViewModel
from mla_writer.resources import data_dir

EXAMPLES = sorted(data_dir("examples").glob("*.json"))
ON = dt.date(2026, 6, 1)
KEYS = ("code", "severity", "path", "message", "citation", "verified", "status", "source")


def _check(path: Path, capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    capsys.readouterr()
    cli.main(["check", str(path), "--json", "--date", ON.isoformat()])
    return list(json.loads(capsys.readouterr().out))


def _checklist(vm: CaseViewModel) -> list[dict[str, object]]:
    return [{k: issue.as_json()[k] for k in KEYS} for issue in vm.issues]


def _sorted(rows: list[dict[str, object]]) -> list[str]:
    return sorted(json.dumps(r, sort_keys=True, default=str) for r in rows)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_the_checklist_equals_the_check_command(qtbot, example: Path, capsys) -> None:
    vm = CaseViewModel(storage.load(example), path=example, on=ON)
    assert _sorted(_checklist(vm)) == _sorted(_check(example, capsys))
    assert vm.issues, "an example with no finding proves little"


def test_review_errors_are_in_the_checklist_as_in_the_check(qtbot, tmp_path: Path,
                                                           capsys) -> None:
    case = storage.load(EXAMPLES[0])
    case.review.audit_log.append(AuditEntry(seq=1, actor="Someone", action="approve",
                                            hash="0" * 64))
    path = tmp_path / "tampered.json"
    storage.save(case, path)
    vm = CaseViewModel(storage.load(path), path=path, on=ON)
    shown = _checklist(vm)
    assert any(r["code"] == "AUDIT-LOG" and r["severity"] == "error" for r in shown)
    assert _sorted(shown) == _sorted(_check(path, capsys))
