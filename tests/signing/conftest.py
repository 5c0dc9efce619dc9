"""One signing identity per test session (key generation and PBKDF2 are the slow parts)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from mla_writer.domain.clock import fixed_clock
from mla_writer.signing import Identity, create_identity

PASSPHRASE = "training passphrase"
ROOT = Path(__file__).resolve().parents[2]
CLOCK = fixed_clock(dt.datetime(2026, 11, 20, 8, 0, tzinfo=dt.UTC))


@pytest.fixture(scope="session")
def key_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("keys") / "signer.p12"
    create_identity(path, "Sok Dara", "Director-General", "Ministry of Justice (fictional)",
                    PASSPHRASE, country="KH", key_type="ec", clock=CLOCK)
    return path


@pytest.fixture(scope="session")
def identity(key_file: Path) -> Identity:
    from mla_writer.signing import load_identity

    return load_identity(key_file, PASSPHRASE)


def old_layout(identity: Identity, passphrase: str = PASSPHRASE) -> bytes:
    """A key file as the previous version wrote it: key AND certificates PBES2-encrypted."""
    from cryptography.hazmat.primitives.serialization import pkcs12

    from mla_writer.signing import keys as keys_mod

    data = pkcs12.serialize_key_and_certificates(
        identity.name.encode("utf-8"), identity.private_key, identity.certificate,
        list(identity.chain) or None, keys_mod._encryption(passphrase.encode("utf-8")))
    return keys_mod._strengthen_mac(data, passphrase)


@pytest.fixture(scope="session")
def old_key_file(tmp_path_factory: pytest.TempPathFactory, identity: Identity) -> Path:
    """`identity` in a key file of the older layout (its certificate encrypted too)."""
    path = tmp_path_factory.mktemp("keys") / "older.p12"
    path.write_bytes(old_layout(identity))
    return path


@pytest.fixture(scope="session")
def training_identity() -> Identity:
    """A workshop's training key: the only kind that signs training packages."""
    return create_identity(None, "Trainer Dara", "Trainer", "Training Centre (fictional)",
                           PASSPHRASE, key_type="ec", clock=CLOCK, training=True)


@pytest.fixture(scope="session")
def training_trust_pem(tmp_path_factory: pytest.TempPathFactory,
                       training_identity: Identity) -> Path:
    path = tmp_path_factory.mktemp("trust") / "trainer-cert.pem"
    path.write_bytes(training_identity.cert_pem())
    return path


@pytest.fixture(scope="session")
def other_identity() -> Identity:
    return create_identity(None, "Someone Else", "Clerk", "Other Ministry", PASSPHRASE,
                           key_type="ec", clock=CLOCK)


@pytest.fixture(scope="session")
def expired_identity() -> Identity:
    return create_identity(None, "Old Signer", "Director", "Ministry of Justice (fictional)",
                           PASSPHRASE, key_type="ec",
                           not_before=dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
                           not_after=dt.datetime(2021, 1, 1, tzinfo=dt.UTC))


def approved_case(name: str = "mla-bank-records"):
    from mla_writer import review, storage

    case = storage.load(ROOT / "examples" / f"{name}.json")
    review.submit(case, "Drafter Dara", CLOCK)
    review.approve(case, "Reviewer Vanna", CLOCK)
    return case


@pytest.fixture(scope="session")
def package(tmp_path_factory: pytest.TempPathFactory, identity: Identity):
    """A package of the bank-records example, English only; returns (result, case)."""
    from mla_writer.workflow.package import build_package

    case = approved_case()
    out = tmp_path_factory.mktemp("pkg") / "package"
    result = build_package(case, out, identity, languages=["en"], make_zip=True, clock=CLOCK)
    return result, case


@pytest.fixture(scope="session")
def trust_pem(tmp_path_factory: pytest.TempPathFactory, identity: Identity) -> Path:
    path = tmp_path_factory.mktemp("trust") / "signer-cert.pem"
    path.write_bytes(identity.cert_pem())
    return path


@pytest.fixture(scope="session")
def rsa_identity() -> Identity:
    return create_identity(None, "Chan Rotha", "Director", "Ministry of Justice (fictional)",
                           PASSPHRASE, key_type="rsa", clock=CLOCK)


@pytest.fixture(scope="session")
def rsa_package(tmp_path_factory: pytest.TempPathFactory, rsa_identity: Identity):
    """The same package signed with an RSA key (CMS and certificate layouts differ from EC)."""
    from mla_writer.workflow.package import build_package

    out = tmp_path_factory.mktemp("pkg-rsa") / "package"
    result = build_package(approved_case(), out, rsa_identity, languages=["en"],
                           make_zip=True, clock=CLOCK)
    return result, rsa_identity
