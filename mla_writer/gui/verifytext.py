"""Verification problems in the interface language (the verifier writes them in English, for
the command line and logs): the kind of problem is translated, the technical detail (a file
name, a date, a fingerprint) is kept as it is. No Qt."""

from __future__ import annotations

import re

from ..i18n import _
from .steps import N_

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
_CLI = re.compile(r"\s*\((?:[^()]*--[a-z][^()]*)\)")
_KEYS = sorted(KINDS, key=len, reverse=True)


def problem_text(problem: str) -> str:
    """One verification problem in the interface language: its kind translated, followed by
    the verifier's detail; a problem of an unknown kind is shown as written."""
    text = _CLI.sub("", problem).strip()
    if text in WHOLE:
        return _(WHOLE[text])
    for key in _KEYS:
        if text.startswith(key):
            detail = text[len(key):].lstrip(" :;,")
            kind = _(KINDS[key])
            return _("%(kind)s: %(detail)s", kind=kind, detail=detail) if detail else kind
    return text
