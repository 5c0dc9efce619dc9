"""One signing identity per test session (key generation and PBKDF2 are the slow parts)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from mla_writer.signing import Identity, create_identity

PASSPHRASE = "training passphrase"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def key_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("keys") / "signer.p12"
    create_identity(path, "Sok Dara", "Director-General", "Ministry of Justice (fictional)",
                    PASSPHRASE, country="KH", key_type="ec")
    return path


@pytest.fixture(scope="session")
def identity(key_file: Path) -> Identity:
    from mla_writer.signing import load_identity

    return load_identity(key_file, PASSPHRASE)


@pytest.fixture(scope="session")
def other_identity() -> Identity:
    return create_identity(None, "Someone Else", "Clerk", "Other Ministry", PASSPHRASE,
                           key_type="ec")


@pytest.fixture(scope="session")
def expired_identity() -> Identity:
    return create_identity(None, "Old Signer", "Director", "Ministry of Justice (fictional)",
                           PASSPHRASE, key_type="ec",
                           not_before=dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
                           not_after=dt.datetime(2021, 1, 1, tzinfo=dt.UTC))
