"""`mla-writer intake`: receive a request — verify the package, register it as incoming, and
check it against the receiving state's own profile ("what is missing", with citations)."""

# lazy imports (start-up cost): cli, register, review, rules, signing

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from .common import EXIT_OK, EXIT_PROBLEMS, EXIT_UNREADABLE, citation_line, parse_date
from .register_cmd import _common, _open, register_case
from .sign_cmd import VERIFY_RULE


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "intake", help="receive a request: verify, register, check what is missing",
        description="PACKAGE_OR_CASE is a signed package (folder or zip) or a case file."
        " A package is verified as `verify` does (" + VERIFY_RULE + ") A package whose"
        " manifest or files do not check out is not registered. The request must be addressed"
        " to --as-state. It is registered as incoming (status transmitted = received), then"
        " checked against the receiving state's own legal profile: every error and warning is"
        " listed with its citation. A package carries the documents, not the case data: give"
        " the sender's case file with --case (it must be the very request the package signed)."
        " Exit 0 registered and complete, 1 not verified, not addressed to this state, or"
        " something missing, 2 unreadable.")
    p.add_argument("source", metavar="PACKAGE_OR_CASE")
    p.add_argument("--as-state", required=True, metavar="XX",
                   help="the receiving (requested) state, ISO 3166 alpha-2 code")
    p.add_argument("--case", metavar="CASE.json",
                   help="the case file sent with a package (checked against its signature)")
    p.add_argument("--trust", metavar="CERT.pem",
                   help="trusted certificate(s) of the sending authority")
    p.add_argument("--allow-training", action="store_true")
    p.add_argument("--at-signing-time", action="store_true")
    p.add_argument("--received", type=parse_date, metavar="YYYY-MM-DD",
                   help="date of receipt (default: today)")
    p.add_argument("--json", action="store_true")
    _common(p)
    p.set_defaults(func=run_intake)


def _verify(args: argparse.Namespace, source: Path, out: dict[str, Any]) -> dict[str, Any] | None:
    """Verify the package; its manifest when intact, else None (problems in `out`)."""
    from ..signing import PackageReadError, verify_package
    from ..signing.verify import read_signed_manifest

    report = verify_package(source, trust=args.trust, allow_training=args.allow_training,
                            at_signing_time=args.at_signing_time)
    out["verification"] = {"ok": report.ok, "intact": report.intact, "trusted": report.trusted,
                           "training": report.training, "signer": report.signer,
                           "fingerprint": report.fingerprint, "problems": report.problems}
    if not report.intact:
        return None
    try:
        return read_signed_manifest(source)[0]
    except PackageReadError as exc:
        out["verification"]["problems"].append(str(exc))
        return None


def _missing(case: Any, registry: Any) -> list[dict[str, Any]]:
    from ..rules import evaluate

    return [{"severity": str(i.severity), "code": i.code, "path": i.path,
             "message": i.message, "citation": i.citation, "status": i.status}
            for i in evaluate(case, on=case.request.request_date, registry=registry)
            if str(i.severity) in ("error", "warning")]


