"""Sign: whether a case may be signed, and the signed package with the review's record of it.

Only an approved request whose content has not changed since approval is signed (a training
case, or an explicit training run, may sign a draft: its documents are marked), and a real
request is refused on the findings that refuse a final build. The signing library
(`signing.package.write_package`) writes what it is given; this module asks the review and
the preflight first and records the signature in the case's audit log after.

`clear` decides once (refusal and checklist, a `Clearance`): `mla-writer sign` refuses with it
before asking for the passphrase and hands it to `build_package`, which uses it only while it
was decided on exactly the case, options and date being signed, and decides again otherwise.
"""

# lazy imports (start-up cost): rules, profiles
from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .. import review
from ..domain.clock import SYSTEM_CLOCK, Clock
from ..domain.issues import Issue, sort_issues
from ..domain.model import CaseFile
from ..domain.review import Status
from ..signing.keys import Identity, PendingIdentity, resolved
from ..signing.package import (
    PackageError,
    PackageResult,
    Progress,
    languages_of,
    planned_files,
    skeleton,
    write_package,
)
from ..signing.policy import PolicyError, load_policy
from .annexes import AnnexError, files_for_signing
from .preflight import Findings, findings_by_source

__all__ = ["Clearance", "PackageError", "PackageResult", "build_package", "checklist", "clear",
           "plan_package", "refusal", "review_record"]


def _training(case: CaseFile, training: bool) -> bool:
    return training or case.training


def refusal(case: CaseFile, training: bool = False, clock: Clock | None = None,
            registry: Any = None, policy: Any = None,
            case_path: str | os.PathLike[str] | None = None) -> str:
    """Why this case may not be signed now ('' when it may).

    Beyond the review (intact log, approved, unchanged since), a real request is refused on
    the same findings that refuse a final build (`preflight.blocking_findings`): the law on
    the request date may have changed, or a profile been corrected, since the approval.
    With `case_path`, an attached annex file that is missing, changed or unreadable refuses
    too (`annexes.files_for_signing`)."""
    return _refusal(case, training, _decision_date(case, clock), registry, policy, case_path)[0]


def _refusal(case: CaseFile, training: bool, on: dt.date, registry: Any, policy: Any,
             case_path: str | os.PathLike[str] | None) -> tuple[str, Findings | None]:
    """`refusal` with the law taken as on the date `on`, and the findings it was decided on
    when it came to them (None when it did not: training, or refused before)."""
    problems = review.verify_audit_log(case)
    if problems:
        return "the review audit log is broken: " + "; ".join(problems), None
    if case_path is not None:
        try:
            files_for_signing(case, case_path)
        except AnnexError as exc:
            return str(exc), None
    status = case.review.status
    if _training(case, training):
        return "", None
    if status not in (Status.APPROVED, Status.SIGNED):
        return (f"the request is {status.value}, not approved; it must be submitted and approved"
                " before signing (a training case may sign a marked training copy)"), None
    if review.changed_since_approval(case):
        return "the request changed after it was approved; submit it for review again", None
    try:
        policy = policy if policy is not None else load_policy()
    except PolicyError as exc:
        return str(exc), None
    broken_policy = review.approval_policy_problems(case, policy)
    if broken_policy:
        return "; ".join(broken_policy), None
    # the findings that refuse a final build (`preflight.blocking_findings`)
    found = findings_by_source(case, on=on, registry=registry)
    errors = found.blocking
    if errors:
        listed = "; ".join(f"{i.path}: {i.message}" for i in errors[:3])
        more = f" (and {len(errors) - 3} more)" if len(errors) > 3 else ""
        return (f"the check finds {len(errors)} error(s) that block the request: {listed}{more};"
                " run `mla-writer check` and correct the case"), found
    return "", found


def _decision_date(case: CaseFile, clock: Clock | None) -> dt.date:
    """The date the law is taken at (refusal and checklist): the request date, else today."""
    return case.request.request_date or (clock or SYSTEM_CLOCK).today()


