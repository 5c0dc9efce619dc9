"""XLIFF 2.0 round trip of a case's free text, and what an import refuses."""

from __future__ import annotations

import copy
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from mla_writer import xliff
from mla_writer.cli import main
from mla_writer.domain.freetext import missing_translations
from mla_writer.render import build_document
from mla_writer.storage import load

Q = "{%s}" % xliff.NS  # noqa: UP031
BANK = Path(__file__).resolve().parents[2] / "examples" / "mla-bank-records.json"


def _translate(data: bytes, prefix: str = "แปล: ", state: str = "translated") -> bytes:
    """What a translator's CAT tool does: a target per segment, state set."""
    root = ET.fromstring(data)
    for seg in root.iter(Q + "segment"):
        source = seg.find(Q + "source").text or ""
        target = seg.find(Q + "target")
        if target is None:
            target = ET.SubElement(seg, Q + "target")
        target.text = prefix + source
        seg.set("state", state)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def test_export_lists_every_prose_field_with_its_path_and_title(example_path,
                                                                untranslated_example) -> None:
    case = untranslated_example(example_path.stem)
    root = ET.fromstring(xliff.export_xliff(case, "th"))
    assert root.get("version") == "2.0" and root.get("srcLang") == "en"
    assert root.get("trgLang") == "th"
    assert root.find(Q + "file").get("original") == case.request.case_reference
    units = root.findall(f"{Q}file/{Q}unit")
    segments = xliff.segments(case)
    assert [u.get("name") for u in units] == [s.path for s in segments]
    assert "$.request.facts_summary" in [s.path for s in segments]
    # codes are not prose: the assistance type and the request kind are never exported
    paths = [s.path for s in segments]
    assert "$.request.kind" not in paths
    assert not [p for p in paths if re.fullmatch(r"\$\.request\.assistance\[\d+\]\.type", p)]
    facts = next(u for u in units if u.get("name") == "$.request.facts_summary")
    assert facts.find(f"{Q}notes/{Q}note").text == "Summary of the facts"
    assert facts.find(f"{Q}segment/{Q}source").text == case.request.facts_summary
    assert facts.find(f"{Q}segment").get("state") == "initial"


def test_round_trip_fills_every_translation_and_the_document_is_complete(
        example_path, untranslated_example) -> None:
    case = untranslated_example(example_path.stem)
    before = build_document(case, lang="th")
    assert before.untranslated, "an untranslated case lists its untranslated passages"
    report = xliff.import_xliff(case, _translate(xliff.export_xliff(case, "th")))
    assert not report.problems and report.changed
    assert len(report.imported) == len(xliff.segments(case))
    assert case.translations["$.request.facts_summary"]["th"] == (
        "แปล: " + case.request.facts_summary)
    prose = {s.path for s in xliff.segments(case)}
    assert not prose & set(missing_translations(case, "th"))
    assert not prose & set(build_document(case, lang="th").untranslated)
    # exported again, the translations come back as targets, state translated
    again = ET.fromstring(xliff.export_xliff(case, "th"))
    states = {seg.get("state") for seg in again.iter(Q + "segment")}
    assert states == {"translated"}
    assert xliff.import_xliff(case, xliff.export_xliff(case, "th")).unchanged


def test_multiline_text_and_markup_characters_survive(example_path, untranslated_example) -> None:
    case = untranslated_example(example_path.stem)
    case.request.facts_summary = "First <b>paragraph</b> & more.\n\nSecond \"quoted\" line."
    data = _translate(xliff.export_xliff(case, "km"), prefix="")
    report = xliff.import_xliff(case, data)
    assert case.translations["$.request.facts_summary"]["km"] == case.request.facts_summary
    assert "$.request.facts_summary" in report.imported


