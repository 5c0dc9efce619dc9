"""Help › Guide, Help › Country brief, and the standard wordings offered where the requested
state's profile expects an undertaking."""

from __future__ import annotations

from mla_writer import i18n
from mla_writer.profiles.wordings import standard_wordings
from mla_writer.resources import data_dir

from .driver import find

DEATH = "$.request.undertakings.death_penalty_assurance"


def test_the_guide_has_the_three_journeys_in_the_interface_language(qtbot, window):
    win = window
    win.show_guide()
    text = win.guide_dialog.browser.toPlainText()
    for journey in ("Drafting a request", "Reviewing and approving", "Training"):
        assert journey in text
    assert "Your signing key" in text and "Standard wordings" in text
    win.guide_dialog.done(0)
    try:
        win.set_language("th")
        win.show_guide()
        thai = win.guide_dialog.browser.toPlainText()
        assert "Drafting a request" not in thai
        assert sum("\u0e00" <= c <= "\u0e7f" for c in thai) > 200  # written in Thai
        win.guide_dialog.done(0)
    finally:
        i18n.set_ui_language("en")


def test_the_country_brief_of_the_requested_state(qtbot, window):
    win = window
    win.open_example(str(data_dir("examples") / "mla-bank-records.json"))
    win.show_brief()
    dialog = win.brief_dialog
    assert dialog.state.currentData() == "TH"
    text = dialog.browser.toPlainText()
    assert "Office of the Attorney General" in text and "Source:" in text
    assert "Not found in public sources" in text  # the gaps are said, not hidden
    assert "Postal address: Rajaburi Direkrit Building" in text  # where letters go
    dialog.state.setCurrentIndex(dialog.state.findData("KH"))
    assert "Ministry of Justice" in dialog.browser.toPlainText()
    dialog.done(0)
    try:
        win.set_language("th")
        win.show_brief()
        dialog = win.brief_dialog
        thai = dialog.browser.toPlainText()
        assert "สำนักงานอัยการสูงสุด" in thai  # the authority's own name, in Thai
        assert "อาคารราชบุรีดิเรกฤทธิ์" in thai  # its address as written in Thai
        assert "Central authority" not in thai and "Authorities" not in thai
        original = "Treaty partners send requests directly to the Office of the Attorney General."
        assert original not in thai  # translated; the English original on request
        assert not dialog.english.isChecked() and "อังกฤษ" in dialog.english.text()
        dialog.english.setChecked(True)
        assert original in dialog.browser.toPlainText()
        dialog.english.setChecked(False)
        assert original not in dialog.browser.toPlainText()
        dialog.done(0)
    finally:
        i18n.set_ui_language("en")


def test_standard_wordings_are_offered_where_the_profile_expects_an_undertaking(qtbot, window):
    win = window
    win.open_example(str(data_dir("examples") / "extradition-accused.json"))
    win.vm.set(DEATH, "")  # a capital offence to Cambodia: the assurance is asked for
    win.vm.recheck_now()
    asked = [i.code for i in win.vm.issues if i.path == DEATH]
    assert asked
    win.go_to("undertakings")
    button = find(win, DEATH + ".wordings")
    actions = button.menu().actions()
    offered = standard_wordings(DEATH)
    assert [a.text() for a in actions] == [w.title for w in offered]
    assert all("Source:" in a.toolTip() for a in actions)
    actions[0].trigger()
    assert win.vm.case.request.undertakings.death_penalty_assurance == offered[0].text
    win.vm.recheck_now()
    assert not any(i.code in asked for i in win.vm.issues if i.path == DEATH)


def test_no_wordings_button_where_nothing_is_expected(qtbot, window):
    win = window
    win.open_example(str(data_dir("examples") / "mla-bank-records.json"))
    win.go_to("undertakings")
    assert not win.findChild(type(window), DEATH + ".wordings")
    buttons = [w for w in win.pages["undertakings"].findChildren(type(find(win, DEATH)))]
    assert buttons  # the field is there ...
    from PySide6.QtWidgets import QPushButton

    offered = win.findChild(QPushButton, DEATH + ".wordings")
    assert offered is not None and not offered.isVisible()  # ... without the offer


def test_every_wording_has_its_source():
    wordings = standard_wordings()
    assert len(wordings) >= 3
    for w in wordings:
        assert w.citation and w.source and w.status in ("verified", "treaty-text", "unverified")
        assert w.field.startswith("$.request.")
