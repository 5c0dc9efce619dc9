"""The GUI's Produce and `mla-writer build` run the same check (mla_writer.workflow): the same
case is refused by both for the same findings, a review error among them."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from mla_writer import review, storage
from mla_writer.cli import main
from mla_writer.domain.clock import fixed_clock

ROOT = Path(__file__).resolve().parents[2]
CLOCK = fixed_clock(dt.datetime(2026, 11, 20, 8, 0, tzinfo=dt.UTC))
ERROR_LINE = re.compile(r"^  error (\S+) \[([^\]]+)\]", re.MULTILINE)


def _changed_after_approval(tmp_path: Path) -> Path:
    """The bank-records example, approved, then changed: the review's REVIEW-CHANGED error."""
    case = storage.load(ROOT / "examples" / "mla-bank-records.json")
    review.submit(case, "Drafter Dara", CLOCK)
    review.approve(case, "Reviewer Vanna", CLOCK)
    case.request.purpose += " Also for the confiscation proceedings."
    path = tmp_path / "changed.json"
    storage.save(case, path)
    return path


def _produce_refusal(window, path: Path, out: Path, monkeypatch) -> tuple[list, list]:
    """Produce (English, final) in the GUI, declining the offer of a draft: (the findings
    the page refused on, the questions asked)."""
    assert window.open_path(str(path), confirmed=True)
    window.go_to("produce")
    page = window.pages["produce"]
    for lang, box in page.languages.items():
        box.setChecked(lang == "en")
    page.formats["pdf"].setChecked(False)
    page.draft.setChecked(False)
    page.folder.setText(str(out))
    asked: list[str] = []

    def decline(_parent, _title, text, *args, **kwargs):
        asked.append(text)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", decline)
    page.produce()
    return [(i.path, i.code) for i in page.refused], asked


def test_produce_refuses_what_build_refuses_with_the_same_findings(
        window, tmp_path, capsys, monkeypatch) -> None:
    path = _changed_after_approval(tmp_path)
    code = main(["build", str(path), "--out", str(tmp_path / "cli"), "--lang", "en"])
    cli = ERROR_LINE.findall(capsys.readouterr().err)
    assert code == 1 and not (tmp_path / "cli").exists()
    assert ("$.request", "REVIEW-CHANGED") in cli  # the review's error refuses the build

    gui, asked = _produce_refusal(window, path, tmp_path / "gui", monkeypatch)
    assert gui == cli
    assert len(asked) == 1 and f"{len(cli)} errors" in asked[0]
    assert not (tmp_path / "gui").exists()  # declined: nothing written


def test_produce_and_build_both_accept_the_approved_case(qtbot, window, tmp_path, capsys,
                                                          monkeypatch) -> None:
    case = storage.load(ROOT / "examples" / "mla-bank-records.json")
    review.submit(case, "Drafter Dara", CLOCK)
    review.approve(case, "Reviewer Vanna", CLOCK)
    path = tmp_path / "approved.json"
    storage.save(case, path)
    assert main(["build", str(path), "--out", str(tmp_path / "cli"), "--lang", "en",
                 "--format", "docx"]) == 0
    capsys.readouterr()
    gui, asked = _produce_refusal(window, path, tmp_path / "gui", monkeypatch)
    assert gui == [] and asked == []
    page = window.pages["produce"]
    qtbot.waitUntil(lambda: bool(page.last_paths), timeout=60_000)
    written = sorted(Path(p).name for p in page.last_paths)
    assert written == sorted(p.name for p in (tmp_path / "cli").iterdir() if p.suffix == ".docx")


def test_produce_checks_the_annex_files_beside_the_case_as_build_does(
        window, tmp_path, capsys, monkeypatch) -> None:
    from mla_writer.workflow import annexes, produce

    case = storage.load(ROOT / "examples" / "mla-bank-records.json")
    path = tmp_path / "case.json"
    scan = tmp_path / "decision.pdf"
    scan.write_bytes(b"%PDF-1.4 fictional scan")
    annexes.attach(case, 0, scan, path)
    storage.save(case, path)
    scan.unlink()  # the attached file is gone: ANNEX-FILE-MISSING
    main(["check", str(path)])
    assert "ANNEX-FILE-MISSING" in capsys.readouterr().out
    checks = []
    real = produce.check_build

    def spy(*args, **kwargs):
        checks.append(real(*args, **kwargs))
        return checks[-1]

    monkeypatch.setattr(produce, "check_build", spy)
    _produce_refusal(window, path, tmp_path / "gui", monkeypatch)
    assert checks and "ANNEX-FILE-MISSING" in {i.code for i in checks[0].issues}
