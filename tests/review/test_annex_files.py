"""Annex files in the case: recorded with their hash and size, the approval covers those and
not the path; older case files without them load and keep their approval."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from mla_writer import review, storage
from mla_writer.domain.clock import fixed_clock
from mla_writer.domain.model import Annex, AnnexFile
from mla_writer.workflow import annexes
from mla_writer.workflow.annexes import AnnexError, FileState

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).resolve().parents[2]
CLOCK = fixed_clock(dt.datetime(2026, 11, 20, 8, 0, tzinfo=dt.UTC))


def _approved(tmp_path: Path) -> tuple[Path, object]:
    case = storage.load(ROOT / "examples" / "mla-bank-records.json")
    folder = tmp_path / "cases"
    (folder / "annexes").mkdir(parents=True)
    scan = folder / "annexes" / "decision.pdf"
    scan.write_bytes(b"%PDF-1.4 the decision\n")
    path = folder / "case.json"
    annexes.attach(case, 0, scan, path)
    review.submit(case, "Drafter Dara", CLOCK)
    review.approve(case, "Reviewer Vanna", CLOCK)
    storage.save(case, path)
    return path, case


def test_an_older_case_without_annex_files_loads_and_keeps_its_approval() -> None:
    path = FIXTURES / "approved-0ca694a-mla.json"
    assert "\"file\"" not in path.read_text(encoding="utf-8")
    case = storage.load(path)
    assert case.request.annexes and all(a.file is None for a in case.request.annexes)
    assert not review.changed_since_approval(case)
    assert annexes.findings(case, path) == []


def test_attach_records_a_relative_path_hash_and_size(tmp_path: Path) -> None:
    path, _case = _approved(tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    recorded = data["request"]["annexes"][0]["file"]
    assert recorded["path"] == "annexes/decision.pdf"
    assert recorded["size"] == len(b"%PDF-1.4 the decision\n")
    case = storage.load(path)
    assert not review.changed_since_approval(case)
    assert [s.state for s in annexes.statuses(case, path)] == [FileState.OK, None]


def test_the_approval_covers_the_file_hash_and_size_not_the_path(tmp_path: Path) -> None:
    _path, case = _approved(tmp_path)
    f = case.request.annexes[0].file
    case.request.annexes[0].file = f.model_copy(update={"path": "elsewhere/decision.pdf"})
    assert not review.changed_since_approval(case)
    case.request.annexes[0].file = f.model_copy(update={"sha256": "0" * 64})
    assert review.changed_since_approval(case)
    case.request.annexes[0].file = f.model_copy(update={"size": f.size + 1})
    assert review.changed_since_approval(case)
    case.request.annexes[0].file = None
    assert review.changed_since_approval(case)


def test_save_as_elsewhere_rebases_the_path_and_keeps_the_approval(tmp_path: Path) -> None:
    path, case = _approved(tmp_path)
    new = tmp_path / "moved" / "deeper" / "copy.json"
    new.parent.mkdir(parents=True)
    assert annexes.rebase(case, path, new) == 1
    storage.save(case, new)
    again = storage.load(new)
    assert again.request.annexes[0].file.path == "../../cases/annexes/decision.pdf"
    assert not review.changed_since_approval(again)
    assert annexes.statuses(again, new)[0].state is FileState.OK
    assert annexes.findings(again, new) == []


def test_a_new_case_records_an_absolute_path_until_it_is_saved(tmp_path: Path) -> None:
    case = storage.load(ROOT / "examples" / "mla-bank-records.json")
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(b"x")
    annexes.attach(case, 1, scan)
    assert Path(case.request.annexes[1].file.path).is_absolute()
    annexes.rebase(case, None, tmp_path / "case.json")
    assert case.request.annexes[1].file.path == "scan.pdf"


@pytest.mark.parametrize("what", ["missing", "changed", "unreadable"])
def test_file_states_and_findings(tmp_path: Path, what: str) -> None:
    path, case = _approved(tmp_path)
    scan = path.parent / "annexes" / "decision.pdf"
    if what == "missing":
        scan.unlink()
    elif what == "changed":
        scan.write_bytes(b"%PDF-1.4 another decision\n")
    else:
        scan.unlink()
        scan.mkdir()  # there, but not a file that can be read
    assert annexes.statuses(case, path)[0].state == what
    (issue,) = annexes.findings(case, path)
    assert issue.code == f"ANNEX-FILE-{what.upper()}"
    assert issue.path == "$.request.annexes[0].file"
    assert "annex 1" in issue.message
    with pytest.raises(AnnexError, match="annex 1"):
        annexes.files_for_signing(case, path)


def test_the_preflight_findings_include_the_annex_files(tmp_path: Path) -> None:
    from mla_writer.workflow.preflight import findings

    path, case = _approved(tmp_path)
    (path.parent / "annexes" / "decision.pdf").write_bytes(b"other")
    codes = {i.code for i in findings(case, on=dt.date(2026, 11, 20), case_path=path)}
    assert "ANNEX-FILE-CHANGED" in codes
    assert "ANNEX-FILE-CHANGED" not in {i.code for i in findings(case, on=dt.date(2026, 11, 20))}


def test_attach_refuses_what_is_not_a_file_and_annexes_that_do_not_exist(tmp_path: Path) -> None:
    case = storage.load(ROOT / "examples" / "mla-bank-records.json")
    with pytest.raises(AnnexError, match="not found"):
        annexes.attach(case, 0, tmp_path / "nothing.pdf")
    with pytest.raises(AnnexError, match="not a file"):
        annexes.attach(case, 0, tmp_path)
    with pytest.raises(AnnexError, match="no annex 3"):
        annexes.attach(case, 2, tmp_path)
    assert annexes.detach(case, 0) is None


def test_annex_file_validation() -> None:
    with pytest.raises(ValueError):
        AnnexFile(path="a.pdf", sha256="xyz", size=1)
    with pytest.raises(ValueError):
        AnnexFile(path="", sha256="0" * 64, size=1)
    with pytest.raises(ValueError):
        Annex(title="t", file={"path": "a", "sha256": "0" * 64, "size": -1})


def test_forms_do_not_offer_the_managed_file_field() -> None:
    from mla_writer.gui.fields import specs

    assert "file" not in [s.name for s in specs(Annex)]


@pytest.mark.parametrize("lang", ["km", "zh", "lo", "my", "th", "vi"])
def test_the_annex_file_findings_are_translated(tmp_path: Path, lang: str) -> None:
    from mla_writer.i18n import finding_text

    path, case = _approved(tmp_path)
    scan = path.parent / "annexes" / "decision.pdf"
    for change in (lambda: scan.write_bytes(b"other"), scan.unlink):
        change()
        (issue,) = annexes.findings(case, path)
        shown = finding_text(issue, lang)
        assert "attached" not in shown and "annexes/decision.pdf" in shown, (lang, shown)
