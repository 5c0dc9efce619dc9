"""The certificate a key file holds, remembered from the last time the key was decrypted.

Every PDF of a package is laid out with its signature field: the signer's name, role and
authority (from the certificate) and the room the CMS needs. A key file written by
mla-writer holds its certificate in clear and it is read from there; older key files, and many
issued by a state's authority, encrypt it with the key, so without a copy the renderers would
wait for the passphrase derivation (about a third of a second) before their first PDF. A
certificate is public (every package carries it), so a copy is kept in the user's cache, named
by the key file's path, size and change time (`cachefiles.file_entry`): a replaced key file is
never matched to an old copy.

What is read back is only a guess. `package.write_package` compares the field made from it
with the field the decrypted key gives and renders the documents again when they differ: a
stale or altered copy costs time, never a wrong signature.
"""

from __future__ import annotations

import base64
import json
import os
from dataclasses import dataclass
from typing import Any, cast

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from .. import cachefiles
from .cms_build import PADES, max_size
from .keys import Identity, clear_certificates
from .pdf_sign import signature_field

#: the cache folder of these entries (a new format gets a new folder)
TAG = "signers-1"
_SUFFIX = ".json"


@dataclass(frozen=True)
class KnownSigner:
    """A key file's certificate (and chain) and the room its PAdES signature needs, as they
    were when the key was last decrypted; no private key."""

    certificate: x509.Certificate
    chain: tuple[x509.Certificate, ...]
    contents_size: int

    def field(self, when: Any, *, reason: str = "", location: str = "") -> Any:
        """The signature field (`pdf_sign.signature_field`) this signer's PDFs would get."""
        # the field reads the certificate's names only; the room is the remembered figure
        public = Identity(certificate=self.certificate, private_key=cast(Any, None),
                          chain=self.chain)
        return signature_field(public, when, reason=reason, location=location,
                               contents_size=self.contents_size)


def _entry(key_file: str | os.PathLike[str]) -> Any:
    return cachefiles.file_entry(TAG, os.fspath(key_file), _SUFFIX, "signer")


def recall(key_file: str | os.PathLike[str]) -> KnownSigner | None:
    """The signer remembered for this key file, else the one it holds in clear (a key file
    `keys.write_identity` wrote: only the private key is encrypted); None: neither."""
    path = _entry(key_file)
    data = cachefiles.read(path) if path is not None else None
    if data is None:
        return _in_clear(key_file)
    try:
        entry = json.loads(data)
        certs = [x509.load_der_x509_certificate(base64.b64decode(c, validate=True))
                 for c in [entry["certificate"], *entry["chain"]]]
        size = entry["contents_size"]
        if not isinstance(size, int) or size <= 0:
            return None
    except (ValueError, KeyError, TypeError):
        return None
    return KnownSigner(certificate=certs[0], chain=tuple(certs[1:]), contents_size=size)


def _in_clear(key_file: str | os.PathLike[str]) -> KnownSigner | None:
    """The signer of the certificate the key file holds in clear (`keys.clear_certificates`)."""
    certs = clear_certificates(key_file)
    if certs is None:
        return None
    public = Identity(certificate=certs[0], private_key=cast(Any, None), chain=certs[1:])
    try:
        size = max_size(PADES, public)
    except ValueError:  # a key type that cannot sign
        return None
    return KnownSigner(certificate=certs[0], chain=certs[1:], contents_size=size)


def remember(key_file: str | os.PathLike[str], identity: Identity, contents_size: int) -> None:
    """Keep the decrypted `identity`'s certificate and chain (public) for this key file."""
    path = _entry(key_file)
    if path is None:
        return
    der = serialization.Encoding.DER

    def text(cert: x509.Certificate) -> str:
        return base64.b64encode(cert.public_bytes(der)).decode("ascii")

    cachefiles.write(path, json.dumps({
        "certificate": text(identity.certificate), "chain": [text(c) for c in identity.chain],
        "contents_size": contents_size}).encode("utf-8"))
