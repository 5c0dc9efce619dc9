"""`mla-writer sign` decrypts the key in a forked child while the case is loaded and checked
(signing.key_child): the same package and the same errors as decrypting it in the process, no
prompt before a refusal, and every child ended."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import pytest

from mla_writer import storage
from mla_writer.cli import main, sign_cmd
from mla_writer.signing import key_child, verify_package
from mla_writer.signing.keys import PendingIdentity

from .conftest import PASSPHRASE, approved_case

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork: Linux only")
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _as_in_the_cli(fork_as_in_the_cli) -> None:
    """Forking as in the `mla-writer sign` process (tests/conftest.py)."""


@pytest.fixture()
def early(monkeypatch) -> list[PendingIdentity]:
    """The identities `key_child.start` returned during the test."""
    started: list[PendingIdentity] = []
    real = key_child.start

    def spy(path, passphrase):
        started.append(real(path, passphrase))
        return started[-1]

    monkeypatch.setattr(key_child, "start", spy)
    return started


def _sign(tmp_path: Path, key_file: Path, *, approved: bool = True) -> tuple[int, Path]:
    case = tmp_path / "case.json"
    if approved:
        storage.save(approved_case(), case)
    else:
        case.write_bytes((ROOT / "examples" / "mla-bank-records.json").read_bytes())
    out = tmp_path / "pkg"
    return main(["sign", str(case), "--key", str(key_file), "--out", str(out),
                 "--lang", "en"]), out


def test_the_key_is_decrypted_in_a_child(tmp_path: Path, key_file: Path, identity, early,
                                         children, monkeypatch) -> None:
    monkeypatch.setenv("MLA_WRITER_PASSPHRASE", PASSPHRASE)
    code, out = _sign(tmp_path, key_file)
    assert code == 0
    assert len(early) == 1 and isinstance(early[0], key_child.ForkedIdentity)
    assert early[0].resolve().fingerprint == identity.fingerprint
    assert children and all(c is not None for c in children) and children.reaped()
    report = verify_package(out, trust=identity.certificate)
    assert report.ok, report.problems


def test_the_identity_crosses_the_pipe_whole(key_file: Path, identity) -> None:
    lines = key_child._lines(identity)
    got = key_child._identity(lines, key_file)
    assert got.certificate == identity.certificate and got.chain == identity.chain
    assert got.private_key.private_numbers() == identity.private_key.private_numbers()
    assert got.path == key_file
    with pytest.raises(ValueError):
        key_child._identity(["something else", *lines[1:]], key_file)


def test_a_wrong_passphrase_found_by_the_child(tmp_path: Path, key_file: Path, early, children,
                                               capsys, monkeypatch) -> None:
    monkeypatch.setenv("MLA_WRITER_PASSPHRASE", "not the passphrase")
    code, out = _sign(tmp_path, key_file)
    assert code == 2
    assert "wrong passphrase for this key file" in capsys.readouterr().err
    assert isinstance(early[0], key_child.ForkedIdentity)
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["case.json"]
    assert children.reaped()


def test_a_refused_case_ends_the_child_and_writes_nothing(tmp_path: Path, key_file: Path,
                                                          early, children, capsys,
                                                          monkeypatch) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(PASSPHRASE + "\n", "utf-8")
    monkeypatch.delenv("MLA_WRITER_PASSPHRASE", raising=False)
    case = tmp_path / "case.json"
    case.write_bytes((ROOT / "examples" / "mla-bank-records.json").read_bytes())
    out = tmp_path / "pkg"
    assert main(["sign", str(case), "--key", str(key_file), "--out", str(out),
                 "--passphrase-file", str(secret)]) == 1
    assert "not approved" in capsys.readouterr().err
    assert isinstance(early[0], key_child.ForkedIdentity)
    assert len(children) == 1 and children.reaped()  # the key's child, ended; no renderer
    assert not out.exists()


def test_a_failing_child_decrypts_here(tmp_path: Path, key_file: Path, identity, early,
                                       children, monkeypatch) -> None:
    monkeypatch.setenv("MLA_WRITER_PASSPHRASE", PASSPHRASE)
    monkeypatch.setattr(key_child, "load_identity", lambda *a: os._exit(5))  # the child dies
    code, out = _sign(tmp_path, key_file)
    assert code == 0
    assert isinstance(early[0], key_child.ForkedIdentity) and children.reaped()
    assert verify_package(out, trust=identity.certificate).ok


def test_no_child_when_the_passphrase_would_be_asked(key_file: Path, early,
                                                     monkeypatch) -> None:
    monkeypatch.delenv("MLA_WRITER_PASSPHRASE", raising=False)
    args = argparse.Namespace(key=str(key_file), passphrase_file=None)
    assert sign_cmd._early_key(args) is None
    args.passphrase_file = "/nonexistent/secret.txt"  # said after the case is checked
    assert sign_cmd._early_key(args) is None
    assert early == []
