"""The transmission package: signed PDFs, DOCX, checklist, signer certificate, signed manifest.

A library: it writes and signs what it is given. Whether a case may be signed (review,
approval, the check's errors) is decided by the application layer (`mla_writer.workflow`),
which passes the review record, the content hash and the checklist in as plain values. The
package is built in a temporary folder beside the target and moved into place when complete.
"""

# lazy imports (start-up cost): cryptography, render, signing, profiles
from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import io
import json
import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import __version__
from ..domain.clock import SYSTEM_CLOCK, Clock
from ..domain.issues import Issue
from ..domain.model import CaseFile
from ..domain.review import Status
from ..identities import name_problem
from ..storage import PARTIAL, atomic_write_bytes, clean_stale
from .keys import Identity, PendingIdentity, resolved
from .manifest import (
    FORMAT,
    MANIFEST,
    SIGNATURE,
    SIGNER_CERT,
    file_entry,
    manifest_bytes,
    sign_detached,
)

CHECKLIST_TXT, CHECKLIST_JSON = "checklist.txt", "checklist.json"
FORMATS = ("pdf", "docx")
#: forked processes rendering a package's documents (beside this one, which decrypts the key)
RENDERERS = 2
CLAIM = ".claim-"  # a renderer's mark on the file it writes (removed before the listing)

Progress = Callable[[int, int, str], None]


class PackageError(Exception):
    """Signing refused or failed; the message says why (nothing is left half-written)."""


@dataclass(frozen=True)
class PackageResult:
    directory: Path
    zip_path: Path | None
    manifest: dict[str, Any]
    manifest_sha256: str = ""


def _training(case: CaseFile, training: bool) -> bool:
    return training or case.training


def identity_problem(identity: Identity, now: dt.datetime) -> str:
    """Why this certificate may not sign now ('' when it may): validity, key usage, and a
    name that hides what it is (invisible, control or text-direction characters)."""
    from cryptography import x509

    hidden = name_problem(identity.name)
    if hidden:
        return f"the signing certificate's name {identity.name!r}: {hidden}"
    cert = identity.certificate
    if now < cert.not_valid_before_utc:
        return f"the signing certificate is not valid before {cert.not_valid_before_utc:%Y-%m-%d}"
    if now > cert.not_valid_after_utc:
        return f"the signing certificate expired on {cert.not_valid_after_utc:%Y-%m-%d}"
    try:
        usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return ""
    if not (usage.digital_signature or usage.content_commitment):
        return "the certificate's key usage does not allow signatures (digitalSignature or" \
            " nonRepudiation is needed)"
    return ""


def training_key_problem(identity: Identity, training: bool) -> str:
    """Training and real signatures never mix ('' when this key may sign): a training package
    needs a self-signed key marked as a training key (`keys new --training`), whose signature
    cannot look official; a real request must not carry a training key's signature."""
    if not training:
        if identity.training:
            return ("this is a training key (`keys new --training`): it signs training cases"
                    " only, never a real request; use your own signing key")
        return ""
    if not identity.self_signed:
        issuer = identity.certificate.issuer.rfc4514_string()
        return (f"a training package must be signed with a self-signed training key (`keys new"
                f" --training`); this certificate was issued by {issuer}, and its signature on"
                " training material would look official")
    if not identity.training:
        return ("a training package must be signed with a training key (`keys new --training`);"
                " this key is not marked as one, and a real key must not sign training material")
    return ""


def _profile(case: CaseFile) -> dict[str, str]:
    code = case.request.requested_state.upper()
    info = {"id": f"states/{code}", "state": code, "version": "", "last_reviewed": ""}
    with contextlib.suppress(Exception):  # a broken profile leaves the version blank
        from ..profiles import load_registry

        state = load_registry().state(code)
        if state is not None:
            info["version"] = str(state.profile_version)
            info["last_reviewed"] = str(getattr(state, "last_reviewed", "") or "")
    return info


def _template_versions(case: CaseFile, lang: str, clock: Clock) -> dict[str, str]:
    from ..render.build import template_version

    return {name: template_version(case, template=None if name == "request" else name,
                                   lang=lang)
            for name in ("request", "transmittal")}


def _languages(case: CaseFile, languages: Sequence[str] | None) -> list[str]:
    from ..render import default_languages

    return list(dict.fromkeys(languages or default_languages(case)))


def _document_names(case: CaseFile, langs: list[str]) -> list[str]:
    from ..render.build import DOC_NAMES, slug

    base = slug(case.request.case_reference)
    return [f"{base}_{doc}_{lang}.{fmt}" for lang in langs for doc in DOC_NAMES
            for fmt in FORMATS]


