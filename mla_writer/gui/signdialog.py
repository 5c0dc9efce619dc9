"""Sign and package (central authorities) and verify a received package, through
`mla_writer.signing`. The passphrase lives only in its field and is cleared after use; signing
and verifying run in worker threads."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..i18n import _
from ..safetext import visible, visible_name
from . import work
from .annexwarn import problems, state_text, statuses, warn
from .texts import choice_text, state_name, status_text
from .verifytext import problem_text, technical_detail
from .viewmodel import CaseViewModel, optional_module

#: command-line advice in a domain message, e.g. "(use --training to sign ...)"
_CLI_ADVICE = re.compile(r"\s*\((?:use|pass)\s+--[^)]*\)")


def without_cli_advice(text: str) -> str:
    return _CLI_ADVICE.sub("", text).strip()


def refusal_text(case: Any, refused: str) -> str:
    """Why signing is refused, in the interface's words (the domain decides *whether*)."""
    if not refused:
        return ""
    review = optional_module("review")
    if review is not None:
        if review.verify_audit_log(case):
            return _("The review log of this request is damaged, so it cannot be signed. Use"
                     " the last good copy of the case file.")
        if review.changed_since_approval(case):
            return _("The request was changed after it was approved: submit it for review"
                     " again on the Review page and have it approved.")
    status = case.review.status.value
    if status not in ("approved", "signed"):
        return _("The request is “%(status)s”, not approved: submit it for review on the Review"
                 " page and have it approved before signing. A training copy can be signed at any"
                 " stage.", status=status_text(case.review.status))
    return without_cli_advice(refused)


def sign_and_verify(package: Any, signing: Any, case: Any, out_dir: Path, identity: Any,
                    options: dict[str, Any], report: work.Report) -> tuple[Any, Any]:
    """In the worker thread: the application layer's `build_package` on `case` (a copy),
    then the signing library's verification of what it wrote."""
    result = package.build_package(case, out_dir, identity, progress=report, **options)
    return result, signing.verify_package(result.directory)


def _browse_row(edit: QLineEdit, *buttons: QPushButton) -> QWidget:
    row = QWidget()
    lay = QHBoxLayout(row)
    lay.setContentsMargins(0, 0, 0, 0)
    lay.addWidget(edit, 1)
    for b in buttons:
        lay.addWidget(b)
    return row


def _labelled_form(rows: tuple[tuple[str, QWidget, QWidget], ...]) -> QFormLayout:
    """A form of (label with mnemonic, field widget, the widget the mnemonic focuses) rows."""
    form = QFormLayout()
    for text, widget, buddy in rows:
        label = QLabel(text)
        label.setBuddy(buddy)
        form.addRow(label, widget)
    return form


