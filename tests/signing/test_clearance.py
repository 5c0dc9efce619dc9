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
    """How often the refusal is decided and the rules are evaluated (for the refusal's
    blocking findings and the package's checklist): spies on the real functions."""
    import mla_writer.rules

    counted = {"refusal": 0, "rules": 0}

    def spy(name: str, real: Any) -> Any:
        def counting(*args: Any, **kwargs: Any) -> Any:
            counted[name] += 1
            return real(*args, **kwargs)
        return counting

    monkeypatch.setattr(package, "_refusal", spy("refusal", package._refusal))
    monkeypatch.setattr(mla_writer.rules, "evaluate", spy("rules", mla_writer.rules.evaluate))
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
    assert calls == {"refusal": 1, "rules": 1}
    assert (tmp_path / "pkg" / "checklist.txt").is_file()


def test_a_held_clearance_is_used_and_gives_the_same_package(
        tmp_path: Path, identity: Identity, calls: dict[str, int]) -> None:
    policy = _policy()
    case = approved_case()
    clearance = package.clear(case, clock=CLOCK, policy=policy)
    assert clearance.refused == "" and calls == {"refusal": 1, "rules": 1}
    assert clearance.holds_for(case, training=False, clock=CLOCK, registry=None, policy=policy)
    reused = package.build_package(case, tmp_path / "a", identity, languages=["en"],
                                   clock=CLOCK, policy=policy, clearance=clearance)
    assert calls == {"refusal": 1, "rules": 1}  # nothing decided or evaluated again
    fresh = package.build_package(approved_case(), tmp_path / "b", identity, languages=["en"],
                                  clock=CLOCK, policy=policy)
    assert calls == {"refusal": 2, "rules": 2}
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


@pytest.mark.parametrize("name", ["mla-bank-records", "mla-freezing-electronic",
                                  "extradition-accused", "provisional-arrest"])
@pytest.mark.parametrize("installed", [False, True])
def test_the_clearance_checklist_is_the_checklist_with_the_rules_evaluated_once(
        name: str, installed: bool, calls: dict[str, int]) -> None:
    from mla_writer.profiles import load_registry

    case = approved_case(name)
    expected = package.checklist(case, CLOCK)
    assert calls["rules"] == 1
    registry = load_registry() if installed else None
    cleared = package.clear(case, clock=CLOCK, registry=registry, policy=_policy())
    assert list(cleared.issues) == (expected if not cleared.refused else [])
    if not cleared.refused and not case.training:
        assert calls["rules"] == 2  # once for the refusal and the checklist together


def test_with_other_profiles_the_checklist_still_takes_the_installed_ones(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The checklist has always used the installed profiles; a clearance decided with another
    registry object evaluates them for the checklist (no finding of the other is reused)."""
    from mla_writer.profiles import load_registry, scan_profiles

    case = approved_case()
    other = scan_profiles(load_registry().directory)  # equal content, another object
    assert other is not load_registry()
    cleared = package.clear(case, clock=CLOCK, registry=other, policy=_policy())
    assert cleared.refused == ""
    assert list(cleared.issues) == package.checklist(case, CLOCK)
    assert not package._is_installed(other) and package._is_installed(None)