def annex_file_names(files: Sequence[str | os.PathLike[str] | None]) -> list[str | None]:
    """Package names of annex files, in order: `annex-01_<file name>` (None: no file)."""
    from ..render.build import slug

    out: list[str | None] = []
    for n, f in enumerate(files, 1):
        p = Path(f) if f is not None else None
        out.append(f"annex-{n:02d}_{slug(p.stem)}{p.suffix.lower()}" if p else None)
    return out


def _annexes(case: CaseFile, files: Sequence[str | None] | None = None) -> list[dict[str, Any]]:
    """The case's annexes; the n-th annex file given is taken to be the n-th annex (None: that
    annex has no file). Files beyond the case's annexes are listed too, marked as not named
    in the request."""
    files = files or []
    out: list[dict[str, Any]] = []
    for n, a in enumerate(case.request.annexes):
        name = files[n] if n < len(files) else None
        entry: dict[str, Any] = {"title": a.title, "pages": a.pages, "language": a.language,
                                 "included": name is not None, "in_request": True}
        if name is not None:
            entry["file"] = name
        out.append(entry)
    for extra in files[len(case.request.annexes):]:
        if extra is not None:
            out.append({"title": "", "pages": None, "language": "", "included": True,
                        "in_request": False, "file": extra})
    return out


def skeleton(case: CaseFile, langs: list[str], clock: Clock, training: bool,
             review_record: dict[str, Any], content_sha256: str) -> dict[str, Any]:
    """The manifest's fields that do not depend on the files (`review_record` and
    `content_sha256` come from the review: what it says about the case at signing)."""
    r = case.request
    return {
        "format": FORMAT,
        "request": {"reference": r.case_reference, "kind": r.kind.value,
                    "requesting_state": r.requesting_state, "requested_state": r.requested_state,
                    "request_date": r.request_date.isoformat() if r.request_date else ""},
        "training": _training(case, training),
        "review": review_record,
        "profile": _profile(case),
        "templates": _template_versions(case, langs[0], clock),
        "program": {"name": "mla-writer", "version": __version__},
        "languages": langs,
        "annexes": _annexes(case),
        "content_sha256": content_sha256,
    }


def languages_of(case: CaseFile, languages: Sequence[str] | None) -> list[str]:
    """The package's languages: those given, else the case's default ones (no repeats)."""
    return _languages(case, languages)


def planned_files(case: CaseFile, langs: list[str]) -> list[dict[str, str]]:
    """The files the package will hold (without annexes), each with its kind."""
    names = _document_names(case, langs)
    return [{"path": n, "kind": _kind(n)} for n in
            sorted([*names, CHECKLIST_TXT, CHECKLIST_JSON, SIGNER_CERT])]


def _kind(name: str) -> str:
    if name.startswith("annex-"):
        return "annex"
    if name.endswith(".pdf"):
        return "signed-pdf"
    if name.endswith(".docx"):
        return "docx"
    if name.startswith("checklist"):
        return "checklist"
    if name == SIGNER_CERT:
        return "certificate"
    return "other"


def checklist_text(case: CaseFile, issues: list[Issue], when: dt.datetime,
                   annexes: list[dict[str, Any]] | None = None) -> str:
    r = case.request
    lines = [f"Checklist for request {r.case_reference} ({r.kind.value}, {r.requesting_state}"
             f" to {r.requested_state})", f"Generated {when.isoformat()}", ""]
    for i in issues:
        mark = "" if i.verified else "  [source unverified: confirm with the central authority]"
        lines += [f"{str(i.severity).upper():7} {i.path}  [{i.code}]{mark}", f"        {i.message}"]
        if i.citation:
            lines.append(f"        Citation: {i.citation}")
    errors = sum(1 for i in issues if i.blocking)
    lines += ["", f"{errors} error(s), {len(issues) - errors} other finding(s)"]
    entries = annexes if annexes is not None else _annexes(case)
    if entries:
        lines += ["", "Annexes:"]
        for n, a in enumerate(entries, 1):
            where = f"file {a['file']}" if a.get("file") else "not in this package; send it"
            pages = f" ({a['pages']} pages)" if a.get("pages") else ""
            title = a["title"] if a.get("in_request", True) else (
                "additional file, not among the annexes the request lists")
            lines.append(f"  {n}. {title}{pages} — {where}")
    return "\n".join(lines) + "\n"


