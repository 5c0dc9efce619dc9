"""`mla-writer build`: exit codes, refusal on blocking issues, --draft marking, options."""

from __future__ import annotations

from pathlib import Path

import mla_writer.rules as rules
from mla_writer import i18n
from mla_writer.cli import main
from mla_writer.domain.issues import Issue, Severity
from mla_writer.render import default_languages
from mla_writer.storage import load, save

from .helpers import docx_header_footer, pdf_text, squash

ROOT = Path(__file__).resolve().parents[2]
BANK = ROOT / "examples" / "mla-bank-records.json"


def _issues(*severities: Severity):
    def evaluate(case, *, on=None, registry=None):
        return [Issue(code=f"T{i}", severity=s, path="$.request.facts_summary",
                      message="summary of the facts is missing",
                      citation="UNTOC art. 18(15)(c)") for i, s in enumerate(severities)]
    return evaluate


def test_unreadable_case_exits_2(tmp_path, capsys) -> None:
    assert main(["build", str(tmp_path / "missing.json"), "--out", str(tmp_path)]) == 2
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    assert main(["build", str(bad), "--out", str(tmp_path / "o")]) == 2
    assert "not valid JSON" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_blocking_issues_refuse_with_exit_1(tmp_path, capsys, monkeypatch) -> None:
    monkeypatch.setattr(rules, "evaluate", _issues(Severity.ERROR, Severity.WARNING),
                        raising=False)
    out = tmp_path / "out"
    assert main(["build", str(BANK), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "1 blocking issue" in err
    assert "$.request.facts_summary" in err and "UNTOC art. 18(15)(c)" in err
    assert not out.exists() or not any(out.iterdir())


def test_draft_builds_anyway_and_marks_every_page(tmp_path, capsys, monkeypatch) -> None:
    monkeypatch.setattr(rules, "evaluate", _issues(Severity.ERROR), raising=False)
    out = tmp_path / "out"
    assert main(["build", "example:mla-bank-records", "--out", str(out), "--draft"]) == 0
    printed = [Path(line) for line in capsys.readouterr().out.splitlines()]
    langs = default_languages(load(BANK))  # Thai and English for a request to Thailand
    assert "en" in langs
    assert len(printed) == 2 * 2 * len(langs) and all(p.is_file() for p in printed)
    for path in printed:
        lang = path.stem.rsplit("_", 1)[1]
        draft = i18n.document_translations(lang).gettext("DRAFT")
        if path.suffix == ".docx":
            assert draft in docx_header_footer(path)
        else:
            pages = pdf_text(path, body_only=False).split("\f")[:-1]
            assert pages and all(squash(draft) in squash(page) for page in pages)


def test_clean_case_builds_chosen_formats(tmp_path, capsys, monkeypatch) -> None:
    monkeypatch.setattr(rules, "evaluate", _issues(Severity.WARNING), raising=False)
    out = tmp_path / "out"
    assert main(["build", str(BANK), "--out", str(out), "--format", "pdf", "--lang", "en"]) == 0
    printed = capsys.readouterr().out.split()
    assert [Path(p).name for p in printed] == [
        "vkstc-htqt-2026-0417_request_en.pdf", "vkstc-htqt-2026-0417_transmittal_en.pdf"]
    assert sorted(p.name for p in out.iterdir()) == sorted(Path(p).name for p in printed)


def test_several_languages_in_one_option(tmp_path, capsys, monkeypatch) -> None:
    monkeypatch.setattr(rules, "evaluate", _issues(), raising=False)
    out = tmp_path / "out"
    assert main(["build", str(BANK), "--out", str(out), "--format", "docx",
                 "--lang", "th,en"]) == 0
    names = [Path(p).name for p in capsys.readouterr().out.split()]
    assert names == ["vkstc-htqt-2026-0417_request_th.docx",
                     "vkstc-htqt-2026-0417_transmittal_th.docx",
                     "vkstc-htqt-2026-0417_request_en.docx",
                     "vkstc-htqt-2026-0417_transmittal_en.docx"]


def test_unknown_language_is_a_usage_error(tmp_path, capsys) -> None:
    assert main(["build", str(BANK), "--out", str(tmp_path), "--lang", "xx"]) == 2
    assert "unknown language" in capsys.readouterr().err


def test_real_rules_refuse_a_case_without_facts(tmp_path, capsys) -> None:
    case = load(BANK)
    case.request.facts_summary = ""
    path = tmp_path / "case.json"
    save(case, path)
    assert main(["build", str(path), "--out", str(tmp_path / "out")]) == 1
    assert "facts_summary" in capsys.readouterr().err

