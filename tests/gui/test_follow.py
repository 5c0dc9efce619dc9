"""Fields follow the request (kind, legal basis, roles), dates are checked, supplementary
requests start from the earlier one, steps are marked complete only when they are, and lists,
About box, produce errors and translation files behave as a user expects."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from mla_writer import i18n, storage, xliff
from mla_writer.domain.model import Person, PersonRole, RequestKind
from mla_writer.gui.forms import Form
from mla_writer.gui.viewmodel import CaseViewModel, new_case
from mla_writer.resources import data_dir

from .driver import click, find, pick, tick_code, type_into
from .test_window import _open_example

R = "$.request"


def _shown(win, path: str) -> bool:
    try:
        find(win, path)
    except LookupError:
        return False
    return True


def test_extradition_fields_follow_the_kind_and_the_basis(qtbot, window):
    win = window
    click(qtbot, win, "new.extradition")
    assert not _shown(win, f"{R}.legal_basis.instrument_id")
    assert not _shown(win, f"{R}.legal_basis.reciprocity_undertaking")
    win.vm.set(f"{R}.legal_basis.kind", "reciprocity")
    assert _shown(win, f"{R}.legal_basis.reciprocity_undertaking")
    assert not _shown(win, f"{R}.legal_basis.instrument_id")
    win.vm.set(f"{R}.legal_basis.kind", "instrument")
    assert _shown(win, f"{R}.legal_basis.instrument_id")
    assert not _shown(win, f"{R}.legal_basis.reciprocity_undertaking")
    win.go_to("surrender")
    assert not _shown(win, f"{R}.extradition.urgency_reason")
    assert not _shown(win, f"{R}.extradition.undertaking_full_request")
    win.vm.set(f"{R}.kind", RequestKind.PROVISIONAL_ARREST)
    assert _shown(win, f"{R}.extradition.urgency_reason")


def test_person_fields_follow_the_roles(qtbot, window):
    win = window
    click(qtbot, win, "new.mla")
    win.go_to("persons")
    click(qtbot, win, f"{R}.persons.add")
    p = f"{R}.persons[0]"
    boxes = {b.objectName(): b for b in QApplication.activeModalWidget().findChildren(
        type(find(win, f"{p}.roles.witness")))}
    boxes[f"{p}.roles.witness"].setChecked(True)
    for name in ("judgment", "fingerprints_reference", "photo_reference",
                 "physical_description"):
        assert not _shown(win, f"{p}.{name}"), name
    boxes[f"{p}.roles.convicted_person"].setChecked(True)
    assert _shown(win, f"{p}.judgment")
    assert not _shown(win, f"{p}.fingerprints_reference")  # an MLA request seeks nobody
    assert QApplication.activeModalWidget().windowTitle() == "Person P1"
    QApplication.activeModalWidget().reject()


def test_a_filled_field_is_never_hidden(qtbot):
    vm = CaseViewModel(new_case(RequestKind.MLA))
    vm.append(f"{R}.persons", Person(id="P1", roles=[PersonRole.WITNESS],
                                     fingerprints_reference="Annex 4"))
    form = Form(vm, f"{R}.persons[0]", Person)
    qtbot.addWidget(form)
    form.show()
    form.load()
    assert form.widgets[f"{R}.persons[0].fingerprints_reference"].isVisible()
    assert not form.widgets[f"{R}.persons[0].photo_reference"].isVisible()


@pytest.mark.parametrize(("typed", "stored", "level", "words"), [
    ("2569-10-05", None, "error", "Buddhist Era"),
    ("2028-01-05", dt.date(2028, 1, 5), "warning", "more than a year"),
    ("2026-10-05", dt.date(2026, 10, 5), "", ""),
    ("5/10/2026", None, "error", "YYYY-MM-DD"),
])
def test_dates_are_checked_as_they_are_typed(qtbot, typed, stored, level, words):
    vm = CaseViewModel(new_case(RequestKind.MLA), on=dt.date(2026, 9, 1))
    form = Form(vm, R, type(vm.case.request), ["request_date"])
    qtbot.addWidget(form)
    form.show()
    form.load()
    line = form.widgets[f"{R}.request_date"]
    qtbot.keyClicks(line, typed)
    assert vm.case.request.request_date == stored
    message = form._errors[f"{R}.request_date"]
    assert message.isVisible() == bool(level)
    if level:
        assert words in message.text()
        assert message.objectName() == ("fieldError" if level == "error" else "fieldWarning")
    if typed.startswith("2569"):
        assert "2026-10-05" in message.text()  # the Common Era date to type instead


def test_a_supplementary_request_starts_from_the_earlier_case_file(qtbot, window, monkeypatch):
    win = window
    click(qtbot, win, "new.supplementary")
    earlier = data_dir("examples") / "mla-bank-records.json"
    monkeypatch.setattr("mla_writer.gui.pages.QFileDialog.getOpenFileName",
                        lambda *a, **k: (str(earlier), ""))
    click(qtbot, win, "startFromEarlier")
    req, old = win.vm.case.request, storage.load(earlier).request
    assert req.kind is RequestKind.SUPPLEMENTARY
    assert [p.family_name for p in req.persons] == [p.family_name for p in old.persons]
    assert [o.name for o in req.offences] == [o.name for o in old.offences]
    assert (req.requesting_state, req.requested_state) == ("VN", "TH")
    assert req.supplementary.earlier_reference == old.case_reference
    assert req.supplementary.earlier_date == old.request_date
    assert req.assistance == [] and req.facts_summary == ""
    assert find(win, f"{R}.supplementary.earlier_reference").text() == old.case_reference
    assert win.vm.dirty
    # a second time, over answers already there: asked first, and No keeps them
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.No)
    monkeypatch.setattr("mla_writer.gui.pages.QFileDialog.getOpenFileName",
                        lambda *a, **k: (str(data_dir("examples") / "provisional-arrest.json"),
                                         ""))
    click(qtbot, win, "startFromEarlier")
    assert asked and win.vm.case.request.requested_state == "TH"


def test_steps_are_complete_only_when_visited_answered_and_without_findings(qtbot, window):
    win = window
    _open_example(qtbot, win, "mla-bank-records")
    for step in win.vm.steps():
        win.go_to(step.id)
    click(qtbot, win, "back")
    win.vm.replace(win.vm.case, None, dirty=False)
    win.show_start()
    click(qtbot, win, "new.mla")
    assert win.current == "kind"
    win.go_to("persons")
    win.go_to("facts")  # Persons visited, but nobody added
    tips = {win.step_list.item(i).data(Qt.ItemDataRole.UserRole): win.step_list.item(i).toolTip()
            for i in range(win.step_list.count())}
    assert tips["persons"] != "complete" and tips["produce"] != "complete"
    assert "complete" not in tips.values()


def test_removing_a_person_asks_and_clears_the_references(qtbot, window, monkeypatch):
    win = window
    _open_example(qtbot, win, "extradition-accused")
    win.go_to("persons")
    editor = win.pages["persons"].forms[0].subforms[0]
    editor.table.selectRow(0)
    asked = []

    def answer(button):
        def fake(*args, **kwargs):
            asked.append(args[2])
            return button
        return fake

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    editor.remove_button.click()
    assert len(win.vm.case.request.persons) == 1 and "Person sought" in asked[0]
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    editor.remove_button.click()
    assert win.vm.case.request.persons == []
    assert win.vm.case.request.extradition.person_id == ""
    assert editor.table.rowCount() == 0 and "None yet" in editor.table.placeholder


def test_about_box_says_version_profiles_licence_and_translation_review(qtbot, window):
    win = window
    win.set_language("th")
    try:
        win.about()
        text = win.about_box.text()
        assert i18n.review_note() in text
        from mla_writer.profiles import load_registry

        states = load_registry().states.values()
        dates = [str(s.last_reviewed) for s in states if s.last_reviewed]
        # last_reviewed is a lawyer's review; without one the box says so
        expected = max(dates) if dates else i18n.ui_translations("th").gettext(
            "Legal profiles: %(n)d states, not yet reviewed by a lawyer.") % {"n": len(states)}
        assert "Apache" in text and expected in text
        assert any(a.text() for m in win.menuBar().actions() for a in m.menu().actions()
                   if "Qt" in a.text())
        win.about_box.done(0)
    finally:
        win.set_language("en")


def test_a_produce_error_is_said_in_plain_words(qtbot, window, tmp_path):
    win = window
    _open_example(qtbot, win, "mla-bank-records")
    win.go_to("produce")
    page = win.pages["produce"]
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    find(win, "outputFolder").setText(str(blocker / "out"))
    click(qtbot, win, "produce")
    qtbot.waitUntil(lambda: getattr(page, "error_box", None) is not None, timeout=30_000)
    box = page.error_box
    assert box.text().startswith("The documents could not be written to the folder")
    assert "Choose another output folder" in box.text()
    assert "Technical detail" in box.informativeText()
    box.done(0)


def test_untranslated_text_finding_leads_to_the_first_untranslated_field(
        qtbot, window, untranslated_example_file):
    win = window
    assert win.open_path(str(untranslated_example_file("extradition-accused")), confirmed=True)
    item = next(i for i in win.checklist.items() if "xliff" in i.text(0).lower()
                or "Export for translation" in i.text(0))
    assert "File › Export for translation (XLIFF)…" in item.text(0)
    assert "mla-writer xliff" not in item.text(0)
    first = xliff.segments(win.vm.case)[0].path
    lang = item.data(0, Qt.ItemDataRole.UserRole).rsplit(".", 1)[1]
    assert item.data(0, Qt.ItemDataRole.UserRole) == f"$.translations['{first}'].{lang}"
    # clicking it opens the translation step in that language at that text
    win.checklist.tree.setCurrentItem(item)
    win.checklist._activated(item)
    assert win.current == "translate"
    page = win.pages["translate"]
    assert page.current_language() == lang
    qtbot.waitUntil(lambda: page.segments[0].editor.hasFocus())
    assert page.segments[0].path == first


def test_a_bundled_example_opens_without_untranslated_text(qtbot, window):
    win = window
    _open_example(qtbot, win, "extradition-accused")  # goes to Cambodia: Khmer
    texts = [item.text(0) for item in win.checklist.items()]
    assert texts and not [t for t in texts if "Export for translation" in t]


def test_export_and_import_a_translation_through_the_file_menu(qtbot, window, tmp_path,
                                                               monkeypatch,
                                                               untranslated_example_file):
    win = window
    assert win.open_path(str(untranslated_example_file("extradition-accused")), confirmed=True)
    target = tmp_path / "case.km.xlf"
    monkeypatch.setattr("mla_writer.gui.translation.QInputDialog.getItem",
                        lambda *a, **k: (a[3][0], True))
    monkeypatch.setattr("mla_writer.gui.translation.QFileDialog.getSaveFileName",
                        lambda *a, **k: (str(target), ""))
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: told.append(a[2]))
    win.export_translation()
    root = ET.fromstring(target.read_bytes())
    assert root.get("trgLang") == "km" and told
    ns = {"x": "urn:oasis:names:tc:xliff:document:2.0"}
    unit = root.find(".//x:unit", ns)
    segment = unit.find("x:segment", ns)
    segment.set("state", "translated")
    ET.SubElement(segment, "{urn:oasis:names:tc:xliff:document:2.0}target").text = "អត្ថបទ"
    target.write_bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True))
    monkeypatch.setattr("mla_writer.gui.translation.QFileDialog.getOpenFileName",
                        lambda *a, **k: (str(target), ""))
    win.import_translation()
    assert win.vm.case.translations[unit.get("name")]["km"] == "អត្ថបទ"
    assert win.vm.dirty and win.import_box.text().startswith("1 translations imported")
    win.import_box.done(0)


def test_profile_notes_lead_with_the_message_not_the_treaty_lettering(qtbot, window):
    win = window
    _open_example(qtbot, win, "mla-bank-records")
    win.go_to("case")
    page = win.pages["case"]
    helps = [label.text() for form in page.forms for label in form._helps.values()
             if label.text()]
    assert helps and not any(h.startswith("• (") for h in helps)
    assert any("UNTOC art. 18(15)(b)" in h for h in helps)  # the citation stays


def test_pick_and_tick_by_name_store_codes(qtbot, window):
    win = window
    click(qtbot, win, "new.mla")
    pick(qtbot, win, f"{R}.requested_state", "Thai", "TH")
    assert win.vm.case.request.requested_state == "TH"
    win.go_to("persons")
    click(qtbot, win, f"{R}.persons.add")
    tick_code(qtbot, win, f"{R}.persons[0].nationalities", "LA")
    assert win.vm.case.request.persons[0].nationalities == ["LA"]
    type_into(qtbot, win, f"{R}.persons[0].family_name", "VONGSA")
    QApplication.activeModalWidget().reject()
