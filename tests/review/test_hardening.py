"""Attacks on the review commands: terminal escapes in names and comments, edge-of-calendar
times and deep nesting in a log (crashes), the office policy on key-signed approvals, and an
approval signature stripped from the log."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from mla_writer import review, storage
from mla_writer.cli import main
from mla_writer.domain.clock import fixed_clock
from mla_writer.domain.model import CaseFile

ROOT = Path(__file__).resolve().parents[2]
CLOCK = fixed_clock(dt.datetime(2026, 11, 2, 9, 30, tzinfo=dt.UTC))
ESC = "\x1b"
#: a comment that would repaint the line as a success and hide itself
SPOOF = f"{ESC}[2K{ESC}[1A\rAudit log intact.{ESC}]0;title\x07 \u202eevil\u202c \x9b31m"


@pytest.fixture
def case() -> CaseFile:
    return storage.load(ROOT / "examples" / "mla-bank-records.json")


def _raw_controls(text: str) -> list[str]:
    return [c for c in text if (ord(c) < 32 and c not in "\n\t") or 0x7f <= ord(c) <= 0x9f
            or c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"]


def test_review_show_and_check_print_no_raw_control_characters(case: CaseFile, tmp_path: Path,
                                                               capsys) -> None:
    review.submit(case, "Dara Sok", CLOCK)
    review.add_comment(case, "$.request.purpose", "Vanna Reviewer", SPOOF, CLOCK)
    path = tmp_path / "case.json"
    storage.save(case, path)
    for command in (["review", "show", str(path)], ["review", "show", str(path), "--json"],
                    ["review", "check", str(path)], ["check", str(path)]):
        main(command)
        captured = capsys.readouterr()
        assert not _raw_controls(captured.out + captured.err), command
    main(["review", "show", str(path)])
    out = capsys.readouterr().out
    assert "<U+001B>[2K" in out and "<U+202E>evil<U+202C>" in out and "<U+009B>31m" in out


def test_an_actor_name_with_escapes_is_refused(case: CaseFile) -> None:
    with pytest.raises(review.ReviewError, match="U\\+001B"):
        review.submit(case, f"Dara{ESC}[8m Sok", CLOCK)


def test_a_time_before_the_first_utc_moment_does_not_crash(case: CaseFile,
                                                           tmp_path: Path, capsys) -> None:
    review.submit(case, "Dara Sok", CLOCK)
    data = json.loads(storage.dumps(case))
    data["review"]["audit_log"][0]["time"] = "0001-01-01T00:00:00+14:00"
    path = tmp_path / "case.json"
    path.write_text(json.dumps(data), "utf-8")
    loaded = storage.load(path)
    assert review.verify_audit_log(loaded)  # edited: reported, not a crash
    for action in ("show", "check"):
        assert main(["review", action, str(path)]) == 1
    assert main(["review", "repair-log", str(path), "--actor", "Vanna Reviewer",
                 "--reason", "time edited by hand"]) == 0
    assert "Traceback" not in capsys.readouterr().err


def test_deep_nesting_in_a_repair_entry_does_not_crash(case: CaseFile, tmp_path: Path,
                                                       capsys) -> None:
    review.submit(case, "Dara Sok", CLOCK)
    case.review.audit_log[0].actor = "Someone"  # break the log, then repair it
    review.repair_log(case, "Vanna Reviewer", "edited", CLOCK)
    entry = case.review.audit_log[-1]
    entry.detail["comments"] = "[" * 100_000 + "]" * 100_000
    entry.hash = review.entry_hash(entry)
    path = tmp_path / "case.json"
    storage.save(case, path)
    for action in ("show", "check"):
        assert main(["review", action, str(path)]) == 1
    assert "its record of the comments is unreadable" in capsys.readouterr().out
    assert main(["check", str(path)]) in (0, 1)


def _policy(tmp_path: Path, *certs: bytes) -> Path:
    pem = tmp_path / "reviewers.pem"
    pem.write_bytes(b"".join(certs))
    path = tmp_path / "policy.toml"
    path.write_text("[approvals]\nmust_be_key_signed = true\n"
                    "trusted_reviewers = \"reviewers.pem\"\n", "utf-8")
    return path


def _keys():
    from mla_writer.signing import create_identity

    reviewer = create_identity(None, "Vanna Reviewer", "Deputy Prosecutor-General",
                               "Procuracy (fictional)", "x", key_type="ec", clock=CLOCK)
    forger = create_identity(None, "Vanna Reviewer", "Deputy Prosecutor-General",
                             "Procuracy (fictional)", "x", key_type="ec", clock=CLOCK)
    return reviewer, forger


def test_policy_unsigned_and_untrusted_approvals_are_errors(case: CaseFile,
                                                            tmp_path: Path) -> None:
    from mla_writer.signing.policy import load_policy
    from mla_writer.workflow.package import refusal

    reviewer, forger = _keys()
    policy = load_policy(_policy(tmp_path, reviewer.cert_pem()))
    cases = {}
    for label, key in (("unsigned", None), ("forger", forger), ("reviewer", reviewer)):
        c = case.model_copy(deep=True)
        review.submit(c, "Dara Sok", CLOCK)
        review.approve(c, "Vanna Reviewer", CLOCK, identity=key)
        cases[label] = c
    assert "not signed with a key" in refusal(cases["unsigned"], clock=CLOCK, policy=policy)
    assert "not one of the trusted reviewers'" in refusal(cases["forger"], clock=CLOCK,
                                                          policy=policy)
    assert "policy" not in refusal(cases["reviewer"], clock=CLOCK, policy=policy)
    # without the policy, the unsigned approval is accepted as before
    assert "policy" not in refusal(cases["unsigned"], clock=CLOCK)
    for label, expected in (("unsigned", 1), ("forger", 1), ("reviewer", 0)):
        path = tmp_path / f"{label}.json"
        storage.save(cases[label], path)
        assert main(["review", "check", str(path), "--policy",
                     str(tmp_path / "policy.toml")]) == expected, label


def test_policy_file_problems_are_errors_not_silence(tmp_path: Path, case: CaseFile,
                                                     capsys) -> None:
    from mla_writer.signing.policy import PolicyError, load_policy

    bad = tmp_path / "policy.toml"
    for text, why in (("[approvals]\nmust_be_key_signed = \"yes\"\n", "true or false"),
                      ("[approvals]\nmust_be_key_signed = true\n", "trusted_reviewers"),
                      ("[approval]\nmust_be_key_signed = true\n", "unknown section"),
                      ("[approvals\n", "not valid TOML")):
        bad.write_text(text, "utf-8")
        with pytest.raises(PolicyError, match=why):
            load_policy(bad)
    path = tmp_path / "case.json"
    storage.save(case, path)
    assert main(["review", "check", str(path), "--policy", str(bad)]) == 2
    assert "signing policy" in capsys.readouterr().err


def test_policy_from_the_environment(monkeypatch, tmp_path: Path) -> None:
    from mla_writer.signing.policy import load_policy

    reviewer, _forger = _keys()
    monkeypatch.setenv("MLA_WRITER_POLICY", str(_policy(tmp_path, reviewer.cert_pem())))
    assert load_policy().approvals_key_signed


def test_a_stripped_approval_signature_is_detected_against_the_package(case: CaseFile) -> None:
    reviewer, _forger = _keys()
    review.submit(case, "Dara Sok", CLOCK)
    review.approve(case, "Vanna Reviewer", CLOCK, identity=reviewer)
    record = review.approval_record(case)
    manifest = {"request": {"reference": case.request.case_reference},
                "review": {**record, "audit_log": {"length": len(case.review.audit_log),
                                                   "head": review.head_hash(case)}}}
    review.mark_signed(case, "Director Sok", CLOCK, {"manifest_sha256": "m" * 64})
    assert review.check_against_package(case, manifest, "m" * 64) == []
    # strip the signature and rebuild the whole chain, as anyone holding the file can
    stripped = case.model_copy(deep=True)
    prev = review.GENESIS_HASH
    for entry in stripped.review.audit_log:
        for key in ("approval_signature", "approval_certificate_sha256", "approval_signer"):
            entry.detail.pop(key, None)
        entry.prev_hash = prev
        entry.hash = review.entry_hash(entry)
        prev = entry.hash
    assert review.verify_audit_log(stripped) == []  # the chain alone cannot tell
    manifest["review"]["audit_log"]["head"] = stripped.review.audit_log[1].hash
    problems = review.check_against_package(stripped, manifest, "m" * 64)
    assert problems and "signature was stripped" in problems[0]
