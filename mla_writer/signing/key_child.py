"""Decrypt the signing key in a forked child while `mla-writer sign` loads and checks the case.

Decrypting a key file (PBKDF2, 600 000 rounds, and the MAC: about a third of a second) needs
only the file and its passphrase, and the cryptography library holds the interpreter's lock
while it runs, so a thread would not overlap it with anything. Before the documents are
rendered, `mla-writer sign` works on one core (imports, the legal profiles, the refusal
check); a child forked at its start (`signing.forked`) decrypts the key on the other one and
hands the decrypted identity back through its pipe (the private key as unencrypted PKCS#8:
the pipe joins this process and its own child only, and nothing is written to disk).

Only when the passphrase comes from a file or the environment: a prompt is never shown
before the case is known to be signable. If the child fails in any way, the key is
decrypted in this process instead, with the same result and the same errors.
"""

from __future__ import annotations

import base64
import os
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from . import forked
from .keys import Identity, KeyFileError, PendingIdentity, WrongPassphrase, load_identity

_OK, _WRONG, _UNREADABLE = "identity", "wrong passphrase", "key file error"


def _text(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _lines(identity: Identity) -> list[str]:
    """The identity as lines of text: private key (PKCS#8 DER), certificate, chain (DER)."""
    der = serialization.Encoding.DER
    key = identity.private_key.private_bytes(der, serialization.PrivateFormat.PKCS8,
                                             serialization.NoEncryption())
    return [_OK, _text(key), _text(identity.certificate.public_bytes(der)),
            *(_text(c.public_bytes(der)) for c in identity.chain)]


def _identity(lines: list[str], path: os.PathLike[str] | str) -> Identity:
    """The identity `_lines` wrote (ValueError when the lines are not one)."""
    if len(lines) < 3 or lines[0] != _OK:
        raise ValueError("not an identity")
    key: Any = serialization.load_der_private_key(base64.b64decode(lines[1], validate=True),
                                                  password=None)
    certs = [x509.load_der_x509_certificate(base64.b64decode(t, validate=True))
             for t in lines[2:]]
    return Identity(certificate=certs[0], private_key=key, chain=tuple(certs[1:]),
                    path=Path(path))


class ForkedIdentity(PendingIdentity):
    """A PendingIdentity whose key a forked child is decrypting (`start`): `resolve()` takes
    the child's result, or decrypts here when the child failed."""

    def __init__(self, path: str | os.PathLike[str], passphrase: str | bytes,
                 child: forked.Child) -> None:
        super().__init__(path, passphrase)
        self._child: forked.Child | None = child
        self._received: Identity | KeyFileError | None = None

    def resolve(self) -> Identity:
        if self._child is not None:
            child, self._child = self._child, None
            self._received = _receive(child, self.path)
            if self._received is not None:
                self._passphrase = None  # decrypted by the child: not needed here any more
        if isinstance(self._received, Identity):
            return self._received
        if isinstance(self._received, KeyFileError):
            raise self._received
        return super().resolve()

    def stop(self) -> None:
        """End the child if its result is no longer wanted (the case was refused)."""
        if self._child is not None:
            self._child.stop()
            self._child = None


def _receive(child: forked.Child, path: os.PathLike[str] | str) -> Identity | KeyFileError | None:
    """What the child reported: the identity, the key file's error, or None (it failed)."""
    try:
        lines = list(child.reports())
        if lines[:1] == [_WRONG] and len(lines) == 2:
            return WrongPassphrase(lines[1])
        if lines[:1] == [_UNREADABLE] and len(lines) == 2:
            return KeyFileError(lines[1])
        return _identity(lines, path)
    except (forked.ChildFailed, ValueError, TypeError):
        return None
    finally:
        child.stop()


def start(path: str | os.PathLike[str], passphrase: str | bytes) -> PendingIdentity:
    """The key file `path`, decrypted by a forked child from now on (a plain PendingIdentity,
    decrypted on first use, where forking is not available)."""

    def decrypt(report: Any) -> None:
        try:
            lines = _lines(load_identity(path, passphrase))
        except WrongPassphrase as exc:
            lines = [_WRONG, " ".join(str(exc).splitlines())]
        except KeyFileError as exc:
            lines = [_UNREADABLE, " ".join(str(exc).splitlines())]
        for line in lines:
            report(line)

    child = forked.start(decrypt)
    if child is None:
        return PendingIdentity(path, passphrase)
    return ForkedIdentity(path, passphrase, child)
