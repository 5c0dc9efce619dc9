"""Signing: keys in encrypted PKCS#12, PAdES-signed PDFs and a verifiable transmission package."""

from __future__ import annotations

from .keys import (
    Identity,
    KeyFileError,
    WrongPassphrase,
    create_identity,
    describe_certificate,
    load_identity,
    passphrase_problem,
)
from .package import PackageError, PackageResult, build_package, plan_package, refusal
from .verify import PackageReadError, VerifyReport, load_trust, verify_package

__all__ = [
    "Identity", "KeyFileError", "PackageError", "PackageReadError", "PackageResult",
    "VerifyReport", "WrongPassphrase", "build_package", "create_identity",
    "describe_certificate", "load_identity", "load_trust", "passphrase_problem", "plan_package",
    "refusal", "verify_package",
]
