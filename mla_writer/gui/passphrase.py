"""Encrypted case files in the desktop application: ask for the passphrase on open, set one
to encrypt the case on screen (casecrypt does the work; storage saves through it)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox, QWidget

from .. import casecrypt, storage
from ..i18n import _


def ask(parent: QWidget | None, title: str, label: str) -> str | None:
    """A passphrase typed without echo; None when cancelled."""
    text, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Password)
    return text if ok else None


def load_case(parent: QWidget | None, path: str | Path) -> Any | None:
    """Load a case file, asking for the passphrase when it is encrypted; None when the user
    cancels. A wrong passphrase or a modified file raises CaseFileError (nothing loaded)."""
    if not casecrypt.file_is_encrypted(Path(path)):
        return storage.load(path)
    passphrase = ask(parent, _("Encrypted case file"),
                     _("Passphrase for %(file)s:", file=Path(path).name))
    if passphrase is None:
        return None
    return storage.load(path, passphrase=passphrase)


def encrypt_case(parent: QWidget | None, case: Any) -> bool:
    """Set a passphrase for `case`: every later save and autosave of it is encrypted."""
    first = ask(parent, _("Encrypt this case file"),
                _("New passphrase (at least %(n)d characters; it cannot be recovered):",
                  n=casecrypt.MIN_PASSPHRASE))
    if first is None:
        return False
    second = ask(parent, _("Encrypt this case file"), _("Repeat the passphrase:"))
    if second is None:
        return False
    if first != second:
        QMessageBox.warning(parent, _("Encrypt this case file"),
                            _("The two passphrases differ; nothing was changed."))
        return False
    try:
        casecrypt.protect(case, first)
    except casecrypt.CaseCryptError:
        QMessageBox.warning(parent, _("Encrypt this case file"),
                            _("The passphrase must be at least %(n)d characters; nothing was"
                              " changed.", n=casecrypt.MIN_PASSPHRASE))
        return False
    return True
