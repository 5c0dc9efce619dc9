"""Verify a package (folder or zip): signed manifest, every file's hash, every PDF signature,
the signer's certificate validity and — with a trust anchor — the signer's trust.

Rules:
- a package is `ok` only when everything checks out AND the signer chains to a trusted
  certificate given by the verifier. Without one, an intact package is still reported as not
  verified ("signer not trusted"), because anyone can make a self-consistent package;
- only the root cause is reported: when the manifest's signature is broken nothing the
  manifest says is trusted, so files are not compared with it and trust is not judged;
- a training package, or one whose request was not approved, is not ok unless the verifier
  explicitly accepts training packages (`allow_training`);
- a self-signed signing certificate (nonRepudiation in its key usage, as `keys new` makes)
  vouches only for itself: trusting it never trusts a certificate it may have issued.
"""

# lazy imports (start-up cost): asn1crypto, pyhanko_certvalidator, signing, json, pyhanko
from __future__ import annotations

import base64
import contextlib
import datetime as dt
import io
import logging
import os
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes

from .cms import CmsCheck, certificate_der, check_detached
from .keys import is_self_signed
from .manifest import (
    FORMAT,
    MANIFEST,
    NOT_LISTED,
    SIGNATURE,
    SIGNER_CERT,
    ManifestFormError,
    parse_manifest,
)
from .problems import Problem
from .source import MAX_PACKAGE_BYTES, PackageReadError, Source, TooLarge, fold, name_problem
from .source import open_source as _open_source
from .trust import (
    _anchors,
    _describe_signer,
    _moment_inside,
    load_trust,
    trusted_by,
)

MAX_SMALL_FILE = 4 * 2**20  # manifest, its signature and the certificate are a few KB
NO_TRUST = Problem("no-trust-anchor")
APPROVED = ("approved", "signed", "transmitted")
TRAINING = "TRAINING PACKAGE — not a request"
_READ_ERRORS = (OSError, zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError,
                RuntimeError, ValueError)

__all__ = ["MAX_PACKAGE_BYTES", "NO_TRUST", "PackageReadError", "VerifyReport", "load_trust",
           "verify_package"]


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
    training: bool = False
    #: review status of the request when it was signed, as the manifest records it
    review_status: str = ""
    #: who approved, and whether that approval was signed with a key (one line)
    approval: str = ""
    #: the signing time the manifest's signature claims (not proven without a timestamp)
    signed_at: dt.datetime | None = None


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


def _size(n: int) -> str:
    return f"{n // 2**20} MiB" if n >= 2**20 else f"{n} bytes"


def _when(value: dt.datetime) -> str:
    return f"{value.astimezone(dt.UTC):%Y-%m-%d %H:%M} UTC"


def verify_package(path: str | os.PathLike[str], trust: Any = None,
                   now: dt.datetime | None = None, *, allow_training: bool = False,
                   at_signing_time: bool = False,
                   max_bytes: int = MAX_PACKAGE_BYTES, policy: Any = None) -> VerifyReport:
    """Check a package folder or zip. `trust`: a certificate file path, a certificate, or a
    list of certificates (the trust anchors); None = signer not checked (reported).
    `at_signing_time` judges the certificate's validity at the signing time the signature
    claims instead of now (said in the notes; not proven without a trusted timestamp).
    `max_bytes` bounds what is read. `policy` (`signing.policy`; default: the one named by
    $MLA_WRITER_POLICY) may require key-signed approvals by trusted reviewers. Raises
    PackageReadError only when `path` is neither a folder nor a readable zip, or the policy
    file is unusable; everything else is a problem in the report."""
    from .policy import PolicyError, load_policy

    now = now or dt.datetime.now(dt.UTC)
    anchors = _anchors(trust)
    try:
        policy = policy if policy is not None else load_policy()
    except PolicyError as exc:
        raise PackageReadError(str(exc)) from None
    report = VerifyReport(ok=False, problems=[], signer="", files=[], notes=[])
    with _open_source(Path(path), max_bytes) as src, _quiet_pyhanko():
        check = _Check(src, anchors, now, report, allow_training, at_signing_time)
        check.policy = policy
        try:
            check.run()
        except TooLarge as exc:
            report.problems.append(
                Problem("package-too-large", what=exc, limit=_size(max_bytes)))
            report.intact = False
    report.ok = not report.problems
    return report


