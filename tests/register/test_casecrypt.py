"""Encrypted case files: any modified byte or a wrong passphrase loads nothing and overwrites
nothing; saves, autosave copies and temporary files are encrypted; symlinks are followed."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mla_writer import casecrypt, storage
from mla_writer.cli import main
from mla_writer.domain.model import CaseFile

CHEAP = (10, 8, 1)  # scrypt cost for tests (the format records it; the default is 2**17)
ROOT = Path(__file__).resolve().parents[2]
SECRET = "Nguyen Van Fictional"


def _case() -> CaseFile:
    case = CaseFile()
    case.request.case_reference = "REF-CRYPT-1"
    case.request.facts_summary = f"Account of {SECRET}, 12 Fictional Street."
    return case


def _encrypted(tmp_path: Path, passphrase: str = "correct horse battery") -> Path:
    case = _case()
    casecrypt.protect(case, passphrase, cost=CHEAP)
    path = tmp_path / "case.json"
    storage.save(case, path)
    return path


def test_round_trip_and_nothing_readable(tmp_path: Path) -> None:
    path = _encrypted(tmp_path)
    raw = path.read_bytes()
    assert raw.startswith(casecrypt.MAGIC)
    assert SECRET.encode() not in raw and b"REF-CRYPT-1" not in raw
    case = storage.load(path, passphrase="correct horse battery")
    assert case.request.facts_summary.startswith("Account of " + SECRET)
    # the key stays with the loaded case: saving it again writes an encrypted file
    case.request.subject = "changed"
    storage.save(case, path)
    again = path.read_bytes()
    assert again.startswith(casecrypt.MAGIC) and again[30:42] != raw[30:42]  # a new nonce
    assert storage.load(path, passphrase="correct horse battery").request.subject == "changed"


def test_wrong_or_missing_passphrase_loads_nothing(tmp_path: Path) -> None:
    path = _encrypted(tmp_path)
    before = path.read_bytes()
    with pytest.raises(storage.CaseFileError, match="wrong passphrase"):
        storage.load(path, passphrase="not the passphrase")
    with pytest.raises(storage.CaseFileError, match="passphrase is needed") as info:
        storage.load(path)
    assert isinstance(info.value.__cause__, casecrypt.PassphraseNeeded)
    assert path.read_bytes() == before


def test_every_flipped_byte_is_detected(tmp_path: Path) -> None:
    path = _encrypted(tmp_path)
    raw = path.read_bytes()
    damaged = tmp_path / "damaged.json"
    for index in range(len(raw)):
        for mask in (0x01, 0x80):
            changed = bytearray(raw)
            changed[index] ^= mask
            damaged.write_bytes(bytes(changed))
            with pytest.raises(storage.CaseFileError):
                storage.load(damaged, passphrase="correct horse battery")
    for cut in (0, 10, casecrypt.HEADER_SIZE, len(raw) - 1):
        damaged.write_bytes(raw[:cut])
        with pytest.raises(storage.CaseFileError):
            storage.load(damaged, passphrase="correct horse battery")


def test_plain_copy_never_replaces_an_encrypted_file(tmp_path: Path) -> None:
    path = _encrypted(tmp_path)
    before = path.read_bytes()
    with pytest.raises(storage.CaseFileError, match="not replaced by an unencrypted copy"):
        storage.save(_case(), path)
    assert path.read_bytes() == before
    # an explicit decision does it
    case = storage.load(path, passphrase="correct horse battery")
    casecrypt.unprotect(case)
    storage.save(case, path)
    assert storage.load(path).request.case_reference == "REF-CRYPT-1"


def test_office_policy_refuses_plain_saves(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(casecrypt.POLICY_ENV, "required")
    path = tmp_path / "plain.json"
    with pytest.raises(storage.CaseFileError, match="office policy"):
        storage.save(_case(), path)
    assert not path.exists()
    case = _case()
    casecrypt.protect(case, "a long passphrase", cost=CHEAP)
    storage.save(case, path)
    assert casecrypt.file_is_encrypted(path)


def test_short_passphrase_refused() -> None:
    with pytest.raises(casecrypt.CaseCryptError, match="at least"):
        casecrypt.protect(_case(), "short")


def test_autosave_copy_is_encrypted(tmp_path: Path) -> None:
    from mla_writer.gui.recovery import RecoveryStore

    case = _case()
    casecrypt.protect(case, "correct horse battery", cost=CHEAP)
    store = RecoveryStore(tmp_path, session="s1")
    store.write(case, tmp_path / "case.json")
    raw = store.own.case_file.read_bytes()
    assert raw.startswith(casecrypt.MAGIC) and SECRET.encode() not in raw
    assert storage.load(store.own.case_file, passphrase="correct horse battery") \
        .request.case_reference == "REF-CRYPT-1"


def test_temporary_files_hold_only_ciphertext(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """What goes to the temporary file beside the target is already encrypted."""
    written: list[bytes] = []
    real_fdopen = os.fdopen

    def spy(fd: int, mode: str = "r", *a: object, **kw: object):  # type: ignore[no-untyped-def]
        fh = real_fdopen(fd, mode, *a, **kw)
        original = fh.write

        def write(data: bytes) -> int:
            written.append(bytes(data))
            return original(data)

        fh.write = write  # type: ignore[method-assign]
        return fh

    monkeypatch.setattr(os, "fdopen", spy)
    _encrypted(tmp_path)
    assert written and all(w.startswith(casecrypt.MAGIC) and SECRET.encode() not in w
                           for w in written)


def test_saving_through_a_symlink_writes_the_real_file(tmp_path: Path) -> None:
    real = _encrypted(tmp_path)
    link = tmp_path / "link.json"
    link.symlink_to(real)
    case = storage.load(link, passphrase="correct horse battery")
    case.request.subject = "through the link"
    storage.save(case, link)
    assert link.is_symlink()
    assert storage.load(real, passphrase="correct horse battery").request.subject == \
        "through the link"


def test_cli_encrypt_decrypt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                             capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "case.json"
    storage.save(_case(), path)
    secret = tmp_path / "pass.txt"
    secret.write_text("correct horse battery\n", "utf-8")
    monkeypatch.setattr(casecrypt, "DEFAULT_COST", CHEAP)
    monkeypatch.setattr(casecrypt.protect, "__defaults__", (CHEAP,))
    assert main(["encrypt", str(path), "--case-passphrase-file", str(secret)]) == 0
    assert casecrypt.file_is_encrypted(path)
    assert main(["encrypt", str(path), "--case-passphrase-file", str(secret)]) == 1
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("another passphrase\n", "utf-8")
    before = path.read_bytes()
    assert main(["decrypt", str(path), "--case-passphrase-file", str(wrong)]) == 2
    assert "wrong passphrase" in capsys.readouterr().err
    assert path.read_bytes() == before
    # other commands open it with the passphrase from the environment
    monkeypatch.setenv(casecrypt.PASSPHRASE_ENV, "correct horse battery")
    assert main(["check", str(path)]) in (0, 1)
    assert main(["decrypt", str(path), "--case-passphrase-file", str(secret)]) == 0
    assert storage.load(path).request.case_reference == "REF-CRYPT-1"


_SAVER = """
import sys
from mla_writer import casecrypt, storage
from mla_writer.domain.model import CaseFile
path = sys.argv[1]
case = storage.load(path, passphrase="correct horse battery")
n = 0
print("ready", flush=True)
while True:
    n += 1
    case.request.subject = "save %d " % n + "x" * (n % 5000)
    storage.save(case, path)
"""


@pytest.mark.slow
def test_kill_during_encrypted_saves_leaves_a_loadable_file(tmp_path: Path) -> None:
    """100 trials: a process saving the encrypted case again and again is killed (SIGKILL)
    at a random moment; the file always opens with the passphrase."""
    import random

    path = _encrypted(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    rng = random.Random(17)
    for _trial in range(100):
        proc = subprocess.Popen([sys.executable, "-c", _SAVER, str(path)], env=env,
                                stdout=subprocess.PIPE, text=True)
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.05))
        proc.kill()
        proc.wait()
        proc.stdout.close()
        case = storage.load(path, passphrase="correct horse battery")
        assert case.request.case_reference == "REF-CRYPT-1"
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert all(casecrypt.is_encrypted(p.read_bytes()) or not p.read_bytes()
               for p in tmp_path.iterdir() if p.name.endswith(".tmp")), leftovers
