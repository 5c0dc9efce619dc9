"""A training case is signed only with a training key, and a training key never signs a real
request: the marker is in the certificate, the check at sign time (CLI and API)."""

from __future__ import annotations

import pytest

from mla_writer import review, storage
from mla_writer.cli import main
from mla_writer.signing import create_identity, load_identity
from mla_writer.signing.package import training_key_problem
from mla_writer.training import find_exercise
from mla_writer.training.exercise import starting_case

from .conftest import ROOT

PASSPHRASE = "river lantern orchard"


@pytest.fixture(scope="module")
def keys(tmp_path_factory):
    folder = tmp_path_factory.mktemp("keys")
    real = folder / "real.p12"
    create_identity(real, "Sok Dara", "Director-General", "Ministry of Justice (fictional)",
                    PASSPHRASE, key_type="ec")
    return folder, real


def test_keys_new_training_marks_the_certificate(keys, monkeypatch, capsys) -> None:
    folder, real = keys
    monkeypatch.setenv("MLA_WRITER_PASSPHRASE", PASSPHRASE)
    trainer = folder / "trainer.p12"
    assert main(["keys", "new", "--name", "Trainer Vanna", "--role", "Trainer", "--training",
                 "--key-type", "ec", "--out", str(trainer)]) == 0
    assert "TRAINING KEY: it signs training cases only" in capsys.readouterr().out
    assert load_identity(trainer, PASSPHRASE).training
    assert not load_identity(real, PASSPHRASE).training


def test_a_training_exercise_signs_with_a_training_key_only(keys, monkeypatch, tmp_path,
                                                              capsys) -> None:
    folder, real = keys
    trainer = folder / "trainer.p12"
    if not trainer.exists():
        create_identity(trainer, "Trainer Vanna", "Trainer", "", PASSPHRASE, key_type="ec",
                        training=True)
    case_path = tmp_path / "exercise.json"
    storage.save(starting_case(find_exercise("th-mla-bank-records")), case_path)
    monkeypatch.setenv("MLA_WRITER_PASSPHRASE", PASSPHRASE)
    assert main(["sign", str(case_path), "--key", str(real), "--out", str(tmp_path / "a"),
                 "--lang", "en"]) != 0
    assert "must be signed with a training key" in capsys.readouterr().err
    assert not (tmp_path / "a").exists()
    monkeypatch.setenv("MLA_WRITER_PASSPHRASE", PASSPHRASE)
    assert main(["sign", str(case_path), "--key", str(trainer), "--out", str(tmp_path / "b"),
                 "--lang", "en"]) == 0
    assert (tmp_path / "b" / "manifest.json").exists()


def test_a_training_key_cannot_sign_a_real_request() -> None:
    trainer = create_identity(None, "Trainer Vanna", "Trainer", "", PASSPHRASE, key_type="ec",
                              training=True)
    real = create_identity(None, "Sok Dara", "Director-General", "", PASSPHRASE, key_type="ec")
    case = storage.load(ROOT / "examples" / "mla-bank-records.json")
    review.submit(case, "Drafter Dara")
    review.approve(case, "Reviewer Vanna")
    assert "signs training cases only" in training_key_problem(trainer, training=False)
    assert training_key_problem(real, training=False) == ""
    assert training_key_problem(trainer, training=True) == ""
    assert "not marked as one" in training_key_problem(real, training=True)
