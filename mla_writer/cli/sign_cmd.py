"""`mla-writer sign` (build and sign the transmission package) and `mla-writer verify`."""

# lazy imports (start-up cost): storage, signing, workflow
from __future__ import annotations

import argparse
import gc
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..safetext import visible_name
from . import loading_libraries
from .common import (
    EXAMPLE_PREFIX,
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_UNREADABLE,
    add_now_option,
    clock_or_exit,
    load_case_or_exit,
    profiles_or_exit,
    resolve_case_path,
)
from .keys_cmd import PASSPHRASE_ENV, PassphraseError, add_passphrase_option, read_passphrase

if TYPE_CHECKING:
    from ..signing.keys import PendingIdentity

VERIFY_RULE = (
    "Exit 0 only when the manifest signature, every file's SHA-256, every PDF signature and the"
    " certificate's validity period check out AND the signer chains to a certificate given"
    " with --trust AND the package is a real, approved request. Without --trust the package"
    " may be intact but is reported as 'signer not trusted' (exit 1): anyone can make a"
    " self-consistent package, so compare the printed certificate fingerprint with the sender"
    " through a trusted channel. A TRAINING package, or one whose request was not approved,"
    " exits 1 unless --allow-training. A package whose certificate has expired since exits 1:"
    " without a trusted timestamp its validity at signing time cannot be proven;"
    " --at-signing-time judges validity at the signing time the signature claims instead."
    " Only the root cause is reported (a broken manifest signature makes the rest moot)."
    " Exit 2: the path is not a package folder or a readable zip.")


def _langs(text: str) -> list[str]:
    return [p.strip() for p in text.split(",") if p.strip()]


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "sign", help="sign an approved request and write the transmission package",
        description="Build the documents, sign each PDF (PAdES, visible block), write the"
        " checklist, the signer's certificate and manifest.json with its detached CMS signature"
        " into a new folder, and record `signed` in the case's audit log. Refused unless the"
        " request is approved and unchanged since (a training case, or --training, may sign a"
        " draft; the documents are then marked TRAINING). Exit 0 signed, 1 refused,"
        " 2 unreadable case or key, wrong passphrase, or broken legal profiles.")
    p.add_argument("case", metavar="CASE", help="case file")
    p.add_argument("--key", required=True, metavar="FILE.p12", help="signing key (PKCS#12)")
    p.add_argument("--out", required=True, metavar="DIR", help="new (or empty) package folder")
    p.add_argument("--zip", action="store_true", help="also write DIR.zip")
    p.add_argument("--lang", type=_langs, default=None, metavar="CODES",
                   help="document languages, comma-separated (default: the requested state's"
                   " accepted languages plus English)")
    p.add_argument("--annex", action="append", default=[], metavar="FILE",
                   help="annex file to include (repeat, in the order of the case's annexes);"
                   " annexes without a file are listed in the checklist. By default the files"
                   " attached to the annexes (`mla-writer annex attach`) are included, and"
                   " signing is refused if one is missing or has changed since")
    p.add_argument("--training", action="store_true",
                   help="sign a marked training copy even if the request is not approved"
                   " (only with a self-signed training key; verify reports it as training)")
    p.add_argument("--actor", default="", help="name recorded in the audit log (default: the"
                   " certificate's name)")
    p.add_argument("--json", action="store_true", help="print the manifest as JSON")
    add_policy_option(p)
    add_passphrase_option(p)
    add_now_option(p)
    p.set_defaults(func=run_sign)

    v = sub.add_parser("verify", help="verify a signed package (folder or zip)",
                       description="Check a package and print 'valid' with the signer, or"
                       " exactly what is wrong. " + VERIFY_RULE)
    v.add_argument("package", metavar="PACKAGE", help="package folder or .zip")
    v.add_argument("--trust", metavar="CERT.pem",
                   help="trusted certificate(s) of the signer or its certificate authority")
    v.add_argument("--allow-training", action="store_true",
                   help="accept a training package (still reported, exit 0 if all else holds)")
    v.add_argument("--at-signing-time", action="store_true",
                   help="judge the certificate's validity at the signing time the signature"
                   " claims (not proven by a timestamp; said in the report)")
    v.add_argument("--max-size", type=int, default=None, metavar="MIB",
                   help="read at most this many MiB from the package (default 200)")
    v.add_argument("--json", action="store_true", help="print the report as JSON")
    add_policy_option(v)
    v.set_defaults(func=run_verify)


