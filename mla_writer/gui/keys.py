"""The reviewer's (or signer's) own signing key: create one or choose an existing key file, see
whose it is, and approve a request with it. Everything goes through `mla_writer.signing` and
`mla_writer.review`, the functions `mla-writer keys new` and `review approve --key` use. The
settings keep only the key file's path and its public certificate; the passphrase lives in
its field until used and is then cleared."""

# lazy imports (start-up cost): cryptography, storage

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..i18n import _
from .viewmodel import optional_module

KEY_FILE = "review/key_file"
KEY_CERTIFICATE = "review/key_certificate"  # PEM: public, shown without the passphrase


def current_key(settings: QSettings) -> tuple[str, dict[str, Any]] | None:
    """(key file, facts of its certificate) of the key chosen in this installation, or None."""
    path = str(settings.value(KEY_FILE, "") or "")
    pem = str(settings.value(KEY_CERTIFICATE, "") or "")
    if not path or not pem:  # no key chosen: the signing library (cryptography) stays unloaded
        return None
    signing = optional_module("signing")
    if signing is None:
        return None
    try:
        from cryptography import x509

        cert = x509.load_pem_x509_certificate(pem.encode("ascii"))
    except ValueError:
        return None
    return path, signing.describe_certificate(cert)


def who(facts: dict[str, Any]) -> str:
    """'Name (role, authority)' from a certificate's facts."""
    extra = ", ".join(v for v in (facts.get("role", ""), facts.get("authority", "")) if v)
    return f"{facts.get('name', '')} ({extra})" if extra else str(facts.get("name", ""))


def short_fingerprint(fingerprint: str) -> str:
    """The first 16 hex digits, in groups of four (enough to compare by eye)."""
    head = fingerprint[:16].upper()
    return " ".join(head[i:i + 4] for i in range(0, len(head), 4))


def remember(settings: QSettings, identity: Any) -> None:
    settings.setValue(KEY_FILE, str(identity.path or ""))
    settings.setValue(KEY_CERTIFICATE, identity.cert_pem().decode("ascii"))


def key_line(settings: QSettings) -> str:
    """One sentence saying whose key approvals are signed with here."""
    key = current_key(settings)
    if key is None:
        return _("No signing key chosen: approvals are recorded by name only. File › Your"
                 " signing key… creates or chooses one.")
    path, facts = key
    return _("You approve as %(who)s, with the key in %(file)s (certificate %(fp)s…, valid"
             " until %(until)s).", who=who(facts), file=Path(path).name,
             fp=short_fingerprint(facts["sha256_fingerprint"]),
             until=str(facts["not_after"])[:10])


