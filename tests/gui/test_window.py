"""Checklist navigation, crash recovery, unsaved-changes prompt, bad files, settings."""

from __future__ import annotations

import json

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QWidget,
)

from mla_writer import i18n, storage
from mla_writer.domain.model import RequestKind
from mla_writer.resources import data_dir

from .driver import click, dialog, find, pick, type_into

FACTS = "$.request.facts_summary"


def _open_example(qtbot, win, name: str) -> None:
    examples = win.start.examples
    row = next(i for i in range(examples.count())
               if examples.item(i).data(Qt.ItemDataRole.UserRole).endswith(f"{name}.json"))
    item = examples.item(row)
    examples.setCurrentItem(item)
    examples.setFocus()
    qtbot.keyClick(examples, Qt.Key.Key_Return)
    assert win.stack.currentWidget() is win.wizard


def _checklist_item(win, path: str):
    for item in win.checklist.items():
        if item.data(0, Qt.ItemDataRole.UserRole) == path:
            return item
    return None


def _click_item(qtbot, win, item) -> None:
    tree = win.checklist.tree
    tree.scrollToItem(item)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton,
                     pos=tree.visualItemRect(item).center())


def test_removed_required_field_is_listed_and_clicking_it_focuses_the_field(qtbot, window):
    win = window
    _open_example(qtbot, win, "mla-bank-records")
    assert _checklist_item(win, FACTS) is None
    win.go_to("facts")
    edit = find(win, FACTS)
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    assert win.vm.case.request.facts_summary == ""
    qtbot.waitUntil(lambda: _checklist_item(win, FACTS) is not None, timeout=3000)
    item = _checklist_item(win, FACTS)
    assert "Summary of the relevant facts" in item.text(0)
    assert "Source: UNTOC art. 18(15)(c)" in item.text(0)
    assert find(win, "stepList").item(4).toolTip() == "5. Summary of the facts\nErrors: 1"
    win.go_to("kind")
    _click_item(qtbot, win, item)
    assert win.current == "facts"
    qtbot.waitUntil(lambda: QApplication.focusWidget() is edit)
    assert edit.property("issue") == "error"


def test_clicking_a_finding_inside_a_list_opens_the_item_and_focuses_its_field(qtbot, window):
    win = window
    _open_example(qtbot, win, "mla-bank-records")
    path = "$.request.persons[1].location"
    win.vm.set(path, "")  # where the person is: asked for by the profile
    win.vm.recheck_now()
    item = _checklist_item(win, path)
    assert item is not None and "Source:" in item.text(0)
    _click_item(qtbot, win, item)
    assert win.current == "persons"
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None
                    and QApplication.focusWidget().objectName() == path)
    d = dialog(win)
    type_into(qtbot, win, path, "Bangkok")
    d.reject()  # Cancel puts the item back as it was
    assert win.vm.case.request.persons[1].location == ""


def test_unverified_findings_are_marked(qtbot, window):
    win = window
    _open_example(qtbot, win, "mla-bank-records")
    unverified = [i for i in win.vm.issues if not i.verified]
    assert unverified
    item = _checklist_item(win, unverified[0].path)
    assert "Unverified source — confirm with the central authority" in item.text(0)
    assert "UNVERIFIED SOURCE" not in item.text(0)  # said once, in the interface's words


def test_unsaved_changes_prompt_on_close(qtbot, window, monkeypatch, tmp_path):
    win = window
    click(qtbot, win, "new.mla")
    win.go_to("facts")
    type_into(qtbot, win, FACTS, "Unsaved words.")
    assert win.vm.dirty and win.windowTitle().startswith("New request *")
    asked = []

    def answer(button):
        def fake(*args, **kwargs):
            asked.append(args[1])
            return button
        return fake

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Cancel))
    win.close()
    assert asked == ["Unsaved changes"] and win.isVisible()
    target = tmp_path / "kept.json"
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName",
                        lambda *a, **k: (str(target), ""))
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Save))
    win.close()
    assert not win.isVisible()
    assert storage.load(target).request.facts_summary == "Unsaved words."


def test_discarding_on_new_request_prompt(qtbot, window, monkeypatch):
    win = window
    click(qtbot, win, "new.mla")
    win.go_to("facts")
    type_into(qtbot, win, FACTS, "Will be dropped.")
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Discard)
    win.show_start()
    assert win.stack.currentWidget() is win.start
    assert win.vm.case.request.facts_summary == "" and not win.vm.dirty


