"""Review workflow and signing from the desktop application (when those packages exist)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox

from .driver import click, find
from .test_window import _open_example

signing = pytest.importorskip("mla_writer.signing")
PASSPHRASE = "a long training passphrase"


def test_submit_for_review_from_the_review_page(qtbot, window, monkeypatch):
    win = window
    _open_example(qtbot, win, "mla-bank-records")
    win.go_to("review")
    assert "draft" in find(win, "reviewStatus").text()
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Reviewer Chan", True))
    click(qtbot, win, "review.submit")
    assert win.vm.case.review.status.value == "submitted"
    assert win.vm.dirty
    assert "submitted" in find(win, "reviewStatus").text()


def test_sign_and_package_a_training_case(qtbot, window, tmp_path, monkeypatch):
    win = window
    key = tmp_path / "signer.p12"
    signing.create_identity(key, "Sok Dara", "Director-General", "Ministry of Justice",
                            PASSPHRASE, key_type="ec")
    _open_example(qtbot, win, "mla-bank-records")
    win.go_to("kind")
    box = find(win, "$.training")
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert win.vm.case.training
    win.go_to("produce")
    folder = find(win, "outputFolder")
    folder.setText(str(tmp_path / "out"))
    click(qtbot, win, "signPackage")
    dialog = win.pages["produce"].sign_dialog
    assert dialog.files.count() > 3 and not dialog.refused
    dialog.key.setText(str(key))
    qtbot.keyClicks(dialog.passphrase, "wrong")
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    assert warned and "passphrase" in warned[0] and dialog.passphrase.text() == ""
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: told.append(a[2]))
    qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result_obj is not None, timeout=60_000)
    result = dialog.result_obj
    assert signing.verify_package(result.directory).intact
    assert result.zip_path is not None and result.zip_path.exists()
    assert told and "verified intact" in told[0]
    assert win.vm.case.review.audit_log[-1].action in ("signed", "training_sign")
    assert win.vm.dirty


def test_reviewer_comment_on_a_field_shows_in_the_checklist(qtbot, window, monkeypatch):
    win = window
    _open_example(qtbot, win, "mla-bank-records")
    win.go_to("review")
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Reviewer Chan", True))
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("Purpose", True))
    monkeypatch.setattr(QInputDialog, "getMultiLineText",
                        lambda *a, **k: ("Say which trial the evidence is for.", True))
    click(qtbot, win, "review.comment")
    assert "Say which trial" in find(win, "reviewComments").item(0).text()
    qtbot.waitUntil(lambda: any(i.code == "REVIEW-COMMENT" for i in win.vm.issues))
    item = next(i for i in win.checklist.items() if "Say which trial" in i.text(0))
    assert item.data(0, Qt.ItemDataRole.UserRole) == "$.request.purpose"
    win.checklist.pathActivated.emit(item.data(0, Qt.ItemDataRole.UserRole))
    assert win.current == "purpose"
    qtbot.waitUntil(lambda: QApplication.focusWidget() is find(win, "$.request.purpose"))