def add_policy_option(parser: argparse.ArgumentParser) -> None:
    """--policy: the office's signing policy file (see README, 'Office signing policy')."""
    parser.add_argument(
        "--policy", metavar="FILE.toml", default=None,
        help="office signing policy (default: $MLA_WRITER_POLICY): with"
        " approvals.must_be_key_signed, an approval not signed with a trusted reviewer's key"
        " is an error")


def policy_or_exit(command: str, args: argparse.Namespace) -> object | None:
    """The signing policy of --policy or $MLA_WRITER_POLICY; None after printing why it
    cannot be read (the caller exits 2)."""
    from ..signing.policy import PolicyError, load_policy

    try:
        return load_policy(getattr(args, "policy", None))
    except PolicyError as exc:
        print(f"mla-writer {command}: {exc}", file=sys.stderr)
        return None


#: the cyclic garbage collector's first threshold while signing (Python's default: 700): the
#: run allocates millions of short-lived objects (documents, fonts, pyHanko's PDF objects)
#: and few cycles. Measured on a two-language package: 0.03-0.05 s less CPU, peak memory
#: up to about 20 MB higher (still bounded: the collector runs, less often)
SIGN_GC_THRESHOLD = 100_000


def run_sign(args: argparse.Namespace) -> int:
    threshold = gc.get_threshold()
    gc.set_threshold(SIGN_GC_THRESHOLD, *threshold[1:])
    try:
        return _sign(args)
    finally:
        gc.set_threshold(*threshold)


def _sign(args: argparse.Namespace) -> int:
    from ..signing.key_child import ForkedIdentity

    early = _early_key(args)  # decrypted while the case is loaded and checked
    try:
        return _sign_case(args, early)
    finally:
        if isinstance(early, ForkedIdentity):
            early.stop()  # refused or failed before the key was needed: the child is ended


def _early_key(args: argparse.Namespace) -> PendingIdentity | None:
    """The key, being decrypted from now on (`signing.key_child`), when its passphrase comes
    from a file or the environment; None when it is to be asked for (only once the case is
    known to be signable) or cannot be read (said then, in the usual order)."""
    from ..signing.key_child import start

    if not (getattr(args, "passphrase_file", None) or os.environ.get(PASSPHRASE_ENV)):
        return None
    try:
        secret = read_passphrase(args)
    except PassphraseError:
        return None
    return start(args.key, secret)


