"""Signing: keys in encrypted PKCS#12, PAdES-signed PDFs and a verifiable transmission package.

A library that knows nothing of the review: `mla_writer.workflow` decides whether a case may
be signed (`workflow.build_package`, `workflow.refusal`) and calls `write_package`."""

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
from .package import PackageError, PackageResult, write_package
from .verify import PackageReadError, VerifyReport, load_trust, verify_package

__all__ = [
    "Identity", "KeyFileError", "PackageError", "PackageReadError", "PackageResult",
    "VerifyReport", "WrongPassphrase", "create_identity", "describe_certificate",
    "load_identity", "load_trust", "passphrase_problem", "verify_package", "write_package",
]
