"""The register view, the start screen's deadlines panel and the passphrase prompt."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QDate, QSettings, Qt
from PySide6.QtWidgets import QInputDialog

from mla_writer import casecrypt, storage
from mla_writer.domain.model import CaseFile
from mla_writer.register import Register

pytestmark = pytest.mark.gui
TODAY = dt.date.today()


@pytest.fixture
def register_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'office' / 'register.sqlite3'}"
    monkeypatch.setenv("MLA_WRITER_REGISTER", url)
    monkeypatch.setenv("MLA_WRITER_OFFICER", "Head Sokha")
    return url


@pytest.fixture
def filled(register_env: str, tmp_path: Path) -> dict[str, int]:
    case_path = tmp_path / "case-a.json"
    storage.save(CaseFile(), case_path)
    with Register(register_env) as reg:
        a = reg.add(direction="outgoing", kind="mla", reference="A-LATE", requesting_state="VN",
                    requested_state="TH", persons="NGUYEN Fictional", case_path=str(case_path),
                    request_date=TODAY - dt.timedelta(days=100),
                    reply_by=TODAY - dt.timedelta(days=3))
        b = reg.add(direction="incoming", kind="extradition", reference="B-SOON",
                    requesting_state="KH", requested_state="VN", status="transmitted",
                    received_date=TODAY - dt.timedelta(days=5),
                    deadline_asked=TODAY + dt.timedelta(days=10))
        c = reg.add(direction="outgoing", kind="provisional_arrest", reference="C-DONE",
                    requesting_state="VN", requested_state="LA",
                    request_date=TODAY - dt.timedelta(days=400))
        reg.set_status(c, "withdrawn")
    return {"a": a, "b": b, "c": c}


def _rows(dialog) -> list[str]:  # type: ignore[no-untyped-def]
    m = dialog.model
    return [m.data(m.index(r, 0)) for r in range(m.rowCount())]


def test_register_view_filters_and_exports(qtbot, filled: dict[str, int],
                                           tmp_path: Path) -> None:
    from mla_writer.gui.register_view import RegisterDialog

    dialog = RegisterDialog()
    qtbot.addWidget(dialog)
    assert set(_rows(dialog)) == {"A-LATE", "B-SOON", "C-DONE"}
    dialog.search.setText("nguyen")
    assert _rows(dialog) == ["A-LATE"]
    dialog.search.clear()
    dialog.state.setText("kh")
    assert _rows(dialog) == ["B-SOON"]
    dialog.state.clear()
    dialog.status.setCurrentIndex(dialog.status.findData("withdrawn"))
    assert _rows(dialog) == ["C-DONE"]
    dialog.status.setCurrentIndex(0)
    dialog.kind.setCurrentIndex(dialog.kind.findData("extradition"))
    assert _rows(dialog) == ["B-SOON"]
    dialog.kind.setCurrentIndex(0)
    dialog.date_from.setDate(QDate(TODAY.year, TODAY.month, TODAY.day).addDays(-200))
    dialog.date_to.setDate(QDate(TODAY.year, TODAY.month, TODAY.day))
    dialog.use_dates.setChecked(True)
    assert set(_rows(dialog)) == {"A-LATE", "B-SOON"}
    dialog.use_dates.setChecked(False)
    dialog.overdue.setChecked(True)
    assert _rows(dialog) == ["A-LATE"]
    m = dialog.model
    late = m.index(0, 7)
    assert "3" in m.data(late) and m.data(late, Qt.ItemDataRole.FontRole).bold()
    assert m.data(late, Qt.ItemDataRole.ForegroundRole) is not None
    out = tmp_path / "export.csv"
    assert dialog.write_csv(out)
    rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8-sig"))))
    assert [r["reference"] for r in rows] == ["A-LATE"] and rows[0]["overdue"] == "yes"
    # open the case of the selected request
    dialog.table.selectRow(0)
    with qtbot.waitSignal(dialog.caseChosen) as signal:
        dialog.open_selected()
    assert signal.args == [str(tmp_path / "case-a.json")]


def test_deadlines_panel(qtbot, filled: dict[str, int], tmp_path: Path) -> None:
    from mla_writer.gui.deadlines_panel import DeadlinesPanel

    panel = DeadlinesPanel(load_later=False)
    qtbot.addWidget(panel)
    texts = [panel.list.item(i).text() for i in range(panel.list.count())]
    # soonest first: A's reply-by (overdue), B's deadline asked, B's follow-up (30 days,
    # the office's default interval); C is withdrawn: nothing runs
    assert ["A-LATE" in texts[0], "B-SOON" in texts[1], "B-SOON" in texts[2]] == [True] * 3
    assert len(texts) == 3
    assert panel.list.item(0).font().bold() and not panel.list.item(1).font().bold()
    assert panel.note.text() == "1 overdue, 2 due within 30 days."
    with qtbot.waitSignal(panel.pathChosen) as signal:
        panel.list.itemActivated.emit(panel.list.item(0))
    assert signal.args == [str(tmp_path / "case-a.json")]


def test_deadlines_panel_without_a_register_creates_none(qtbot, register_env: str,
                                                          tmp_path: Path) -> None:
    from mla_writer.gui.deadlines_panel import DeadlinesPanel

    panel = DeadlinesPanel(load_later=False)
    qtbot.addWidget(panel)
    assert panel.list.isHidden() and panel.note.text()
    assert not (tmp_path / "office").exists()


def test_encrypted_case_opens_with_the_passphrase(qtbot, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  register_env: str) -> None:
    from mla_writer.gui.mainwindow import MainWindow

    case = CaseFile()
    case.request.case_reference = "ENC-GUI-1"
    casecrypt.protect(case, "correct horse battery", cost=(10, 8, 1))
    path = tmp_path / "secret.json"
    storage.save(case, path)
    answers = iter([("wrong passphrase", True), ("", False), ("correct horse battery", True)])
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: next(answers))
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    win = MainWindow(settings, tmp_path / "data", autosave_ms=100_000, check_delay_ms=10)
    qtbot.addWidget(win)
    shown: list[str] = []
    monkeypatch.setattr(win, "show_error", lambda title, exc: shown.append(str(exc)))
    assert not win.open_path(str(path), confirmed=True)       # wrong passphrase
    assert shown and "wrong passphrase" in shown[0]
    assert not win.open_path(str(path), confirmed=True)       # cancelled
    assert win.open_path(str(path), confirmed=True)
    assert win.vm.case.request.case_reference == "ENC-GUI-1"
    # autosaved answers of an encrypted case are encrypted too
    win.vm.set("$.request.subject", "Fictional subject")
    win.autosave()
    raw = win.recovery.own.case_file.read_bytes()
    assert raw.startswith(casecrypt.MAGIC) and b"Fictional subject" not in raw
    win.vm.replace(win.vm.case, win.vm.path, dirty=False)
