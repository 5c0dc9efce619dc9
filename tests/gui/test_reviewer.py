"""Reviewers at home in the application: their own key (created or chosen), an approval signed
with it, who the reviewer is by the certificate, and verification problems in their language."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QInputDialog, QMessageBox

from mla_writer import i18n

from .driver import click, find
from .test_window import _open_example

signing = pytest.importorskip("mla_writer.signing")
PASSPHRASE = "a long training passphrase"


def _key(tmp_path, name: str = "Reviewer Vanna"):
    path = tmp_path / "reviewer.p12"
    signing.create_identity(path, name, "Senior Prosecutor", "Ministry of Justice (fictional)",
                            PASSPHRASE, key_type="ec")
    return path


def test_create_a_key_in_the_application(qtbot, window, tmp_path):
    from mla_writer.gui.keys import KeyDialog, current_key

    dialog = KeyDialog(window.settings, parent=window)
    assert "No signing key" in dialog.current.text()
    qtbot.keyClicks(dialog.name, "Reviewer Vanna")
    qtbot.keyClicks(dialog.role, "Senior Prosecutor")
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    qtbot.keyClicks(dialog.repeat, PASSPHRASE)
    assert dialog.create(str(tmp_path / "mine.p12"))
    assert dialog.passphrase.text() == "" and dialog.repeat.text() == ""
    path, facts = current_key(window.settings)
    assert path.endswith("mine.p12") and facts["name"] == "Reviewer Vanna"
    assert "Reviewer Vanna (Senior Prosecutor)" in dialog.current.text()
    assert (tmp_path / "mine.pem").read_bytes().startswith(b"-----BEGIN CERTIFICATE")
    assert signing.load_identity(path, PASSPHRASE).name == "Reviewer Vanna"
    dialog.done(0)


def test_a_weak_or_mistyped_passphrase_creates_nothing(qtbot, window, tmp_path, monkeypatch):
    from mla_writer.gui.keys import KeyDialog, current_key

    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    dialog = KeyDialog(window.settings, parent=window)
    qtbot.keyClicks(dialog.name, "Reviewer Vanna")
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    qtbot.keyClicks(dialog.repeat, PASSPHRASE + "!")
    assert not dialog.create(str(tmp_path / "mine.p12"))
    assert "differ" in warned[-1]
    qtbot.keyClicks(dialog.passphrase, "short")
    qtbot.keyClicks(dialog.repeat, "short")
    assert not dialog.create(str(tmp_path / "mine.p12"))
    assert not (tmp_path / "mine.p12").exists() and current_key(window.settings) is None
    dialog.done(0)


def test_choose_an_existing_key_file(qtbot, window, tmp_path, monkeypatch):
    from mla_writer.gui.keys import KeyDialog, current_key

    key = _key(tmp_path)
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    dialog = KeyDialog(window.settings, parent=window)
    assert not dialog.choose(str(key), "wrong passphrase here")
    assert "does not open" in warned[-1] and current_key(window.settings) is None
    assert dialog.choose(str(key), PASSPHRASE)
    assert current_key(window.settings)[1]["name"] == "Reviewer Vanna"
    dialog.done(0)


def test_approve_with_ones_key_from_the_review_page(qtbot, window, tmp_path, monkeypatch):
    from mla_writer import review
    from mla_writer.gui.keys import KeyDialog

    win = window
    KeyDialog(win.settings, parent=win).choose(str(_key(tmp_path)), PASSPHRASE)
    _open_example(qtbot, win, "mla-bank-records")
    review.submit(win.vm.case, "Drafter Dara")
    win.vm.touch("$.review")
    win.go_to("review")
    assert "You approve as Reviewer Vanna (Senior Prosecutor" in find(win, "reviewerKey").text()
    asked: list[str] = []

    def passphrase(parent, title, label, *args, **kwargs):
        asked.append(label)
        return PASSPHRASE, True

    monkeypatch.setattr(QInputDialog, "getText", passphrase)
    click(qtbot, win, "review.approve")
    assert "Approve as Reviewer Vanna" in asked[0]  # no typed name: the certificate's
    entry = win.vm.case.review.audit_log[-1]
    assert entry.action == "approve" and entry.actor == "Reviewer Vanna"
    assert entry.detail["approval_signer"] == "Reviewer Vanna"
    assert not review.verify_audit_log(win.vm.case)  # the signature checks out
    text = find(win, "lastApproval").text().replace("\u200b", "")
    assert "signed with the key of Reviewer Vanna" in text


def test_the_drafters_own_key_cannot_approve(qtbot, window, tmp_path, monkeypatch):
    from mla_writer import review
    from mla_writer.gui.keys import KeyDialog

    win = window
    KeyDialog(win.settings, parent=win).choose(str(_key(tmp_path, "Drafter Dara")), PASSPHRASE)
    _open_example(qtbot, win, "mla-bank-records")
    review.submit(win.vm.case, "Drafter Dara")
    win.go_to("review")
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    assert not win.pages["review"].approve_with_key(win.settings, PASSPHRASE)
    assert "four-eyes" in warned[0] and win.vm.case.review.status.value == "submitted"


def test_verification_problems_in_the_interface_language():
    from mla_writer.gui.verifytext import KINDS, problem_text

    assert problem_text("file missing: annex-1.pdf") == "A file is missing: annex-1.pdf"
    assert problem_text("signer not trusted: no trust anchor given (pass --trust with the"
                        " certificate)") .startswith("The signer is not the one you trust")
    assert problem_text("something new: x") == "something new: x"  # as written, not lost
    try:
        for lang in ("km", "th", "my"):
            i18n.set_ui_language(lang)
            shown = problem_text("file modified: request_th.pdf (its SHA-256 differs)")
            assert shown.endswith("request_th.pdf (its SHA-256 differs)")
            kind = shown.removesuffix("request_th.pdf (its SHA-256 differs)")
            assert "file modified" not in shown and not kind.isascii(), (lang, shown)
            kinds = [problem_text(k + ": x") for k in KINDS]
            assert all(not k.startswith(tuple(KINDS)) for k in kinds), lang
    finally:
        i18n.set_ui_language("en")
