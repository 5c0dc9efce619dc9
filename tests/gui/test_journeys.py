"""A complete MLA request and a complete extradition request, typed into the real widgets
from the start screen to produced DOCX and PDF files."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QCheckBox

from mla_writer import storage

from .driver import choose, click, dialog, errors, find, ok, tick, type_into

R = "$.request"


def _next(qtbot, win) -> None:
    click(qtbot, win, "next")


def _states_and_basis(qtbot, win, requested: str, date: str) -> None:
    type_into(qtbot, win, f"{R}.request_date", date)
    type_into(qtbot, win, f"{R}.requesting_state", "VN")
    type_into(qtbot, win, f"{R}.requested_state", requested)
    tree = find(win, "basisSuggestions")
    first = tree.topLevelItem(0)
    assert first.flags() & Qt.ItemFlag.ItemIsSelectable, first.text(0)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton,
                     pos=tree.visualItemRect(first).center())
    click(qtbot, win, "useBasis")
    assert win.vm.case.request.legal_basis.kind == "instrument"
    assert win.vm.case.request.legal_basis.instrument_id


def _authority(qtbot, win) -> None:
    _next(qtbot, win)
    assert win.current == "authority"
    type_into(qtbot, win, f"{R}.requesting_authority.name", "Supreme People's Procuracy")
    type_into(qtbot, win, f"{R}.requesting_authority.address", "44 Ly Thuong Kiet, Ha Noi")
    type_into(qtbot, win, f"{R}.requesting_authority.officer.name", "Nguyen Lan")
    type_into(qtbot, win, f"{R}.place_of_signature", "Ha Noi")
    type_into(qtbot, win, f"{R}.signatory.name", "Tran Van Minh")


def _case(qtbot, win, *, death: bool) -> None:
    _next(qtbot, win)
    assert win.current == "case"
    type_into(qtbot, win, f"{R}.case_reference", "VKS/2026/77")
    choose(qtbot, win, f"{R}.stage", "Prosecution")
    type_into(qtbot, win, f"{R}.subject", "Trafficking of methamphetamine across the border.")
    type_into(qtbot, win, f"{R}.dual_criminality_statement",
              "Drug trafficking is an offence in both states.")
    click(qtbot, win, f"{R}.offences.add")
    type_into(qtbot, win, f"{R}.offences[0].name", "Illegal trafficking in narcotic substances")
    type_into(qtbot, win, f"{R}.offences[0].maximum_penalty", "Life imprisonment")
    type_into(qtbot, win, f"{R}.offences[0].maximum_penalty_years", "99")
    if death:
        tick(qtbot, win, f"{R}.offences[0].punishable_by_death")
    type_into(qtbot, win, f"{R}.offences[0].place", "Moc Bai border gate")
    click(qtbot, win, f"{R}.offences[0].provisions.add")
    type_into(qtbot, win, f"{R}.offences[0].provisions[0].citation", "Art. 251, Penal Code")
    type_into(qtbot, win, f"{R}.offences[0].provisions[0].text", "Whoever trafficks drugs...")
    ok(qtbot, win)
    assert win.vm.case.request.offences[0].provisions[0].citation == "Art. 251, Penal Code"
    ok(qtbot, win)
    assert win.vm.case.request.offences[0].id == "O1"


def _person(qtbot, win, role: str) -> None:
    _next(qtbot, win)
    assert win.current == "persons"
    click(qtbot, win, f"{R}.persons.add")
    boxes = [b for b in dialog(win).form.findChildren(QCheckBox) if b.text() == role]
    assert boxes, role
    qtbot.mouseClick(boxes[0], Qt.MouseButton.LeftButton, pos=QPoint(8, boxes[0].height() // 2))
    type_into(qtbot, win, f"{R}.persons[0].family_name", "LAM")
    type_into(qtbot, win, f"{R}.persons[0].given_names", "Thanh Tung")
    type_into(qtbot, win, f"{R}.persons[0].date_of_birth", "1990-07-14")
    type_into(qtbot, win, f"{R}.persons[0].nationalities", "VN")
    type_into(qtbot, win, f"{R}.persons[0].location", "Bavet, Svay Rieng province")
    type_into(qtbot, win, f"{R}.persons[0].physical_description", "1.70 m, slim, scar")
    ok(qtbot, win)
    assert win.vm.case.request.persons[0].id == "P1"


def _produce(qtbot, win, out: Path) -> list[Path]:
    click(qtbot, win, "save")  # not saved yet: Save As
    win.go_to("produce")
    folder = find(win, "outputFolder")
    folder.clear()
    qtbot.keyClicks(folder, str(out))
    click(qtbot, win, "produce")
    page = win.pages["produce"]
    qtbot.waitUntil(lambda: bool(page.last_paths), timeout=30_000)
    assert find(win, "openFolder").isEnabled()
    return [Path(p) for p in page.last_paths]


def test_mla_request_from_start_screen_to_docx_and_pdf(qtbot, window, tmp_path, monkeypatch):
    win = window
    saved = tmp_path / "case.json"
    monkeypatch.setattr("mla_writer.gui.mainwindow.QFileDialog.getSaveFileName",
                        lambda *a, **k: (str(saved), ""))
    click(qtbot, win, "new.mla")
    assert win.current == "kind"
    _states_and_basis(qtbot, win, "TH", "2026-10-05")
    _authority(qtbot, win)
    _case(qtbot, win, death=False)
    _person(qtbot, win, "Accused")
    _next(qtbot, win)
    assert win.current == "facts"
    type_into(qtbot, win, f"{R}.facts_summary",
              "On 3 September 2025 a courier carrying 2 kg of methamphetamine was stopped.")
    _next(qtbot, win)
    assert win.current == "assistance"
    add = find(win, f"{R}.assistance.add")
    action = next(a for a in add.menu().actions() if a.text() == "Bank records")
    action.trigger()
    type_into(qtbot, win, f"{R}.assistance[0].institution", "Bangkok Bank")
    type_into(qtbot, win, f"{R}.assistance[0].account_numbers", "123-4-56789-0")
    type_into(qtbot, win, f"{R}.assistance[0].link_to_facts", "The proceeds were paid here.")
    ok(qtbot, win)
    _next(qtbot, win)
    assert win.current == "purpose"
    type_into(qtbot, win, f"{R}.purpose", "Evidence for the prosecution of LAM Thanh Tung.")
    _next(qtbot, win)
    assert win.current == "undertakings"
    tick(qtbot, win, f"{R}.undertakings.speciality")
    assert errors(win) == []
    files = _produce(qtbot, win, tmp_path / "out")
    assert saved.exists() and storage.load(saved).request.case_reference == "VKS/2026/77"
    names = {p.name for p in files}
    assert {"vks-2026-77_request_en.docx", "vks-2026-77_request_en.pdf"} <= names
    assert all(p.stat().st_size > 1000 for p in files)
    assert win.windowTitle().startswith("case.json")


def test_extradition_request_from_start_screen_to_docx_and_pdf(qtbot, window, tmp_path,
                                                                monkeypatch):
    win = window
    saved = tmp_path / "extradition.json"
    monkeypatch.setattr("mla_writer.gui.mainwindow.QFileDialog.getSaveFileName",
                        lambda *a, **k: (str(saved), ""))
    click(qtbot, win, "new.extradition")
    ids = [s.id for s in win.vm.steps()]
    assert "surrender" in ids and "assistance" not in ids
    _states_and_basis(qtbot, win, "KH", "2026-08-20")
    _authority(qtbot, win)
    _case(qtbot, win, death=True)
    _person(qtbot, win, "Accused")
    _next(qtbot, win)
    assert win.current == "surrender"
    x = f"{R}.extradition"
    choose(qtbot, win, f"{x}.person_id", "P1 — LAM Thanh Tung")
    choose(qtbot, win, f"{x}.warrant.kind", "Arrest warrant")
    type_into(qtbot, win, f"{x}.warrant.issuing_court", "Supreme People's Procuracy")
    type_into(qtbot, win, f"{x}.warrant.date", "2026-08-01")
    type_into(qtbot, win, f"{x}.warrant.number", "17/2026/LB-VKS")
    type_into(qtbot, win, f"{x}.statement_of_acts", "He handed 2 kg of drugs to a courier.")
    type_into(qtbot, win, f"{x}.time_and_place", "3 September 2025, Bavet")
    type_into(qtbot, win, f"{x}.limitation_period", "20 years; not time-barred.")
    _next(qtbot, win)
    assert win.current == "facts"
    type_into(qtbot, win, f"{R}.facts_summary", "A courier was stopped with 2 kg of drugs.")
    _next(qtbot, win)
    assert win.current == "purpose"
    type_into(qtbot, win, f"{R}.purpose", "To surrender LAM Thanh Tung to stand trial.")
    _next(qtbot, win)
    assert win.current == "undertakings"
    for flag in ("speciality", "reciprocity", "costs"):
        tick(qtbot, win, f"{R}.undertakings.{flag}")
    type_into(qtbot, win, f"{R}.undertakings.death_penalty_assurance",
              "The death penalty will not be imposed or, if imposed, not carried out.")
    assert errors(win) == []
    files = _produce(qtbot, win, tmp_path / "out")
    names = {p.name for p in files}
    assert {"vks-2026-77_request_en.docx", "vks-2026-77_request_en.pdf"} <= names
    case = storage.load(saved)
    assert case.request.extradition.warrant.number == "17/2026/LB-VKS"
    assert case.request.kind.value == "extradition"
