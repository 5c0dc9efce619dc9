"""The package manifest: every file with its SHA-256 and size, signed as detached CMS.

`openssl cms -verify -binary -inform DER -in manifest.json.p7s -content manifest.json
-CAfile signer.pem` accepts the signature, so a receiving state needs no mla-writer to check it.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.serialization import pkcs7

from .keys import Identity

MANIFEST = "manifest.json"
SIGNATURE = "manifest.json.p7s"
SIGNER_CERT = "signer.pem"
FORMAT = "mla-writer-package/1"
#: files that describe the package and are not themselves listed in it
NOT_LISTED = frozenset({MANIFEST, SIGNATURE})


def file_entry(root: Path, rel: str, kind: str) -> dict[str, Any]:
    data = (root / rel).read_bytes()
    return {"path": rel, "kind": kind, "size": len(data),
            "sha256": hashlib.sha256(data).hexdigest()}


def manifest_bytes(manifest: dict[str, Any]) -> bytes:
    """Stable, readable JSON (sorted keys, UTF-8, final newline)."""
    return (json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()


def sign_detached(data: bytes, identity: Identity) -> bytes:
    """A DER detached CMS SignedData over `data` (SHA-256), with the signer's certificate(s)."""
    builder = pkcs7.PKCS7SignatureBuilder().set_data(data).add_signer(
        identity.certificate, identity.private_key, hashes.SHA256())
    for cert in identity.chain:
        builder = builder.add_certificate(cert)
    return builder.sign(serialization.Encoding.DER,
                        [pkcs7.PKCS7Options.DetachedSignature, pkcs7.PKCS7Options.Binary])
