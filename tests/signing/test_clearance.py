"""`mla-writer sign` decides once whether a case may be signed (`workflow.package.clear`): the
refusal and the checklist are computed one time per signature, and `build_package` reuses the
decision only for exactly the case, options and date it was made on; a refused case is refused
by the command line and by `build_package` (what the desktop application calls) alike."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from mla_writer import storage
from mla_writer.cli import main
from mla_writer.domain.clock import fixed_clock
from mla_writer.signing import Identity, PackageError
from mla_writer.workflow import package

from .conftest import CLOCK, PASSPHRASE, approved_case


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """How often the refusal and the checklist are computed (spies on the real functions)."""
    counted = {"refusal": 0, "checklist": 0}

    def spy(name: str, real: Any) -> Any:
        def counting(*args: Any, **kwargs: Any) -> Any:
            counted[name] += 1
            return real(*args, **kwargs)
        return counting

    monkeypatch.setattr(package, "_refusal", spy("refusal", package._refusal))
    monkeypatch.setattr(package, "_checklist", spy("checklist", package._checklist))
    return counted


def _policy() -> Any:
    from mla_writer.signing.policy import load_policy

    return load_policy(None)


def test_the_command_line_decides_once_per_signature(tmp_path: Path, key_file: Path,
                                                     calls: dict[str, int],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLA_WRITER_PASSPHRASE", PASSPHRASE)
    case = tmp_path / "case.json"
    storage.save(approved_case(), case)
    assert main(["sign", str(case), "--key", str(key_file), "--out", str(tmp_path / "pkg"),
                 "--lang", "en"]) == 0
    assert calls == {"refusal": 1, "checklist": 1}
    assert (tmp_path / "pkg" / "checklist.txt").is_file()


def test_a_held_clearance_is_used_and_gives_the_same_package(
        tmp_path: Path, identity: Identity, calls: dict[str, int]) -> None:
    policy = _policy()
    case = approved_case()
    clearance = package.clear(case, clock=CLOCK, policy=policy)
    assert clearance.refused == "" and calls == {"refusal": 1, "checklist": 1}
    assert clearance.holds_for(case, training=False, clock=CLOCK, registry=None, policy=policy)
    reused = package.build_package(case, tmp_path / "a", identity, languages=["en"],
                                   clock=CLOCK, policy=policy, clearance=clearance)
    assert calls == {"refusal": 1, "checklist": 1}  # nothing decided again
    fresh = package.build_package(approved_case(), tmp_path / "b", identity, languages=["en"],
                                  clock=CLOCK, policy=policy)
    assert calls == {"refusal": 2, "checklist": 2}
    assert (reused.directory / "checklist.txt").read_bytes() \
        == (fresh.directory / "checklist.txt").read_bytes()
    assert reused.manifest["review"] == fresh.manifest["review"]


def test_a_case_changed_after_its_clearance_is_decided_again_and_refused(
        tmp_path: Path, identity: Identity, calls: dict[str, int]) -> None:
    policy = _policy()
    case = approved_case()
    clearance = package.clear(case, clock=CLOCK, policy=policy)
    assert clearance.refused == ""
    case.request.purpose = case.request.purpose + " (edited after the approval)"
    assert not clearance.holds_for(case, training=False, clock=CLOCK, registry=None,
                                   policy=policy)
    with pytest.raises(PackageError, match="changed after it was approved"):
        package.build_package(case, tmp_path / "pkg", identity, languages=["en"], clock=CLOCK,
                              policy=policy, clearance=clearance)
    assert calls["refusal"] == 2
    assert not (tmp_path / "pkg").exists()


def test_a_clearance_holds_only_for_its_options_and_date() -> None:
    from mla_writer import review

    policy = _policy()
    case = storage.load(Path(__file__).resolve().parents[2] / "examples"
                        / "mla-bank-records.json")
    case.request.request_date = None  # the law is taken as on the clock's day
    review.submit(case, "Drafter Dara", CLOCK)
    review.approve(case, "Reviewer Vanna", CLOCK)
    clearance = package.clear(case, clock=CLOCK, policy=policy)
    holds = dict(training=False, clock=CLOCK, registry=None, policy=policy)
    assert clearance.holds_for(case, **holds)
    assert not clearance.holds_for(case, **{**holds, "training": True})
    assert not clearance.holds_for(case, **{**holds, "policy": _policy()})  # another object
    assert not clearance.holds_for(case, **{**holds, "registry": object()})
    next_day = fixed_clock(dt.datetime(2026, 11, 21, 8, 0, tzinfo=dt.UTC))
    assert not clearance.holds_for(case, **{**holds, "clock": next_day})
    # a decision that read the policy from the environment itself is never reused
    assert not package.clear(case, clock=CLOCK).holds_for(case, **{**holds, "policy": None})


def test_a_refused_case_is_refused_by_both_entry_points(
        tmp_path: Path, key_file: Path, identity: Identity, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    case = approved_case()
    case.request.purpose = case.request.purpose + " (edited after the approval)"
    path = tmp_path / "case.json"
    storage.save(case, path)
    monkeypatch.setenv("MLA_WRITER_PASSPHRASE", PASSPHRASE)
    assert main(["sign", str(path), "--key", str(key_file), "--out",
                 str(tmp_path / "cli-pkg")]) == 1
    assert "cannot sign: the request changed after it was approved" in capsys.readouterr().err
    assert not (tmp_path / "cli-pkg").exists()
    # the desktop application's path: build_package decides by itself
    with pytest.raises(PackageError, match="changed after it was approved"):
        package.build_package(storage.load(path), tmp_path / "gui-pkg", identity, clock=CLOCK)
    # and a refusal handed over is a refusal
    refused = package.clear(storage.load(path), clock=CLOCK, policy=_policy())
    assert "changed after it was approved" in refused.refused and refused.issues == ()
    with pytest.raises(PackageError, match="changed after it was approved"):
        package.build_package(storage.load(path), tmp_path / "gui-pkg", identity, clock=CLOCK,
                              policy=refused.policy, clearance=refused)
    assert not (tmp_path / "gui-pkg").exists()


def test_a_clearance_of_another_case_is_not_used(tmp_path: Path, identity: Identity) -> None:
    """A clearance decided for an approved case does not let a draft through."""
    policy = _policy()
    cleared = package.clear(approved_case(), clock=CLOCK, policy=policy)
    draft = storage.load(Path(__file__).resolve().parents[2] / "examples" / "mla-bank-records.json")
    with pytest.raises(PackageError, match="not approved"):
        package.build_package(draft, tmp_path / "pkg", identity, languages=["en"], clock=CLOCK,
                              policy=policy, clearance=cleared)
