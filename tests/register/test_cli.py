"""`mla-writer register ...` and `mla-writer intake` on both engines."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from mla_writer import review, storage
from mla_writer.cli import main
from mla_writer.domain.clock import fixed_clock

ROOT = Path(__file__).resolve().parents[2]
CLOCK = fixed_clock(dt.datetime(2026, 11, 20, 8, 0, tzinfo=dt.UTC))


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def officer(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("MLA_WRITER_OFFICER", "Head Sokha")
    return "Head Sokha"


def test_register_commands(register_url: str, officer: str, tmp_path: Path,
                           capsys: pytest.CaptureFixture[str]) -> None:
    db = ["--register", register_url]
    case_path = tmp_path / "pa.json"
    case = storage.load(ROOT / "examples" / "provisional-arrest.json")
    storage.save(case, case_path)
    code, out, _ = _run(capsys, "register", "add", str(case_path), *db)
    assert (code, out.strip()) == (0, "registered as request 1")
    code, out, _ = _run(capsys, "register", "add", str(case_path), *db)
    assert (code, out.strip()) == (0, "updated request 1")  # the same case is not duplicated
    assert _run(capsys, "register", "set", "1", "--arrest-date", "2026-11-01", *db)[0] == 0
    code, out, _ = _run(capsys, "register", "show", "1", "--json", *db)
    shown = json.loads(out)
    assert shown["request"]["reference"] == case.request.case_reference
    assert shown["request"]["persons"] == "KAEWMANEE Somsak"
    limits = [d for d in shown["deadlines"] if d["what"] == "time_limit"]
    assert limits and all(d["citation"] and d["code"] for d in limits)
    assert [h["field"] for h in shown["history"]][-1] == "arrest_date"
    assert all(h["officer"] == officer for h in shown["history"])
    code, out, _ = _run(capsys, "register", "show", "1", *db)
    assert "Citation:" in out and "History:" in out
    # status changes follow the roles; a refused one exits 1 and says why
    code, _, err = _run(capsys, "register", "status", "1", "executed", *db)
    assert code == 1 and "may not move request 1 from draft to executed" in err
    assert _run(capsys, "register", "status", "1", "submitted", *db)[0] == 0
    code, out, _ = _run(capsys, "register", "list", "--status", "submitted", "--json", *db)
    assert [r["id"] for r in json.loads(out)] == [1]
    code, out, _ = _run(capsys, "register", "list", "--kind", "mla", "--json", *db)
    assert json.loads(out) == []
    code, out, _ = _run(capsys, "register", "export", *db)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["reference"] for r in rows] == [case.request.case_reference]
    code, out, _ = _run(capsys, "register", "stats", "--json", *db)
    assert json.loads(out)["by_status"] == {"submitted": 1}
    # officers: a drafter may not add officers
    assert _run(capsys, "register", "officer", "add", "Dara", "--role", "drafter", *db)[0] == 0
    code, _, err = _run(capsys, "register", "officer", "add", "X", "--role", "head",
                        "--officer", "Dara", *db)
    assert code == 1 and "may not add or change officers" in err


def test_register_unreadable(tmp_path: Path, officer: str,
                             capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "not-a-db.sqlite3"
    bad.write_bytes(b"this is not a database" * 100)
    code, _, err = _run(capsys, "register", "list", "--register", f"sqlite:///{bad}")
    assert code == 2 and "cannot open the register" in err


def test_intake_of_a_case_file(register_url: str, officer: str, tmp_path: Path,
                               capsys: pytest.CaptureFixture[str]) -> None:
    case = storage.load(ROOT / "examples" / "mla-bank-records.json")
    case.request.facts_summary = ""
    path = tmp_path / "incoming.json"
    storage.save(case, path)
    state = case.request.requested_state
    other = "LA" if state != "LA" else "KH"
    code, out, err = _run(capsys, "intake", str(path), "--as-state", other,
                          "--register", register_url)
    assert code == 1 and f"addressed to {state}, not {other}" in err
    code, out, err = _run(capsys, "intake", str(path), "--as-state", state, "--json",
                          "--register", register_url)
    result = json.loads(out)
    assert result["registered"] == {"id": 1, "created": True}
    paths = {m["path"] for m in result["missing"]}
    assert "$.request.facts_summary" in paths
    assert all(m["citation"] for m in result["missing"])
    code, out, _ = _run(capsys, "register", "show", "1", "--json", "--register", register_url)
    shown = json.loads(out)["request"]
    assert (shown["direction"], shown["status"]) == ("incoming", "transmitted")
    assert shown["received_date"] == dt.date.today().isoformat()
    # received again (the same case file): one entry, the first date of receipt kept
    code, out, _ = _run(capsys, "intake", str(path), "--as-state", state, "--json",
                        "--received", "2026-01-02", "--register", register_url)
    assert json.loads(out)["registered"] == {"id": 1, "created": False}
    code, out, _ = _run(capsys, "register", "show", "1", "--json", "--register", register_url)
    assert json.loads(out)["request"]["received_date"] == dt.date.today().isoformat()


def test_a_case_registered_as_sent_and_received_has_one_entry_each(
        register_url: str, officer: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    """The same case file in one register as sent (add) and received (intake): a second
    intake updates the received entry instead of adding another."""
    path = tmp_path / "both.json"
    storage.save(storage.load(ROOT / "examples" / "mla-bank-records.json"), path)
    db = ["--register", register_url]
    assert _run(capsys, "register", "add", str(path), *db)[1].strip() == "registered as request 1"
    state = storage.load(path).request.requested_state
    for created in (True, False):
        code, out, _ = _run(capsys, "intake", str(path), "--as-state", state, "--json", *db)
        assert code == 0 and json.loads(out)["registered"] == {"id": 2, "created": created}
    assert _run(capsys, "register", "add", str(path), *db)[1].strip() == "updated request 1"
    out = _run(capsys, "register", "list", "--json", *db)[1]
    assert sorted((r["id"], r["direction"]) for r in json.loads(out)) == [
        (1, "outgoing"), (2, "incoming")]


@pytest.fixture(scope="module")
def signed_package(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """(package folder, the case file it signed, the signer's certificate)."""
    from mla_writer.signing import create_identity
    from mla_writer.workflow.package import build_package

    folder = tmp_path_factory.mktemp("intake")
    identity = create_identity(None, "Sok Dara", "Director-General",
                               "Ministry of Justice (fictional)", "training passphrase",
                               key_type="ec", clock=CLOCK)
    case = storage.load(ROOT / "examples" / "mla-bank-records.json")
    review.submit(case, "Drafter Dara", CLOCK)
    review.approve(case, "Reviewer Vanna", CLOCK)
    result = build_package(case, folder / "package", identity, languages=["en"], clock=CLOCK)
    case_path = folder / "case.json"
    storage.save(case, case_path)
    cert = folder / "cert.pem"
    cert.write_bytes(identity.cert_pem())
    return result.directory, case_path, cert


def test_intake_of_a_signed_package(signed_package: tuple[Path, Path, Path], register_url: str,
                                    officer: str, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    package, case_path, cert = signed_package
    state = storage.load(case_path).request.requested_state
    db = ["--register", register_url, "--as-state", state]
    code, out, err = _run(capsys, "intake", str(package), "--trust", str(cert),
                          "--case", str(case_path), "--json", *db)
    result = json.loads(out)
    assert result["verification"]["ok"] and result["registered"]["created"]
    assert result["missing"] is not None
    assert code == (1 if any(m["severity"] == "error" for m in result["missing"]) else 0)
    # the same package again: not registered twice
    code, out, _ = _run(capsys, "intake", str(package), "--trust", str(cert),
                        "--case", str(case_path), "--json", *db)
    assert json.loads(out)["registered"] == {"id": result["registered"]["id"], "created": False}
    # a case file that is not the signed one is refused
    other = storage.load(case_path)
    other.request.facts_summary += " Changed after signing."
    changed = tmp_path / "changed.json"
    storage.save(other, changed)
    code, out, err = _run(capsys, "intake", str(package), "--case", str(changed), *db)
    assert code == 1 and "not the request the package signed" in err
    # a package with a modified file is not registered
    broken = tmp_path / "broken"
    import shutil

    shutil.copytree(package, broken)
    target = next(p for p in broken.iterdir() if p.suffix == ".txt")
    target.write_bytes(target.read_bytes() + b"tampered")
    code, out, err = _run(capsys, "intake", str(broken), "--json", *db)
    result = json.loads(out)
    assert code == 1 and result["registered"] is None
    assert not result["verification"]["intact"]


def test_intake_of_an_unreadable_package(tmp_path: Path, officer: str,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "not-a-package.zip"
    bad.write_bytes(b"not a zip file")
    code, _, err = _run(capsys, "intake", str(bad), "--as-state", "TH", "--register",
                        f"sqlite:///{tmp_path / 'r.sqlite3'}")
    assert code == 2 and "mla-writer intake:" in err
    assert not (tmp_path / "r.sqlite3").exists()


def test_deadlines_and_policy_commands(register_url: str, officer: str,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    from mla_writer.register import Register

    today = dt.date.today()
    with Register(register_url) as reg:
        late = reg.add(direction="outgoing", kind="mla", reference="LATE-1",
                       reply_by=today - dt.timedelta(days=2))
        reg.add(direction="outgoing", kind="mla", reference="FAR-1",
                reply_by=today + dt.timedelta(days=90))
        reg.add_officer("Dara", "drafter")
    db = ["--register", register_url]
    code, out, _ = _run(capsys, "register", "deadlines", "--within", "30", *db)
    assert code == 0 and "LATE-1" in out and "OVERDUE by 2 day(s)" in out and "FAR-1" not in out
    code, out, _ = _run(capsys, "register", "list", "--overdue", "--json", *db)
    assert [r["id"] for r in json.loads(out)] == [late]
    code, out, _ = _run(capsys, "register", "policy", "--follow-up-days", "14", *db)
    assert code == 0 and "14 day(s)" in out
    code, _, err = _run(capsys, "register", "policy", "--follow-up-days", "7", "--officer",
                        "Dara", *db)
    assert code == 1 and "may not set the office policy" in err
    code, out, _ = _run(capsys, "register", "officer", "list", *db)
    assert out.splitlines() == ["Dara: drafter", "Head Sokha: head of authority"]


def test_a_register_url_that_names_no_database(officer: str,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "register", "list", "--register",
                        "postgresql://officer:s3cret-word@127.0.0.1:1/none")
    assert code == 2 and "cannot open the register" in err
    assert "s3cret-word" not in err  # never print the password