def check_target(out_dir: Path) -> None:
    """Raise PackageError unless `out_dir` is absent or an empty folder."""
    if out_dir.exists() and (not out_dir.is_dir() or any(out_dir.iterdir())):
        raise PackageError(f"{out_dir} exists and is not an empty folder; choose a new folder")


def write_package(case: CaseFile, out_dir: str | os.PathLike[str],
                  identity: Identity | PendingIdentity, *,
                  review_record: dict[str, Any], content_sha256: str, issues: Sequence[Issue],
                  languages: Sequence[str] | None = None, make_zip: bool = False,
                  clock: Clock | None = None, progress: Progress | None = None,
                  training: bool = False, actor: str = "",
                  annex_files: Sequence[str | os.PathLike[str] | None] = (),
                  annex_sha256: Sequence[str | None] = ()) -> PackageResult:
    """Build, sign and write the package of `case` with the checklist `issues`; the caller
    has decided that the case may be signed (`mla_writer.workflow.package.build_package`)
    and records the signature. `annex_files[n]` is the file of the n-th annex (None: none);
    `annex_sha256[n]`, when given, is the SHA-256 its copy in the package must have.
    Refuses only what is the signer's own business: a certificate
    that may not sign now, a training key on a real request (or the reverse), a hidden name.
    Raises PackageError when signing is refused or fails; a PendingIdentity's KeyFileError
    (wrong passphrase, unreadable key file) passes through, and nothing is left behind.

    Each PDF is rendered with its signature field and a reserved place for the signature
    (`render.pdf_signature`), so signing it is hashing it and writing the CMS into that
    place (`pdf_sign.sign_rendered`), in one revision. Where `forked.available()`, the
    documents are rendered by forked children (`RENDERERS`; each takes the next file not yet
    taken, the DOCX first) while this process decrypts a PendingIdentity's key; they are given
    the signature field (which names the signer, read from the key) before their first PDF,
    and this process signs each PDF as soon as it is reported. The field of the signer
    remembered for the key file (`signer_cache`) is given at once, so the children do not wait
    for the key; it must equal the decrypted key's own field. If a child fails, or the
    remembered signer is not the key's, the documents are rendered here, with the same
    result."""
    from ..render.build import DOC_NAMES
    from . import forked
    from .pdf_sign import sign_rendered_file

    clock = clock or SYSTEM_CLOCK
    now = clock.now()
    actor_problem = (f"the name recorded as signing: {name_problem(actor)}"
                     if name_problem(actor) else "")
    if not isinstance(identity, PendingIdentity):  # decrypted already: refuse before any work
        _refuse_identity(identity, case, training, now, actor_problem)
    target = Path(out_dir)
    check_target(target)
    missing = [str(f) for f in annex_files if f is not None and not Path(f).is_file()]
    if missing:
        raise PackageError(f"annex file(s) not found: {', '.join(missing)}")
    annex_names = annex_file_names(annex_files)
    is_training = _training(case, training)
    doc_case = case if case.training or not is_training else case.model_copy(
        update={"training": True}, deep=True)
    approved = case.review.status in (Status.APPROVED, Status.SIGNED)
    langs = _languages(case, languages)
    if isinstance(identity, PendingIdentity) and not target.parent.is_dir():
        _refuse_identity(resolved(identity), case, training, now, actor_problem)  # no folder made
    target.parent.mkdir(parents=True, exist_ok=True)
    clean_stale(target)  # partial folders of killed runs
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.{PARTIAL}", dir=target.parent))

    forking = isinstance(identity, PendingIdentity) and forked.available()
    # the signer remembered for this key file (`signer_cache`): the children lay out their
    # PDFs with it while the key is decrypted, and it is checked against the key below
    guess = _remembered_field(identity, now, case) if forking else None

    def in_a_child(report: Callable[[str], None], receive: Callable[[], str], *,
                   formats: tuple[str, ...]) -> None:
        given: list[Any] = [guess] if guess is not None else []

        def field() -> Any:  # waits for the signer's name, once, before the first PDF
            if not given:
                given.append(field_from_text(receive()))
            return given[0]

        _render(doc_case, work, langs, draft=not approved, clock=clock, report=report,
                signature=field, claim=lambda n: _claim(work, n), formats=formats)

    children: list[forked.Child] = []
    if forking:
        for n in range(RENDERERS):
            child = forked.start(functools.partial(in_a_child, formats=_renderer_formats(
                n, field_known=guess is not None)), inbox=True)
            if child is not None:
                children.append(child)
    try:
        ident = resolved(identity)
        _refuse_identity(ident, case, training, now, actor_problem)
        field = signature_field(ident, now, case)
        if children and guess != field:
            _remember(identity, ident, field)
        manifest = skeleton(case, langs, clock, training, review_record, content_sha256)
        manifest["created"] = now.isoformat()
        manifest["annexes"] = _annexes(case, annex_names)
        manifest["signer"] = {"name": ident.name, "role": ident.role,
                              "authority": ident.authority,
                              "certificate_sha256": ident.fingerprint}
        total = len(langs) * len(DOC_NAMES) + 2
        signed: list[str] = []
        reported: set[str] = set()

        def ready(name: str) -> None:
            if not name.endswith(".pdf"):
                return
            if progress is not None:
                progress(len(signed), total, f"signing {name}")
            sign_rendered_file(work / name, ident)
            signed.append(name)

        try:
            if not children:
                raise forked.ChildFailed("not forked")
            if guess is None:
                for child in children:
                    child.send(field_text(field))
            elif guess != field:  # laid out for another signer: render again with this one
                raise forked.ChildFailed("the remembered certificate is not the key's")
            for name in forked.all_reports(children):  # signed as soon as reported
                if name != Path(name).name or name.startswith(".") \
                        or not (work / name).is_file() or name in reported:
                    raise forked.ChildFailed(f"unexpected report {name!r}")
                reported.add(name)
                try:
                    ready(name)
                except ValueError as exc:  # no signature field: not the renderer's PDF
                    raise forked.ChildFailed(f"{name}: {exc}") from None
            _unclaim(work)
            if len(reported) != len(langs) * len(DOC_NAMES) * len(FORMATS):
                raise forked.ChildFailed(f"{len(reported)} documents written")
        except forked.ChildFailed:  # render here (again): the same documents
            for child in children:
                child.stop()
            _empty(work)  # whatever they wrote, a half-written file included
            signed.clear()
            _render(doc_case, work, langs, draft=not approved, clock=clock, report=ready,
                    signature=lambda: field)
        finally:
            for child in children:
                child.stop()
        for n, (source, annex) in enumerate(zip(annex_files, annex_names, strict=True)):
            if source is None or annex is None:
                continue
            shutil.copyfile(source, work / annex)
            want = annex_sha256[n] if n < len(annex_sha256) else None
            if want and file_entry(work, annex, "annex")["sha256"] != want:
                raise PackageError(f"cannot sign: the file of annex {n + 1} ({source}) changed"
                                   " while it was copied into the package; it is not the"
                                   " file that was attached")
        issues = list(issues)
        (work / CHECKLIST_TXT).write_text(
            checklist_text(case, issues, now, manifest["annexes"]), "utf-8")
        (work / CHECKLIST_JSON).write_text(json.dumps(
            [i.as_json() for i in issues], indent=2, ensure_ascii=False) + "\n", "utf-8")
        (work / SIGNER_CERT).write_bytes(ident.cert_pem())
        names = sorted(p.name for p in work.iterdir())
        manifest["files"] = [file_entry(work, n, _kind(n)) for n in names]
        if progress is not None:
            progress(total - 2, total, "signing the manifest")
        data = manifest_bytes(manifest)
        (work / MANIFEST).write_bytes(data)
        (work / SIGNATURE).write_bytes(sign_detached(data, ident, now))
        for p in work.iterdir():
            os.chmod(p, 0o600)  # case data: readable by the owner only, like case files
        if target.exists():
            target.rmdir()
        os.replace(work, target)
    except BaseException:
        for child in children:
            child.stop()  # before removing the folder they write into
        shutil.rmtree(work, ignore_errors=True)
        raise
    if progress is not None:
        progress(total - 1, total, "writing the zip file and recording the signature"
                 if make_zip else "recording the signature in the case file")
    zip_path = _zip(target) if make_zip else None
    return PackageResult(directory=target, zip_path=zip_path, manifest=manifest,
                         manifest_sha256=hashlib.sha256(data).hexdigest())