def test_malformed_case_file_shows_every_problem_and_loses_nothing(qtbot, window, tmp_path):
    win = window
    click(qtbot, win, "new.mla")
    win.go_to("facts")
    type_into(qtbot, win, FACTS, "Work in progress.")
    data = json.loads((data_dir("examples") / "mla-bank-records.json").read_text("utf-8"))
    data["request"]["request_date"] = "yesterday"
    data["request"]["persons"][0]["sex"] = "robot"
    bad = tmp_path / "bad.json"
    raw = json.dumps(data)
    bad.write_text(raw, "utf-8")
    assert not win.open_path(str(bad), confirmed=True)
    box = win.error_box
    assert box.isVisible()
    # plain words first, naming the fields by their titles; the JSON paths in the details
    assert "“Date of the request”" in box.text()
    assert "Date of the request:" in box.informativeText()
    assert "Persons 1 › Sex:" in box.informativeText()
    assert "$.request.request_date" in box.detailedText()
    assert "$.request.persons[0].sex" in box.detailedText()
    box.done(0)
    assert win.vm.case.request.facts_summary == "Work in progress." and win.vm.dirty
    assert bad.read_text("utf-8") == raw


def test_requesting_authority_is_remembered_for_the_next_request(qtbot, window, tmp_path,
                                                                 monkeypatch):
    win = window
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName",
                        lambda *a, **k: (str(tmp_path / "a.json"), ""))
    click(qtbot, win, "new.mla")
    pick(qtbot, win, "$.request.requesting_state", "Viet", "VN")
    win.go_to("authority")
    type_into(qtbot, win, "$.request.requesting_authority.name", "People's Procuracy of Tay Ninh")
    click(qtbot, win, "save")
    win.show_start()
    click(qtbot, win, "new.extradition")
    assert win.vm.case.request.requesting_authority.name == "People's Procuracy of Tay Ninh"
    assert win.vm.case.request.requesting_state == "VN"
    assert str(tmp_path / "a.json") in win.recent_files()


def test_an_examples_authority_is_never_remembered(qtbot, window, settings, tmp_path,
                                                   monkeypatch):
    win = window
    _open_example(qtbot, win, "mla-bank-records")
    win.vm.set("$.request.facts_summary", "Edited in the example.")
    win.autosave()
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Discard)
    win.show_start()
    click(qtbot, win, "new.mla")
    assert win.vm.case.request.requesting_authority.name == ""
    assert not str(settings.value("authority/json", "") or "")
    # saving the example under a new name does not make its authority the user's either
    _open_example(qtbot, win, "extradition-accused")
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName",
                        lambda *a, **k: (str(tmp_path / "copy.json"), ""))
    assert win.save()
    assert not str(settings.value("authority/json", "") or "")
    win.vm.replace(win.vm.case, win.vm.path, dirty=False)
    win.close()
    assert not str(settings.value("authority/json", "") or "")


def test_every_input_has_an_accessible_name_and_every_step_shows(qtbot, window):
    win = window
    _open_example(qtbot, win, "extradition-accused")
    for step in win.vm.steps():
        win.go_to(step.id)
        page = win.pages[step.id]
        for w in page.findChildren(QWidget):
            if isinstance(w, QLineEdit | QPlainTextEdit | QComboBox | QCheckBox | QListWidget) \
                    and w.isVisibleTo(page) and not isinstance(w.parentWidget(), QComboBox):
                assert w.accessibleName() or w.text(), (step.id, w.objectName())
    preview = win.pages["review"].preview
    qtbot.waitUntil(lambda: "LÂM" in preview.toPlainText(), timeout=10_000)


