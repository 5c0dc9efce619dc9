"""Verify a package (folder or zip): signed manifest, every file's hash, every PDF signature,
the signer's certificate validity and — with a trust anchor — the signer's trust.

Rule: a package is `ok` only when everything checks out AND the signer chains to a trusted
certificate given by the verifier. Without one, an intact package is still reported as not
verified ("signer not trusted"), because anyone can make a self-consistent package.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import hashlib
import io
import json
import logging
import os
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization

from .manifest import MANIFEST, NOT_LISTED, SIGNATURE, SIGNER_CERT

MAX_ZIP_BYTES = 2 * 2**30  # a request package is a few MB; refuse zip bombs
NO_TRUST = ("signer not trusted: no trust anchor given (pass --trust with the certificate"
            " received from the sending central authority through a trusted channel)")


@dataclass
class VerifyReport:
    ok: bool
    problems: list[str]
    signer: str
    files: list[str]
    #: facts that are not problems (fingerprint, time, what was checked)
    notes: list[str] = field(default_factory=list)
    fingerprint: str = ""
    intact: bool = False
    trusted: bool = False


class PackageReadError(Exception):
    """The path is neither a package folder nor a readable zip."""


@contextlib.contextmanager
def _quiet_pyhanko() -> Iterator[None]:
    """pyHanko logs expected trust failures with tracebacks; the report says it instead."""
    loggers = [logging.getLogger(n) for n in ("pyhanko", "pyhanko_certvalidator")]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        for lg, level in zip(loggers, levels, strict=True):
            lg.setLevel(level)


@contextlib.contextmanager
def _opened(path: Path) -> Iterator[Path]:
    """The package folder; a zip is extracted (safely) to a temporary folder first."""
    if path.is_dir():
        yield path
        return
    if not path.is_file():
        raise PackageReadError(f"{path}: no such package folder or zip file")
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise PackageReadError(f"{path}: not a readable zip file ({exc})") from None
    with zf, tempfile.TemporaryDirectory(prefix="mla-verify-") as tmp:
        root = Path(tmp)
        if sum(i.file_size for i in zf.infolist()) > MAX_ZIP_BYTES:
            raise PackageReadError(f"{path}: the zip would unpack to more than"
                                   f" {MAX_ZIP_BYTES // 2**20} MiB; not a package")
        for info in zf.infolist():
            name = PurePosixPath(info.filename)
            if info.is_dir():
                continue
            if name.is_absolute() or ".." in name.parts or len(name.parts) != 1:
                raise PackageReadError(f"{path}: unexpected entry {info.filename!r} in the zip")
            try:
                (root / name.name).write_bytes(zf.read(info))
            except (zipfile.BadZipFile, OSError, ValueError) as exc:
                raise PackageReadError(f"{path}: damaged zip entry {info.filename!r}"
                                       f" ({exc})") from None
        yield root


def load_trust(path: str | os.PathLike[str]) -> list[x509.Certificate]:
    """Certificates from a PEM (one or more) or DER file."""
    data = Path(path).read_bytes()
    try:
        if b"-----BEGIN" in data:
            return x509.load_pem_x509_certificates(data)
        return [x509.load_der_x509_certificate(data)]
    except ValueError as exc:
        raise PackageReadError(f"{path}: not a certificate file ({exc})") from None


def _cms(data: bytes) -> tuple[Any, x509.Certificate | None]:
    """(SignedData, signer certificate) of a DER CMS signature, or raise ValueError."""
    from asn1crypto import cms

    info = cms.ContentInfo.load(data)
    if info["content_type"].native != "signed_data":
        raise ValueError("not CMS signed data")
    signed = info["content"]
    signer_info = signed["signer_infos"][0]
    sid = signer_info["sid"]
    for choice in signed["certificates"]:
        cert = choice.chosen
        if sid.name == "issuer_and_serial_number":
            iss = sid.chosen
            if (cert.issuer == iss["issuer"]
                    and cert.serial_number == iss["serial_number"].native):
                return signed, _parsed(x509.load_der_x509_certificate(cert.dump()))
        elif cert.key_identifier == sid.chosen.native:
            return signed, _parsed(x509.load_der_x509_certificate(cert.dump()))
    return signed, None


def _parsed(cert: x509.Certificate) -> x509.Certificate:
    """Force full parsing (cryptography parses extensions lazily; damage shows up late)."""
    cert.extensions  # noqa: B018
    cert.subject.rfc4514_string()
    return cert


def _moment_inside(cert: x509.Certificate, now: dt.datetime) -> dt.datetime:
    """`now`, moved into the certificate's validity so trust is judged apart from expiry."""
    start, end = cert.not_valid_before_utc, cert.not_valid_after_utc
    return min(max(now, start + dt.timedelta(seconds=1)), end - dt.timedelta(seconds=1))