def _action_buttons(dialog: QDialog, text: str, name: str,
                    slot: Callable[[], None]) -> tuple[QDialogButtonBox, QPushButton]:
    """Close and the dialog's one action button (`name`: its object name)."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    action = buttons.addButton(text, QDialogButtonBox.ButtonRole.ActionRole)
    action.setObjectName(name)
    action.clicked.connect(slot)
    buttons.rejected.connect(dialog.reject)
    return buttons, action


class SignDialog(QDialog):
    """Shows what will be signed (the planned manifest), then signs with the chosen key."""

    def __init__(self, vm: CaseViewModel, signing: Any, out_base: Path, languages: list[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vm, self.signing, self.languages = vm, signing, languages or None
        # the application layer decides whether the case may be signed and signs it
        self.package = optional_module("workflow.package")
        self.signed_case: Any = None
        self.result_obj: Any = None
        self.setWindowTitle(_("Sign and package"))
        self.setObjectName("signDialog")
        intro = QLabel(_("The package will hold these files, the PDFs signed, every file listed"
                         " with its hash in a signed manifest:"))
        intro.setWordWrap(True)
        self.manifest = QTreeWidget()
        self.manifest.setObjectName("plannedManifest")
        self.manifest.setAccessibleName(_("Planned manifest"))
        self.manifest.setColumnCount(2)
        self.manifest.setHeaderLabels([_("Manifest"), _("Value")])
        self.manifest.setRootIsDecorated(True)
        self.training = QCheckBox(_("&Training copy: every page marked as training material"))
        self.training.setObjectName("trainingCopy")
        self.training.setChecked(vm.case.training)
        self.training.setEnabled(not vm.case.training)
        self.training.toggled.connect(lambda _on: self.plan())
        self.refusal = QLabel()
        self.refusal.setObjectName("fieldError")
        self.refusal.setWordWrap(True)
        self.key = QLineEdit()
        self.key.setObjectName("keyFile")
        self.key.setAccessibleName(_("Key file"))
        key_button = QPushButton(_("C&hoose…"))
        key_button.setAccessibleName(_("Choose the key file"))
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
        form = _labelled_form((
            (_("&Key file:"), _browse_row(self.key, key_button), self.key),
            (_("&Passphrase:"), self.passphrase, self.passphrase),
            (_("Package &folder (new):"), self.folder, self.folder)))
        form.addRow("", self.zip)
        self.progress = QProgressBar()
        self.progress.hide()
        self.buttons, self.sign_button = _action_buttons(self, _("&Sign"), "sign", self.sign)
        row = QHBoxLayout()
        row.addWidget(self.training, 1)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addWidget(self.manifest, 1)
        lay.addLayout(row)
        lay.addWidget(self.refusal)
        lay.addLayout(form)
        lay.addWidget(self.progress)
        lay.addWidget(self.buttons)
        self.plan()
        self.resize(760, 600)

    # -- the plan ---------------------------------------------------------------------------
    def plan(self) -> None:
        """Ask the signing package what the manifest will say, and show it."""
        training = self.training.isChecked()
        self.planned = self.package.plan_package(self.vm.case, languages=self.languages,
                                                 training=training, case_path=self.vm.path)
        self.refused = str(self.planned.get("refused", ""))
        bad_files = problems(self.vm) if self.refused else []
        self.refusal.setText(_(
            "An annex file is not as it was attached, so the request cannot be signed: put it"
            " back as it was, or attach it again on the Annexes step (an approved request then"
            " needs review again).") + "\n" + "\n".join(bad_files) if bad_files
            else refusal_text(self.vm.case, self.refused))
        self.refusal.setToolTip(self.refused)
        self.refusal.setVisible(bool(self.refused))
        self.sign_button.setEnabled(not self.refused)
        self._show_plan()

    def _show_plan(self) -> None:
        p = self.planned
        tree = self.manifest
        tree.clear()

        def add(label: str, value: str = "", parent: QTreeWidgetItem | None = None) \
                -> QTreeWidgetItem:
            item = QTreeWidgetItem([label, value])
            (parent.addChild(item) if parent is not None else tree.addTopLevelItem(item))
            return item

        req, profile = p.get("request", {}), p.get("profile", {})
        add(_("Request reference"), str(req.get("reference", "")))
        kind = choice_text(req.get("kind", "")) if req.get("kind") else ""
        add(_("Request"), f"{kind}, {state_name(req.get('requesting_state', ''))} → "
                          f"{state_name(req.get('requested_state', ''))},"
                          f" {req.get('request_date', '')}")
        review = p.get("review", {})
        add(_("Review status"), status_text(review.get("status", "draft")))
        if review.get("approved_by"):
            add(_("Approved by"), _("%(who)s, %(when)s (%(how)s)", who=review["approved_by"],
                                    when=review.get("approved_at", ""),
                                    how=_("signed with the reviewer's key")
                                    if review.get("approval_signature")
                                    else _("not signed with a key")))
        add(_("Training material"), _("yes") if p.get("training") else _("no"))
        add(_("Legal profile"), _("%(id)s, version %(version)s (reviewed %(date)s)",
                                  id=profile.get("id", ""), version=profile.get("version", "—"),
                                  date=profile.get("last_reviewed", "") or "—"))
        templates = add(_("Template versions"))
        for name, version in (p.get("templates") or {}).items():
            add(name, str(version), templates)
        program = p.get("program", {})
        add(_("Program"), f"{program.get('name', '')} {program.get('version', '')}")
        add(_("Languages"), ", ".join(p.get("languages", [])))
        files = add(_("Files"), str(len(p.get("files", []))))
        for f in p.get("files", []):
            add(str(f.get("path", f)) if isinstance(f, dict) else str(f),
                str(f.get("kind", "")) if isinstance(f, dict) else "", files)
        # the files attached on the Annexes step, as they go into the package
        rows = statuses(self.vm)
        annexes = add(_("Annex files"), _("%(n)d of %(total)d attached", total=len(rows),
                                          n=sum(1 for s in rows if s.file is not None)))
        for s in rows:
            item = add(f"{s.index + 1}. {s.annex.title}", state_text(s) if s.file is not None
                       else _("no file attached: send it separately"), annexes)
            if s.path is not None:
                item.setToolTip(1, str(s.path))
        for item in (templates, files, annexes):
            item.setExpanded(True)
        tree.resizeColumnToContents(0)

    def planned_files(self) -> list[str]:
        return [str(f.get("path", f)) if isinstance(f, dict) else str(f)
                for f in self.planned.get("files", [])]

    def annex_files(self) -> list[str]:
        """The files attached to the annexes that go into the package (by their path now)."""
        return [str(s.path) for s in statuses(self.vm) if s.path is not None]

    # -- signing ----------------------------------------------------------------------------
    def choose_key(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Signing key"), str(Path.home()), _("Key files (*.p12 *.pfx)"))
        if path:
            self.key.setText(path)

    def sign(self) -> None:
        if not warn(self, self.vm):  # an annex file missing or changed since attached
            self.passphrase.clear()
            return
        if not self.key.text().strip():
            self.passphrase.clear()
            QMessageBox.warning(self, _("Sign and package"), _(
                "Choose the key file (.p12) to sign with."))
            return
        try:
            identity = self.signing.load_identity(self.key.text(), self.passphrase.text())
        except self.signing.WrongPassphrase:
            self.passphrase.clear()
            QMessageBox.warning(self, _("Sign and package"), _(
                "The passphrase does not open the key file %(file)s. Nothing was signed or"
                " changed; type the passphrase again.", file=Path(self.key.text()).name))
            return
        except Exception as exc:  # KeyFileError: the message says what is wrong with it
            self.passphrase.clear()
            QMessageBox.warning(self, _("Sign and package"), _(
                "The key file cannot be used: %(why)s", why=exc))
            return
        finally:
            self.passphrase.clear()
        self.sign_button.setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress.show()
        options: dict[str, Any] = {"languages": self.languages,
                                   "make_zip": self.zip.isChecked()}
        options["case_path"] = self.vm.path  # the annex files are read from its folder
        if self.training.isChecked() and not self.vm.case.training:
            options["training"] = True
        case = self.signed_case = self.vm.case.model_copy(deep=True)
        package, signing = self.package, self.signing
        out_dir = Path(self.folder.text()).expanduser()
        work.start(lambda report: sign_and_verify(package, signing, case, out_dir, identity,
                                                  options, report),
                   self._done, self._failed, progress=self._progress)

    def _progress(self, step: int, total: int, label: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(step)
        self.progress.setFormat(label or _("Done"))

    def _done(self, outcome: tuple[Any, Any]) -> None:
        result, report = outcome
        self.result_obj = result
        self.progress.hide()
        # the worker signed a copy: its audit log now records the signature
        self.vm.set("$.review", self.signed_case.review.model_copy(deep=True))
        intact = getattr(report, "intact", report.ok)
        problems = "; ".join(visible(problem_text(q)) for q in report.problems)
        state = _("verified intact") if intact else _("NOT intact: %(p)s", p=problems)
        QMessageBox.information(self, _("Sign and package"), _(
            "Signed package written to %(path)s (%(state)s). Save the case file to keep the"
            " signature in its review log.", path=result.directory, state=state))
        self.accept()

    def _failed(self, exc: Exception) -> None:
        message = without_cli_advice(str(exc)) or type(exc).__name__
        self.progress.hide()
        self.sign_button.setEnabled(not self.refused)
        QMessageBox.critical(self, _("Sign and package"),
                             _("The package was not written.") + "\n\n" + message)


class VerifyDialog(QDialog):
    """Choose a package (folder or zip) and, optionally, the certificate you trust; verify in a
    worker thread and say plainly what was found."""

    def __init__(self, signing: Any, settings: QSettings | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.signing, self.settings = signing, settings
        self.report: Any = None
        self.setWindowTitle(_("Verify a package"))
        self.setObjectName("verifyDialog")
        intro = QLabel(_("Check that a received package is complete, unchanged and signed. Choose"
                         " the certificate the sending central authority gave you through a"
                         " trusted channel to check who signed it."))
        intro.setWordWrap(True)
        self.package = QLineEdit()
        self.package.setObjectName("packagePath")
        self.package.setAccessibleName(_("Package"))
        folder = QPushButton(_("F&older…"))
        folder.setObjectName("chooseFolder")
        folder.clicked.connect(self.choose_folder)
        zip_button = QPushButton(_("&Zip file…"))
        zip_button.setObjectName("chooseZip")
        zip_button.clicked.connect(self.choose_zip)
        self.trust = QLineEdit(str(settings.value("verify/trust", "") or "") if settings else "")
        self.trust.setObjectName("trustedCertificate")
        self.trust.setAccessibleName(_("Trusted certificate"))
        trust_button = QPushButton(_("C&ertificate…"))
        trust_button.setObjectName("chooseTrust")
        trust_button.clicked.connect(self.choose_trust)
        form = _labelled_form((
            (_("&Package:"), _browse_row(self.package, folder, zip_button), self.package),
            (_("&Trusted certificate:"), _browse_row(self.trust, trust_button), self.trust)))
        self.headline = QLabel()
        self.headline.setObjectName("verifyHeadline")
        self.headline.setWordWrap(True)
        self.details = QPlainTextEdit()
        self.details.setObjectName("verifyDetails")
        self.details.setAccessibleName(_("What verification found"))
        self.details.setReadOnly(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.hide()
        self.buttons, self.verify_button = _action_buttons(self, _("&Verify"), "verify",
                                                           self.verify)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addLayout(form)
        lay.addWidget(self.headline)
        lay.addWidget(self.details, 1)
        lay.addWidget(self.progress)
        lay.addWidget(self.buttons)
        self.resize(720, 480)

    def choose_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, _("Package folder to verify"))
        if path:
            self.package.setText(path)

    def choose_zip(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Package zip file to verify"), "", _("Zip files (*.zip);;All files (*)"))
        if path:
            self.package.setText(path)

    def choose_trust(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Trusted certificate"), "",
            _("Certificates (*.pem *.crt *.cer *.der);;All files (*)"))
        if path:
            self.trust.setText(path)

    def verify(self) -> None:
        package, trust = self.package.text().strip(), self.trust.text().strip()
        if not package:
            self.headline.setText(_("Choose the package first: a folder or a zip file."))
            return
        if self.settings is not None:
            self.settings.setValue("verify/trust", trust)
        self.verify_button.setEnabled(False)
        self.progress.show()
        self.headline.setText(_("Verifying…"))
        self.details.clear()
        signing = self.signing
        work.start(lambda: signing.verify_package(package, trust=trust or None), self._done,
                   self._failed)

    def _done(self, report: Any) -> None:
        self.report = report
        self.progress.hide()
        self.verify_button.setEnabled(True)
        head, lines = describe_report(self.signing, report, bool(self.trust.text().strip()))
        self.headline.setText(head)
        # names, problems and file names come from the package: shown with controls visible
        self.details.setPlainText(visible("\n".join(lines + ["", _("Files checked:")]
                                                    + [f"  {f}" for f in report.files])))

    def _failed(self, exc: Exception) -> None:
        self.progress.hide()
        self.verify_button.setEnabled(True)
        self.report = None
        self.headline.setText(_("This is not a package that can be verified: choose the package"
                                " folder or its zip file, and a certificate file for the trust."))
        self.details.setPlainText(_("Technical detail: %(detail)s", detail=visible(str(exc))))


def describe_report(signing: Any, report: Any, trust_given: bool) -> tuple[str, list[str]]:
    """(headline, lines) of a verification in plain words; the fingerprint said once and no
    command-line advice."""
    intact = getattr(report, "intact", report.ok)
    trusted = getattr(report, "trusted", report.ok)
    no_trust = str(getattr(getattr(signing, "verify", None), "NO_TRUST", "") or "")
    problems = [p for p in report.problems
                if p != no_trust and not p.startswith("signer not trusted: no trust anchor")]
    if report.ok:
        head = _("The package is intact and signed by a trusted certificate.")
    elif intact and not trust_given:
        head = _("The package is intact. Its signer was not checked against a certificate"
                 " you trust: compare the fingerprint with the one the sender gave you.")
    elif intact and trusted:
        head = _("The package is intact and signed by the trusted certificate, but see the"
                 " problems below.")
    elif intact:
        head = _("The package is intact, but it was not signed by the certificate you trust: do"
                 " not rely on it before checking with the sender.")
    else:
        head = _("The package is NOT intact: do not rely on it.")
    lines = [_("Signer: %(s)s", s=visible_name(report.signer or "—"))]
    fingerprint = getattr(report, "fingerprint", "")
    if fingerprint:
        lines.append(_("Certificate fingerprint (SHA-256): %(f)s", f=fingerprint))
    approval = getattr(report, "approval", "")
    if approval:
        lines.append(_("Review: %(approval)s", approval=problem_text(approval)))
    lines += [_("Problem: %(p)s", p=problem_text(p)) for p in problems]
    details = [d for d in map(technical_detail, problems) if d]
    if details:  # a library's own words: for whoever supports the user
        lines.append(_("Technical detail, for support (in English): %(detail)s",
                       detail="; ".join(details)))
    lines += [problem_text(n) for n in getattr(report, "notes", [])
              if not (fingerprint and fingerprint in n)]
    return head, lines
