"""Marking, the score table and the trainer's report, through the API and the command line."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import subprocess

from mla_writer.cli import main
from mla_writer.domain.clock import fixed_clock
from mla_writer.i18n import render_text
from mla_writer.training import find_exercise, score_case, score_folder
from mla_writer.training.exercise import starting_case
from mla_writer.training.report import MARKING, report_pdf, scores_csv

from .conftest import three_trainees

CLOCK = fixed_clock(dt.datetime(2026, 12, 6, 2, 0, tzinfo=dt.UTC))
MARK = "TRAINING — NOT A REAL REQUEST"


def _pages(pdf) -> list[str]:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True,
                         capture_output=True)
    return out.stdout.decode("utf-8").split("\f")[:-1]


def test_a_miss_names_its_reason_and_legal_source() -> None:
    ex = find_exercise("kh-extradition-accused")
    marks = {r.criterion.id: r for r in score_case(ex, starting_case(ex)).results}
    basis = marks["basis"]
    assert not basis.passed and "the case gives ASEAN-EXTRADITION" in basis.reason_in("en")
    assert "Cambodia" in basis.source.citation or "treaty" in basis.source.citation
    claim = marks["no-asean-extradition"]
    assert not claim.passed and "not known to be in force" in claim.reason_in("en")
    assert "chưa được biết là đã có hiệu lực" in claim.reason_in("vi")  # the trainer's own words
    assert "Hiệp ước dẫn độ ASEAN" in claim.hint_in("vi")
    assert claim.source.citation == "ASEAN Treaty on Extradition (Manila, 14 Nov 2025)"
    assert marks["channel"].passed


def test_a_case_for_another_state_fails_the_findings_it_would_escape() -> None:
    ex = find_exercise("vn-provisional-arrest")
    case = starting_case(ex)
    case.request.requested_state = "TH"  # the Vietnamese rules would no longer be checked
    marks = {r.criterion.id: r for r in score_case(ex, case).results}
    assert not marks["compensation"].passed and not marks["channel"].passed
    assert "not the request the exercise asks for" in marks["compensation"].reason_in("en")


def test_folder_scores_csv_and_an_unreadable_file(tmp_path) -> None:
    ex = find_exercise("th-mla-bank-records")
    folder = three_trainees(tmp_path / "class", ex)
    (folder / "trainee-d.json").write_text("{not json", "utf-8")
    scores = score_folder(folder, ex)
    by_name = {s.trainee: s for s in scores}
    assert set(by_name) == {"trainee-a", "trainee-b", "trainee-c", "trainee-d"}
    assert by_name["trainee-c"].percent == 100.0
    assert by_name["trainee-a"].percent < by_name["trainee-b"].percent < 100.0
    assert by_name["trainee-d"].percent == 0.0 and "not valid JSON" in by_name["trainee-d"].problem
    data = scores_csv(scores)
    assert data.startswith(b"\xef\xbb\xbf")  # spreadsheet programs then read every script
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    row = next(r for r in rows if r["trainee"] == "trainee-b")
    assert row["basis"] == "1" and row["purpose"] == "1" and row["account"] == "0"
    assert "account" in row["missed"].split()


def test_report_pdf_is_marked_on_every_page_and_prints_every_script(tmp_path) -> None:
    ex = find_exercise("la-extradition-convicted")
    folder = three_trainees(tmp_path / "class", ex)
    (folder / "ກິດຕິສັກ.json").write_bytes((folder / "trainee-a.json").read_bytes())
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(report_pdf(score_folder(folder, ex), ex, lang="lo", clock=CLOCK))
    pages = _pages(pdf)
    assert len(pages) >= 2
    mark = render_text(MARKING, "lo")
    assert mark == "ສຳລັບການຝຶກອົບຮົມ — ບໍ່ແມ່ນຄຳຮ້ອງແທ້"
    assert all(mark in page for page in pages)
    text = "".join(pages)
    assert "ກິດຕິສັກ" in text  # the Lao file name, in a Lao font
    assert ex.title_in("lo") in text.replace("\n", " ")
    for number in ("C1", "C4"):  # the chart's axis and the tables
        assert number in text


def test_cli_journey_start_check_score(tmp_path, capsys) -> None:
    folder = tmp_path / "class"
    folder.mkdir()
    assert main(["training", "start", "mm-mla-witness", str(folder / "aye.json")]) == 0
    started = json.loads((folder / "aye.json").read_text("utf-8"))
    assert started["training"] is True
    assert main(["training", "start", "mm-mla-witness", str(folder / "aye.json")]) == 1
    capsys.readouterr()
    assert main(["training", "check", "mm-mla-witness", str(folder / "aye.json")]) == 1
    out = capsys.readouterr().out
    assert "MISS  C4  The questions to be put to the witness" in out
    assert "Legal source: UNTOC art. 18(15)(d)" in out and "Hint: " in out
    assert main(["training", "check", "mm-mla-witness", str(folder / "aye.json"),
                 "--no-hints", "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["score_percent"] < 50 and all("hint" not in c for c in report["criteria"])
    ex = find_exercise("mm-mla-witness")
    three_trainees(folder, ex)
    assert main(["training", "score", str(folder), "--exercise", "mm-mla-witness",
                 "--now", "2026-12-06T09:00+07:00"]) == 0
    out = capsys.readouterr().out
    assert "100%  trainee-c" in out
    assert "  C4  missed by 3/4  The questions to be put to the witness" in out
    assert (folder / "training-scores.csv").exists()
    pages = _pages(folder / "training-report.pdf")
    assert pages and all(MARK in p for p in pages)
    assert main(["training", "score", str(tmp_path / "nowhere"), "--exercise",
                 "mm-mla-witness"]) == 2
    assert main(["training", "check", "no-such-exercise", str(folder / "aye.json")]) == 2
    assert "no exercise 'no-such-exercise'" in capsys.readouterr().err


def test_cli_list_and_show(capsys) -> None:
    assert main(["training", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert len(listed) >= 8
    assert main(["training", "show", "cn-mla-electronic", "--lang", "zh"]) == 0
    out = capsys.readouterr().out
    assert "向中国请求司法协助" in out and "C7  不援引《东盟刑事司法协助条约》" in out
    assert main(["training", "show", "cn-mla-electronic", "--no-hints"]) == 0
    assert "Is China an ASEAN member?" not in capsys.readouterr().out
    assert main(["training", "show", "cn-mla-electronic"]) == 0
    assert "Is China an ASEAN member?" in capsys.readouterr().out
