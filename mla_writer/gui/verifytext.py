"""Verification problems in the interface language. The verifier gives each problem as a
`signing.problems.Problem`: its English text (for the command line and logs), an id and the
data it names; here each id has a sentence of its own in the interface language, with the
data (a file name, a date, a review status) put in. An English explanation from a lower layer
(`detail`: a zip or CMS library's words) is never part of that sentence: `technical_detail`
gives it, labelled, for whoever supports the user. A plain English problem (from an older
verifier) still has its kind translated and its detail kept. No Qt."""

from __future__ import annotations

import re

from ..domain.review import Status
from ..i18n import _
from .steps import N_
from .texts import status_text

#: the English lead-in of a problem -> what it says, in words for a reader of the interface
KINDS: dict[str, str] = {
    "package too large": N_("The package is too large to check"),
    "file too large": N_("A file is larger than the manifest says"),
    "damaged entry": N_("A file in the package cannot be read"),
    "file missing": N_("A file is missing"),
    "file added": N_("A file was added after signing"),
    "file modified": N_("A file was changed after signing"),
    "manifest not usable": N_("The list of files (manifest) cannot be used"),
    "manifest signature broken": N_("The signature of the list of files is broken"),
    "PDF signature broken": N_("The signature of a PDF is broken"),
    "certificate not valid at the claimed signing time":
        N_("The certificate was not valid when the package says it was signed"),
    "certificate not yet valid": N_("The certificate is not valid yet"),
    "certificate expired on": N_("The certificate has expired"),
    "signer not trusted": N_("The signer is not the one you trust"),
    "approval signature broken": N_("The reviewer's signed approval is broken"),
}
#: whole problems with a sentence of their own
WHOLE: dict[str, str] = {
    "signer not trusted: the signer's certificate does not chain to the trust anchor(s) given":
        N_("The signer's certificate is not the trusted certificate you chose, nor issued"
           " by it."),
}
#: `Problem.id` -> its sentence for a reader of the interface (%(name)s: the problem's data)
TEXTS: dict[str, str] = {
    "package-too-large": N_("The package is larger than %(limit)s, the most that is checked:"
                            " it was not checked further."),
    "file-too-large": N_("The file %(file)s is larger than %(limit)s, far larger than"
                         " mla-writer writes: it was not read."),
    "damaged-entry": N_("The file %(file)s in the package is damaged and cannot be read."),
    "package-unusable": N_("The package cannot be read as a signed package (its folder or zip"
                           " structure is not accepted)."),
    "package-structure": N_("The package holds an entry a signed package may not have (a"
                            " folder, a link, a duplicate or unsafe name, or a zip comment)."),
    "not-a-package": N_("The file %(file)s is missing: this is not a signed package."),
    "manifest-unsigned": N_("The file %(file)s is missing: the list of files (manifest) is not"
                            " signed."),
    "other-format-unverified": N_("The package says it is in format %(format)s; this version"
                                  " of mla-writer reads %(reads)s. That claim is not checked,"
                                  " because the signature could not be checked."),
    "manifest-signature-broken": N_("The signature of the list of files (manifest) is broken:"
                                    " the package was changed after signing, or the signature"
                                    " is damaged."),
    "signer-certificate-altered": N_("The signer's certificate in %(file)s was altered: its own"
                                     " signature does not check."),
    "manifest-unusable": N_("The list of files (manifest) cannot be used: it is not in the form"
                            " mla-writer writes."),
    "other-format": N_("The package is in format %(format)s; this version of mla-writer reads"
                       " %(reads)s."),
    "no-files-listed": N_("The list of files (%(file)s) lists no files."),
    "bad-file-entry": N_("The list of files (%(file)s) has an unsafe or malformed entry."),
    "file-missing": N_("A file is missing: %(file)s"),
    "file-added": N_("A file was added after signing: %(file)s"),
    "file-modified": N_("A file was changed after signing: %(file)s"),
    "certificate-replaced": N_("The certificate in %(signature)s is not the one in"
                               " %(certificate)s: it was replaced or altered."),
    "pdf-signature-broken": N_("The signature of the PDF %(file)s is broken."),
    "pdf-other-signer": N_("The PDF %(file)s was signed with another certificate than the"
                           " package."),
    "not-valid-at-signing-time": N_("The certificate was not valid when the package says it was"
                                    " signed (%(signed)s): it is valid from %(start)s to"
                                    " %(end)s."),
    "not-yet-valid": N_("The certificate is not valid yet: it is valid from %(start)s."),
    "expired-valid-when-signed": N_("The certificate expired on %(end)s. The package says it"
                                    " was signed on %(signed)s, when the certificate was"
                                    " valid, but without a trusted timestamp that cannot be"
                                    " proven."),
    "expired": N_("The certificate expired on %(end)s."),
    "no-trust-anchor": N_("The signer was not checked: no certificate you trust was given."),
    "not-trusted": N_("The signer's certificate is not the trusted certificate you chose, nor"
                      " issued by it."),
    "training": N_("This is a TRAINING package, not a request: it was made for training and"
                   " must not be acted on."),
    "training-not-approved": N_("This is a TRAINING package, not a request, and the request"
                                " was not approved (review status: %(status)s): it must not be"
                                " acted on."),
    "not-approved": N_("The request was not approved: the package records the review status"
                       " %(status)s."),
    "approval-signature-broken": N_("The reviewer's signed approval is broken."),
    "approval-other-certificate": N_("The reviewer's approval was signed with another"
                                     " certificate than the package names."),
    "approval-not-acceptable": N_("The approval does not meet your office's signing policy."),
    # notes
    "note-fingerprint": N_("Certificate fingerprint (SHA-256): %(fingerprint)s"),
    "note-signing-time": N_("Signing time the signature claims: %(time)s (no trusted"
                            " timestamp proves it)."),
    "note-judged-expired": N_("The certificate was judged as at the signing time the signature"
                              " claims, %(signed)s (no trusted timestamp proves it); it has"
                              " expired since."),
    "note-judged-not-yet-valid": N_("The certificate was judged as at the signing time the"
                                    " signature claims, %(signed)s (no trusted timestamp proves"
                                    " it); it is not valid yet now."),
    "note-audit-log": N_("The review log had %(length)s entries when the package was signed"
                         " (last entry %(head)s)."),
    "note-log-repaired": N_("The review log had been repaired %(count)s time(s) before"
                            " signing."),
    "note-training-accepted": N_("This is a TRAINING package, not a request; accepted as"
                                 " training material."),
    "note-training-not-approved-accepted": N_("This is a TRAINING package, not a request, and"
                                              " the request was not approved (review status:"
                                              " %(status)s); accepted as training material."),
    # who approved
    "approval-none": N_("no approval recorded"),
    "approval-by-name": N_("approved by %(who)s (%(when)s); the approval was not signed with a"
                           " key (recorded by name in the review log only)"),
    "approval-signed-trusted": N_("approved by %(who)s (%(when)s), signed with the key of"
                                  " %(signer)s (certificate SHA-256 %(fingerprint)s), a"
                                  " certificate you trust"),
    "approval-signed": N_("approved by %(who)s (%(when)s), signed with the key of %(signer)s"
                          " (certificate SHA-256 %(fingerprint)s): compare that certificate"
                          " with the reviewer's"),
}
_CLI = re.compile(r"\s*\((?:[^()]*--[a-z][^()]*)\)")
_KEYS = sorted(KINDS, key=len, reverse=True)


def _status(value: str) -> str:
    """A review status recorded in a package, in the interface language when it is one."""
    try:
        return status_text(Status(value))
    except ValueError:
        return _("unknown") if value == "unknown" else value


def technical_detail(problem: str) -> str:
    """The English explanation a problem carries from a lower layer ('' if none)."""
    return str(getattr(problem, "params", {}).get("detail", ""))


def problem_text(problem: str) -> str:
    """One verification problem in the interface language: a `Problem` by its id, with its
    data put in; a plain problem with its kind translated and its detail kept; a problem of
    an unknown kind as written."""
    pid, params = getattr(problem, "id", None), getattr(problem, "params", None)
    if pid in TEXTS and isinstance(params, dict):
        data = {k: v for k, v in params.items() if k not in ("detail", "what", "training")}
        if "status" in data:
            data["status"] = _status(data["status"])
        return _(TEXTS[pid], **data)
    text = _CLI.sub("", problem).strip()
    if text in WHOLE:
        return _(WHOLE[text])
    for key in _KEYS:
        if text.startswith(key):
            detail = text[len(key):].lstrip(" :;,")
            kind = _(KINDS[key])
            return _("%(kind)s: %(detail)s", kind=kind, detail=detail) if detail else kind
    return text
