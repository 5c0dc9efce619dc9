"""The package manifest: every file with its SHA-256 and size, signed as detached CMS.

The manifest is canonical JSON (RFC 8785 for the types it uses: objects with keys sorted by
UTF-16 code units, no insignificant whitespace, UTF-8, integers only), so the same facts always
give the same bytes and a verifier can tell a re-serialised manifest from the signed one.
`openssl cms -verify -binary -inform DER -in manifest.json.p7s -content manifest.json
-CAfile signer.pem` accepts the signature, so a receiving state needs no mla-writer to check it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

from .cms_build import DETACHED, sign_content
from .keys import Identity

MANIFEST = "manifest.json"
SIGNATURE = "manifest.json.p7s"
SIGNER_CERT = "signer.pem"
FORMAT = "mla-writer-package/2"
#: files that describe the package and are not themselves listed in it
NOT_LISTED = frozenset({MANIFEST, SIGNATURE})


def file_entry(root: Path, rel: str, kind: str) -> dict[str, Any]:
    data = (root / rel).read_bytes()
    return {"path": rel, "kind": kind, "size": len(data),
            "sha256": hashlib.sha256(data).hexdigest()}


def _canonical(value: Any) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # escapes exactly as RFC 8785 asks
    if isinstance(value, list | tuple):
        return "[" + ",".join(_canonical(v) for v in value) + "]"
    if isinstance(value, dict):
        if not all(isinstance(k, str) for k in value):
            raise TypeError("manifest object keys must be strings")
        keys = sorted(value, key=lambda k: k.encode("utf-16-be"))
        return "{" + ",".join(f"{_canonical(k)}:{_canonical(value[k])}" for k in keys) + "}"
    raise TypeError(f"a manifest holds no {type(value).__name__} values (floats are not used)")


def canonical_json(value: Any) -> bytes:
    """RFC 8785-style canonical JSON bytes of `value` (null, booleans, integers, strings,
    lists and objects only)."""
    return _canonical(value).encode("utf-8")


def manifest_bytes(manifest: dict[str, Any]) -> bytes:
    """The bytes written to manifest.json and signed: canonical JSON."""
    return canonical_json(manifest)


class ManifestFormError(ValueError):
    """manifest.json is not JSON, has duplicate keys, or is not in canonical form."""


def parse_manifest(raw: bytes) -> dict[str, Any]:
    """Parse manifest.json strictly: UTF-8 JSON object, no duplicate keys, no floats, and the
    bytes must be exactly its canonical form."""

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in items:
            if key in out:
                raise ManifestFormError(f"{MANIFEST} has the key {key!r} twice")
            out[key] = value
        return out

    def no_float(text: str) -> Any:
        raise ManifestFormError(f"{MANIFEST} holds a non-integer number ({text})")

    try:
        data = json.loads(raw.decode("utf-8"), object_pairs_hook=pairs, parse_float=no_float,
                          parse_constant=no_float)
    except ManifestFormError:
        raise
    except (UnicodeDecodeError, ValueError) as exc:
        raise ManifestFormError(f"{MANIFEST} is not valid JSON ({exc})") from None
    if not isinstance(data, dict):
        raise ManifestFormError(f"{MANIFEST} is not a JSON object")
    if canonical_json(data) != raw:
        raise ManifestFormError(f"{MANIFEST} is not in canonical form (it was re-written after"
                                " signing, or not made by mla-writer)")
    return data


def sign_detached(data: bytes, identity: Identity, when: dt.datetime | None = None) -> bytes:
    """A DER detached CMS SignedData over `data` (SHA-256) with the signer's certificate(s),
    the signing time, and the ESS signing-certificate-v2 and CMS algorithm-protection
    attributes (which bind the signer's certificate and the algorithms into the signature).
    Made by `cms_build` (no pyHanko)."""
    return sign_content(DETACHED, data, identity, when)
