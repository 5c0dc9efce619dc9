"""A case's drafting language: the text is typed in it, the document in it prints the text as
written, every other document prints the recorded translation (made from the text the field
holds now) or marks the text untranslated; the drafting language can change; files written
before it existed are English and load unchanged."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from model.test_migration import _leaves

from mla_writer import storage, xliff
from mla_writer.domain import freetext
from mla_writer.domain.clock import fixed_clock
from mla_writer.domain.model import CaseFile
from mla_writer.render import build_document, default_languages
from mla_writer.render.document import _block_text
from mla_writer.resources import data_dir
from mla_writer.rules import evaluate

from .scenarios import KHMER, VIETNAMESE

CLOCK = fixed_clock(dt.datetime(2026, 10, 5, 9, 0, tzinfo=dt.UTC))
SUBJECT = "$.request.subject"


def _case(scenario=VIETNAMESE, *, translated: bool = False) -> CaseFile:
    case = CaseFile.model_validate(scenario.case_dict())
    if translated:
        for path, text in scenario.translations().items():
            freetext.set_translation(case, path, scenario.target, text)
    return case


def _text(case: CaseFile, lang: str) -> str:
    return "\n".join(_block_text(b) for b in build_document(case, lang=lang, clock=CLOCK).blocks)


def _marked(case: CaseFile, lang: str) -> set[str]:
    """JSON paths the `lang` document marks as untranslated."""
    return set(build_document(case, lang=lang, clock=CLOCK).untranslated)


def test_the_source_follows_the_drafting_language() -> None:
    case = _case()
    assert freetext.source_language(case) == "vi"
    assert freetext.missing_by_language(case, ["vi", "th"]) == {
        "vi": [], "th": [p for p, _t in freetext.translatable_texts(case)]}
    assert freetext.translation_status(case, SUBJECT, "vi", case.request.subject) == "current"
    assert freetext.translation_status(case, SUBJECT, "th", case.request.subject) == "missing"
    freetext.set_translation(case, SUBJECT, "th", "การฟ้องคดี")
    assert case.translation_sources[SUBJECT]["th"] == freetext.source_digest(case.request.subject)
    assert freetext.translation_status(case, SUBJECT, "th", case.request.subject) == "current"
    case.request.subject = "Truy tố vụ án khác."
    assert freetext.translation_status(case, SUBJECT, "th", case.request.subject) == "outdated"
    with pytest.raises(ValueError, match="drafting language"):
        freetext.set_translation(case, SUBJECT, "vi", "x")


def test_documents_print_the_text_as_written_or_its_translation() -> None:
    case = _case(translated=True)
    vi, th, en = _text(case, "vi"), _text(case, "th"), _text(case, "en")
    for path, (text, translation) in VIETNAMESE.texts.items():
        assert text in vi and translation not in vi, path
        assert translation in th and text not in th, path
    assert _marked(case, "vi") == set() and _marked(case, "th") == set()
    # English has no translation: the Vietnamese text, each field marked untranslated
    assert VIETNAMESE.texts[SUBJECT][0] in en
    assert _marked(case, "en") == set(VIETNAMESE.texts)
    assert "they are printed in Vietnamese, in italics" in en  # the note on the first page
    # an outdated translation is not printed: the new Vietnamese, marked
    case.request.subject = "Truy tố vụ án khác."
    assert "Truy tố vụ án khác." in _text(case, "th") and _marked(case, "th") == {SUBJECT}


def test_default_languages_and_bilingual_pairs_follow_the_drafting_language(tmp_path) -> None:
    from mla_writer.render import build_documents

    case = _case(KHMER, translated=True)
    assert default_languages(case) == ["th", "en", "km"]
    paths = build_documents(case, tmp_path, formats=["docx"], languages=["km", "th"],
                            bilingual=True, clock=CLOCK)
    names = {p.name for p in paths}
    assert "moj-2026-41_request_th-km.docx" in names
    assert not any(n.endswith(("_km-km.docx", "-en.docx")) for n in names)


def test_untranslated_rules_count_the_accepted_languages_whatever_the_drafting_language() -> None:
    case = _case()
    codes = {i.code for i in evaluate(case, on=dt.date(2026, 10, 5))}
    # Thailand accepts Thai and English: both lack translations; Vietnamese is the source
    assert {"LANGUAGE-UNTRANSLATED-TH", "LANGUAGE-UNTRANSLATED-EN"} <= codes
    assert "LANGUAGE-UNTRANSLATED-VI" not in codes
    found = next(i for i in evaluate(case, on=dt.date(2026, 10, 5))
                 if i.code == "LANGUAGE-UNTRANSLATED-TH")
    assert "typed in Vietnamese" in found.message or "in Vietnamese" in found.message
    case = _case(translated=True)
    codes = {i.code for i in evaluate(case, on=dt.date(2026, 10, 5))}
    assert "LANGUAGE-UNTRANSLATED-TH" not in codes


def test_changing_the_drafting_language_swaps_text_and_translation() -> None:
    case = _case(translated=True)
    freetext.set_translation(case, SUBJECT, "en", "Prosecution of cross-border drug trafficking.")
    before = case.model_copy(deep=True)
    with pytest.raises(freetext.DraftingLanguageError, match="no translation into 'en'"):
        freetext.change_drafting_language(case, "en")  # only one field has English
    assert case == before  # refused: nothing changed
    swapped = freetext.change_drafting_language(case, "th")
    assert set(swapped) == set(VIETNAMESE.texts)
    assert case.drafting_language == "th"
    assert case.request.subject == VIETNAMESE.texts[SUBJECT][1]
    for path, (text, _translation) in VIETNAMESE.texts.items():
        source = dict(freetext.translatable_texts(case))[path]
        assert freetext.translation_of(case, path, "vi", source) == text
        assert "th" not in case.translations[path]
    # the English translation made from the Vietnamese stays current (the same meaning)
    assert freetext.translation_of(case, SUBJECT, "en", case.request.subject)
    assert freetext.change_drafting_language(case, "vi") and case == before


def test_keep_text_takes_untranslated_fields_as_written_in_the_new_language() -> None:
    case = _case()
    case.drafting_language = "en"  # the drafter had the wrong setting: the text is Vietnamese
    assert freetext.change_drafting_language(case, "vi", keep_text=True) == []
    assert case.drafting_language == "vi"
    assert case.request.subject == VIETNAMESE.texts[SUBJECT][0]
    with pytest.raises(freetext.DraftingLanguageError, match="not a drafting language"):
        freetext.change_drafting_language(case, "xx")


def test_xliff_source_language_is_the_drafting_language() -> None:
    case = _case()
    data = xliff.export_xliff(case, "th")
    assert b'srcLang="vi"' in data and b'trgLang="th"' in data
    with pytest.raises(xliff.XliffError, match="not a target language"):
        xliff.export_xliff(case, "vi")
    translated = data.replace(b'state="initial"', b'state="translated"').replace(
        b"</source>", b"</source><target>ok</target>")
    report = xliff.import_xliff(case, translated)
    assert len(report.imported) == len(VIETNAMESE.texts)
    english = _case()
    english.drafting_language = "en"
    with pytest.raises(xliff.XliffError, match="source language"):
        xliff.import_xliff(english, translated)


@pytest.mark.parametrize("path", sorted(data_dir("examples").glob("*.json")),
                         ids=lambda p: p.stem)
def test_files_written_before_the_drafting_language_load_unchanged_as_english(
        path: Path, tmp_path: Path) -> None:
    raw = json.loads(path.read_text("utf-8"))
    assert "drafting_language" not in raw
    case = storage.load(path)
    assert case.drafting_language == "en"
    data = storage.case_to_dict(case)
    assert data.pop("drafting_language") == "en"
    assert _same_leaves(data, raw)
    # their translations are current and printed as before
    for lang in {lg for tr in case.translations.values() for lg in tr}:
        assert freetext.missing_translations(case, lang) == []
    copy = tmp_path / path.name
    storage.save(case, copy)
    assert storage.load(copy) == case


def _same_leaves(new: dict, old: dict) -> bool:
    """Every value of the old file is in the new one at the same place."""
    got = _leaves(new)
    return all(got.get(loc, "MISSING") == value for loc, value in _leaves(old).items())


def test_approvals_given_before_the_drafting_language_existed_still_hold() -> None:
    """The reviewed content's hash of an English case is what it was before the field (a
    signed approval of an older file stays valid); another drafting language is part of it."""
    from pathlib import Path

    from mla_writer import review

    # approved by the code of 0ca694a, before the field existed (see tests/review)
    older = Path(__file__).parents[1] / "review" / "fixtures" / "approved-0ca694a-mla.json"
    case = storage.load(older)
    assert case.drafting_language == "en"
    assert not review.changed_since_approval(case)
    drafted = _case()
    before = review.content_hash(drafted)
    drafted.drafting_language = "km"
    assert review.content_hash(drafted) != before


def test_the_drafting_languages_are_the_document_languages() -> None:
    import typing

    from mla_writer import i18n
    from mla_writer.domain.model import DraftingLanguage

    assert typing.get_args(DraftingLanguage) == i18n.LANGUAGES
