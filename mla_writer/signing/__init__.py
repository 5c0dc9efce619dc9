"""Signing: keys in encrypted PKCS#12, PAdES-signed PDFs and a verifiable transmission package."""

from __future__ import annotations

from .keys import (
    Identity,
    KeyFileError,
    WrongPassphrase,
    create_identity,
    describe_certificate,
    load_identity,
)

__all__ = [
    "Identity", "KeyFileError", "WrongPassphrase", "create_identity", "describe_certificate",
    "load_identity",
]