def _renderer_formats(n: int, *, field_known: bool) -> tuple[str, ...]:
    """The order in which the n-th renderer takes the formats: the first the DOCX files
    first; when the signature field is known from the start (no wait for the key), the
    others begin with the PDFs (the longest jobs), so that only one renderer loads the DOCX
    writer and the two end at about the same time."""
    return ("pdf", "docx") if field_known and n % 2 else ("docx", "pdf")


def _claim(work: Path, n: int) -> bool:
    """Take the n-th file to write (True), unless another renderer took it first."""
    try:
        os.close(os.open(work / f"{CLAIM}{n}", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        return False
    return True


def _unclaim(work: Path) -> None:
    for p in work.glob(f"{CLAIM}*"):
        p.unlink()


def _empty(folder: Path) -> None:
    for p in folder.iterdir():
        if p.is_dir() and not p.is_symlink():
            shutil.rmtree(p)
        else:
            p.unlink()


def _refuse_identity(identity: Identity, case: CaseFile, training: bool, now: dt.datetime,
                     actor_problem: str) -> None:
    why = (identity_problem(identity, now)
           or training_key_problem(identity, _training(case, training)) or actor_problem)
    if why:
        raise PackageError(f"cannot sign: {why}")


def signature_field(identity: Identity, now: dt.datetime, case: CaseFile) -> Any:
    """The PDFs' signature field (`pdf_sign.signature_field`) with the case's reason and
    place of signature."""
    from .pdf_sign import signature_field as field

    reason, location = _reason_and_place(case)
    return field(identity, now, reason=reason, location=location)


def _reason_and_place(case: CaseFile) -> tuple[str, str]:
    """The signature's reason and place (`signature_field`)."""
    reason = ("Request for mutual legal assistance"
              if case.request.kind.value in ("mla", "supplementary")
              else "Request for extradition")
    return reason, case.request.place_of_signature


def _remembered_field(identity: Identity | PendingIdentity, now: dt.datetime,
                      case: CaseFile) -> Any:
    """The signature field of the signer remembered for a pending key file (None: none
    remembered, or the key is decrypted already)."""
    if not isinstance(identity, PendingIdentity):
        return None
    from .signer_cache import recall

    known = recall(identity.path)
    if known is None:
        return None
    reason, location = _reason_and_place(case)
    return known.field(now, reason=reason, location=location)


def _remember(identity: Identity | PendingIdentity, ident: Identity, field: Any) -> None:
    """Remember the decrypted signer of a pending key file for the next package."""
    if isinstance(identity, PendingIdentity):
        from .signer_cache import remember

        remember(identity.path, ident, field.contents_size)


def field_text(field: Any) -> str:
    """A signature field as one line of JSON (handed to a rendering child)."""
    return json.dumps(field.to_data(), ensure_ascii=True)


def field_from_text(text: str) -> Any:
    """The signature field `field_text` wrote (ValueError when it is not one)."""
    from ..render.signature_field import SignatureField

    try:
        return SignatureField.from_data(json.loads(text))
    except (KeyError, TypeError, AttributeError) as exc:
        raise ValueError(f"not a signature field ({exc})") from None


def _render(case: CaseFile, work: Path, langs: list[str], *, draft: bool, clock: Clock,
            report: Callable[[str], None], signature: Callable[[], Any] | None = None,
            claim: Callable[[int], bool] | None = None,
            formats: tuple[str, ...] = ("docx", "pdf")) -> None:
    """Write the documents into `work`, calling `report(name)` as soon as each is written:
    by default every DOCX first, then the PDFs (`formats`: the order), each made with
    `signature()`'s field when given (a child waiting for the signer's name has the DOCX
    files to write meanwhile). `claim(n)`: whether this process writes the n-th file
    (renderers sharing the work; the n-th of the DOCX files, then of the PDFs); None: every
    file."""
    from ..render.build import document_jobs, write_documents

    made: dict[int, Any] = {}

    def once(n: int, make: Callable[[], Any]) -> Callable[[], Any]:
        def document() -> Any:
            if n not in made:
                made[n] = make()
            return made[n]
        return document

    jobs = [(name, lang, once(n, make)) for n, (name, lang, make) in
            enumerate(document_jobs(case, languages=langs, draft=draft, clock=clock))]
    files = [(fmt, n) for fmt in ("docx", "pdf") for n in range(len(jobs))]
    for fmt in formats:  # a document made here already first: it is not made twice
        mine = sorted(range(len(jobs)), key=lambda n: n not in made)
        for n in mine:
            if claim is not None and not claim(files.index((fmt, n))):
                continue
            written = write_documents(case, work, [jobs[n]], formats=(fmt,), draft=draft,
                                      signature=signature if fmt == "pdf" else None)
            for path in written:
                report(path.name)


def _zip(folder: Path) -> Path:
    """`<folder>.zip` holding the package files at its root (written atomically)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for p in sorted(folder.iterdir()):
            zf.write(p, p.name)
    path = folder.with_name(folder.name + ".zip")
    atomic_write_bytes(path, buffer.getvalue())
    return path
