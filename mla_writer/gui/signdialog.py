"""Sign and package (central authorities) and verify a received package, through
`mla_writer.signing`. The passphrase lives only in its field and is cleared after use."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..i18n import _
from .viewmodel import CaseViewModel


class SignWorker(QObject):
    """Runs build_package on a copy of the case in a worker thread."""

    progress = Signal(int, int, str)
    done = Signal(object)
    failed = Signal(str)

    def __init__(self, signing: Any, case: Any, out_dir: Path, identity: Any,
                 options: dict[str, Any]) -> None:
        super().__init__()
        self.signing, self.case, self.out_dir = signing, case, out_dir
        self.identity, self.options = identity, options

    def run(self) -> None:
        try:
            result = self.signing.build_package(self.case, self.out_dir, self.identity,
                                                progress=self.progress.emit, **self.options)
        except Exception as exc:
            self.failed.emit(str(exc) or type(exc).__name__)
        else:
            self.done.emit(result)


def _browse_row(edit: QLineEdit, button: QPushButton) -> QWidget:
    row = QWidget()
    lay = QHBoxLayout(row)
    lay.setContentsMargins(0, 0, 0, 0)
    lay.addWidget(edit, 1)
    lay.addWidget(button)
    return row


class SignDialog(QDialog):
    """Shows what will be signed (the planned manifest), then signs with the chosen key."""

    def __init__(self, vm: CaseViewModel, signing: Any, out_base: Path, languages: list[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vm, self.signing, self.languages = vm, signing, languages or None
        self.thread: QThread | None = None
        self.result_obj: Any = None
        self.setWindowTitle(_("Sign and package"))
        self.setObjectName("signDialog")
        plan = signing.plan_package(vm.case, languages=self.languages)
        self.refused = str(plan.get("refused", ""))
        intro = QLabel(_("These files will be produced, the PDFs signed, and all of them listed"
                         " with their hashes in a signed manifest:"))
        intro.setWordWrap(True)
        self.files = QListWidget()
        self.files.setObjectName("plannedFiles")
        self.files.setAccessibleName(_("Files in the package"))
        self.files.addItems([str(f.get("path", f)) if isinstance(f, dict) else str(f)
                             for f in plan.get("files", [])])
        self.refusal = QLabel(_("Signing is not possible now: %(why)s", why=self.refused))
        self.refusal.setObjectName("fieldError")
        self.refusal.setWordWrap(True)
        self.refusal.setVisible(bool(self.refused))
        self.key = QLineEdit()
        self.key.setObjectName("keyFile")
        self.key.setAccessibleName(_("Key file"))
        key_button = QPushButton(_("Choose…"))
        key_button.clicked.connect(self.choose_key)
        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("passphrase")
        self.passphrase.setAccessibleName(_("Passphrase"))
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        self.folder = QLineEdit(str(out_base / f"package-{stamp}"))
        self.folder.setObjectName("packageFolder")
        self.folder.setAccessibleName(_("Package folder"))
        self.zip = QCheckBox(_("Also write a &zip file"))
        self.zip.setChecked(True)
        form = QFormLayout()
        for text, widget, buddy in (
                (_("&Key file:"), _browse_row(self.key, key_button), self.key),
                (_("&Passphrase:"), self.passphrase, self.passphrase),
                (_("Package &folder (new):"), self.folder, self.folder)):
            label = QLabel(text)
            label.setBuddy(buddy)
            form.addRow(label, widget)
        form.addRow("", self.zip)
        self.progress = QProgressBar()
        self.progress.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.sign_button = self.buttons.addButton(_("&Sign"),
                                                  QDialogButtonBox.ButtonRole.ActionRole)
        self.sign_button.setObjectName("sign")
        self.sign_button.setEnabled(not self.refused)
        self.sign_button.clicked.connect(self.sign)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addWidget(self.files, 1)
        lay.addWidget(self.refusal)
        lay.addLayout(form)
        lay.addWidget(self.progress)
        lay.addWidget(self.buttons)
        self.resize(640, 520)

    def choose_key(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Signing key"), str(Path.home()), _("Key files (*.p12 *.pfx)"))
        if path:
            self.key.setText(path)

    def sign(self) -> None:
        try:
            identity = self.signing.load_identity(self.key.text(), self.passphrase.text())
        except Exception as exc:  # WrongPassphrase, KeyFileError: the message says which
            self.passphrase.clear()
            QMessageBox.warning(self, _("Sign and package"), str(exc))
            return
        finally:
            self.passphrase.clear()
        self.sign_button.setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress.show()
        self.thread = QThread(self)
        self.worker = SignWorker(self.signing, self.vm.case.model_copy(deep=True),
                                 Path(self.folder.text()).expanduser(), identity,
                                 {"languages": self.languages, "make_zip": self.zip.isChecked()})
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.run)
        self.worker.progress.connect(self._progress)
        self.worker.done.connect(self._done)
        self.worker.failed.connect(self._failed)
        self.worker.done.connect(self.thread.quit)
        self.worker.failed.connect(self.thread.quit)
        self.thread.start()

    def _progress(self, step: int, total: int, label: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(step)
        self.progress.setFormat(label or _("Done"))

    def _done(self, result: Any) -> None:
        self.result_obj = result
        self.progress.hide()
        # the worker signed a copy: its audit log now records the signature
        self.vm.set("$.review", self.worker.case.review.model_copy(deep=True))
        report = self.signing.verify_package(result.directory)
        intact = getattr(report, "intact", report.ok)
        state = _("verified intact") if intact else _("NOT intact: %(p)s",
                                                     p="; ".join(report.problems))
        QMessageBox.information(self, _("Sign and package"), _(
            "Signed package written to %(path)s (%(state)s). Save the case file to keep the"
            " signature in its review log.", path=result.directory, state=state))
        self.accept()

    def _failed(self, message: str) -> None:
        self.progress.hide()
        self.sign_button.setEnabled(True)
        QMessageBox.critical(self, _("Sign and package"), message)


def verify_dialog(parent: QWidget, signing: Any) -> None:
    """Ask for a package (folder or zip) and show what verification found."""
    path = QFileDialog.getExistingDirectory(parent, _("Package folder to verify"))
    if not path:
        return
    try:
        report = signing.verify_package(path)
    except Exception as exc:
        QMessageBox.warning(parent, _("Verify a package"), str(exc))
        return
    lines = [_("Signer: %(s)s", s=report.signer or "—")]
    lines += [_("Problem: %(p)s", p=p) for p in report.problems]
    lines += list(getattr(report, "notes", []))
    intact = getattr(report, "intact", report.ok)
    if report.ok:
        title = _("The package is intact and signed by a trusted certificate.")
    elif intact:
        title = _("The package is intact. Its signer was not checked against a certificate"
                  " you trust: compare the fingerprint with the one the sender gave you.")
    else:
        title = _("The package is NOT intact: do not rely on it.")
    fingerprint = getattr(report, "fingerprint", "")
    if fingerprint:
        lines.insert(1, _("Certificate fingerprint (SHA-256): %(f)s", f=fingerprint))
    box = QMessageBox(QMessageBox.Icon.Information if intact else QMessageBox.Icon.Critical,
                      _("Verify a package"), title, QMessageBox.StandardButton.Ok, parent)
    box.setInformativeText("\n".join(lines))
    box.setDetailedText("\n".join(report.files))
    box.exec()
