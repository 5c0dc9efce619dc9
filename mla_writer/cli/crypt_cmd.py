"""`mla-writer encrypt` and `mla-writer decrypt`: case files encrypted at rest (casecrypt).

Other commands open an encrypted case with the passphrase from --case-passphrase-file (where
they offer it), $MLA_WRITER_CASE_PASSPHRASE, or a prompt without echo.
"""

# lazy imports (start-up cost): casecrypt, storage

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .common import EXIT_OK, EXIT_PROBLEMS, EXIT_UNREADABLE
from .passphrase import NoPassphrase, case_passphrase


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