def _sign_case(args: argparse.Namespace, early: PendingIdentity | None) -> int:
    with loading_libraries():
        from .. import storage
        from ..signing import KeyFileError, PackageError
        from ..signing.keys import PendingIdentity
        from ..signing.package import check_target
        from ..workflow.package import build_package, clear

    case = load_case_or_exit(args.case)
    if case is None:
        return EXIT_UNREADABLE
    clock = clock_or_exit("sign", args)
    if clock is None:
        return EXIT_UNREADABLE
    registry = profiles_or_exit("sign", case.request.requested_state, whole=True)
    if registry is None:
        return EXIT_UNREADABLE
    policy = policy_or_exit("sign", args)
    if policy is None:
        return EXIT_UNREADABLE
    # decided once: refused here before the passphrase is asked for, reused by build_package
    clearance = clear(case, args.training, clock, registry, policy=policy,
                      case_path=resolve_case_path(args.case))
    if clearance.refused:
        print(f"mla-writer sign: cannot sign: {clearance.refused}", file=sys.stderr)
        return EXIT_PROBLEMS
    try:
        check_target(Path(args.out))
    except PackageError as exc:
        print(f"mla-writer sign: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    try:  # the key is decrypted while the documents render (signing.forked)
        pending = early if early is not None else PendingIdentity(args.key, read_passphrase(args))
    except PassphraseError as exc:
        print(f"mla-writer sign: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE

    def progress(step: int, total: int, label: str) -> None:
        if label:
            print(f"[{step + 1}/{total}] {label}", file=sys.stderr)

    try:
        result = build_package(case, args.out, pending, languages=args.lang,
                               make_zip=args.zip, clock=clock, progress=progress,
                               training=args.training,
                               actor=args.actor, annex_files=args.annex, policy=policy,
                               registry=registry, case_path=resolve_case_path(args.case),
                               clearance=clearance)
    except KeyFileError as exc:  # wrong passphrase, unreadable key file: nothing written
        print(f"mla-writer sign: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    except (PackageError, ValueError) as exc:
        print(f"mla-writer sign: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    identity = pending.resolve()  # decrypted by build_package
    if str(args.case).startswith(EXAMPLE_PREFIX):
        print("note: the bundled example is read-only; the signature was not recorded in it",
              file=sys.stderr)
    else:
        try:
            storage.save(case, resolve_case_path(args.case))
        except storage.CaseFileError as exc:
            print(f"mla-writer sign: package written but the case file was not updated: {exc}",
                  file=sys.stderr)
            return EXIT_UNREADABLE
    if args.json:
        print(json.dumps(result.manifest, indent=2, ensure_ascii=False))
        return EXIT_OK
    m = result.manifest
    print(f"Package written to {result.directory}"
          + (f" and {result.zip_path}" if result.zip_path else ""))
    print(f"Signed by {visible_name(m['signer']['name'])} ({identity.describe()['key']});"
          f" certificate SHA-256 {m['signer']['certificate_sha256']}")
    print(approval_line(m.get("review", {})))
    repaired = m.get("review", {}).get("audit_log", {}).get("repaired")
    if repaired:
        print(f"Note: the review audit log was repaired {repaired} time(s) before signing;"
              " the manifest records it.")
    if m["training"]:
        print("TRAINING package: the documents are marked as training material, and verify"
              " reports the package as training.")
    extra = [a["file"] for a in m.get("annexes", []) if not a.get("in_request", True)]
    if extra:
        print(f"Additional files not among the request's annexes: {', '.join(extra)}"
              " (listed in the manifest and the checklist)")
    print(f"{len(m['files'])} files listed in manifest.json (signed: manifest.json.p7s)")
    return EXIT_OK


def approval_line(rec: dict) -> str:
    """Who approved, and whether the approval was signed with the reviewer's key."""
    who = visible_name(rec.get("approved_by") or "")
    if not who:
        return "Approval: none recorded (training copy)"
    if rec.get("approval_signature"):
        signer = visible_name(rec.get("approval_signer") or "the reviewer")
        return (f"Approval: by {who}, signed with the key of {signer} (certificate SHA-256"
                f" {rec.get('approval_certificate_sha256')})")
    return (f"Approval: by {who}, NOT signed with a key (recorded by name in the review log,"
            " which anyone holding the file could rewrite; `review approve --key` signs it)")


def run_verify(args: argparse.Namespace) -> int:
    from ..signing import PackageReadError, verify_package
    from ..signing.verify import MAX_PACKAGE_BYTES, TRAINING

    limit = args.max_size * 2**20 if args.max_size else MAX_PACKAGE_BYTES
    policy = policy_or_exit("verify", args)
    if policy is None:
        return EXIT_UNREADABLE
    try:
        report = verify_package(args.package, trust=args.trust,
                                allow_training=args.allow_training,
                                at_signing_time=args.at_signing_time, max_bytes=limit,
                                policy=policy)
    except (PackageReadError, OSError) as exc:
        print(f"mla-writer verify: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    if args.json:
        print(json.dumps({"ok": report.ok, "intact": report.intact, "trusted": report.trusted,
                          "training": report.training, "review_status": report.review_status,
                          "approval": report.approval,
                          "signed_at": report.signed_at.isoformat() if report.signed_at
                          else None,
                          "signer": report.signer, "fingerprint": report.fingerprint,
                          "problems": report.problems, "files": report.files,
                          "notes": report.notes},
                         indent=2, ensure_ascii=False))
        return EXIT_OK if report.ok else EXIT_PROBLEMS
    if report.training:
        print(f"*** {TRAINING} ***")
    signer = visible_name(report.signer)
    if report.ok:
        print(f"valid: signed by {signer}")
        print(f"{len(report.files)} files intact; signer trusted; certificate SHA-256"
              f" {report.fingerprint}")
    else:
        print("NOT VALID" + (f" (signed by {signer})" if report.signer else ""))
        for problem in report.problems:
            print(f"  - {problem}")
    if report.approval:
        print(f"Review: {report.approval}")
    for note in report.notes:
        if note.startswith(("certificate validity judged", TRAINING)):
            print(f"Note: {note}")
    if report.ok:
        return EXIT_OK
    if report.intact:
        print("The package is intact (manifest, files and PDF signatures check out); compare"
              f" the signer's certificate SHA-256 {report.fingerprint} with the sender.")
    return EXIT_PROBLEMS
