"""The program's own checks of a case (no legal profile states them): state codes that name no
state (STATE-CODE) and text the fonts of the PDF cannot print (TEXT-UNPRINTABLE)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mla_writer import i18n
from mla_writer.cli import main
from mla_writer.rules import evaluate
from mla_writer.rules.case_checks import unprintable

from .cases import codes, fixture_registry, make

REG = fixture_registry()
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
CORPUS = Path(__file__).resolve().parents[1] / "scripts" / "corpus"


def check(case):
    return evaluate(case, registry=REG)


def found(issues, code: str) -> list:
    return [i for i in issues if i.code == code]


# --- STATE-CODE ---------------------------------------------------------------------------------

@pytest.mark.parametrize("code", ["XX", "QQ", "001", "150", "EU", "UN", "ZZ", "T H", "THA"])
def test_a_requested_state_that_is_no_state_code_is_an_error(code: str) -> None:
    issues = check(make(requested_state=code))
    [issue] = found(issues, "STATE-CODE")
    assert issue.severity == "error" and issue.path == "$.request.requested_state"
    assert f"'{code}' is not the ISO 3166-1 code of a state" in issue.message
    assert issue.message.startswith("Requested state: ")
    # one problem, one finding: no "no legal profile for XX" warning beside the error
    assert "T-NO-PROFILE" not in codes(issues)


def test_the_requesting_state_is_checked_too() -> None:
    [issue] = found(check(make(requesting_state="XX")), "STATE-CODE")
    assert issue.path == "$.request.requesting_state"
    assert issue.message.startswith("Requesting state: 'XX'")


@pytest.mark.parametrize("code", ["FR", "fr", "XK", "JP"])
def test_a_state_without_a_profile_keeps_the_no_profile_warning(code: str) -> None:
    issues = check(make(requested_state=code))
    assert "STATE-CODE" not in codes(issues)
    assert "T-NO-PROFILE" in codes(issues, "warning")


def test_a_state_with_a_profile_is_a_state_even_if_iso_has_no_such_code() -> None:
    # the fixture profiles define the fictional states XA and XB (user-assigned codes)
    assert not i18n.is_state_code("XA")
    assert "STATE-CODE" not in codes(check(make()))
    assert "STATE-CODE" not in codes(check(make(requested_state="XB", requesting_state="XA")))


def test_an_empty_state_is_left_to_the_required_fields_rule() -> None:
    assert "STATE-CODE" not in codes(check(make(requested_state="")))
    issues = evaluate(make(requested_state="", requesting_state="VN"))  # the real baseline
    assert "STATE-CODE" not in codes(issues)
    assert "STATES" in codes(issues, "error")


def test_state_codes_are_iso_3166_alpha_2() -> None:
    states = i18n.state_codes()
    assert {"KH", "CN", "LA", "MM", "TH", "VN", "KR", "JP", "XK"} <= states
    assert not states & {"001", "150", "419", "EU", "EZ", "UN", "QO", "ZZ", "XA", "XB", "IC"}
    assert len(states) == 250  # the 249 assigned codes and Kosovo


def test_check_and_build_refuse_an_invalid_requested_state(tmp_path, capsys) -> None:
    data = json.loads((EXAMPLES / "mla-bank-records.json").read_text("utf-8"))
    assert main(["check", str(EXAMPLES / "mla-bank-records.json")]) == 0
    data["request"]["requested_state"] = "XX"
    path = tmp_path / "case.json"
    path.write_text(json.dumps(data), "utf-8")
    capsys.readouterr()
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert "ERROR   $.request.requested_state  [STATE-CODE]" in out
    assert "[NO-PROFILE]" not in out
    assert main(["build", str(path), "--out", str(tmp_path / "out"), "--format", "docx",
                 "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert "refused" in err and "[STATE-CODE]" in err
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


# --- TEXT-UNPRINTABLE ---------------------------------------------------------------------------

def _person(**fields) -> dict:
    return {"id": "P1", "roles": ["suspect"], "family_name": "TESTER", "given_names": "Ann",
            "nationalities": ["XB"], "location": "XA City", **fields}


@pytest.mark.parametrize("text", ["김민수", "山田太郎 やまだ", "ヤマダ", "សុខ ស្រីពៅ",
                                  "สมชาย ใจดี", "ສົມພອນ", "မောင်မောင်", "王小明", "Nguyễn Văn Ấn",
                                  "Zoë “O’Brien” – café, № 5 € ✓ ½ ©"])
def test_text_that_prints_gives_no_finding(text: str) -> None:
    case = make(persons=[_person(native_script_name=text)], facts_summary=f"About {text}.")
    case.translations = {"$.request.facts_summary": {"km": text, "zh": text}}
    assert found(check(case), "TEXT-UNPRINTABLE") == []


@pytest.mark.parametrize("lang", ["km", "th", "lo", "my", "zh", "vi", "en"])
def test_the_script_corpus_prints(lang: str) -> None:
    lines = (CORPUS / f"{lang}.txt").read_text("utf-8").splitlines()
    assert len(lines) > 3
    assert [line for line in lines if unprintable(line)] == []


def test_a_name_in_devanagari_is_named_with_its_script() -> None:
    case = make(persons=[_person(native_script_name="अभिषेक शर्मा")])
    [issue] = found(check(case), "TEXT-UNPRINTABLE")
    assert issue.severity == "warning"
    assert issue.path == "$.request.persons[0].native_script_name"
    assert issue.message == (
        "Name in native script: अभिषेक शर्मा (Devanagari) cannot be printed with the fonts of"
        " the PDF and will print as empty boxes. Write the text in a transliteration (Latin"
        " letters) instead.")
    assert i18n.render_text(issue.text, "th").startswith("ชื่อ")  # the field title in Thai
    assert "(เทวนาครี)" in i18n.render_text(issue.text, "th")  # the script's name in Thai


def test_every_text_field_and_list_item_is_checked() -> None:
    case = make(facts_summary="Paid in ₹ and 😀.",
                persons=[_person(aliases=["Ann", "محمد"],
                                 identity_documents=[{"kind": "Passport ไทย", "number": "Ω1"},
                                                     {"kind": "ID", "number": "ক১"}])])
    paths = {i.path: i.message for i in found(check(case), "TEXT-UNPRINTABLE")}
    assert set(paths) == {"$.request.facts_summary", "$.request.persons[0].aliases[1]",
                          "$.request.persons[0].identity_documents[1].number"}
    assert "محمد (Arabic)" in paths["$.request.persons[0].aliases[1]"]
    assert "ক১ (Bangla)" in paths["$.request.persons[0].identity_documents[1].number"]
    assert "😀" in paths["$.request.facts_summary"]


def test_translations_are_checked_and_named_by_language() -> None:
    case = make()
    case.translations = {"$.request.purpose": {"th": "หลักฐาน", "km": "ភស្តុតាង ✓ ☃"},
                         "$.request.facts_summary": {"zh": "事实 ﷺ"}}
    issues = {(i.path, i.message) for i in found(check(case), "TEXT-UNPRINTABLE")}
    assert issues == {
        ("$.request.facts_summary", "Summary of the facts, Chinese translation: ﷺ (Arabic)"
         " cannot be printed with the fonts of the PDF and will print as empty boxes. Write"
         " the text in a transliteration (Latin letters) instead."),
        ("$.request.purpose", "Purpose, Khmer translation: ☃ cannot be printed with the fonts"
         " of the PDF and will print as empty boxes. Write the text in a transliteration"
         " (Latin letters) instead."),
    }


def test_many_stretches_are_cut_short() -> None:
    words = " ".join(f"अ{chr(0x0915 + i)}" for i in range(20))
    [issue] = found(check(make(facts_summary=words)), "TEXT-UNPRINTABLE")
    assert issue.message.count("अ") == 12 and "…" in issue.message


def test_unprintable_is_computed_from_the_fonts() -> None:
    from mla_writer import glyphs

    assert unprintable("ok ✓ 김 や") == []
    assert unprintable("x अब y अब 😀z") == ["अब", "😀"]
    # a character some bundled font maps is printable, whatever block it is in
    assert all(glyphs.printable(chr(cp)) for cp in glyphs.coverage(glyphs.HAN) if cp > 0x7F)
    assert all(glyphs.printable(chr(cp)) for cp in range(0x20, 0x7F))
    assert not any(glyphs.printable(chr(cp)) for cp in range(0x0900, 0x0980))  # Devanagari


def test_check_prints_the_warning_and_exits_0(tmp_path, capsys) -> None:
    data = json.loads((EXAMPLES / "extradition-accused.json").read_text("utf-8"))
    data["request"]["persons"][0]["native_script_name"] = "अभिषेक"
    path = tmp_path / "case.json"
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    assert "WARNING $.request.persons[0].native_script_name  [TEXT-UNPRINTABLE]" in out
    assert "empty boxes" in out


def test_build_warns_about_text_the_pdf_cannot_print(tmp_path, capsys) -> None:
    data = json.loads((EXAMPLES / "extradition-accused.json").read_text("utf-8"))
    data["request"]["persons"][0]["native_script_name"] = "अभिषेक"
    path = tmp_path / "case.json"
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    capsys.readouterr()
    assert main(["build", str(path), "--out", str(tmp_path / "pdf"), "--format", "pdf",
                 "--lang", "en", "--now", "2026-11-02T09:30+07:00"]) == 0
    err = capsys.readouterr().err
    assert ("mla-writer build: warning: $.request.persons[0].native_script_name: Name in"
            " native script: अभिषेक (Devanagari) cannot be printed") in err
    # a DOCX takes the reader's fonts: nothing to warn about there
    assert main(["build", str(path), "--out", str(tmp_path / "docx"), "--format", "docx",
                 "--lang", "en", "--now", "2026-11-02T09:30+07:00"]) == 0
    assert "cannot be printed" not in capsys.readouterr().err
