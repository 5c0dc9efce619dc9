"""Keyboard use: no two controls on a page share a mnemonic (the menu bar included), Tab
goes step list → fields → buttons → checklist, and shortcuts reach the step list and checklist."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QScrollBar, QWidget

from mla_writer.gui.texts import mnemonic
from mla_writer.gui.widgets import text_of

from .test_window import _open_example


def _mnemonics(root: QWidget) -> list[tuple[str, str]]:
    """(letter, text) of every visible control under `root` with a mnemonic."""
    out = []
    for w in root.findChildren(QWidget):
        letter = mnemonic(text_of(w))
        if letter and w.isVisibleTo(root):
            out.append((letter, text_of(w)))
    return out


def _clashes(found: list[tuple[str, str]]) -> list[str]:
    by_letter: dict[str, list[str]] = {}
    for letter, text in found:
        by_letter.setdefault(letter, []).append(text)
    return [f"{k}: {v}" for k, v in by_letter.items() if len(v) > 1]


@pytest.mark.parametrize("lang", ["en", "th"])
@pytest.mark.parametrize("example", ["mla-bank-records", "extradition-accused"])
def test_no_two_controls_on_a_page_share_a_mnemonic(qtbot, window, lang, example):
    win = window
    if lang != "en":
        win.set_language(lang)
    try:
        _open_example(qtbot, win, example)
        bar = [(mnemonic(a.text()), a.text()) for a in win.menuBar().actions()]
        assert not _clashes(bar)
        for step in win.vm.steps():
            win.go_to(step.id)
            found = bar + _mnemonics(win.wizard)  # the page, the step list and the buttons
            assert not _clashes(found), (step.id, _clashes(found))
            assert len(found) > len(bar) + 3  # the page's own controls have mnemonics too
        win.go_to("persons")
        dialog = win.pages["persons"].forms[0].subforms[0].edit(0)
        assert not _clashes(_mnemonics(dialog)), _clashes(_mnemonics(dialog))
        dialog.reject()
    finally:
        if lang != "en":
            win.set_language("en")


def test_tab_goes_from_the_step_list_to_the_fields_then_buttons_then_checklist(qtbot, window):
    win = window
    _open_example(qtbot, win, "mla-bank-records")
    win.go_to("authority")
    page = win.pages["authority"]
    order, w = [], win.step_list
    for _ in range(60):
        w = w.nextInFocusChain()
        while not (w.isVisible() and w.isEnabled() and w.focusPolicy() & Qt.FocusPolicy.TabFocus
                   and not isinstance(w, QScrollBar)):
            w = w.nextInFocusChain()
        if w is win.checklist.tree:
            break
        order.append(w)
    names = [x.objectName() for x in order]
    assert names[0] == "$.request.requesting_authority.name"
    fields = [x for x in order if page.isAncestorOf(x)]
    assert order[:len(fields)] == fields  # every field before any button
    assert names[len(fields):] == ["save", "back", "next"]
    assert names.index("$.request.place_of_signature") < names.index(
        "$.request.signatory.name")


def test_shortcuts_focus_the_step_list_the_page_and_the_checklist(qtbot, window):
    win = window
    _open_example(qtbot, win, "mla-bank-records")
    win.go_to("facts")
    win.focus_steps()
    assert QApplication.focusWidget() is win.step_list or win.step_list.hasFocus()
    win.focus_page()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None
                    and QApplication.focusWidget().objectName() == "$.request.facts_summary")
    win.focus_checklist()
    assert win.checklist.tree.hasFocus() or QApplication.focusWidget() is win.checklist.tree
    shortcuts = {a.shortcut().toString() for m in win.menuBar().actions()
                 for a in m.menu().actions()}
    assert {"Ctrl+1", "Ctrl+2", "F6"} <= shortcuts


def test_sign_and_verify_dialogs_have_no_mnemonic_clashes(qtbot, window, tmp_path):
    pytest.importorskip("mla_writer.signing")
    win = window
    _open_example(qtbot, win, "mla-bank-records")
    win.go_to("produce")
    win.pages["produce"].folder.setText(str(tmp_path / "out"))
    win.pages["produce"].sign_package()
    dialog = win.pages["produce"].sign_dialog
    assert not _clashes(_mnemonics(dialog)), _clashes(_mnemonics(dialog))
    assert len(_mnemonics(dialog)) >= 7
    dialog.reject()
    win.verify_package()
    assert not _clashes(_mnemonics(win.verify_dialog)), _clashes(_mnemonics(win.verify_dialog))
    win.verify_dialog.reject()
