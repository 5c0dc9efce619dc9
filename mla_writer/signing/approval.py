"""A reviewer's approval signed with the reviewer's own key (`review approve --key`).

The review audit log is a hash chain without a key: it shows accidental edits, but anyone can
rebuild it. A signed approval cannot be rebuilt without the reviewer's private key: it binds
the approved content's SHA-256, the audit-log head at approval, the approver's name and the
time, and travels in the case's log entry and in the package manifest, where `verify` checks it.
"""

# lazy imports (start-up cost): cryptography
from __future__ import annotations

import base64
import datetime as dt

from .cms import check_detached
from .cms_build import DETACHED, sign_content
from .keys import Identity
from .manifest import canonical_json

PURPOSE = "mla-writer review approval"


def approval_message(content_sha256: str, log_head: str, approver: str, time: str) -> bytes:
    """The exact bytes a reviewer signs (canonical JSON, so anyone can rebuild them)."""
    return canonical_json({"purpose": PURPOSE, "content_sha256": content_sha256,
                           "log_head": log_head, "approver": approver, "time": time})


def sign_approval(identity: Identity, message: bytes, when: dt.datetime) -> dict[str, str]:
    """Audit-entry details for a signed approval: the signature and the certificate's name and
    SHA-256 fingerprint."""
    signature = sign_content(DETACHED, message, identity, when)
    return {"approval_signature": base64.b64encode(signature).decode("ascii"),
            "approval_certificate_sha256": identity.fingerprint,
            "approval_signer": identity.name}


def approval_problem(message: bytes, signature_b64: str, fingerprint: str) -> str:
    """Why a recorded approval signature does not hold ('' when it does)."""
    try:
        signature = base64.b64decode(signature_b64, validate=True)
    except ValueError:
        return "the approval signature is not base64"
    check = check_detached(message, signature, "the approval signature")
    if not check.intact or check.certificate is None:
        return check.problem
    from cryptography.hazmat.primitives import hashes

    if check.certificate.fingerprint(hashes.SHA256()).hex() != fingerprint:
        return "the approval was signed with another certificate than the one recorded"
    return ""