def test_language_switch_rebuilds_the_window_and_is_remembered(qtbot, window, settings):
    from PySide6.QtWidgets import QLabel

    win = window
    click(qtbot, win, "new.mla")
    win.go_to("case")
    subject = "What the investigation, prosecution or proceedings concern."
    purpose = "(f) Purpose for which the evidence, information or action is sought"
    assert find(win, "$.request.subject").toolTip().startswith(subject)
    assert _checklist_item(win, "$.request.purpose").text(0).startswith("Purpose for which")
    win.set_language("th")
    try:
        assert settings.value("ui/language") == "th"
        assert win.current == "case" and win.stack.currentWidget() is win.wizard
        th = i18n.document_translations("th").gettext
        # a field's help (the model's description) and a finding of the live checklist
        tip = i18n.ui_translations("th").gettext(subject)
        assert tip != subject and find(win, "$.request.subject").toolTip().startswith(tip)
        finding = _checklist_item(win, "$.request.purpose").text(0)
        title = i18n.profile_translations("th").gettext(purpose)
        assert title != purpose and title.removeprefix("(f) ") in finding
        assert "Purpose" not in finding and "UNTOC art. 18(15)(f)" in finding  # cited as written
        # generated form labels: the model's titles, from the document catalog
        labels = {lab.buddy().objectName(): lab.text() for lab in win.findChildren(QLabel)
                  if lab.buddy() is not None and lab.isVisible()}
        assert labels["$.request.case_reference"].startswith(th("Case reference"))
        assert th("Case reference") != "Case reference"
        assert " (&" in labels["$.request.case_reference"]  # a Latin accelerator kept
        stage = find(win, "$.request.stage")
        stages = [stage.itemText(i) for i in range(stage.count())]
        assert th("Investigation") in stages and "Investigation" not in stages
        # enum choices in a dialog, and the table headers
        win.go_to("persons")
        click(qtbot, win, "$.request.persons.add")
        roles = {b.objectName(): b.text() for b in dialog(win).findChildren(QCheckBox)}
        assert roles["$.request.persons[0].roles.accused"] == th("Accused") != "Accused"
        sex = find(win, "$.request.persons[0].sex")
        assert th("Male") in [sex.itemText(i) for i in range(sex.count())]
        dialog(win).reject()
        table = win.pages["persons"].forms[0].subforms[0].table
        headers = [table.horizontalHeaderItem(i).text() for i in range(table.columnCount())]
        assert th("Family name") in headers and "Family name" not in headers
        # the start screen's buttons and example titles
        win.vm.replace(win.vm.case, None, dirty=False)
        win.show_start()
        assert win.start.kind_buttons[RequestKind.MLA].text() != \
            "New &mutual legal assistance request"
        titles = [win.start.examples.item(i).text() for i in range(win.start.examples.count())]
        assert not any(t.startswith("Mla ") for t in titles)
        win.new_request(RequestKind.MLA)
        win.go_to("review")
        assert "draft" not in find(win, "reviewStatus").text().lower()
    finally:
        win.set_language("en")
    assert _checklist_item(win, "$.request.purpose").text(0).startswith("Purpose for which")


def test_profile_notes_under_a_field_follow_the_language(qtbot, window):
    """The requested state's notes on a field (rule titles of the profiles) in Khmer."""
    from PySide6.QtWidgets import QLabel

    win = window
    _open_example(qtbot, win, "mla-bank-records")
    purpose = "(f) Purpose for which the evidence, information or action is sought"
    win.set_language("km")
    try:
        win.go_to("purpose")
        helps = [lab.text().replace("\u200b", "")  # (zero-width spaces: where lines break)
                 for lab in win.findChildren(QLabel, "fieldHelp") if lab.isVisible()]
        khmer = i18n.profile_translations("km").gettext(purpose).removeprefix("(f) ")
        assert khmer != purpose and any(khmer in text for text in helps)
        assert not any("Purpose for which" in text for text in helps)
        assert khmer in find(win, "$.request.purpose").toolTip()
    finally:
        win.set_language("en")


def test_legal_basis_suggestions_follow_the_language(qtbot, window):
    """The resolver's suggestions on the first page: the reason in the interface language
    after a switch (state names, dates and the profiles' quoted texts too), back after."""
    from mla_writer.profiles import resolve_basis

    win = window
    _open_example(qtbot, win, "mla-bank-records")  # Viet Nam to Thailand, MLA

    def suggestions() -> dict[str, str]:
        win.go_to("kind")
        tree = win.pages["kind"].suggestions
        return {tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole):
                tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())}

    case = win.vm.case.request
    options = {o.instrument_id: o for o in resolve_basis(
        case.requesting_state, case.requested_state, case.kind.value, case.request_date)}
    english = suggestions()
    assert options["ASEAN-MLAT"].reason in english["ASEAN-MLAT"]
    assert options["reciprocity"].reason in english["reciprocity"]
    win.set_language("th")
    try:
        thai = suggestions()
        assert thai.keys() == english.keys()
        for ident, text in thai.items():
            reason = i18n.render_text(options[ident].text, "th")
            assert reason != options[ident].reason and reason in text, ident
            assert options[ident].reason not in text
        assert "ไทย" in thai["reciprocity"]  # Thailand, named in Thai
        assert thai["reciprocity"].startswith(i18n.ui_translations("th").gettext("Reciprocity"))
        assert "Both states" not in thai["ASEAN-MLAT"]
    finally:
        win.set_language("en")
    assert suggestions() == english