def _usage() -> Any:
    from pyhanko.sign.validation.settings import KeyUsageConstraints

    return KeyUsageConstraints(key_usage={"digital_signature", "non_repudiation"},
                               match_all_key_usages=False)


def _check_manifest_signature(manifest: bytes, signed: Any, trust: list[x509.Certificate],
                              moment: dt.datetime) -> tuple[bool, bool]:
    """(intact and valid, trusted) for the detached CMS over the manifest."""
    from pyhanko.sign.validation import async_validate_detached_cms

    from .pdf_sign import validation_context

    status = asyncio.run(async_validate_detached_cms(
        manifest, signed, signer_validation_context=validation_context(trust, moment),
        key_usage_settings=_usage()))
    return bool(status.intact and status.valid), bool(status.trusted)


def _safe_name(name: object) -> bool:
    if not isinstance(name, str) or not name:
        return False
    p = PurePosixPath(name)
    return not p.is_absolute() and ".." not in p.parts and len(p.parts) == 1


def _check_files(root: Path, manifest: dict[str, Any], problems: list[str]) -> list[str]:
    listed: list[str] = []
    entries = manifest.get("files")
    if not isinstance(entries, list):
        problems.append("manifest.json lists no files")
        return listed
    for entry in entries:
        name = entry.get("path") if isinstance(entry, dict) else None
        if not _safe_name(name):
            problems.append(f"manifest.json has an unsafe or malformed file entry: {entry!r}")
            continue
        listed.append(name)
        path = root / name
        if not path.is_file():
            problems.append(f"file missing: {name}")
            continue
        data = path.read_bytes()
        if (len(data) != entry.get("size")
                or hashlib.sha256(data).hexdigest() != entry.get("sha256")):
            problems.append(f"file modified: {name} (its SHA-256 differs from the manifest)")
    present = {p.name for p in root.iterdir() if not p.is_dir()} | {
        p.name + "/" for p in root.iterdir() if p.is_dir()}
    for extra in sorted(present - set(listed) - NOT_LISTED):
        problems.append(f"file added: {extra} (not in the signed manifest)")
    return listed


def _describe_signer(cert: x509.Certificate) -> str:
    from .keys import describe_certificate

    info = describe_certificate(cert)
    parts = [info["name"], info["role"], info["authority"]]
    return ", ".join(p for p in parts if p) or info["subject"]


