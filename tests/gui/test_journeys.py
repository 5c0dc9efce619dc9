"""A complete MLA request and a complete extradition request, typed into the real widgets
from the start screen to produced DOCX and PDF files."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QCheckBox

from mla_writer import storage
from mla_writer.domain.model import BankRecords
from mla_writer.gui.texts import type_label

from .driver import choose, click, dialog, errors, find, ok, pick, tick, tick_code, type_into

R = "$.request"


def _next(qtbot, win) -> None:
    click(qtbot, win, "next")


def _states_and_basis(qtbot, win, requested: tuple[str, str], date: str) -> None:
    type_into(qtbot, win, f"{R}.request_date", date)
    pick(qtbot, win, f"{R}.requesting_state", "Viet Nam", "VN")
    pick(qtbot, win, f"{R}.requested_state", *requested)
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


def _person(qtbot, win, role: str, *, sought: bool) -> None:
    _next(qtbot, win)
    assert win.current == "persons"
    click(qtbot, win, f"{R}.persons.add")
    boxes = [b for b in dialog(win).form.findChildren(QCheckBox) if b.text() == role]
    assert boxes, role
    qtbot.mouseClick(boxes[0], Qt.MouseButton.LeftButton, pos=QPoint(8, boxes[0].height() // 2))
    type_into(qtbot, win, f"{R}.persons[0].family_name", "LAM")
    type_into(qtbot, win, f"{R}.persons[0].given_names", "Thanh Tung")
    type_into(qtbot, win, f"{R}.persons[0].date_of_birth", "1990-07-14")
    tick_code(qtbot, win, f"{R}.persons[0].nationalities", "VN")
    type_into(qtbot, win, f"{R}.persons[0].location", "Bavet, Svay Rieng province")
    description = f"{R}.persons[0].physical_description"
    if sought:  # asked only of a person sought by an extradition request
        type_into(qtbot, win, description, "1.70 m, slim, scar")
    else:
        with pytest.raises(LookupError):
            find(win, description)
    ok(qtbot, win)
    person = win.vm.case.request.persons[0]
    assert person.id == "P1" and person.nationalities == ["VN"]


def _through_annexes_and_review(qtbot, win, typed: str) -> None:
    _next(qtbot, win)
    assert win.current == "annexes"
    _next(qtbot, win)
    assert win.current == "translate"
    _next(qtbot, win)
    assert win.current == "review"
    preview = win.pages["review"].preview
    qtbot.waitUntil(lambda: typed in preview.toPlainText(), timeout=10_000)
    _next(qtbot, win)
    assert win.current == "produce"


def _produce(qtbot, win, out: Path) -> list[Path]:
    click(qtbot, win, "save")  # not saved yet: Save As
    folder = find(win, "outputFolder")
    folder.clear()
    qtbot.keyClicks(folder, str(out))
    click(qtbot, win, "produce")
    page = win.pages["produce"]
    qtbot.waitUntil(lambda: bool(page.last_paths), timeout=30_000)
    assert find(win, "openFolder").isEnabled()
    return [Path(p) for p in page.last_paths]


def _docx_text(path: Path) -> str:
    import docx

    document = docx.Document(str(path))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _pdf_text(path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                         text=True, check=True)
    return " ".join(out.stdout.split())


def _contains_everything(files: list[Path], name: str, typed: list[str]) -> None:
    """The produced request holds what the user typed, in the DOCX and in the PDF."""
    by_name = {p.name: p for p in files}
    docx_text = " ".join(_docx_text(by_name[f"{name}.docx"]).split())
    pdf_text = _pdf_text(by_name[f"{name}.pdf"])
    for text in typed:
        assert text in docx_text, (text, "docx")
        assert text in pdf_text, (text, "pdf")


def test_mla_request_from_start_screen_to_docx_and_pdf(qtbot, window, tmp_path, monkeypatch):
    win = window
    saved = tmp_path / "case.json"
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName",
                        lambda *a, **k: (str(saved), ""))
    click(qtbot, win, "new.mla")
    assert win.current == "kind"
    _states_and_basis(qtbot, win, ("Thai", "TH"), "2026-10-05")
    _authority(qtbot, win)
    _case(qtbot, win, death=False)
    _person(qtbot, win, "Accused", sought=False)
    _next(qtbot, win)
    assert win.current == "facts"
    type_into(qtbot, win, f"{R}.facts_summary",
              "On 3 September 2025 a courier carrying 2 kg of methamphetamine was stopped.")
    _next(qtbot, win)
    assert win.current == "assistance"
    add = find(win, f"{R}.assistance.add")
    action = next(a for a in add.menu().actions() if a.text() == type_label(BankRecords))
    action.trigger()
    type_into(qtbot, win, f"{R}.assistance[0].institution", "Bangkok Bank")
    type_into(qtbot, win, f"{R}.assistance[0].account_numbers", "123-4-56789-0")
    type_into(qtbot, win, f"{R}.assistance[0].link_to_facts", "The proceeds were paid here.")
    tick_code(qtbot, win, f"{R}.assistance[0].person_ids", "P1")
    ok(qtbot, win)
    assert win.vm.case.request.assistance[0].person_ids == ["P1"]
    _next(qtbot, win)
    assert win.current == "purpose"
    type_into(qtbot, win, f"{R}.purpose", "Evidence for the prosecution of LAM Thanh Tung.")
    _next(qtbot, win)
    assert win.current == "undertakings"
    tick(qtbot, win, f"{R}.undertakings.speciality")
    assert errors(win) == []
    _through_annexes_and_review(qtbot, win, "Bangkok Bank")
    files = _produce(qtbot, win, tmp_path / "out")
    assert saved.exists() and storage.load(saved).request.case_reference == "VKS/2026/77"
    names = {p.name for p in files}
    assert {"vks-2026-77_request_en.docx", "vks-2026-77_request_en.pdf"} <= names
    _contains_everything(files, "vks-2026-77_request_en", [
        "VKS/2026/77", "Supreme People's Procuracy", "Tran Van Minh", "LAM", "Thanh Tung",
        "Illegal trafficking in narcotic substances", "Art. 251, Penal Code",
        "a courier carrying 2 kg of methamphetamine was stopped", "Bangkok Bank",
        "123-4-56789-0", "The proceeds were paid here.",
        "Evidence for the prosecution of LAM Thanh Tung."])
    assert win.windowTitle().startswith("case.json")


def test_extradition_request_from_start_screen_to_docx_and_pdf(qtbot, window, tmp_path,
                                                                monkeypatch):
    win = window
    saved = tmp_path / "extradition.json"
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName",
                        lambda *a, **k: (str(saved), ""))
    click(qtbot, win, "new.extradition")
    ids = [s.id for s in win.vm.steps()]
    assert "surrender" in ids and "assistance" not in ids
    _states_and_basis(qtbot, win, ("Camb", "KH"), "2026-08-20")
    _authority(qtbot, win)
    _case(qtbot, win, death=True)
    _person(qtbot, win, "Accused", sought=True)
    _next(qtbot, win)
    assert win.current == "surrender"
    x = f"{R}.extradition"
    with pytest.raises(LookupError):  # asked only in a provisional-arrest request
        find(win, f"{x}.urgency_reason")
    pick(qtbot, win, f"{x}.person_id", "LAM", "P1")
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
    _through_annexes_and_review(qtbot, win, "17/2026/LB-VKS")
    files = _produce(qtbot, win, tmp_path / "out")
    names = {p.name for p in files}
    assert {"vks-2026-77_request_en.docx", "vks-2026-77_request_en.pdf"} <= names
    _contains_everything(files, "vks-2026-77_request_en", [
        "VKS/2026/77", "LAM", "17/2026/LB-VKS", "He handed 2 kg of drugs to a courier.",
        "3 September 2025, Bavet", "20 years; not time-barred.", "1.70 m, slim, scar",
        "The death penalty will not be imposed or, if imposed, not carried out."])
    case = storage.load(saved)
    assert case.request.extradition.warrant.number == "17/2026/LB-VKS"
    assert case.request.kind.value == "extradition"