class _Check:
    """One verification run (kept as an object so each step stays short)."""

    def __init__(self, src: Source, anchors: list[x509.Certificate], now: dt.datetime,
                 report: VerifyReport, allow_training: bool, at_signing_time: bool) -> None:
        self.src, self.anchors, self.now, self.report = src, anchors, now, report
        self.allow_training, self.at_signing_time = allow_training, at_signing_time
        self.problems = report.problems
        self.pdfs: dict[str, bytes] = {}
        self.intact_files: set[str] = set()
        self.policy: Any = None

    def read(self, name: str, at_most: int) -> bytes | None:
        try:
            return self.src.read(name, at_most)
        except TooLarge:
            self.problems.append(Problem("file-too-large", file=name, limit=_size(at_most)))
        except _READ_ERRORS as exc:
            self.problems.append(Problem("damaged-entry", file=name, detail=exc))
        return None

    def run(self) -> None:
        src, problems = self.src, self.problems
        if src.unusable:
            problems.append(Problem("package-unusable", detail=src.unusable))
            return
        problems.extend(Problem("package-structure", detail=p) for p in src.problems)
        if MANIFEST not in src.sizes:
            if MANIFEST not in src.rejected:
                problems.append(Problem("not-a-package", file=MANIFEST))
            return
        raw = self.read(MANIFEST, MAX_SMALL_FILE)
        if raw is None:
            return
        if SIGNATURE not in src.sizes:
            if SIGNATURE not in src.rejected:
                problems.append(Problem("manifest-unsigned", file=SIGNATURE))
            return
        p7s = self.read(SIGNATURE, MAX_SMALL_FILE)
        if p7s is None:
            return
        cms = check_detached(raw, p7s, SIGNATURE)
        if not cms.intact or cms.certificate is None:
            other = _claimed_format(raw)
            if other is not None:  # an earlier format is not a broken signature
                problems.append(Problem("other-format-unverified", format=repr(other),
                                        reads=FORMAT))
            else:
                problems.append(Problem("manifest-signature-broken", detail=cms.problem))
            return
        cert = cms.certificate
        if cert.issuer == cert.subject and not is_self_signed(cert):
            problems.append(Problem("signer-certificate-altered", file=SIGNATURE))
            return
        self.describe(cms)
        try:
            manifest = parse_manifest(raw)
        except ManifestFormError as exc:
            problems.append(Problem("manifest-unusable", detail=exc))
            return
        if manifest.get("format") != FORMAT:
            problems.append(Problem("other-format", format=repr(manifest.get("format")),
                                    reads=FORMAT))
            return
        self.report.files = self.files(manifest)
        self.signer_pem(cms)
        self.check_pdfs(manifest, cms)
        self.report.intact = not problems
        moment = self.validity(cert, cms.signing_time)
        self.trust(cms, moment)
        self.training_and_review(manifest)
        self.approval(manifest)

    def describe(self, cms: CmsCheck) -> None:
        cert = cms.certificate
        assert cert is not None
        report = self.report
        report.signer = _describe_signer(cert)
        report.fingerprint = cert.fingerprint(hashes.SHA256()).hex()
        report.signed_at = cms.signing_time
        report.notes.append(Problem("note-fingerprint", fingerprint=report.fingerprint))
        if cms.signing_time is not None:
            report.notes.append(Problem("note-signing-time", time=_when(cms.signing_time)))

    # ------------------------------------------------------------------ files

    def files(self, manifest: dict[str, Any]) -> list[str]:
        problems, src = self.problems, self.src
        entries = manifest.get("files")
        if not isinstance(entries, list):
            problems.append(Problem("no-files-listed", file=MANIFEST))
            return []
        listed: list[str] = []
        folded: set[str] = set()
        for entry in entries:
            name = entry.get("path") if isinstance(entry, dict) else None
            if (not isinstance(name, str) or name_problem(name) or fold(name) in folded
                    or name in NOT_LISTED or not isinstance(entry.get("size"), int)
                    or not isinstance(entry.get("sha256"), str)):
                problems.append(Problem("bad-file-entry", file=MANIFEST, entry=repr(entry)))
                continue
            folded.add(fold(name))
            listed.append(name)
            if name not in src.sizes:
                if name not in src.rejected:
                    problems.append(Problem("file-missing", file=name))
                continue
            self.file(name, entry)
        for extra in sorted(src.names() - set(listed) - NOT_LISTED):
            problems.append(Problem("file-added", file=extra))
        return listed

    def file(self, name: str, entry: dict[str, Any]) -> None:
        modified = Problem("file-modified", file=name)
        keep = entry.get("kind") == "signed-pdf"
        at_most = entry["size"]
        if self.src.sizes[name] != entry["size"]:
            self.problems.append(modified)  # known without reading a byte
            # a signed PDF of a plausible size is still read, to say whose signature it has
            if not keep or self.src.sizes[name] > 2 * entry["size"] + 2**20:
                return
            at_most = self.src.sizes[name]
        try:
            got = self.src.digest(name, keep=keep, at_most=at_most)
        except TooLarge:
            raise
        except _READ_ERRORS as exc:
            self.problems.append(Problem("damaged-entry", file=name, detail=exc))
            return
        if keep and got.data is not None:
            self.pdfs[name] = got.data
        if got.size != entry["size"] or got.sha256 != entry["sha256"]:
            if modified not in self.problems:
                self.problems.append(modified)
        else:
            self.intact_files.add(name)

    def signer_pem(self, cms: CmsCheck) -> None:
        """signer.pem (hashed in the manifest) must be the certificate inside the CMS."""
        if SIGNER_CERT not in self.intact_files:
            return  # missing or modified: reported already
        pem = self.read(SIGNER_CERT, MAX_SMALL_FILE)
        if pem is None:
            return
        try:
            certs = x509.load_pem_x509_certificates(pem)
        except ValueError:
            certs = []
        if [certificate_der(c) for c in certs[:1]] != [cms.certificate_der]:
            self.problems.append(Problem("certificate-replaced", signature=SIGNATURE,
                                         certificate=SIGNER_CERT))

    def check_pdfs(self, manifest: dict[str, Any], cms: CmsCheck) -> None:
        from .pdf_sign import check_pdf

        cert = cms.certificate
        assert cert is not None
        trust = self.anchors or [cert]
        moment = _moment_inside(cert, self.now)
        for name, data in self.pdfs.items():
            if not name.endswith(".pdf"):
                continue
            result = check_pdf(data, trust, moment)
            for problem in result.problems:
                self.problems.append(Problem("pdf-signature-broken", file=name, detail=problem))
            if not result.problems and not _signed_by(data, cms.certificate_der):
                self.problems.append(Problem("pdf-other-signer", file=name))

    # ------------------------------------------------------------------ certificate

    def validity(self, cert: x509.Certificate, signed: dt.datetime | None) -> dt.datetime:
        """Report validity problems; return the moment at which trust is judged."""
        start, end = cert.not_valid_before_utc, cert.not_valid_after_utc
        if start <= self.now <= end:
            return self.now
        valid_then = signed is not None and start <= signed <= end
        if self.at_signing_time and signed is not None:
            if valid_then:
                self.report.notes.append(Problem(
                    "note-judged-expired" if self.now > end else "note-judged-not-yet-valid",
                    signed=_when(signed)))
                return signed
            self.problems.append(Problem("not-valid-at-signing-time", signed=_when(signed),
                                         start=_when(start), end=_when(end)))
            return _moment_inside(cert, signed)
        if self.now < start:
            self.problems.append(Problem("not-yet-valid", start=_when(start)))
        elif valid_then:
            assert signed is not None
            self.problems.append(Problem("expired-valid-when-signed", end=_when(end),
                                         signed=_when(signed)))
        else:
            self.problems.append(Problem("expired", end=_when(end)))
        return _moment_inside(cert, self.now)

    def trust(self, cms: CmsCheck, moment: dt.datetime) -> None:
        cert = cms.certificate
        assert cert is not None
        if not self.anchors:
            self.problems.append(NO_TRUST)
            return
        self.report.trusted = trusted_by(cert, cms.others, self.anchors,
                                         _moment_inside(cert, moment))
        if not self.report.trusted:
            self.problems.append(Problem("not-trusted"))

    # ------------------------------------------------------------------ what was signed

    def training_and_review(self, manifest: dict[str, Any]) -> None:
        review = manifest["review"] if isinstance(manifest.get("review"), dict) else {}
        status = str(review.get("status", ""))
        self.report.review_status = status
        self.report.training = manifest.get("training") is True
        log = review["audit_log"] if isinstance(review.get("audit_log"), dict) else {}
        if log:
            self.report.notes.append(Problem("note-audit-log", length=log.get("length"),
                                             head=log.get("head")))
        if log.get("repaired"):
            self.report.notes.append(Problem("note-log-repaired",
                                             count=log.get("repaired")))
        approved = status in APPROVED
        if self.report.training:
            if self.allow_training:
                self.report.notes.insert(0, Problem("note-training-accepted", training=TRAINING)
                                         if approved else Problem(
                                             "note-training-not-approved-accepted",
                                             training=TRAINING, status=status or "unknown"))
            else:
                self.problems.insert(0, Problem("training", training=TRAINING) if approved
                                     else Problem("training-not-approved", training=TRAINING,
                                                  status=status or "unknown"))
        elif not approved:
            self.problems.insert(0, Problem("not-approved", status=status or "unknown"))

    def approval(self, manifest: dict[str, Any]) -> None:
        review = manifest["review"] if isinstance(manifest.get("review"), dict) else {}
        who, when = review.get("approved_by") or "", review.get("approved_at") or ""
        if not who:
            self.report.approval = Problem("approval-none")
            return
        sig = review.get("approval_signature")
        self.approval_policy(manifest, str(who), str(when), str(sig or ""))
        if not sig:
            self.report.approval = Problem("approval-by-name", who=who, when=when)
            return
        from .approval import approval_message

        message = approval_message(str(manifest.get("content_sha256", "")),
                                   str(review.get("approval_log_head", "")), who, when)
        try:
            p7s = base64.b64decode(str(sig), validate=True)
        except ValueError:
            p7s = b""
        check = check_detached(message, p7s, "the approval signature")
        expected = review.get("approval_certificate_sha256")
        if not check.intact or check.certificate is None:
            self.problems.append(Problem("approval-signature-broken", detail=check.problem))
            return
        fingerprint = check.certificate.fingerprint(hashes.SHA256()).hex()
        if fingerprint != expected:
            self.problems.append(Problem("approval-other-certificate"))
            return
        trusted = self.anchors and trusted_by(check.certificate, check.others, self.anchors,
                                              _moment_inside(check.certificate, self.now))
        self.report.approval = Problem(
            "approval-signed-trusted" if trusted else "approval-signed", who=who, when=when,
            signer=_describe_signer(check.certificate), fingerprint=fingerprint)


    def approval_policy(self, manifest: dict[str, Any], who: str, when: str, sig: str) -> None:
        """The office policy's demand on the approval (`signing.policy`), if it makes one."""
        if self.policy is None or not self.policy.approvals_key_signed:
            return
        from .approval import approval_message
        from .policy import approval_policy_problem

        review = manifest["review"] if isinstance(manifest.get("review"), dict) else {}
        message = approval_message(str(manifest.get("content_sha256", "")),
                                   str(review.get("approval_log_head", "")), who, when)
        why = approval_policy_problem(self.policy, sig, message, self.now)
        if why:
            self.problems.append(Problem("approval-not-acceptable", detail=why))


