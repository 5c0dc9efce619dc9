"""`mla-writer keys`: create a signing key pair with a certificate, or show a key file."""

# lazy imports (start-up cost): storage, signing
from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import os
import sys
from pathlib import Path

from .common import EXIT_OK, EXIT_PROBLEMS, EXIT_UNREADABLE

PASSPHRASE_ENV = "MLA_WRITER_PASSPHRASE"  # noqa: S105 - a variable name, not a secret


class PassphraseError(Exception):
    """No usable passphrase could be obtained (the message never contains the passphrase)."""


def add_passphrase_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--passphrase-file", metavar="FILE",
                   help=f"read the passphrase from the first line of FILE (else the environment"
                   f" variable {PASSPHRASE_ENV}, which is then removed from the environment of"
                   " anything this run starts; else a prompt without echo)")


def read_passphrase(args: argparse.Namespace, *, confirm: bool = False) -> str:
    """The passphrase from --passphrase-file, $MLA_WRITER_PASSPHRASE, or a silent prompt."""
    if getattr(args, "passphrase_file", None):
        try:
            text = Path(args.passphrase_file).read_text("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise PassphraseError(f"cannot read the passphrase file {args.passphrase_file}:"
                                  f" {getattr(exc, 'strerror', None) or type(exc).__name__}"
                                  ) from None
        lines = text.splitlines()
        if not lines or not lines[0]:
            raise PassphraseError(f"the passphrase file {args.passphrase_file} is empty")
        return lines[0]
    env = os.environ.pop(PASSPHRASE_ENV, None)
    if env:
        # taken out of this process's environment once read, so that no child process
        # started later (a viewer, a converter) inherits the passphrase
        return env
    if not sys.stdin.isatty():
        raise PassphraseError(f"no passphrase: use --passphrase-file or {PASSPHRASE_ENV}, or run"
                              " in a terminal to be asked")
    first = getpass.getpass("Passphrase: ")
    if confirm and getpass.getpass("Repeat the passphrase: ") != first:
        raise PassphraseError("the two passphrases differ")
    return first


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("keys", help="create or inspect a signing key (PKCS#12)",
                       description="Signing keys live only in PKCS#12 files whose private key is"
                       " encrypted (PBES2, AES-256); the certificate, which is public, is kept"
                       " in clear and guarded with the key by the passphrase's integrity check."
                       " A PKCS#12 issued by your state's certificate authority can be used"
                       " directly with `sign --key`.")
    ks = p.add_subparsers(dest="keys_command", metavar="ACTION", required=True)
    new = ks.add_parser("new", help="new key pair with a self-signed certificate",
                        description="Create a key pair and a self-signed certificate (key usage"
                        " digitalSignature and nonRepudiation), for training or for a state"
                        " without its own PKI. The receiving state verifies packages with the"
                        " certificate (--cert-out), which you send it through a trusted channel."
                        " The certificate is its own root (CA:TRUE, pathLen 0), so NSS-based"
                        " readers (pdfsig, Firefox) accept it once imported as trusted."
                        " Passphrase: at least 12 characters, or at least three words; a wrong"
                        " guess costs as much as opening the key (about 0.1 s).")
    new.add_argument("--name", required=True, help="signer's full name")
    new.add_argument("--role", required=True, help="signer's function, e.g. Director-General")
    new.add_argument("--authority", default="", help="central authority (organisation)")
    new.add_argument("--country", default="", help="ISO 3166 alpha-2 code of the state")
    new.add_argument("--days", type=int, default=730, help="validity in days (default 730)")
    new.add_argument("--training", action="store_true",
                     help="a workshop's training key: marked in its certificate, it signs"
                     " training cases only, and only such a key signs them")
    new.add_argument("--key-type", choices=("rsa", "ec"), default="rsa",
                     help="RSA 3072 (default) or EC P-256")
    new.add_argument("--out", required=True, metavar="FILE.p12", help="key file to write")
    new.add_argument("--cert-out", metavar="CERT.pem", help="also write the certificate (PEM)")
    new.add_argument("--force", action="store_true", help="overwrite an existing key file")
    add_passphrase_option(new)
    new.set_defaults(func=run_new)
    imp = ks.add_parser("import", help="re-encrypt a CA-issued PKCS#12 with strong encryption",
                        description="Read a PKCS#12 issued by your certificate authority (its"
                        " passphrase: --passphrase-file / environment / prompt) and write it"
                        " again with PBES2 AES-256 under a new passphrase (asked twice, or"
                        " --new-passphrase-file). `sign --key` also accepts the original file.")
    imp.add_argument("key", metavar="IN.p12")
    imp.add_argument("--out", required=True, metavar="OUT.p12")
    imp.add_argument("--new-passphrase-file", metavar="FILE",
                     help="read the new passphrase from the first line of FILE")
    imp.add_argument("--force", action="store_true", help="overwrite an existing key file")
    add_passphrase_option(imp)
    imp.set_defaults(func=run_import)
    show = ks.add_parser("show", help="show the certificate in a key file")
    show.add_argument("key", metavar="FILE.p12")
    show.add_argument("--json", action="store_true")
    show.add_argument("--cert-out", metavar="CERT.pem", help="write the certificate (PEM)")
    add_passphrase_option(show)
    show.set_defaults(func=run_show)


