"""Signing: keys in encrypted PKCS#12, PAdES-signed PDFs and a verifiable transmission package.

A library that knows nothing of the review: `mla_writer.workflow` decides whether a case may
be signed (`workflow.build_package`, `workflow.refusal`) and calls `write_package`.

The names below are loaded from their modules on first use (PEP 562), so that importing one
module of the package (`signing.keys`, `signing.policy`) does not load the others."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
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

#: public name -> the module that defines it
_HOMES = {
    "Identity": "keys", "KeyFileError": "keys", "WrongPassphrase": "keys",
    "create_identity": "keys", "describe_certificate": "keys", "load_identity": "keys",
    "passphrase_problem": "keys",
    "PackageError": "package", "PackageResult": "package", "write_package": "package",
    "PackageReadError": "verify", "VerifyReport": "verify", "load_trust": "verify",
    "verify_package": "verify",
}

__all__ = [
    "Identity", "KeyFileError", "PackageError", "PackageReadError", "PackageResult",
    "VerifyReport", "WrongPassphrase", "create_identity", "describe_certificate",
    "load_identity", "load_trust", "passphrase_problem", "verify_package", "write_package",
]


def __getattr__(name: str) -> object:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{home}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOMES})