def _claimed_format(raw: bytes) -> str | None:
    """The `format` an unverified manifest claims, when it is another mla-writer format."""
    import json

    try:
        claimed = json.loads(raw).get("format")
    except (ValueError, AttributeError):
        return None
    if isinstance(claimed, str) and claimed.startswith("mla-writer-package/") \
            and claimed != FORMAT:
        return claimed
    return None


def _signed_by(data: bytes, cert_der: bytes) -> bool:
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        return all(s.signer_cert.dump() == cert_der for s in reader.embedded_signatures)
    except Exception:  # unreadable: check_pdf has said so
        return False


def read_signed_manifest(path: str | os.PathLike[str]) -> tuple[dict[str, Any], bytes]:
    """(manifest, its exact bytes) of a package whose manifest signature is intact (trust is
    not judged). PackageReadError says what prevents it."""
    p = Path(path)
    with _open_source(p) as src:
        if src.unusable:
            raise PackageReadError(f"{p}: {src.unusable}")
        try:
            raw = src.read(MANIFEST, MAX_SMALL_FILE) if MANIFEST in src.sizes else None
            p7s = src.read(SIGNATURE, MAX_SMALL_FILE) if SIGNATURE in src.sizes else None
        except (TooLarge, *_READ_ERRORS) as exc:
            raise PackageReadError(f"{p}: cannot read the manifest ({exc})") from None
    if raw is None or p7s is None:
        raise PackageReadError(f"{p}: not a signed package ({MANIFEST} or {SIGNATURE} missing)")
    check = check_detached(raw, p7s, SIGNATURE)
    if not check.intact:
        raise PackageReadError(f"{p}: manifest signature broken: {check.problem}")
    try:
        return parse_manifest(raw), raw
    except ManifestFormError as exc:
        raise PackageReadError(f"{p}: {exc}") from None