def test_keyboard_moves_between_steps(qtbot, window):
    win = window
    click(qtbot, win, "new.provisional_arrest")
    assert "assistance" not in [s.id for s in win.vm.steps()]
    qtbot.keyClick(win, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert win.current == "authority"
    qtbot.keyClick(win, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert win.current == "kind"
    win.vm.set("$.request.kind", RequestKind.MLA)
    assert "assistance" in win.step_list.step_ids()
    box = find(win, "$.training")
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert win.vm.case.training


def test_translated_step_titles_are_whole_and_findings_wrap_between_words(qtbot, window):
    """Burmese titles are long: the step list widens (within limits) instead of cutting
    them, and a finding's lines end at word boundaries ICU finds, not inside a syllable."""
    from mla_writer.gui.checklist import WrapDelegate
    from mla_writer.gui.texts import prewrap
    from mla_writer.render.linebreak import line_segments

    win = window
    win.set_language("my")
    _open_example(qtbot, win, "extradition-accused")
    steps = find(win, "stepList")
    metrics = steps.fontMetrics()
    widest = max(metrics.horizontalAdvance(steps.item(r).text()) for r in range(steps.count()))
    assert steps.width() >= min(widest + 40, steps.MAX_WIDTH)
    assert 250 <= steps.width() <= steps.MAX_WIDTH
    assert steps.item(4).toolTip().startswith(steps.item(4).text())
    assert isinstance(win.checklist.tree.itemDelegate(), WrapDelegate)
    text = "တောင်းခံချက်ကို ကမ္ဘောဒီးယား သို့ သံတမန်လမ်းကြောင်းမှတစ်ဆင့် ပေးပို့ပါ။"
    wrapped = prewrap(text, steps.font(), 120, "my")
    assert wrapped.count("\n") >= 2  # nothing lost or added but the line breaks
    assert wrapped.replace("\n", "").replace(" ", "") == text.replace(" ", "")
    boundaries, at = set(), 0
    for segment in line_segments(text, "my"):
        at += len(segment)
        boundaries.add(at)
    at = 0
    for line in wrapped.split("\n")[:-1]:
        at = text.index(line, at) + len(line)
        assert at in boundaries or text[at:at + 1] == " " or text[at - 1:at] == " "
    win.set_language("en")


def test_broken_profiles_are_named_and_no_draft_is_promised(qtbot, window, tmp_path,
                                                           monkeypatch):
    """A broken legal profile: the checklist says nothing can be checked or produced (no
    "draft only" promise: build refuses drafts too), the legal-basis list says why it is
    empty, and the window keeps working."""
    import shutil

    from mla_writer import i18n
    from mla_writer.gui import texts
    from mla_writer.resources import data_dir

    copy = tmp_path / "profiles"
    shutil.copytree(data_dir("legal_profiles"), copy)
    (copy / "states" / "TH.toml").write_text("name_en = \"Thailand\n", "utf-8")
    monkeypatch.setenv("MLA_WRITER_PROFILES", str(copy))
    try:
        win = window
        _open_example(qtbot, win, "mla-bank-records")
        win.vm.recheck_now()
        codes = [i.code for i in win.vm.issues]
        assert "PROFILES" in codes
        message = next(i.message for i in win.vm.issues if i.code == "PROFILES")
        assert "TH.toml" in message and "not even a draft" in message
        assert win.checklist.summary.text().startswith("The legal profiles are broken")
        assert "draft only" not in win.checklist.summary.text()
        win.go_to("kind")
        page = win.pages["kind"]
        page.refresh_suggestions()
        shown = page.suggestions.topLevelItem(0).text(0)
        assert shown == "No suggestion: the legal profiles are broken (see the checklist)."
    finally:
        monkeypatch.delenv("MLA_WRITER_PROFILES")
        texts._territories.cache_clear()
        i18n.clear_cache()
