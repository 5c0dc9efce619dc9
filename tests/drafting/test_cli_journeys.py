"""The same three journeys on the command line: a case file drafted in Vietnamese, Khmer or
Lao, translated with `translate set`, checked, and built in the drafting language, the
requested state's language and both side by side (`build --bilingual`)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from mla_writer.cli import main
from mla_writer.storage import load

from .scenarios import SCENARIOS, Scenario

NOW = ["--now", "2026-10-05T09:00:00+00:00"]


def _write(tmp_path: Path, s: Scenario) -> Path:
    path = tmp_path / f"{s.name}.json"
    path.write_text(json.dumps(s.case_dict(), ensure_ascii=False), encoding="utf-8")
    return path


def _squeeze(text: str) -> str:
    return "".join(text.split())


def _pdf(path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    return _squeeze(subprocess.run(["pdftotext", str(path), "-"], capture_output=True,
                                   text=True, check=True).stdout)


@pytest.mark.parametrize("s", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_draft_translate_check_and_build(tmp_path, capsys, s: Scenario) -> None:
    case_path = _write(tmp_path, s)
    assert main(["translate", "language", str(case_path)]) == 0
    assert capsys.readouterr().out.strip() == s.drafting
    # before translating: the requested state's language is missing for every text
    assert main(["check", str(case_path), "--json"]) == 0
    codes = {i["code"] for i in json.loads(capsys.readouterr().out)}
    assert f"LANGUAGE-UNTRANSLATED-{s.target.upper()}" in codes
    assert f"LANGUAGE-UNTRANSLATED-{s.drafting.upper()}" not in codes
    assert main(["translate", "show", str(case_path), "--lang", s.target, "--json"]) == 1
    shown = json.loads(capsys.readouterr().out)
    assert shown["drafting_language"] == s.drafting
    assert {seg["path"]: seg["source"] for seg in shown["segments"]} == {
        p: text for p, (text, _t) in s.texts.items()}
    assert {seg["status"] for seg in shown["segments"]} == {"missing"}

    translations = tmp_path / "th.json"
    translations.write_text(json.dumps(s.translations(), ensure_ascii=False), "utf-8")
    assert main(["translate", "set", str(case_path), "--lang", s.target,
                 "--file", str(translations)]) == 0
    assert main(["translate", "show", str(case_path), "--lang", s.target]) == 0
    assert f"{len(s.texts)} of {len(s.texts)} segments translated" in capsys.readouterr().out
    assert main(["check", str(case_path), "--json"]) == 0
    codes = {i["code"] for i in json.loads(capsys.readouterr().out)}
    assert f"LANGUAGE-UNTRANSLATED-{s.target.upper()}" not in codes

    out = tmp_path / "out"
    assert main(["build", str(case_path), "--out", str(out), "--lang",
                 f"{s.drafting},{s.target}", "--bilingual", "--format", "pdf", *NOW]) == 0
    base = s.names["reference"].replace("/", "-").lower()
    own = _pdf(out / f"{base}_request_{s.drafting}.pdf")
    target = _pdf(out / f"{base}_request_{s.target}.pdf")
    assert (out / f"{base}_request_{s.target}-{s.drafting}.pdf").exists()
    assert not (out / f"{base}_request_{s.target}-en.pdf").exists()
    for path, (text, translation) in s.texts.items():
        assert _squeeze(text) in own and _squeeze(translation) not in own, path
        assert _squeeze(translation) in target and _squeeze(text) not in target, path


def test_translating_needs_a_current_source_and_refuses_the_drafting_language(
        tmp_path, capsys) -> None:
    s = SCENARIOS[0]
    case_path = _write(tmp_path, s)
    assert main(["translate", "set", str(case_path), "--lang", s.drafting,
                 "--path", "$.request.subject", "--text", "x"]) == 2
    assert "not a target language" in capsys.readouterr().err
    assert main(["translate", "set", str(case_path), "--lang", s.target,
                 "--path", "$.request.nothing_here", "--text", "x"]) == 2
    assert "no text to translate" in capsys.readouterr().err
    assert load(case_path).translations == {}
    assert main(["translate", "set", str(case_path), "--lang", s.target, "--path",
                 "$.request.subject", "--text", s.texts["$.request.subject"][1]]) == 0
    capsys.readouterr()
    # the drafter edits the text: the translation is outdated, shown so, and not printed
    data = json.loads(case_path.read_text("utf-8"))
    data["request"]["subject"] += " (sửa)"
    case_path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    assert main(["translate", "show", str(case_path), "--lang", s.target, "--json"]) == 1
    shown = json.loads(capsys.readouterr().out)
    status = {seg["path"]: seg["status"] for seg in shown["segments"]}
    assert status["$.request.subject"] == "outdated"
    assert main(["check", str(case_path), "--json"]) == 0
    codes = {i["code"] for i in json.loads(capsys.readouterr().out)}
    assert f"LANGUAGE-OUTDATED-{s.target.upper()}" in codes


def test_xliff_export_uses_the_drafting_language_as_source(tmp_path, capsys) -> None:
    s = SCENARIOS[2]  # drafted in Lao
    case_path = _write(tmp_path, s)
    xlf = tmp_path / "vi.xlf"
    assert main(["xliff", "export", str(case_path), "--lang", "lo", "--out", str(xlf)]) == 2
    assert "drafted in 'lo'" in capsys.readouterr().err
    assert main(["xliff", "export", str(case_path), "--lang", "en", "--out", str(xlf)]) == 0
    assert 'srcLang="lo"' in xlf.read_text("utf-8") and 'trgLang="en"' in xlf.read_text("utf-8")


def test_changing_the_drafting_language_on_the_command_line(tmp_path, capsys) -> None:
    s = SCENARIOS[0]
    case_path = _write(tmp_path, s)
    assert main(["translate", "language", str(case_path), "th"]) == 1  # nothing translated
    assert "have no translation into 'th'" in capsys.readouterr().err
    assert load(case_path).drafting_language == "vi"
    translations = tmp_path / "th.json"
    translations.write_text(json.dumps(s.translations(), ensure_ascii=False), "utf-8")
    assert main(["translate", "set", str(case_path), "--lang", "th", "--file",
                 str(translations)]) == 0
    assert main(["translate", "language", str(case_path), "th"]) == 0
    case = load(case_path)
    assert case.drafting_language == "th"
    assert case.request.subject == s.texts["$.request.subject"][1]
    assert case.translations["$.request.subject"]["vi"] == s.texts["$.request.subject"][0]
    assert main(["translate", "show", str(case_path), "--lang", "vi"]) == 0  # all current
