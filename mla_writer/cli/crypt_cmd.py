"""`mla-writer encrypt` and `mla-writer decrypt`: case files encrypted at rest (casecrypt).

Other commands open an encrypted case with the passphrase from --case-passphrase-file (where
they offer it), $MLA_WRITER_CASE_PASSPHRASE, or a prompt without echo.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from .common import EXIT_OK, EXIT_PROBLEMS, EXIT_UNREADABLE

#: the environment variable's value, read once and then taken out of the environment so that
#: no program this run starts inherits it
_FROM_ENV: list[str] = []


class NoPassphrase(Exception):
    """No passphrase could be obtained (the message never contains one)."""


def _read_file(name: str) -> str:
    try:
        lines = Path(name).read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise NoPassphrase(f"cannot read the passphrase file {name}:"
                           f" {getattr(exc, 'strerror', None) or type(exc).__name__}") from None
    if not lines or not lines[0]:
        raise NoPassphrase(f"the passphrase file {name} is empty")
    return lines[0]


def case_passphrase(file: str | None = None, *, confirm: bool = False,
                    prompt: str = "Case-file passphrase: ", file_option: bool = True) -> str:
    """The case passphrase from `file`, $MLA_WRITER_CASE_PASSPHRASE, or a silent prompt
    (`file_option`: the command offers --case-passphrase-file, so the error may name it)."""
    from ..casecrypt import PASSPHRASE_ENV

    if file:
        return _read_file(file)
    env = os.environ.pop(PASSPHRASE_ENV, None)
    if env:
        _FROM_ENV[:] = [env]
    if _FROM_ENV:
        return _FROM_ENV[0]
    if not sys.stdin.isatty():
        option = "--case-passphrase-file or " if file_option else ""
        raise NoPassphrase(f"the case file is encrypted: give its passphrase with {option}"
                           f"{PASSPHRASE_ENV}, or run in a terminal to be asked")
    first = getpass.getpass(prompt)
    if confirm and getpass.getpass("Repeat the passphrase: ") != first:
        raise NoPassphrase("the two passphrases differ")
    return first


def passphrase_for(path: Path, file: str | None = None, *, file_option: bool = False) -> str | None:
    """The passphrase to open `path` with: None for a plain file (nothing asked)."""
    from ..casecrypt import file_is_encrypted

    return case_passphrase(file, file_option=file_option) if file_is_encrypted(path) else None


def _option(p: argparse.ArgumentParser, what: str) -> None:
    p.add_argument("--case-passphrase-file", metavar="FILE",
                   help=f"read {what} from the first line of FILE (else the environment variable"
                   " MLA_WRITER_CASE_PASSPHRASE, else a prompt without echo)")


def register(sub: argparse._SubParsersAction) -> None:
    e = sub.add_parser(
        "encrypt", help="encrypt a case file with a passphrase (AES-256-GCM, scrypt)",
        description="Rewrite CASE encrypted (atomically: a crash leaves the old file or the new"
        " one). From then on every save, autosave and recovery copy of the case is encrypted;"
        " commands ask for the passphrase to open it. A lost passphrase cannot be recovered."
        " Office policy: MLA_WRITER_CASE_ENCRYPTION=required refuses to save unencrypted case"
        " files. Exit 0 encrypted, 1 already encrypted or passphrase refused, 2 unreadable.")
    e.add_argument("case", metavar="CASE")
    _option(e, "the new passphrase")
    e.set_defaults(func=run_encrypt)
    d = sub.add_parser(
        "decrypt", help="rewrite an encrypted case file unencrypted",
        description="Rewrite CASE as plain JSON (atomically). A wrong passphrase or a modified"
        " byte is reported and nothing is written. Exit 0 decrypted, 1 not encrypted or refused"
        " by office policy, 2 unreadable or wrong passphrase.")
    d.add_argument("case", metavar="CASE")
    _option(d, "the passphrase")
    d.set_defaults(func=run_decrypt)


def run_encrypt(args: argparse.Namespace) -> int:
    from .. import casecrypt, storage

    path = Path(args.case)
    if casecrypt.file_is_encrypted(path):
        print(f"mla-writer encrypt: {path} is already encrypted", file=sys.stderr)
        return EXIT_PROBLEMS
    try:
        case = storage.load(path)
    except storage.CaseFileError as exc:
        print(f"mla-writer encrypt: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    try:
        casecrypt.protect(case, case_passphrase(args.case_passphrase_file, confirm=True,
                                                prompt="New case-file passphrase: "))
        storage.save(case, path)
    except (NoPassphrase, casecrypt.CaseCryptError) as exc:
        print(f"mla-writer encrypt: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    except storage.CaseFileError as exc:
        print(f"mla-writer encrypt: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    print(f"{path}: encrypted (AES-256-GCM, key from scrypt); keep the passphrase safe: it"
          " cannot be recovered")
    return EXIT_OK


def run_decrypt(args: argparse.Namespace) -> int:
    from .. import casecrypt, storage

    path = Path(args.case)
    if not casecrypt.file_is_encrypted(path):
        print(f"mla-writer decrypt: {path} is not an encrypted case file", file=sys.stderr)
        return EXIT_PROBLEMS
    if casecrypt.policy_requires_encryption():
        print(f"mla-writer decrypt: office policy ({casecrypt.POLICY_ENV}=required) allows only"
              " encrypted case files; nothing was written", file=sys.stderr)
        return EXIT_PROBLEMS
    try:
        case = storage.load(path, passphrase=case_passphrase(args.case_passphrase_file))
        casecrypt.unprotect(case)
        storage.save(case, path)
    except NoPassphrase as exc:
        print(f"mla-writer decrypt: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    except storage.CaseFileError as exc:
        print(f"mla-writer decrypt: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    print(f"{path}: decrypted; the file now holds the case unencrypted")
    return EXIT_OK