def run_intake(args: argparse.Namespace) -> int:
    from .. import review
    from ..register import RegisterError
    from .common import load_case_or_exit, profiles_or_exit

    state = args.as_state.strip().upper()
    source = Path(args.source)
    out: dict[str, Any] = {"as_state": state, "source": str(source), "registered": None,
                           "missing": None, "notes": []}
    package = source.is_dir() or source.suffix.lower() == ".zip"
    case = None
    manifest: dict[str, Any] | None = None
    if package:
        from ..signing import PackageReadError

        try:
            manifest = _verify(args, source, out)
        except (PackageReadError, OSError) as exc:  # not a folder nor a readable zip
            print(f"mla-writer intake: {exc}", file=sys.stderr)
            return EXIT_UNREADABLE
        if manifest is None:
            return _finish(args, out, EXIT_PROBLEMS,
                           "the package does not verify; it was not registered")
        if args.case:
            case = load_case_or_exit(args.case)
            if case is None:
                return EXIT_UNREADABLE
            if review.content_hash(case) != manifest.get("content_sha256"):
                return _finish(args, out, EXIT_PROBLEMS,
                               f"{args.case} is not the request the package signed (its"
                               " content differs from the signed manifest); nothing was"
                               " registered")
    else:
        case = load_case_or_exit(source)
        if case is None:
            return EXIT_UNREADABLE
        out["notes"].append("a case file carries no signature: its origin is not verified")
    meta = manifest.get("request", {}) if manifest else {}
    addressed = (case.request.requested_state if case is not None
                 else str(meta.get("requested_state", ""))).upper()
    if addressed != state:
        return _finish(args, out, EXIT_PROBLEMS,
                       f"the request is addressed to {addressed or 'no state'}, not {state};"
                       " nothing was registered")
    reg = _open(args, "intake")
    if reg is None:
        return EXIT_UNREADABLE
    extra: dict[str, Any] = {"received_date": args.received or reg.today()}
    if package:
        extra["package_path"] = str(source.resolve())
    try:
        with reg:
            if case is not None:
                case_path = Path(args.case) if package else source
                new_id, created = register_case(reg, case, case_path, direction="incoming",
                                                extra=extra)
            else:
                new_id, created = _register_manifest(reg, meta, extra), True
    except RegisterError as exc:
        print(f"mla-writer intake: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    out["registered"] = {"id": new_id, "created": created}
    if case is None:
        out["notes"].append("the package carries the documents, not the case data: the"
                            " completeness checks need the sender's case file (run intake"
                            " again with --case)")
        return _finish(args, out, EXIT_PROBLEMS if not out["verification"]["ok"] else EXIT_OK)
    registry = profiles_or_exit("intake", state, whole=False)
    if registry is None:
        return EXIT_UNREADABLE
    if registry.state(state) is None:
        out["notes"].append(f"no legal profile for {state}: only the baseline was checked")
    out["missing"] = _missing(case, registry)
    errors = any(m["severity"] == "error" for m in out["missing"])
    verified = out.get("verification", {}).get("ok", True)
    return _finish(args, out, EXIT_PROBLEMS if errors or not verified else EXIT_OK)


def _register_manifest(reg: Any, meta: dict[str, Any], extra: dict[str, Any]) -> int:
    from ..register.roles import KINDS

    kind = str(meta.get("kind", "mla"))
    date = str(meta.get("request_date") or "")
    existing = [r for r in reg.find() if r.package_path == extra.get("package_path")
                and r.direction == "incoming"]
    if existing:
        return existing[0].id
    return reg.add(direction="incoming", kind=kind if kind in KINDS else "mla",
                   status="transmitted", reference=str(meta.get("reference", "")),
                   requesting_state=str(meta.get("requesting_state", "")),
                   requested_state=str(meta.get("requested_state", "")),
                   request_date=dt.date.fromisoformat(date) if date else None, **extra)


def _finish(args: argparse.Namespace, out: dict[str, Any], code: int, why: str = "") -> int:
    if why:
        out["notes"].append(why)
    if args.json:
        print(json.dumps(out, indent=2, ensure_ascii=False, default=str))
        return code
    check = out.get("verification")
    if check:
        if check["ok"]:
            print(f"package: valid, signed by {check['signer']}")
        elif check["intact"]:
            print(f"package: intact, signed by {check['signer']} but NOT fully verified:")
        else:
            print("package: NOT VALID")
        for problem in check["problems"]:
            print(f"  - {problem}")
    if out["registered"]:
        r = out["registered"]
        print(f"{'registered as incoming request' if r['created'] else 'already registered as'}"
              f" {r['id']}")
    missing = out["missing"]
    if missing is not None:
        if not missing:
            print(f"Nothing missing under {out['as_state']}'s profile.")
        else:
            print(f"What is missing under {out['as_state']}'s profile:")
        for m in missing:
            print(f"  {m['severity'].upper():7} {m['path']}  [{m['code']}]")
            print(f"          {m['message']}")
            if m["citation"]:
                print(f"          {citation_line(m['citation'], m['status'], 'en')}")
    for note in out["notes"]:
        print(f"Note: {note}", file=sys.stderr if code else sys.stdout)
    return code