class KeyDialog(QDialog):
    """See the chosen key; create a new one or choose an existing key file; save the
    certificate to give the receiving authorities."""

    def __init__(self, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.signing = optional_module("signing")
        self.setWindowTitle(_("Your signing key"))
        self.setObjectName("keyDialog")
        self.current = QLabel()
        self.current.setObjectName("currentKey")
        self.current.setWordWrap(True)
        self.name, self.role = QLineEdit(), QLineEdit()
        self.authority, self.country = QLineEdit(), QLineEdit()
        self.country.setMaxLength(2)
        self.passphrase, self.repeat = QLineEdit(), QLineEdit()
        for edit, name in ((self.name, "keyName"), (self.role, "keyRole"),
                           (self.authority, "keyAuthority"), (self.country, "keyCountry"),
                           (self.passphrase, "keyPassphrase"), (self.repeat, "keyRepeat")):
            edit.setObjectName(name)
        for edit in (self.passphrase, self.repeat):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for text, edit in ((_("Your &full name:"), self.name), (_("Your &function:"), self.role),
                           (_("A&uthority:"), self.authority),
                           (_("State code (e.g. &KH):"), self.country),
                           (_("Pass&phrase:"), self.passphrase),
                           (_("&Repeat the passphrase:"), self.repeat)):
            label = QLabel(text)
            label.setBuddy(edit)
            form.addRow(label, edit)
        create = QPushButton(_("&Create the key…"))
        create.setObjectName("createKey")
        create.clicked.connect(self.create)
        note = QLabel(_("A key pair with a certificate of its own, for a state without its own"
                        " certificate authority or for training. Send the certificate to the"
                        " authorities that will check your approvals and signatures through a"
                        " channel they trust."))
        note.setWordWrap(True)
        note.setObjectName("fieldHelp")
        box = QGroupBox(_("Create a new key"))
        inner = QVBoxLayout(box)
        inner.addWidget(note)
        inner.addLayout(form)
        inner.addWidget(create)
        choose = QPushButton(_("Use an &existing key file…"))
        choose.setObjectName("chooseKey")
        choose.clicked.connect(self.choose)
        self.export_button = QPushButton(_("&Save my certificate…"))
        self.export_button.setObjectName("exportCertificate")
        self.export_button.clicked.connect(self.export_certificate)
        row = QHBoxLayout()
        row.addWidget(choose)
        row.addWidget(self.export_button)
        row.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.current)
        lay.addLayout(row)
        lay.addWidget(box)
        lay.addWidget(buttons)
        self.refresh()
        self.resize(620, 480)

    def refresh(self) -> None:
        self.current.setText(key_line(self.settings))
        self.export_button.setEnabled(current_key(self.settings) is not None)

    def _warn(self, text: str) -> None:
        QMessageBox.warning(self, _("Your signing key"), text)

    def create(self, path: str = "") -> bool:
        """Create a key pair from the form, written where the user chooses (`path` in tests)."""
        passphrase, repeat = self.passphrase.text(), self.repeat.text()
        self.passphrase.clear()
        self.repeat.clear()
        if not self.name.text().strip():
            self._warn(_("Write your full name: it is the name the certificate gives."))
            return False
        if passphrase != repeat:
            self._warn(_("The two passphrases differ. Nothing was created."))
            return False
        why = self.signing.passphrase_problem(passphrase)
        if why:
            self._warn(_("This passphrase is too easy to guess (%(why)s). Nothing was created.",
                         why=why))
            return False
        if not path:
            start = str(Path.home() / "signing-key.p12")
            path, _filter = QFileDialog.getSaveFileName(
                self, _("Where to keep the key file"), start, _("Key files (*.p12)"))
        if not path:
            return False
        if not path.endswith((".p12", ".pfx")):
            path += ".p12"
        try:
            identity = self.signing.create_identity(
                path, self.name.text(), self.role.text(), self.authority.text(), passphrase,
                country=self.country.text().strip())
        except Exception as exc:  # KeyFileError: the message says what is wrong
            self._warn(_("The key was not created: %(why)s", why=exc))
            return False
        remember(self.settings, identity)
        self._save_pem(identity.cert_pem(), str(Path(path).with_suffix(".pem")))
        self.refresh()
        return True

    def choose(self, path: str = "", passphrase: str | None = None) -> bool:
        """Use an existing key file (one the state's certificate authority issued, or made
        with `mla-writer keys new`): the passphrase is asked to check that it opens."""
        if not path:
            path, _filter = QFileDialog.getOpenFileName(
                self, _("Your key file"), str(Path.home()), _("Key files (*.p12 *.pfx)"))
        if not path:
            return False
        if passphrase is None:
            passphrase, ok = QInputDialog.getText(
                self, _("Your signing key"), _("Passphrase of %(file)s:", file=Path(path).name),
                QLineEdit.EchoMode.Password)
            if not ok:
                return False
        try:
            identity = self.signing.load_identity(path, passphrase)
        except self.signing.WrongPassphrase:
            self._warn(_("The passphrase does not open the key file %(file)s. Nothing was"
                         " changed.", file=Path(path).name))
            return False
        except Exception as exc:
            self._warn(_("The key file cannot be used: %(why)s", why=exc))
            return False
        remember(self.settings, identity)
        self.refresh()
        return True

    def export_certificate(self, path: str = "") -> bool:
        pem = str(self.settings.value(KEY_CERTIFICATE, "") or "")
        if not pem:
            return False
        if not path:
            path, _filter = QFileDialog.getSaveFileName(
                self, _("Save my certificate"), str(Path.home() / "certificate.pem"),
                _("Certificates (*.pem)"))
        return bool(path) and self._save_pem(pem.encode("ascii"), path)

    def _save_pem(self, pem: bytes, path: str) -> bool:
        from .. import storage

        try:
            storage.atomic_write_bytes(path, pem)
        except OSError as exc:
            self._warn(_("The certificate was not saved: %(why)s", why=exc.strerror or exc))
            return False
        return True


def load_my_identity(parent: QWidget, settings: QSettings, passphrase: str | None = None,
                     ) -> Any | None:
    """The chosen key, opened with its passphrase (asked unless given); None if there is no
    key, the user cancels, or it does not open (the user is told why)."""
    key = current_key(settings)
    signing = optional_module("signing")
    if key is None or signing is None:
        return None
    path, facts = key
    if passphrase is None:
        passphrase, ok = QInputDialog.getText(
            parent, _("Approve"), _("Approve as %(who)s, signed with your key. Passphrase of"
                                    " %(file)s:", who=who(facts), file=Path(path).name),
            QLineEdit.EchoMode.Password)
        if not ok:
            return None
    try:
        return signing.load_identity(path, passphrase)
    except signing.WrongPassphrase:
        QMessageBox.warning(parent, _("Approve"), _(
            "The passphrase does not open the key file %(file)s. Nothing was approved.",
            file=Path(path).name))
    except Exception as exc:
        QMessageBox.warning(parent, _("Approve"), _("The key file cannot be used: %(why)s",
                                                    why=exc))
    return None