def test_existing_translations_are_kept_unless_replace(example_path) -> None:
    case = load(example_path)
    path = "$.request.facts_summary"
    case.translations[path] = {"th": "ฉบับเดิม", "vi": "bản cũ"}
    data = _translate(xliff.export_xliff(case, "th"), prefix="ใหม่ ")
    report = xliff.import_xliff(case, data)
    assert path in report.conflicts and report.problems
    assert case.translations[path] == {"th": "ฉบับเดิม", "vi": "bản cũ"}
    report = xliff.import_xliff(case, data, replace=True)
    assert path in report.replaced
    assert case.translations[path]["th"].startswith("ใหม่ ")
    assert case.translations[path]["vi"] == "bản cũ"  # other languages untouched


def test_changed_source_unknown_paths_and_untranslated_segments_are_reported(
        example_path, untranslated_example) -> None:
    case = untranslated_example(example_path.stem)
    data = _translate(xliff.export_xliff(case, "th"))
    root = ET.fromstring(data)
    units = root.findall(f"{Q}file/{Q}unit")
    units[1].find(f"{Q}segment").set("state", "initial")
    units[2].set("name", "$.request.no_such_field")
    data = ET.tostring(root, encoding="utf-8")
    changed_path = "$.request.facts_summary"
    case.request.facts_summary += " (revised)"
    report = xliff.import_xliff(case, data)
    assert report.changed_source == [changed_path]
    assert report.unknown == ["$.request.no_such_field"]
    assert units[1].get("name") in report.not_translated
    assert changed_path not in case.translations
    assert "the source text changed since the export" in "\n".join(report.lines())