def _print_cert(info: dict[str, object]) -> None:
    for label, key in (("Name", "name"), ("Role", "role"), ("Authority", "authority"),
                       ("Subject", "subject"), ("Issuer", "issuer"), ("Serial", "serial"),
                       ("Valid from", "not_before"), ("Valid until", "not_after"),
                       ("Key", "key"), ("SHA-256", "sha256_fingerprint")):
        print(f"{label + ':':13}{info[key]}")
    print(f"{'Key usage:':13}{', '.join(info['key_usage']) or '-'}")  # type: ignore[arg-type]
    now = dt.datetime.now(dt.UTC).isoformat()
    if now > str(info["not_after"]):
        print("EXPIRED: this certificate can no longer sign.")
    elif now < str(info["not_before"]):
        print("NOT YET VALID: this certificate cannot sign yet.")
    if info.get("training"):
        print("TRAINING KEY: it signs training cases only, never a real request.")
    if info["self_signed"]:
        print("Self-signed: the receiving state must get this certificate through a trusted"
              " channel to verify packages.")


def _write_cert(path: str, pem: bytes) -> None:
    from ..storage import atomic_write_bytes

    atomic_write_bytes(path, pem)


def run_new(args: argparse.Namespace) -> int:
    from ..signing import KeyFileError, create_identity

    out = Path(args.out)
    if out.exists() and not args.force:
        print(f"mla-writer keys: {out} exists; refusing to overwrite a key (use --force)",
              file=sys.stderr)
        return EXIT_PROBLEMS
    try:
        passphrase = read_passphrase(args, confirm=True)
        identity = create_identity(out, args.name, args.role, args.authority, passphrase,
                                   country=args.country, key_type=args.key_type, days=args.days,
                                   training=args.training)
    except (PassphraseError, KeyFileError) as exc:
        print(f"mla-writer keys: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    if args.cert_out:
        _write_cert(args.cert_out, identity.cert_pem())
    print(f"Key written to {out} (encrypted, mode 0600)")
    _print_cert(identity.describe())
    return EXIT_OK


def run_show(args: argparse.Namespace) -> int:
    from ..signing import KeyFileError, load_identity

    try:
        identity = load_identity(args.key, read_passphrase(args))
    except (PassphraseError, KeyFileError) as exc:
        print(f"mla-writer keys: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    info = identity.describe()
    if args.json:
        print(json.dumps(info, indent=2, ensure_ascii=False))
    else:
        _print_cert(info)
        if identity.chain:
            print(f"Chain: {len(identity.chain)} more certificate(s)")
    if args.cert_out:
        _write_cert(args.cert_out, identity.cert_pem())
    return EXIT_OK


def run_import(args: argparse.Namespace) -> int:
    from ..signing import KeyFileError, load_identity
    from ..signing.keys import write_identity

    out = Path(args.out)
    if out.exists() and not args.force:
        print(f"mla-writer keys: {out} exists; refusing to overwrite a key (use --force)",
              file=sys.stderr)
        return EXIT_PROBLEMS
    try:
        identity = load_identity(args.key, read_passphrase(args))
        if args.new_passphrase_file:
            new = read_passphrase(argparse.Namespace(passphrase_file=args.new_passphrase_file))
        elif sys.stdin.isatty():
            new = getpass.getpass("New passphrase for the imported key file: ")
            if getpass.getpass("Repeat the new passphrase: ") != new:
                raise PassphraseError("the two passphrases differ")
        else:
            raise PassphraseError("no new passphrase: use --new-passphrase-file")
        write_identity(identity, out, new)
    except (PassphraseError, KeyFileError) as exc:
        print(f"mla-writer keys: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    print(f"Key imported to {out} (encrypted, mode 0600)")
    _print_cert(identity.describe())
    return EXIT_OK