def _case_state(case: CaseFile) -> str:
    """SHA-256 of the whole case as it is now (request, review and its log, training flag):
    any change to it makes an earlier decision stale."""
    return hashlib.sha256(case.model_dump_json().encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Clearance:
    """What `clear` decided: why the case may not be signed ('' when it may) and the checklist
    that goes into the package, with what it was decided on, so that `build_package` reuses
    it only for the same case, in the same state, with the same options, on the same date."""

    refused: str
    issues: tuple[Issue, ...]
    case_state: str
    training: bool
    on: dt.date
    registry: Any
    policy: Any

    def holds_for(self, case: CaseFile, *, training: bool, clock: Clock | None,
                  registry: Any, policy: Any) -> bool:
        """Whether this decision is the one `clear` would make now for signing `case` with
        these options. A decision that loaded the policy itself (policy None) never holds: the
        policy file may have changed since."""
        return (self.training == training and self.registry is registry
                and self.policy is not None and self.policy is policy
                and self.on == _decision_date(case, clock)
                and self.case_state == _case_state(case))


def clear(case: CaseFile, training: bool = False, clock: Clock | None = None,
          registry: Any = None, policy: Any = None,
          case_path: str | os.PathLike[str] | None = None) -> Clearance:
    """`refusal` and, when the case may be signed, its `checklist`: decided once, before the
    signer's passphrase is asked for, and reused by `build_package` (see `Clearance`)."""
    on = _decision_date(case, clock)
    state = _case_state(case)
    why, found = _refusal(case, training, on, registry, policy, case_path)
    if why:
        issues: tuple[Issue, ...] = ()
    elif found is not None and _is_installed(registry):  # what the checklist would evaluate
        issues = tuple(sort_issues([*found.rules, *found.review]))
    else:
        issues = tuple(_checklist(case, on))
    return Clearance(refused=why, issues=issues, case_state=state, training=training, on=on,
                     registry=registry, policy=policy)


def review_record(case: CaseFile) -> dict[str, Any]:
    """What the manifest says about the review: status, approval (and its signature), and the
    audit log's length and head at signing, so a later rollback of the case is detectable."""
    log = case.review.audit_log
    return {"status": case.review.status.value, **review.approval_record(case),
            "audit_log": {"length": len(log), "head": review.head_hash(case),
                          "repaired": len(review.repairs(case))}}


def checklist(case: CaseFile, clock: Clock) -> list[Issue]:
    """Rule findings (law as on the request date) and review findings, errors first."""
    return _checklist(case, _decision_date(case, clock))


def _is_installed(registry: Any) -> bool:
    """Whether rules evaluated with `registry` are what `checklist` evaluates (the installed
    profiles: None, or the very registry `profiles.load_registry` gives)."""
    if registry is None:
        return True
    from ..profiles import load_registry

    try:
        return registry is load_registry()
    except Exception:  # broken installed profiles: the checklist has no rule findings
        return False


def _checklist(case: CaseFile, on: dt.date) -> list[Issue]:
    from ..rules import evaluate

    issues: list[Issue] = []
    with contextlib.suppress(Exception):  # broken profiles: the review findings still count
        issues = evaluate(case, on=on)
    return sort_issues([*issues, *review.review_issues(case)])


def plan_package(case: CaseFile, languages: Sequence[str] | None = None, *,
                 training: bool = False, clock: Clock | None = None,
                 case_path: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """The manifest as it will be, without hashes or sizes, plus why signing is refused
    (`refused`, '' when it is allowed; `case_path`: where the annex files are read from)."""
    clock = clock or SYSTEM_CLOCK
    langs = languages_of(case, languages)
    plan = skeleton(case, langs, clock, training, review_record(case), review.content_hash(case))
    plan["files"] = planned_files(case, langs)
    plan["refused"] = refusal(case, training, clock, case_path=case_path)
    return plan


def build_package(case: CaseFile, out_dir: str | os.PathLike[str],
                  identity: Identity | PendingIdentity,
                  languages: Sequence[str] | None = None, make_zip: bool = False,
                  clock: Clock | None = None, progress: Progress | None = None, *,
                  training: bool = False, actor: str = "",
                  annex_files: Sequence[str | os.PathLike[str]] = (),
                  policy: Any = None, registry: Any = None,
                  case_path: str | os.PathLike[str] | None = None,
                  clearance: Clearance | None = None) -> PackageResult:
    """Refuse what `refusal` refuses (profiles from `registry`, None: the installed ones),
    else build, sign and write the package and record `signed` in the case's audit log (the
    caller saves the case). The files attached to the annexes (`model.AnnexFile`, read from
    the folder of `case_path`) are copied in, and must still be what was attached; a case
    without attached files may be given `annex_files` instead (the n-th file is the case's
    n-th annex). Raises PackageError when signing is not allowed or fails; a PendingIdentity
    (the key decrypted while the documents render) raises its KeyFileError.

    `clearance`: what `clear` decided for this case earlier (the CLI refuses with it before
    asking for the passphrase); used when it `holds_for` this case and these options, else the
    case is cleared again. The annex files are checked again here either way."""
    clock = clock or SYSTEM_CLOCK
    attached = any(a.file is not None for a in case.request.annexes)
    if attached and annex_files:
        raise PackageError("cannot sign: this case records the files of its annexes"
                           " (`mla-writer annex list`); sign without --annex files, or attach"
                           " the files to the annexes instead")
    try:
        files: Sequence[str | os.PathLike[str] | None] = (
            files_for_signing(case, case_path) if attached else annex_files)
    except AnnexError as exc:
        raise PackageError(f"cannot sign: {exc}") from None
    hashes = [a.file.sha256 if a.file else None for a in case.request.annexes] if attached else []
    if clearance is None or not clearance.holds_for(case, training=training, clock=clock,
                                                    registry=registry, policy=policy):
        clearance = clear(case, training, clock, registry, policy=policy)
    if clearance.refused:
        raise PackageError(f"cannot sign: {clearance.refused}")
    steps = [1]

    def step(done: int, total: int, what: str) -> None:
        steps[0] = total
        if progress is not None:
            progress(done, total, what)

    result = write_package(
        case, out_dir, identity, review_record=review_record(case),
        content_sha256=review.content_hash(case), issues=list(clearance.issues),
        languages=languages, make_zip=make_zip, clock=clock, progress=step,
        training=training, actor=actor, annex_files=files, annex_sha256=hashes)
    identity = resolved(identity)
    approved = case.review.status in (Status.APPROVED, Status.SIGNED)
    # a training copy of a real case, or a training case not approved: no status change
    training_record = (training and not case.training) or (case.training and not approved)
    review.mark_signed(case, actor or identity.name, clock, training=training_record, detail={
        "manifest_sha256": result.manifest_sha256, "package": result.directory.name,
        "certificate_sha256": identity.fingerprint})
    if progress is not None:
        progress(steps[0], steps[0], "")
    return result
