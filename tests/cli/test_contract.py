"""The command-line contract: exact exit codes (0 done, 1 problems or refused, 2 unreadable),
clear messages instead of tracebacks, and build refusing what check reports."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import time
from pathlib import Path

import docx
import pytest

from mla_writer import i18n, resources, review, storage
from mla_writer.cli import main
from mla_writer.domain.clock import Clock, fixed_clock
from mla_writer.profiles import loader

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
CLOCK = fixed_clock(dt.datetime(2026, 10, 6, 9, 0, tzinfo=dt.UTC))


def _copy(tmp_path: Path, name: str = "mla-bank-records") -> Path:
    path = tmp_path / f"{name}.json"
    shutil.copyfile(EXAMPLES / f"{name}.json", path)
    return path


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


# --- unreadable case files: exit 2, a message, no traceback ---------------------------------

@pytest.mark.parametrize(("content", "message"), [
    ("[" * 100_000, "nested far too deeply"),
    ('{"schema_version": 1, "request": {"purpose": "\\ud800"}}', "$.request.purpose: contains"
     " an unpaired surrogate"),
    ('{"schema_version": 1, "request": {"persons": [{"date_of_birth": 0}]}}',
     "$.request.persons[0].date_of_birth: expected a date as text YYYY-MM-DD (found 0)"),
    ('{"schema_version": 1, "training": "yes"}', "$.training: expected true or false"),
])
@pytest.mark.parametrize("command", ["check", "build", "review", "xliff"])
def test_unreadable_case_files_exit_2_with_a_message(
        tmp_path, capsys, content: str, message: str, command: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, "utf-8")
    out = tmp_path / "out"
    argv = {"check": ["check", str(path)], "build": ["build", str(path), "--out", str(out)],
            "review": ["review", "submit", str(path), "--actor", "A"],
            "xliff": ["xliff", "export", str(path), "--lang", "th", "--out", str(out / "x")]}
    assert main(argv[command]) == 2
    err = capsys.readouterr().err
    assert message in err and str(path) in err and "Traceback" not in err
    assert not out.exists()
    assert path.read_text("utf-8") == content


def test_an_older_case_file_is_read_and_left_as_it_is(tmp_path, capsys) -> None:
    old = tmp_path / "old.json"
    shutil.copyfile(ROOT / "tests" / "model" / "fixtures" / "schema-v0-provisional-arrest.json",
                    old)
    before = old.read_bytes()
    # it lacks the undertakings Viet Nam requires: known from a press report, so they warn
    assert main(["check", str(old), "--json"]) == 0
    read = capsys.readouterr()
    assert "is in case-file schema 0; it was read as schema 1" in read.err
    assert "VN-PA-COMPENSATION" in read.out
    assert old.read_bytes() == before


# --- build refuses exactly what check reports ----------------------------------------------

def _tampered(tmp_path: Path) -> Path:
    path = _copy(tmp_path)
    case = storage.load(path)
    review.submit(case, "Drafter", CLOCK)
    review.approve(case, "Reviewer", CLOCK)
    storage.save(case, path)
    data = json.loads(path.read_text("utf-8"))
    data["review"]["audit_log"][0]["actor"] = "Someone else"
    data["request"]["purpose"] += " And something the reviewer never saw."
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    return path


def test_a_tampered_review_blocks_check_and_build_alike(tmp_path, capsys) -> None:
    path = _tampered(tmp_path)
    assert main(["check", str(path), "--json"]) == 1
    codes = {i["code"] for i in json.loads(capsys.readouterr().out) if i["severity"] == "error"}
    assert codes == {"AUDIT-LOG", "REVIEW-CHANGED"}
    out = tmp_path / "out"
    assert main(["build", str(path), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "refused: 2 blocking issue(s)" in err
    assert "[AUDIT-LOG]" in err and "[REVIEW-CHANGED]" in err
    assert _files(out) == []
    assert main(["build", str(path), "--out", str(out), "--draft", "--format", "pdf",
                 "--lang", "en"]) == 0
    assert _files(out) == ["vkstc-htqt-2026-0417_request_en-draft.pdf",
                           "vkstc-htqt-2026-0417_transmittal_en-draft.pdf"]


def test_blocking_findings_are_the_errors_check_prints(tmp_path) -> None:
    from mla_writer.workflow.preflight import blocking_findings, findings

    case = storage.load(_tampered(tmp_path))
    on = case.request.request_date
    everything = findings(case, on=on)
    assert [i.code for i in blocking_findings(case, on=on)] == [
        i.code for i in everything if i.severity == "error"]
    assert not blocking_findings(storage.load(EXAMPLES / "mla-bank-records.json"), on=on)


# --- broken legal profiles: exit 2, the file named, nothing written ------------------------

@pytest.fixture
def broken_thailand(tmp_path, monkeypatch):
    """The installed profiles with TH.toml broken (as a bad edit or a bad install would)."""
    folder = tmp_path / "legal_profiles"
    shutil.copytree(resources.data_dir("legal_profiles"), folder)
    th = folder / "states" / "TH.toml"
    th.write_text(th.read_text("utf-8").replace("name_en =", "nmae_en =", 1), "utf-8")
    real = resources.data_dir
    monkeypatch.setattr(resources, "data_dir",
                        lambda name: folder if name == "legal_profiles" else real(name))
    loader._default_registry.cache_clear()
    yield folder
    loader._default_registry.cache_clear()


@pytest.mark.parametrize("case", ["example:mla-bank-records", "example:extradition-accused"])
@pytest.mark.parametrize("draft", [[], ["--draft"]])
def test_build_with_a_broken_profile_exits_2_and_writes_nothing(
        broken_thailand, tmp_path, capsys, case: str, draft: list[str]) -> None:
    out = tmp_path / "out"
    assert main(["build", case, "--out", str(out), *draft]) == 2
    err = capsys.readouterr().err
    assert str(broken_thailand / "states" / "TH.toml") in err
    assert "nmae_en: unknown key" in err and "Traceback" not in err
    assert _files(out) == []


def test_check_with_a_broken_profile(broken_thailand, capsys) -> None:
    assert main(["check", "example:mla-bank-records"]) == 2  # a request to Thailand
    err = capsys.readouterr().err
    assert "states/TH.toml is broken, so the case cannot be checked" in err
    assert main(["check", "example:extradition-accused"]) == 0  # to Cambodia: a warning
    assert "warning: some legal profiles are broken" in capsys.readouterr().err


# --- languages the requested state does not accept -----------------------------------------

def _to_cambodia_under_untoc(tmp_path: Path) -> Path:
    path = _copy(tmp_path, "mla-freezing-electronic")
    case = storage.load(path)
    assert case.request.requested_state == "KH"
    case.request.legal_basis.instrument_id = "UNTOC"
    storage.save(case, path)
    return path


@pytest.mark.parametrize(("langs", "warned"), [("en", True), ("km", False), ("en,km", False)])
def test_build_warns_when_no_output_language_is_accepted(
        tmp_path, capsys, langs: str, warned: bool) -> None:
    path = _to_cambodia_under_untoc(tmp_path)
    assert main(["build", str(path), "--out", str(tmp_path / "out"), "--draft",
                 "--format", "docx", "--lang", langs]) == 0
    err = capsys.readouterr().err
    warning = ("warning: Cambodia does not accept this request in English: its legal profile"
               " accepts Khmer; build in Khmer (--lang km)")
    assert (warning in err) is warned


def test_english_is_accepted_by_cambodia_under_the_asean_mlat(tmp_path, capsys) -> None:
    assert main(["build", "example:mla-freezing-electronic", "--out", str(tmp_path / "o"),
                 "--format", "docx", "--lang", "en", "--draft"]) == 0
    assert "does not accept" not in capsys.readouterr().err


# --- a fixed clock from the command line ---------------------------------------------------

def _docx_text(path: Path) -> str:
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


def _undated(tmp_path: Path) -> Path:
    path = _copy(tmp_path)
    case = storage.load(path)
    case.request.request_date = None
    storage.save(case, path)
    return path


@pytest.mark.parametrize(("now", "day"), [
    ("2026-10-05T06:00:00+07:00", dt.date(2026, 10, 5)),  # Hanoi at 06:00: UTC is still the 4th
    ("2026-10-04T23:00:00+00:00", dt.date(2026, 10, 4)),
])
def test_now_option_sets_the_document_date_where_the_user_is(
        tmp_path, capsys, now: str, day: dt.date) -> None:
    path = _undated(tmp_path)
    out = tmp_path / "out"
    assert main(["build", str(path), "--out", str(out), "--format", "docx", "--lang", "en",
                 "--now", now]) == 0
    request = out / "vkstc-htqt-2026-0417_request_en.docx"
    assert i18n.format_date(day, "en") in _docx_text(request)
    other = day + dt.timedelta(days=-1 if day.day == 5 else 1)
    assert i18n.format_date(other, "en") not in _docx_text(request)


def test_source_date_epoch_makes_builds_byte_identical(tmp_path, capsys, monkeypatch) -> None:
    path = _undated(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1791273600")  # 2026-10-06 08:00 UTC
    for run in ("a", "b"):
        assert main(["build", str(path), "--out", str(tmp_path / run), "--lang", "en"]) == 0
        time.sleep(1.1)  # a clock that leaked into the files would show as a difference
    for name in _files(tmp_path / "a"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    request = tmp_path / "a" / "vkstc-htqt-2026-0417_request_en.docx"
    assert i18n.format_date(dt.date(2026, 10, 6), "en") in _docx_text(request)
    assert main(["build", str(path), "--out", str(tmp_path / "c"), "--lang", "en",
                 "--now", "2026-10-06T08:00:00Z"]) == 0
    for name in _files(tmp_path / "a"):  # --now and the epoch give the same documents
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "c" / name).read_bytes(), name


def test_unusable_clock_settings_are_usage_errors(tmp_path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    for argv in (["build", "example:mla-bank-records", "--out", str(tmp_path / "o")],
                 ["check", "example:mla-bank-records"],
                 ["basis", "--from", "VN", "--to", "TH", "--kind", "mla"],
                 ["profiles", "lint"]):
        assert main(argv) == 2
        assert "SOURCE_DATE_EPOCH must be a whole number of seconds" in capsys.readouterr().err
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    with pytest.raises(SystemExit) as info:
        main(["build", "example:mla-bank-records", "--out", str(tmp_path), "--now", "soon"])
    assert info.value.code == 2


def test_the_system_clock_gives_the_local_date(monkeypatch) -> None:
    late_utc = dt.datetime(2026, 10, 4, 23, 0, tzinfo=dt.UTC)
    monkeypatch.setenv("TZ", "Asia/Ho_Chi_Minh")
    time.tzset()
    try:
        assert Clock(now=lambda: late_utc).today() == dt.date(2026, 10, 5)
        assert Clock(now=lambda: late_utc, tz=dt.UTC).today() == dt.date(2026, 10, 4)
    finally:
        monkeypatch.undo()
        time.tzset()
    assert fixed_clock(late_utc).today() == dt.date(2026, 10, 4)  # its own zone, not the host's
