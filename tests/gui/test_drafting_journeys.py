"""Requests drafted in Vietnamese, Khmer and Lao, typed into the real widgets, translated in
the translation step segment by segment with the keyboard, and produced in the drafting
language, the requested state's language and both side by side."""

from __future__ import annotations

import pytest
from drafting.scenarios import SCENARIOS, Scenario
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QCheckBox, QComboBox

from mla_writer.domain.model import BankRecords
from mla_writer.gui.texts import type_label

from .driver import (
    choose_data,
    click,
    dialog,
    errors,
    find,
    ok,
    pick,
    tick,
    tick_code,
    type_into,
    type_text,
)
from .test_journeys import _produce

R = "$.request"
#: how the state pickers are searched (the first letters of the name in the English interface)
STATE_NAMES = {"VN": "Viet", "TH": "Thai", "KH": "Camb", "LA": "Lao"}


def _next(qtbot, win, step: str) -> None:
    click(qtbot, win, "next")
    assert win.current == step


def _type_request(qtbot, win, s: Scenario) -> None:
    """Everything a drafter types, in the drafting language, step by step."""
    t = {path: text for path, (text, _tr) in s.texts.items()}
    type_into(qtbot, win, f"{R}.request_date", "2026-10-05")
    pick(qtbot, win, f"{R}.requesting_state", STATE_NAMES[s.requesting], s.requesting)
    pick(qtbot, win, f"{R}.requested_state", STATE_NAMES[s.requested], s.requested)
    tree = find(win, "basisSuggestions")
    first = tree.topLevelItem(0)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton,
                     pos=tree.visualItemRect(first).center())
    click(qtbot, win, "useBasis")
    _next(qtbot, win, "authority")
    for path in ("requesting_authority.name", "requesting_authority.address",
                 "place_of_signature"):
        type_into(qtbot, win, f"{R}.{path}", t[f"{R}.{path}"])
    type_into(qtbot, win, f"{R}.requesting_authority.officer.name", s.names["officer"])
    type_into(qtbot, win, f"{R}.signatory.name", s.names["signatory"])
    _next(qtbot, win, "case")
    type_into(qtbot, win, f"{R}.case_reference", s.names["reference"])
    choose_data(qtbot, win, f"{R}.stage", "prosecution")
    type_into(qtbot, win, f"{R}.subject", t[f"{R}.subject"])
    type_into(qtbot, win, f"{R}.dual_criminality_statement", t[f"{R}.dual_criminality_statement"])
    click(qtbot, win, f"{R}.offences.add")
    for name in ("name", "maximum_penalty", "place"):
        type_into(qtbot, win, f"{R}.offences[0].{name}", t[f"{R}.offences[0].{name}"])
    type_into(qtbot, win, f"{R}.offences[0].maximum_penalty_years", "99")
    click(qtbot, win, f"{R}.offences[0].provisions.add")
    for name in ("citation", "text"):
        path = f"{R}.offences[0].provisions[0].{name}"
        type_into(qtbot, win, path, t[path])
    ok(qtbot, win)
    ok(qtbot, win)
    _next(qtbot, win, "persons")
    click(qtbot, win, f"{R}.persons.add")
    boxes = [b for b in dialog(win).form.findChildren(QCheckBox) if b.text() == "Accused"]
    qtbot.mouseClick(boxes[0], Qt.MouseButton.LeftButton, pos=QPoint(8, boxes[0].height() // 2))
    type_into(qtbot, win, f"{R}.persons[0].family_name", s.names["family"])
    type_into(qtbot, win, f"{R}.persons[0].given_names", s.names["given"])
    type_into(qtbot, win, f"{R}.persons[0].date_of_birth", "1990-07-14")
    tick_code(qtbot, win, f"{R}.persons[0].nationalities", s.requesting)
    type_into(qtbot, win, f"{R}.persons[0].location", t[f"{R}.persons[0].location"])
    ok(qtbot, win)
    _next(qtbot, win, "facts")
    type_into(qtbot, win, f"{R}.facts_summary", t[f"{R}.facts_summary"])
    _next(qtbot, win, "assistance")
    add = find(win, f"{R}.assistance.add")
    next(a for a in add.menu().actions() if a.text() == type_label(BankRecords)).trigger()
    type_into(qtbot, win, f"{R}.assistance[0].institution", t[f"{R}.assistance[0].institution"])
    type_into(qtbot, win, f"{R}.assistance[0].account_numbers", "123-4-56789-0")
    type_into(qtbot, win, f"{R}.assistance[0].link_to_facts",
              t[f"{R}.assistance[0].link_to_facts"])
    tick_code(qtbot, win, f"{R}.assistance[0].person_ids", "P1")
    ok(qtbot, win)
    _next(qtbot, win, "purpose")
    type_into(qtbot, win, f"{R}.purpose", t[f"{R}.purpose"])
    _next(qtbot, win, "undertakings")
    tick(qtbot, win, f"{R}.undertakings.speciality")
    assert errors(win) == []
    _next(qtbot, win, "annexes")


def _translate(qtbot, win, s: Scenario) -> None:
    """The translation step: the target language first in the list, each segment reached
    with the keyboard (F8 the first, Ctrl+Down the next) and its translation typed."""
    _next(qtbot, win, "translate")
    page = win.pages["translate"]
    combo = find(win, "translationLanguage")
    assert isinstance(combo, QComboBox) and combo.currentData() == s.target
    assert [seg.path for seg in page.segments] == [
        p for p in (seg.path for seg in page.segments) if p in s.texts]
    assert {seg.path for seg in page.segments} == set(s.texts)
    page.language.setFocus()
    qtbot.waitUntil(page.language.hasFocus)
    qtbot.keyClick(page.language, Qt.Key.Key_F8)  # the first text still to translate
    for i, seg in enumerate(page.segments):
        qtbot.waitUntil(seg.editor.hasFocus)
        assert seg.status.property("state") == "missing"
        type_text(qtbot, seg.editor, s.texts[seg.path][1])
        assert seg.status.property("state") == "current"
        if i + 1 < len(page.segments):
            qtbot.keyClick(seg.editor, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    case = win.vm.case
    for path, (_text, translation) in s.texts.items():
        assert case.translations[path][s.target] == translation
    assert find(win, "translationProgress").text().startswith(
        f"{len(s.texts)} of {len(s.texts)}")


def _docx_text(path) -> str:
    """Every paragraph of a DOCX file, tables inside tables too (the bilingual layout)."""
    import docx
    from docx.oxml.ns import qn

    body = docx.Document(str(path)).element.body
    return "\n".join("".join(t.text or "" for t in p.iter(qn("w:t")))
                     for p in body.iter(qn("w:p")))


@pytest.mark.parametrize("s", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_a_request_drafted_in_the_states_own_language(qtbot, window, tmp_path, monkeypatch, s):
    win = window
    saved = tmp_path / "case.json"
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName",
                        lambda *a, **k: (str(saved), ""))
    click(qtbot, win, "new.mla")
    assert win.current == "kind" and win.vm.case.drafting_language == "en"
    choose_data(qtbot, win, "$.drafting_language", s.drafting)  # no text yet: no question
    assert win.vm.case.drafting_language == s.drafting
    _type_request(qtbot, win, s)
    _translate(qtbot, win, s)
    _next(qtbot, win, "review")
    _next(qtbot, win, "produce")
    for lang, box in win.pages["produce"].languages.items():
        box.setChecked(lang in (s.drafting, s.target))
    tick(qtbot, win, "bilingual")
    files = _produce(qtbot, win, tmp_path / "out")
    base = s.names["reference"].replace("/", "-").lower()
    by_name = {p.name: p for p in files}
    own, target = f"{base}_request_{s.drafting}", f"{base}_request_{s.target}"
    pair = f"{base}_request_{s.target}-{s.drafting}"
    assert {f"{n}.{ext}" for n in (own, target, pair) for ext in ("docx", "pdf")} <= set(by_name)
    texts = {name: (_squeeze(_docx_text(by_name[f"{name}.docx"])),
                    _squeeze(_pdf_plain(by_name[f"{name}.pdf"]))) for name in (own, target)}
    pair_docx = _squeeze(_docx_text(by_name[f"{pair}.docx"]))
    # the bilingual page: the requested state's language on the left, the drafting language
    # on the right, each column read on its own
    left, right = (_squeeze(_pdf_plain(by_name[f"{pair}.pdf"], column=c)) for c in (0, 1))
    for path, (text, translation) in s.texts.items():
        text, translation = _squeeze(text), _squeeze(translation)
        for got in texts[own]:
            assert text in got and translation not in got, path
        for got in texts[target]:
            assert translation in got and text not in got, path
        assert text in pair_docx and translation in pair_docx, path
        assert translation in left and text not in left, path
        assert text in right and translation not in right, path
    for got in (*texts[target], *texts[own], left, right):
        assert s.names["family"] in got


def _squeeze(text: str) -> str:
    """Text without white space: lines wrap differently in a column, a page and a cell."""
    return "".join(text.split())


def _pdf_plain(path, column: int | None = None) -> str:
    """The PDF's text in reading order; `column` 0 or 1: only the left or the right half of
    each A4 page."""
    import shutil
    import subprocess

    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    crop = [] if column is None else ["-x", str(298 * column), "-y", "0", "-W", "297",
                                      "-H", "842"]
    return subprocess.run(["pdftotext", *crop, str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_changing_the_drafting_language_of_a_case_with_text_asks_first(qtbot, window,
                                                                       monkeypatch):
    """With text typed, the user is asked: refused, nothing changes; accepted, each field
    takes its translation as its text and its text becomes the old language's translation;
    fields without a translation are kept only if the user says they are in that language."""
    from PySide6.QtWidgets import QMessageBox

    from mla_writer.domain import freetext
    from mla_writer.gui import translation

    s = SCENARIOS[0]
    win = window
    click(qtbot, win, "new.mla")
    asked: list[str] = []
    answer = [QMessageBox.StandardButton.No]

    def question(_parent, _title, text, *a, **k):
        asked.append(text)
        return answer[0]

    monkeypatch.setattr(QMessageBox, "question", question)
    from mla_writer.domain.model import CaseFile

    case = CaseFile.model_validate(s.case_dict())
    win.vm.replace(case)
    combo = find(win, "$.drafting_language")
    assert combo.currentData() == s.drafting
    # with text, the arrow keys open the list instead of changing the language at each step
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: combo.view().isVisible())
    assert not asked and win.vm.case.drafting_language == s.drafting
    combo.hidePopup()
    # no Thai translation yet: asked whether the text is Thai already; "No" changes nothing
    index = combo.findData(s.target)
    combo.setCurrentIndex(index)
    combo.activated.emit(index)  # chosen from the list
    assert asked and "have no" in asked[-1]
    assert win.vm.case.drafting_language == s.drafting and combo.currentData() == s.drafting
    # with every Thai translation recorded, the swap is offered and done
    for path, text in s.translations().items():
        freetext.set_translation(win.vm.case, path, s.target, text)
    answer[0] = QMessageBox.StandardButton.Yes
    assert translation.change_drafting_language(win, win.vm, s.target)
    assert "Draft this request in" in asked[-1]
    assert win.vm.case.drafting_language == s.target and combo.currentData() == s.target
    assert win.vm.case.request.subject == s.texts[f"{R}.subject"][1]
    assert win.vm.case.translations[f"{R}.subject"][s.drafting] == s.texts[f"{R}.subject"][0]
    assert win.vm.dirty


def test_the_drafting_language_boxes_survive_a_change_of_interface_language(qtbot, window):
    """The window is rebuilt when the interface language changes: the old pages' boxes must
    not be called afterwards (a new request and a change of drafting language work)."""
    from mla_writer.domain.model import RequestKind

    win = window
    click(qtbot, win, "new.mla")
    win.go_to("translate")
    win.set_language("vi")
    try:
        win.new_request(RequestKind.MLA)  # drafted in the interface language from now
        assert win.vm.case.drafting_language == "vi"
        choose_data(qtbot, win, "$.drafting_language", "km")
        assert win.vm.case.drafting_language == "km"
        win.go_to("translate")
        assert find(win, "translationLanguage").findData("km") == -1
    finally:
        win.set_language("en")


def test_a_supplementary_request_keeps_the_earlier_requests_language_and_translations():
    from mla_writer.domain import freetext
    from mla_writer.domain.model import CaseFile
    from mla_writer.gui.viewmodel import new_case, supplementary_from

    s = SCENARIOS[1]  # drafted in Khmer, translated into Thai
    earlier = CaseFile.model_validate(s.case_dict())
    for path, text in s.translations().items():
        freetext.set_translation(earlier, path, s.target, text)
    case = supplementary_from(new_case(), earlier)
    assert case.drafting_language == "km"
    assert freetext.missing_translations(case, "th") == []
    assert f"{R}.facts_summary" not in case.translations  # not carried over: not copied
