"""A LANGUAGE finding reads as sentences: what the state accepts, the profile's note (a whole
sentence), then whether the translation must be certified; lint rejects fragmentary notes."""

from __future__ import annotations

import shutil

import pytest

from mla_writer.cli import main
from mla_writer.profiles import load_registry
from mla_writer.profiles.lint import lint, sentence_problem
from mla_writer.rules import evaluate

from .cases import FIXTURES, make, real_registry


def _with_note(tmp_path, note: str):
    folder = tmp_path / "profiles"
    shutil.copytree(FIXTURES, folder)
    xa = folder / "states" / "XA.toml"
    text = xa.read_text("utf-8")
    old = 'languages = ["th"]\nunknown = ["certified_translation"]\n'
    assert old in text
    xa.write_text(text.replace(old, old + f'note = "{note}"\n'), "utf-8")
    return folder


def test_the_note_follows_the_languages_it_qualifies(tmp_path) -> None:
    folder = _with_note(tmp_path, "A treaty may provide for another language.")
    issues = evaluate(make("extradition"), registry=load_registry(folder))
    [found] = [i for i in issues if i.code == "T-LANGUAGE"]
    assert found.message.startswith(
        "Xanadu accepts extradition requests in Thai. A treaty may provide for another"
        " language. Whether a translation must be certified is not recorded.")


@pytest.mark.parametrize(("kind", "basis", "expected"), [
    ("extradition", "KH-VN-EXTRADITION",
     "Cambodia accepts extradition requests in Khmer. A treaty may provide for another"
     " language. The language rule of the Code of Criminal Procedure was not found. Whether a"
     " translation must be certified is not recorded."),
    ("mla", "KH-VN-MLA",
     "Cambodia accepts MLA requests in Khmer. A treaty may provide for another language. The"
     " language article of the 2020 MLA Law was not seen. Whether a translation must be"
     " certified is not recorded."),
])
def test_cambodia_language_finding_reads_as_sentences(kind, basis, expected) -> None:
    case = make(kind, requesting_state="VN", requested_state="KH",
                legal_basis={"kind": "instrument", "instrument_id": basis})
    messages = [i.message for i in evaluate(case, registry=real_registry())
                if i.code == "LANGUAGE"]
    assert any(m.startswith(expected) for m in messages), messages
    assert not any("Khmer, or as the treaty provides" in m for m in messages)


@pytest.mark.parametrize(("text", "why"), [
    ("A treaty may provide otherwise.", None),
    ("Where there is no treaty, use the diplomatic channel.", None),
    ("Or in writing to the Ministry.", "begins with 'Or'"),
    ("Unless a treaty names another authority.", "begins with 'Unless'"),
    ("the channel the treaty provides.", "does not begin with a capital letter"),
    ("Send it early", "does not end with a full stop"),
])
def test_sentence_problem(text, why) -> None:
    found = sentence_problem(text)
    assert (found is None) if why is None else (why in found)


@pytest.mark.parametrize(("note", "problem"), [
    ("Thai, or as the treaty provides; the article was not seen.", "begins with 'Thai,'"),
    ("Or a translation the Ministry agrees to.", "begins with 'Or'"),
])
def test_lint_names_a_fragmentary_note(tmp_path, capsys, note, problem) -> None:
    folder = _with_note(tmp_path, note)
    found = [p for p in lint(folder) if "languages[1].note" in p]
    assert len(found) == 1 and problem in found[0]
    assert found[0].startswith("states/XA.toml: languages[1].note: ")
    assert main(["profiles", "lint", str(folder)]) == 1
    assert "languages[1].note" in capsys.readouterr().err


def test_the_shipped_profiles_have_whole_sentences() -> None:
    assert [p for p in lint() if "note" in p or "action" in p or ".text" in p] == []


# --- annexes with a translation attached ------------------------------------------------------

def _annex_findings(annexes):
    from .cases import fixture_registry

    issues = evaluate(make(annexes=annexes), registry=fixture_registry())
    return {i.path: i.message for i in issues if i.code == "T-LANGUAGE-ANNEX"}


def test_an_annex_with_a_translation_into_an_accepted_language_is_not_flagged() -> None:
    # XA accepts MLA requests in Thai, English or xx
    found = _annex_findings([
        {"title": "Order (with Thai translation)", "language": "fr", "translated_into": ["th"]},
        {"title": "Order (with a German translation)", "language": "fr",
         "translated_into": ["de"]},
        {"title": "Statement", "language": "fr"},
    ])
    assert set(found) == {"$.request.annexes[1].language", "$.request.annexes[2].language"}
    assert found["$.request.annexes[2].language"] == (
        "Annex 'Statement' is in French and no translation into English, Thai or xx is"
        " recorded: attach one and enter its language under 'Translations attached'.")


def test_the_annex_translations_are_part_of_the_case_file(tmp_path) -> None:
    from mla_writer import storage
    from mla_writer.domain.model import Annex, CaseFile

    assert Annex().translated_into == []  # older files, without the field, still load
    case = make(annexes=[{"title": "Warrant", "language": "vi", "translated_into": ["km"]}])
    path = tmp_path / "case.json"
    storage.save(case, path)
    assert storage.load(path).request.annexes[0].translated_into == ["km"]
    schema = CaseFile.model_json_schema()
    assert "translated_into" in schema["$defs"]["Annex"]["properties"]


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "Translations attached: Khmer"), ("th", "เขมร")])
def test_the_documents_list_the_translations_of_an_annex(lang, expected) -> None:
    import datetime as dt

    from mla_writer.domain.clock import fixed_clock
    from mla_writer.render import build_document

    case = make(annexes=[{"title": "Warrant", "language": "vi", "translated_into": ["km"]},
                         {"title": "Order", "language": "vi"}])
    text = build_document(case, lang=lang, clock=fixed_clock(
        dt.datetime(2026, 11, 2, 9, 30, tzinfo=dt.UTC))).plain_text()
    assert expected in text
    assert text.count(expected) == 1  # the annex without a translation says nothing of one
