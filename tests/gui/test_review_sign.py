"""Review workflow and signing from the desktop application (when those packages exist)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox, QPushButton

from .driver import click, find
from .test_window import _open_example

signing = pytest.importorskip("mla_writer.signing")
PASSPHRASE = "a long training passphrase"


def _sign_dialog(qtbot, win, tmp_path):
    """Produce page, output folder in tmp_path, Sign and package…: the dialog it opens."""
    win.go_to("produce")
    find(win, "outputFolder").setText(str(tmp_path / "out"))
    click(qtbot, win, "signPackage")
    return win.pages["produce"].sign_dialog


def test_submit_for_review_from_the_review_page(qtbot, window, monkeypatch):
    win = window
    _open_example(qtbot, win, "mla-bank-records")
    win.go_to("review")
    assert find(win, "reviewStatus").text() == "Review status: Draft"
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Reviewer Chan", True))
    click(qtbot, win, "review.submit")
    assert win.vm.case.review.status.value == "submitted"
    assert win.vm.dirty
    assert find(win, "reviewStatus").text() == "Review status: Submitted for review"


def test_sign_and_package_a_training_case(qtbot, window, tmp_path, monkeypatch):
    win = window
    key = tmp_path / "signer.p12"
    signing.create_identity(key, "Sok Dara", "Director-General", "Ministry of Justice",
                            PASSPHRASE, key_type="ec", training=True)
    _open_example(qtbot, win, "mla-bank-records")
    win.go_to("kind")
    box = find(win, "$.training")
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert win.vm.case.training
    dialog = _sign_dialog(qtbot, win, tmp_path)
    assert len(dialog.planned_files()) > 3 and not dialog.refused
    shown = "\n".join(_tree_text(dialog.manifest))
    for expected in ("VKSTC-HTQT/2026/0417", "states/TH", "Template versions", "mla-writer",
                     "checklist.json"):
        assert expected in shown
    dialog.key.setText(str(key))
    qtbot.keyClicks(dialog.passphrase, "wrong")
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    assert warned and "passphrase does not open the key file signer.p12" in warned[0]
    assert "Nothing was signed" in warned[0] and dialog.passphrase.text() == ""
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


def _tree_text(tree) -> list[str]:
    out = []

    def walk(item):
        out.append(" ".join(item.text(c) for c in range(tree.columnCount())))
        for i in range(item.childCount()):
            walk(item.child(i))

    for i in range(tree.topLevelItemCount()):
        walk(tree.topLevelItem(i))
    return out


def test_signing_a_draft_is_refused_in_plain_words(qtbot, window, tmp_path):
    win = window
    _open_example(qtbot, win, "mla-bank-records")
    dialog = _sign_dialog(qtbot, win, tmp_path)
    assert dialog.refused and not dialog.sign_button.isEnabled()
    text = dialog.refusal.text()
    assert "“Draft”" in text and "Review page" in text and "--" not in text
    dialog.training.setChecked(True)  # a training copy may be signed at any stage
    assert dialog.sign_button.isEnabled()


def test_verify_dialog_takes_a_zip_and_a_trusted_certificate(qtbot, window, tmp_path,
                                                               monkeypatch):
    from mla_writer import storage
    from mla_writer.resources import data_dir

    key, cert = tmp_path / "signer.p12", tmp_path / "signer.pem"
    identity = signing.create_identity(key, "Sok Dara", "Director-General",
                                       "Ministry of Justice", PASSPHRASE, key_type="ec")
    cert.write_bytes(identity.cert_pem())
    from mla_writer import review

    case = storage.load(data_dir("examples") / "mla-bank-records.json")
    review.submit(case, "Drafter Dara")
    review.approve(case, "Reviewer Vanna")  # a real request: training packages fail verify
    from mla_writer.workflow.package import build_package

    result = build_package(case, tmp_path / "pkg", identity, make_zip=True)
    win = window
    win.verify_package()
    dialog = win.verify_dialog
    monkeypatch.setattr("mla_writer.gui.signdialog.QFileDialog.getOpenFileName",
                        lambda *a, **k: (str(result.zip_path), ""))
    click(qtbot, dialog, "chooseZip")
    assert dialog.package.text() == str(result.zip_path)
    click(qtbot, dialog, "verify")  # no certificate chosen: intact, signer not checked
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=30_000)
    details = dialog.details.toPlainText()
    assert "compare the fingerprint" in dialog.headline.text()
    assert "Review: approved by Reviewer Vanna" in details  # and whether that was key-signed
    assert details.count(identity.fingerprint) == 1 and "--trust" not in details
    monkeypatch.setattr("mla_writer.gui.signdialog.QFileDialog.getOpenFileName",
                        lambda *a, **k: (str(cert), ""))
    click(qtbot, dialog, "chooseTrust")
    dialog.report = None
    click(qtbot, dialog, "verify")
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=30_000)
    assert dialog.report.ok
    assert dialog.headline.text() == "The package is intact and signed by a trusted certificate."
    assert win.settings.value("verify/trust") == str(cert)
    dialog.done(0)


def test_review_page_follows_the_checklist_and_previews_each_language(qtbot, window):
    win = window
    _open_example(qtbot, win, "mla-bank-records")
    win.go_to("review")
    page = win.pages["review"]
    assert "errors 0," in page.summary.text()
    win.vm.set("$.request.facts_summary", "")
    win.vm.recheck_now()
    errors = sum(i.severity.value == "error" for i in win.vm.issues)
    assert errors and f"errors {errors}," in page.summary.text()
    assert win.checklist.summary.text().startswith(f"Errors: {errors},")
    languages = [page.language.itemData(i) for i in range(page.language.count())]
    assert languages[0] == "th" and "en" in languages  # Thailand's language, and English
    qtbot.waitUntil(lambda: not page._busy, timeout=10_000)
    page.language.setCurrentIndex(languages.index("th"))
    page.language.activated.emit(languages.index("th"))
    qtbot.waitUntil(lambda: "คำร้องขอ" in page.preview.toPlainText(), timeout=10_000)


def test_reviewer_comments_on_a_field_from_the_checklist_and_resolves_it_by_its_text(
        qtbot, window, monkeypatch):
    win = window
    _open_example(qtbot, win, "mla-bank-records")
    path = "$.request.persons[1].location"
    win.vm.set(path, "")
    win.vm.recheck_now()
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Reviewer Chan", True))
    asked = []

    def text(*args, **kwargs):
        asked.append(args[2])
        return ("Where exactly is the company?", True)

    monkeypatch.setattr(QInputDialog, "getMultiLineText", text)
    win.checklist.commentRequested.emit(path)
    assert asked == ["Comment on “Persons 2 › Present location”:"]
    comment = win.vm.case.review.comments[-1]
    assert comment.path == path and comment.author == "Reviewer Chan"
    win.go_to("review")
    offered = []

    def pick(*args, **kwargs):
        offered.extend(args[3])
        return (args[3][0], True)

    monkeypatch.setattr(QInputDialog, "getItem", pick)
    click(qtbot, win, "review.resolve")
    assert offered == ["Reviewer Chan: Where exactly is the company? (Persons 2 ›"
                       " Present location)"]
    assert win.vm.case.review.comments[-1].resolved


def test_a_broken_audit_log_is_repaired_from_the_review_page(qtbot, window, monkeypatch):
    """With a tampered log only the repair is offered; it asks for a reason, records who
    accepted the log and restarts the review from draft."""
    from mla_writer import review

    win = window
    _open_example(qtbot, win, "mla-bank-records")
    case = win.vm.case
    review.submit(case, "Drafter Dara")
    case.review.audit_log[-1].actor = "Someone Else"  # edited outside the program
    assert review.verify_audit_log(case)
    win.go_to("review")
    page = win.pages["review"]
    page.refresh_review()
    names = {w.objectName() for w in page.findChildren(QPushButton) if w.isVisible()}
    assert "review.repair-log" in names and "review.approve" not in names
    assert find(win, "review.brokenLog").isVisible()
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Reviewer Vanna", True))
    monkeypatch.setattr(QInputDialog, "getMultiLineText", lambda *a, **k: ("", True))
    click(qtbot, win, "review.repair-log")  # no reason given: nothing recorded
    assert review.verify_audit_log(case) and not review.repairs(case)
    monkeypatch.setattr(QInputDialog, "getMultiLineText", lambda *a, **k: (
        "The file was edited by hand on the shared drive; content checked against the paper"
        " copy.", True))
    click(qtbot, win, "review.repair-log")
    assert not review.verify_audit_log(case)
    assert review.repairs(case)[0]["actor"] == "Reviewer Vanna"
    assert case.review.status.value == "draft" and win.vm.dirty
    assert "review.submit" in {w.objectName() for w in page.findChildren(QPushButton)
                               if w.isVisible()}


def test_sign_dialog_shows_the_real_review_status_and_approval(qtbot, window, tmp_path,
                                                              monkeypatch):
    from mla_writer import review

    win = window
    _open_example(qtbot, win, "mla-bank-records")
    review.submit(win.vm.case, "Drafter Dara")
    review.approve(win.vm.case, "Reviewer Vanna")
    dialog = _sign_dialog(qtbot, win, tmp_path)
    assert not dialog.refused
    shown = _tree_text(dialog.manifest)
    assert "Review status Approved" in shown
    assert any(line.startswith("Approved by Reviewer Vanna,") and "not signed with a key"
               in line for line in shown)
    dialog.done(0)