@pytest.mark.parametrize(("mutate", "message"), [
    (lambda d: d.replace(b"VKSTC", b"OTHER"), "made for case"),
    (lambda d: d.replace(b'trgLang="th"', b'trgLang="fr"'), "not a target language"),
    (lambda d: d.replace(b'srcLang="en"', b'srcLang="vi"'), "source language"),
    (lambda d: d.replace(b'version="2.0"', b'version="1.2"'), "not supported"),
    (lambda d: d.replace(b'state="translated"', b'state="done"', 1), "unknown segment state"),
    (lambda d: d[: len(d) // 2], "not well-formed"),
    (lambda d: d.replace(b"<?xml version='1.0' encoding='utf-8'?>",
                         b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'aaaa'>]>"),
     "DOCTYPE"),
    (lambda d: b"<html/>", "not an XLIFF 2.0 document"),
])
def test_bad_files_are_refused_and_change_nothing(mutate, message) -> None:
    case = load(BANK)
    data = _translate(xliff.export_xliff(case, "th"))
    before = json.dumps(case.translations, sort_keys=True)
    with pytest.raises(xliff.XliffError, match=message):
        xliff.import_xliff(case, mutate(data))
    assert json.dumps(case.translations, sort_keys=True) == before


def test_cli_export_and_import(tmp_path, capsys, untranslated_example_file) -> None:
    case_path = untranslated_example_file("mla-bank-records")
    xlf = tmp_path / "case.th.xlf"
    assert main(["xliff", "export", str(case_path), "--lang", "th", "--out", str(xlf)]) == 0
    assert "0 already translated into th" in capsys.readouterr().out
    xlf.write_bytes(_translate(xlf.read_bytes()))
    assert main(["xliff", "import", str(case_path), str(xlf), "--dry-run"]) == 0
    assert load(case_path).translations == {}
    assert main(["xliff", "import", str(case_path), str(xlf)]) == 0
    out = capsys.readouterr().out
    assert "imported" in out and f"saved {case_path}" in out
    saved = load(case_path)
    assert saved.translations["$.request.facts_summary"]["th"].startswith("แปล: ")
    assert main(["xliff", "export", str(case_path), "--lang", "en", "--out", str(xlf)]) == 2
    (tmp_path / "bad.xlf").write_text("<xliff", encoding="utf-8")
    assert main(["xliff", "import", str(case_path), str(tmp_path / "bad.xlf")]) == 2
    assert "nothing imported" in capsys.readouterr().err
    assert load(case_path).translations == saved.translations


def test_xliff_import_refuses_a_bundled_example(tmp_path, capsys) -> None:
    example = BANK
    before = example.read_bytes()
    xlf = tmp_path / "t.xlf"
    assert main(["xliff", "export", "example:mla-bank-records", "--lang", "th",
                 "--out", str(xlf)]) == 0
    assert main(["xliff", "import", "example:mla-bank-records", str(xlf)]) == 2
    err = capsys.readouterr().err
    assert "read-only; copy it to a case file of your own first" in err
    assert err.count("nothing imported") == 1
    assert example.read_bytes() == before


def test_xliff_errors_say_nothing_imported_once(tmp_path, capsys) -> None:
    path = tmp_path / "case.json"
    path.write_bytes(BANK.read_bytes())
    xlf = tmp_path / "t.xlf"
    assert main(["xliff", "export", str(path), "--lang", "th", "--out", str(xlf)]) == 0
    xlf.write_bytes(xlf.read_bytes().replace(b"VKSTC", b"OTHER"))
    assert main(["xliff", "import", str(path), str(xlf)]) == 2
    err = capsys.readouterr().err
    assert "made for case" in err and err.count("nothing imported") == 1


def test_markup_in_a_translation_is_reported_not_silently_dropped(
        tmp_path, capsys, untranslated_example_file) -> None:
    path = untranslated_example_file("mla-bank-records")
    case = load(path)
    data = xliff.export_xliff(case, "th").decode("utf-8")
    purpose = "$.request.purpose"
    units = data.split("<unit ")
    for i, unit in enumerate(units):
        source = unit.split("<source>")[1].split("</source>")[0] if "<source>" in unit else ""
        target = "แปล " + source
        if f'name="{purpose}"' in unit:
            target = "แปล <script>alert(2)</script> ข้อความ"
        elif 'name="$.request.facts_summary"' in unit:
            target = "แปล <ph id='1'/> ข้อเท็จจริง"
        if source:
            unit = unit.replace('state="initial"', 'state="translated"').replace(
                "</source>", f"</source><target>{target}</target>")
        units[i] = unit
    xlf = tmp_path / "t.xlf"
    xlf.write_text("<unit ".join(units), "utf-8")
    assert main(["xliff", "import", str(path), str(xlf)]) == 1
    out = capsys.readouterr().out
    assert f"{purpose}: contains markup (<script>)" in out
    assert "$.request.facts_summary: contains markup (<ph>)" in out
    saved = load(path)
    assert purpose not in saved.translations
    assert "$.request.facts_summary" not in saved.translations
    assert all(not v["th"].count("alert") for v in saved.translations.values())
    assert len(saved.translations) == len(xliff.segments(case)) - 2  # the rest came in


def test_characters_xml_cannot_hold_travel_as_cp_elements(untranslated_example) -> None:
    case = untranslated_example("mla-bank-records")
    case.request.purpose = "form\x0cfeed, vertical\x0btab, \x01 and CR LF\r\nend"
    data = xliff.export_xliff(case, "th")
    root = ET.fromstring(data)  # well-formed, which it was not when written raw
    unit = next(u for u in root.iter(Q + "unit") if u.get("name") == "$.request.purpose")
    assert [cp.get("hex") for cp in unit.iter(Q + "cp")] == ["000C", "000B", "0001"]
    for seg in root.iter(Q + "segment"):  # a CAT tool copies the source, codes and all
        target = copy.deepcopy(seg.find(Q + "source"))
        target.tag = Q + "target"
        seg.append(target)
        seg.set("state", "translated")
    report = xliff.import_xliff(case, ET.tostring(root, encoding="utf-8"))
    assert "$.request.purpose" in report.imported and not report.problems
    assert case.translations["$.request.purpose"]["th"] == (
        "form\x0cfeed, vertical\x0btab, \x01 and CR LF\nend")


def test_a_unit_split_into_segments_is_joined_with_its_ignorable_text() -> None:
    case = load(BANK)
    case.request.purpose = "First sentence. Second sentence."
    root = ET.fromstring(xliff.export_xliff(case, "vi"))
    unit = next(u for u in root.iter(Q + "unit") if u.get("name") == "$.request.purpose")
    for child in list(unit):
        if child.tag == Q + "segment":
            unit.remove(child)
    for tag, source, target in (("segment", "First sentence.", "Câu một."),
                                ("ignorable", " ", None),
                                ("segment", "Second sentence.", "Câu hai.")):
        part = ET.SubElement(unit, Q + tag, {"state": "translated"} if tag == "segment" else {})
        ET.SubElement(part, Q + "source").text = source
        if target:
            ET.SubElement(part, Q + "target").text = target
    report = xliff.import_xliff(case, ET.tostring(root, encoding="utf-8"))
    assert "$.request.purpose" in report.imported
    assert case.translations["$.request.purpose"]["vi"] == "Câu một. Câu hai."


def test_a_translation_of_older_english_is_not_printed_and_is_named() -> None:
    """The facts are edited after the Thai translation was made: the Thai document prints
    the new English, marked untranslated, check names the field, the export asks for it
    again and a new translation makes the document whole again."""
    from mla_writer.rules import evaluate

    case = load(BANK)
    facts = "$.request.facts_summary"
    assert facts not in build_document(case, lang="th").untranslated  # translated example
    old_thai = case.translations[facts]["th"]
    case.request.facts_summary += " A further transfer was found on 2 May 2026."
    document = build_document(case, lang="th")
    assert facts in document.untranslated
    assert old_thai not in "\n".join(str(b) for b in document.blocks)
    codes = {i.code: i for i in evaluate(case)}
    outdated = codes["LANGUAGE-OUTDATED-TH"]
    assert outdated.path == facts and "Summary of the facts" in outdated.message
    assert "LANGUAGE-UNTRANSLATED-TH" in codes
    root = ET.fromstring(xliff.export_xliff(case, "th"))
    unit = next(u for u in root.iter(Q + "unit") if u.get("name") == facts)
    assert unit.find(Q + "segment").get("state") == "initial"
    report = xliff.import_xliff(case, _translate(xliff.export_xliff(case, "th")))
    assert facts in report.replaced  # (the other fields keep their own: conflicts)
    assert facts not in build_document(case, lang="th").untranslated
    assert not any(i.code.startswith("LANGUAGE-OUTDATED") for i in evaluate(case))


def test_a_removed_person_does_not_lend_a_translation_to_the_next() -> None:
    """Translations are kept by JSON path: when the first person is deleted the second moves
    to persons[0], and the first person's Thai text must not be printed for the second."""
    from mla_writer.domain.freetext import outdated_translations

    case = load(BANK)
    translated = [p for p in case.translations if p.startswith("$.request.persons[0].")]
    assert translated, "the example translates text of its first person"
    before = {p: xliff_source(case, p) for p in translated}
    del case.request.persons[0]
    moved = [p for p in translated if xliff_source(case, p) not in (None, before[p])]
    assert moved and set(moved) <= set(outdated_translations(case, "th"))
    untranslated = build_document(case, lang="th").untranslated
    assert all(path in untranslated for path in moved)


def xliff_source(case, path: str) -> str | None:
    return dict((s.path, s.source) for s in xliff.segments(case)).get(path)


def test_translations_without_a_recorded_source_are_taken_as_current() -> None:
    """Case files written before sources were recorded keep printing their translations."""
    case = load(BANK)
    case.translation_sources.clear()
    case.request.facts_summary += " (edited)"
    assert "$.request.facts_summary" not in build_document(case, lang="th").untranslated
