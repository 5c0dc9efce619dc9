"""Annex files in the desktop application: attached, replaced and removed on the Annexes step
(the file dialog answered by the test), their state shown, kept in the case file relative to
its folder, listed by the sign dialog and carried into the signed package."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from mla_writer import i18n, storage

from .driver import find
from .test_window import _open_example

signing = pytest.importorskip("mla_writer.signing")
PASSPHRASE = "a long training passphrase"


def _answer_open(monkeypatch, path: Path) -> list[str]:
    asked: list[str] = []

    def get_open(parent, title, start="", *a, **k):
        asked.append(title)
        return str(path), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", get_open)
    return asked


def _item_text(win, n: int) -> str:
    return find(win, "annexFiles").topLevelItem(n).text(0).replace("\u200b", "")


def test_attach_replace_and_detach_on_the_annexes_step(qtbot, window, tmp_path, monkeypatch):
    win = window
    _open_example(qtbot, win, "mla-bank-records")
    win.go_to("annexes")
    tree = find(win, "annexFiles")
    assert tree.topLevelItemCount() == len(win.vm.case.request.annexes) >= 2
    assert "no file attached yet" in _item_text(win, 0)
    scan = tmp_path / "decision.pdf"
    scan.write_bytes(b"%PDF-1.4 fictional scan")
    asked = _answer_open(monkeypatch, scan)
    tree.setCurrentItem(tree.topLevelItem(1))
    qtbot.mouseClick(find(win, "attachAnnexFile"), Qt.MouseButton.LeftButton)
    assert asked == ["File of annex 2"]
    attached = win.vm.case.request.annexes[1].file
    assert attached is not None and attached.size == len(b"%PDF-1.4 fictional scan")
    assert win.vm.dirty
    assert "decision.pdf — attached, unchanged" in _item_text(win, 1)
    assert find(win, "detachAnnexFile").isEnabled()
    # replaced by another file
    other = tmp_path / "decision-signed.pdf"
    other.write_bytes(b"%PDF-1.4 the signed scan")
    _answer_open(monkeypatch, other)
    qtbot.mouseClick(find(win, "attachAnnexFile"), Qt.MouseButton.LeftButton)
    assert win.vm.case.request.annexes[1].file.path.endswith("decision-signed.pdf")
    # changed on disk: said on the step and in the checklist
    other.write_bytes(b"edited")
    win.vm.recheck_now()
    win.pages["annexes"].show_files()
    assert "CHANGED" in _item_text(win, 1)
    assert "CHANGED" in win.pages["annexes"].warning.text()
    assert any(i.code == "ANNEX-FILE-CHANGED" for i in win.vm.issues)
    qtbot.mouseClick(find(win, "detachAnnexFile"), Qt.MouseButton.LeftButton)
    assert win.vm.case.request.annexes[1].file is None
    assert not any(i.code.startswith("ANNEX-FILE") for i in win.vm.issues)


def test_save_as_keeps_the_file_relative_to_the_case(qtbot, window, tmp_path, monkeypatch):
    win = window
    _open_example(qtbot, win, "mla-bank-records")
    folder = tmp_path / "case"
    folder.mkdir()
    scan = folder / "scan.pdf"
    scan.write_bytes(b"scan")
    win.go_to("annexes")
    assert win.pages["annexes"].attach_selected(str(scan))  # the first annex without a file
    assert Path(win.vm.case.request.annexes[0].file.path).is_absolute()  # not saved yet
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(folder / "request.json"), ""))
    assert win.save_as()
    assert storage.load(folder / "request.json").request.annexes[0].file.path == "scan.pdf"
    (tmp_path / "copy").mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(tmp_path / "copy" / "request.json"), ""))
    assert win.save_as()
    saved = storage.load(tmp_path / "copy" / "request.json")
    assert saved.request.annexes[0].file.path == "../case/scan.pdf"
    assert "attached, unchanged" in _item_text(win, 0)


def test_the_sign_dialog_lists_the_files_and_signs_them(qtbot, window, tmp_path, monkeypatch):
    win = window
    key = tmp_path / "signer.p12"
    signing.create_identity(key, "Sok Dara", "Director-General", "Ministry of Justice",
                            PASSPHRASE, key_type="ec", training=True)
    _open_example(qtbot, win, "extradition-accused")
    win.vm.set("$.training", True)
    warrant = tmp_path / "warrant.pdf"
    warrant.write_bytes(b"%PDF-1.4 warrant")
    win.go_to("annexes")
    tree = find(win, "annexFiles")
    tree.setCurrentItem(tree.topLevelItem(1))
    assert win.pages["annexes"].attach_selected(str(warrant))
    win.go_to("produce")
    find(win, "outputFolder").setText(str(tmp_path / "out"))
    from .driver import click

    click(qtbot, win, "signPackage")
    dialog = win.pages["produce"].sign_dialog
    lines = []
    root = dialog.manifest.invisibleRootItem()
    stack = [root.child(i) for i in range(root.childCount())]
    while stack:
        item = stack.pop()
        lines.append(f"{item.text(0)} | {item.text(1)}")
        stack += [item.child(i) for i in range(item.childCount())]
    assert any("warrant.pdf — attached, unchanged" in line for line in lines)
    assert any("no file attached: send it separately" in line for line in lines)
    assert dialog.annex_files() == [str(warrant)]
    # changed before signing: refused, with the annex named
    warrant.write_bytes(b"%PDF-1.4 another warrant")
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    dialog.key.setText(str(key))
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    dialog.sign()
    assert warned and "Annex 2" in warned[0] and dialog.result_obj is None
    warrant.write_bytes(b"%PDF-1.4 warrant")  # put back as it was
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    dialog.sign()
    qtbot.waitUntil(lambda: dialog.result_obj is not None, timeout=60_000)
    names = {p.name for p in dialog.result_obj.directory.iterdir()}
    assert "annex-02_warrant.pdf" in names
    assert not any(n.startswith("annex-01") for n in names)


def test_annex_file_states_in_every_interface_language(tmp_path):
    from mla_writer.gui.annexwarn import STATE_TEXTS

    try:
        for lang in ("km", "zh_Hans", "lo", "my", "th", "vi"):
            i18n.set_ui_language(lang)
            for state, text in STATE_TEXTS.items():
                assert i18n._(text) != text, (lang, state)
    finally:
        i18n.set_ui_language("en")
