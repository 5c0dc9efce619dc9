"""What verification finds wrong (and the notes and approval line it reports beside), as
structured messages: each `Problem` is its English text
(a `str`: the command line prints it, JSON carries it, tests compare it, exactly as before)
with a stable `id` and the `params` its text was made from, so an interface can say it in
another language (`mla_writer.gui.verifytext`) without parsing English.

`params` hold data (file names, dates, statuses, formats) shown as they are, and, under the
name `detail`, an English explanation from a lower layer (a CMS or zip library, an OS error)
that an interface may offer as technical detail.
"""

from __future__ import annotations

from typing import Any

#: id -> the English text, with %(name)s placeholders
TEMPLATES: dict[str, str] = {
    "package-too-large": "package too large: reading %(what)s passed the limit of %(limit)s;"
                         " not checked further (raise the limit with --max-size only for a"
                         " package you expect to be that large)",
    "file-too-large": "file too large: %(file)s (more than %(limit)s, far beyond what"
                      " mla-writer writes)",
    "damaged-entry": "damaged entry: %(file)s cannot be read (%(detail)s)",
    "package-unusable": "%(detail)s",
    "package-structure": "%(detail)s",
    "not-a-package": "file missing: %(file)s (this is not a signed package)",
    "manifest-unsigned": "file missing: %(file)s (the manifest is not signed)",
    "other-format-unverified": "manifest not usable: package format %(format)s; this version"
                               " of mla-writer reads %(reads)s (an unverified claim of the"
                               " manifest: its signature was not checked)",
    "manifest-signature-broken": "manifest signature broken: %(detail)s",
    "signer-certificate-altered": "manifest signature broken: the signer's certificate in"
                                  " %(file)s was altered (its own signature does not check)",
    "manifest-unusable": "manifest not usable: %(detail)s",
    "other-format": "manifest not usable: package format %(format)s; this version of"
                    " mla-writer reads %(reads)s",
    "no-files-listed": "%(file)s lists no files",
    "bad-file-entry": "%(file)s has an unsafe or malformed file entry: %(entry)s",
    "file-missing": "file missing: %(file)s",
    "file-added": "file added: %(file)s (not in the signed manifest)",
    "file-modified": "file modified: %(file)s (its SHA-256 differs from the manifest)",
    "certificate-replaced": "manifest signature broken: the certificate in %(signature)s is"
                            " not the one in %(certificate)s (it was replaced or altered)",
    "pdf-signature-broken": "PDF signature broken: %(file)s: %(detail)s",
    "pdf-other-signer": "PDF signature broken: %(file)s was signed by another certificate",
    "not-valid-at-signing-time": "certificate not valid at the claimed signing time"
                                 " %(signed)s: valid from %(start)s to %(end)s",
    "not-yet-valid": "certificate not yet valid: valid from %(start)s",
    "expired-valid-when-signed": "certificate expired on %(end)s; the signature says it was"
                                 " made on %(signed)s, when the certificate was valid, but"
                                 " without a trusted timestamp that cannot be proven"
                                 " (--at-signing-time judges validity at that time)",
    "expired": "certificate expired on %(end)s",
    "no-trust-anchor": "signer not trusted: no trust anchor given (pass --trust with the"
                       " certificate received from the sending central authority through a"
                       " trusted channel)",
    "not-trusted": "signer not trusted: the signer's certificate does not chain to the trust"
                   " anchor(s) given",
    "training": "%(training)s: it was made for training and must not be acted on"
                " (--allow-training accepts training packages)",
    "training-not-approved": "%(training)s (and the request was not approved: review status"
                             " %(status)s): it was made for training and must not be acted on"
                             " (--allow-training accepts training packages)",
    "not-approved": "request was not approved: the manifest records review status %(status)s",
    "approval-signature-broken": "approval signature broken: %(detail)s",
    "approval-other-certificate": "approval signature broken: it was made with another"
                                  " certificate than the manifest names",
    "approval-not-acceptable": "approval not acceptable: %(detail)s",
    # notes: facts about the package that are not problems (`VerifyReport.notes`)
    "note-fingerprint": "signer certificate SHA-256: %(fingerprint)s",
    "note-signing-time": "signing time claimed in the signature: %(time)s (no trusted"
                         " timestamp)",
    "note-judged-expired": "certificate validity judged at the signing time %(signed)s"
                           " claimed in the signature (--at-signing-time; no trusted"
                           " timestamp proves it); the certificate is expired now",
    "note-judged-not-yet-valid": "certificate validity judged at the signing time %(signed)s"
                                 " claimed in the signature (--at-signing-time; no trusted"
                                 " timestamp proves it); the certificate is not yet valid now",
    "note-audit-log": "review audit log when signed: %(length)s entries, last entry hash"
                      " %(head)s",
    "note-log-repaired": "the review audit log had been repaired %(count)s time(s) before"
                         " signing",
    "note-training-accepted": "%(training)s; accepted with --allow-training",
    "note-training-not-approved-accepted": "%(training)s (and the request was not approved:"
                                           " review status %(status)s); accepted with"
                                           " --allow-training",
    # who approved (`VerifyReport.approval`)
    "approval-none": "no approval recorded",
    "approval-by-name": "approved by %(who)s (%(when)s); the approval was not signed with a"
                        " key (recorded by name in the review log only)",
    "approval-signed-trusted": "approved by %(who)s (%(when)s); approval signed by %(signer)s,"
                               " certificate SHA-256 %(fingerprint)s; that certificate is"
                               " trusted",
    "approval-signed": "approved by %(who)s (%(when)s); approval signed by %(signer)s,"
                       " certificate SHA-256 %(fingerprint)s; compare that certificate with"
                       " the reviewer's",
}


class Problem(str):
    """One verification problem: its English text, with `id` (a key of TEMPLATES) and the
    `params` of that text."""

    id: str
    params: dict[str, str]

    def __new__(cls, id: str, **params: Any) -> Problem:
        values = {k: str(v) for k, v in params.items()}
        self = super().__new__(cls, TEMPLATES[id] % values)
        self.id, self.params = id, values
        return self

    def __reduce__(self) -> tuple[Any, ...]:  # copies and pickles keep id and params
        return (_rebuild, (self.id, self.params))


def _rebuild(id: str, params: dict[str, str]) -> Problem:
    return Problem(id, **params)