def verify_package(path: str | os.PathLike[str], trust: Any = None,
                   now: dt.datetime | None = None) -> VerifyReport:
    """Check a package folder or zip. `trust`: a certificate file path, a certificate, or a
    list of certificates (the trust anchors); None = signer not checked (reported)."""
    now = now or dt.datetime.now(dt.UTC)
    problems: list[str] = []
    notes: list[str] = []
    if isinstance(trust, str | os.PathLike):
        anchors = load_trust(trust)
    elif isinstance(trust, x509.Certificate):
        anchors = [trust]
    else:
        anchors = list(trust or [])
    report = VerifyReport(ok=False, problems=problems, signer="", files=[], notes=notes)
    with _opened(Path(path)) as root, _quiet_pyhanko():
        manifest_path, sig_path = root / MANIFEST, root / SIGNATURE
        if not manifest_path.is_file():
            problems.append(f"file missing: {MANIFEST} (this is not a signed package)")
            return report
        raw = manifest_path.read_bytes()
        try:
            manifest = json.loads(raw)
            if not isinstance(manifest, dict):
                raise ValueError("not an object")
        except ValueError:
            problems.append(f"{MANIFEST} is not valid JSON (it was modified)")
            manifest = {}
        signer_cert: x509.Certificate | None = None
        signed = None
        if not sig_path.is_file():
            problems.append(f"file missing: {SIGNATURE} (the manifest is not signed)")
        else:
            try:
                signed, signer_cert = _cms(sig_path.read_bytes())
            except Exception:
                problems.append(f"manifest signature broken: {SIGNATURE} is not a readable CMS"
                                " signature")
            if signed is not None and signer_cert is None:
                problems.append("manifest signature broken: the signer's certificate is not in"
                                f" {SIGNATURE}")
        trusted_anchor = False
        if signer_cert is not None:
            report.signer = _describe_signer(signer_cert)
            report.fingerprint = signer_cert.fingerprint(hashes.SHA256()).hex()
            notes.append(f"signer certificate SHA-256: {report.fingerprint}")
            moment = _moment_inside(signer_cert, now)
            try:
                valid, trusted_anchor = _check_manifest_signature(
                    raw, signed, anchors or [signer_cert], moment)
            except Exception as exc:
                valid = False
                notes.append(f"manifest signature check failed: {type(exc).__name__}")
            if not valid:
                problems.append(f"manifest signature broken: {MANIFEST} or {SIGNATURE} was"
                                " modified or replaced")
            if not anchors:
                trusted_anchor = False
            _check_signer_pem(root, signer_cert, problems)
        report.files = _check_files(root, manifest, problems) if manifest else []
        entries = manifest.get("files") if isinstance(manifest.get("files"), list) else []
        signed_pdfs = [e["path"] for e in entries if isinstance(e, dict)
                       and e.get("kind") == "signed-pdf" and e.get("path") in report.files]
        _check_pdfs(root, signed_pdfs, signer_cert, anchors, now, problems)
        report.intact = not problems
        if signer_cert is not None:
            _check_validity(signer_cert, now, problems)
        if anchors and signer_cert is not None and not trusted_anchor:
            problems.append("signer not trusted: the signer's certificate does not chain to the"
                            " trust anchor(s) given")
        elif not anchors:
            problems.append(NO_TRUST)
        report.trusted = bool(anchors) and trusted_anchor
    report.ok = not problems
    return report


def _check_validity(cert: x509.Certificate, now: dt.datetime, problems: list[str]) -> None:
    if now < cert.not_valid_before_utc:
        problems.append(f"certificate not yet valid: valid from"
                        f" {cert.not_valid_before_utc:%Y-%m-%d %H:%M} UTC")
    elif now > cert.not_valid_after_utc:
        problems.append(f"certificate expired on {cert.not_valid_after_utc:%Y-%m-%d %H:%M} UTC")


def _check_signer_pem(root: Path, cert: x509.Certificate, problems: list[str]) -> None:
    path = root / SIGNER_CERT
    if not path.is_file():
        return  # reported as a missing file
    with contextlib.suppress(ValueError):
        if x509.load_pem_x509_certificate(path.read_bytes()) == cert:
            return
    problems.append(f"{SIGNER_CERT} is not the certificate that signed the manifest")


def _check_pdfs(root: Path, files: list[str], signer: x509.Certificate | None,
                anchors: list[x509.Certificate], now: dt.datetime, problems: list[str]) -> None:
    from .pdf_sign import check_pdf

    trust = anchors or ([signer] if signer is not None else [])
    moment = _moment_inside(signer, now) if signer is not None else None
    der = signer.public_bytes(serialization.Encoding.DER) if signer is not None else b""
    for name in files:
        path = root / name
        if not name.endswith(".pdf") or not path.is_file():
            continue
        data = path.read_bytes()
        result = check_pdf(data, trust, moment)
        for problem in result.problems:
            problems.append(f"PDF signature broken: {name}: {problem}")
        if not result.problems and der and not _signed_by(data, der):
            problems.append(f"PDF signature broken: {name} was signed by another certificate")


def _signed_by(data: bytes, cert_der: bytes) -> bool:
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(data), strict=False)
    return all(s.signer_cert.dump() == cert_der for s in reader.embedded_signatures)
