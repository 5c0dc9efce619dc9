"""Findings in the reader's language: message id and parameters, rendered when shown."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from mla_writer import i18n
from mla_writer.domain.issues import PROFILES_DOMAIN, Items, Name, Text, texts_in
from mla_writer.i18n import finding_text, render_text
from mla_writer.rules import evaluate, field_note_texts, field_notes
from mla_writer.rules.registry import UNVERIFIED_MARK, UNVERIFIED_NOTE
from mla_writer.rules.state_info import period_text

from .cases import fixture_registry, make, real_registry

REG = fixture_registry()
#: what a profile's translator would write for the fixture state's rule titles
FIXTURE_TITLES = {
    "At least one year, or six months left": {"th": "อย่างน้อยหนึ่งปี หรือเหลือโทษหกเดือน",
                                              "km": "យ៉ាងតិចមួយឆ្នាំ ឬនៅសល់ទោសប្រាំមួយខែ"},
    "Death-penalty assurance": {"th": "คำประกันเรื่องโทษประหารชีวิต",
                                "km": "ការធានាស្តីពីទោសប្រហារជីវិត"},
}
_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


@pytest.fixture()
def fixture_catalogs(tmp_path, monkeypatch):
    """A replacement catalog (MLA_WRITER_TRANSLATIONS) of the fixture profiles' titles."""
    for lang in ("th", "km"):
        catalog = Catalog(locale=lang, domain=PROFILES_DOMAIN)
        for title, by_lang in FIXTURE_TITLES.items():
            catalog.add(title, by_lang[lang])
        path = tmp_path / lang / "LC_MESSAGES" / f"{PROFILES_DOMAIN}.po"
        path.parent.mkdir(parents=True)
        with path.open("wb") as fh:
            write_po(fh, catalog)
    monkeypatch.setenv(i18n.TRANSLATIONS_ENV, str(tmp_path))
    i18n.clear_cache()
    yield
    monkeypatch.delenv(i18n.TRANSLATIONS_ENV)
    i18n.clear_cache()


def _found(case, code: str):
    return next(i for i in evaluate(case, registry=REG) if i.code == code)


def test_english_message_is_the_rendered_source_text() -> None:
    case = make("extradition")
    case.request.offences[0].maximum_penalty_years = 0.5
    issue = _found(case, "XA-MIN-PENALTY")
    assert issue.message == ("At least one year, or six months left: Fraud carries at most 0.5"
                             " year(s); the requested state requires at least 1.")
    assert issue.text is not None and issue.text.msgid.startswith("%(rule)s: %(offence)s")
    assert finding_text(issue, "en") == issue.message
    assert "message" in issue.as_json() and "text" not in issue.as_json()


@pytest.mark.parametrize("lang", ["th", "km"])
def test_a_rule_function_finding_renders_with_its_parameters(lang, fixture_catalogs) -> None:
    """Template from the interface catalog, the rule's title from the profiles catalog, the
    numbers and the offence's name (user data) filled in."""
    case = make("extradition")
    case.request.offences[0].maximum_penalty_years = 0.5
    text = finding_text(_found(case, "XA-MIN-PENALTY"), lang)
    template = i18n.ui_translations(lang).gettext(
        "%(rule)s: %(offence)s carries at most %(years)s year(s); the requested state requires"
        " at least %(needed)s.")
    assert template != "%(rule)s: %(offence)s carries at most %(years)s year(s); the requested" \
        " state requires at least %(needed)s."
    assert text == template % {"rule": FIXTURE_TITLES["At least one year, or six months left"][
        lang], "offence": "Fraud", "years": "0.5", "needed": "1"}
    assert not _PLACEHOLDER.search(text) and "carries" not in text


@pytest.mark.parametrize("lang", ["th", "km"])
def test_a_profile_rule_finding_renders_its_title(lang, fixture_catalogs) -> None:
    """A required-field rule of the profile, unverified: title translated, the note too."""
    case = make("extradition")
    case.request.offences[0].punishable_by_death = True
    issue = _found(case, "XA-DEATH")
    assert not issue.verified and issue.message.endswith(UNVERIFIED_NOTE)
    shown = finding_text(issue, lang, unverified_note=False)
    assert shown.startswith(FIXTURE_TITLES["Death-penalty assurance"][lang])
    assert "Fraud" in shown and UNVERIFIED_MARK not in shown and "punishable" not in shown
    note = i18n.ui_translations(lang).gettext(i18n.UNVERIFIED_FINDING.msgid)
    assert finding_text(issue, lang) == note % {"message": shown}


@pytest.mark.parametrize("lang", ["th", "km"])
def test_real_profile_findings_in_thai_and_khmer(lang) -> None:
    """A real request to Thailand: the baseline rule's title from the shipped profiles
    catalog, the finding of a rule function with its numbers, the state named in `lang`."""
    case = make(requesting_state="VN", requested_state="TH",
                legal_basis={"kind": "instrument", "instrument_id": "ASEAN-MLAT"}, purpose="")
    found = {i.code: i for i in evaluate(case, registry=real_registry())}
    purpose = finding_text(found["MLA-F-PURPOSE"], lang)
    title = "(f) Purpose for which the evidence, information or action is sought"
    assert found["MLA-F-PURPOSE"].message == f"{title} (missing)."
    translated = i18n.profile_translations(lang).gettext(title)
    assert translated != title
    assert purpose == i18n.ui_translations(lang).gettext("%(rule)s (missing).") % {
        "rule": translated}
    language = finding_text(found["LANGUAGE"], lang)
    assert language.startswith({"th": "ไทย", "km": "ថៃ"}[lang])  # CLDR's name of Thailand
    assert "Thailand" not in language and "accepts" not in language


def test_unverified_note_text_matches_the_command_line_mark() -> None:
    assert UNVERIFIED_NOTE == UNVERIFIED_MARK + "."
    assert i18n.UNVERIFIED_FINDING.msgid == "%(message)s " + UNVERIFIED_NOTE


def test_names_and_lists_follow_the_language() -> None:
    langs = Items((Name("language", "th", "Thai"), Name("language", "en", "English")), "or")
    assert render_text(langs, "en") == "Thai or English"
    assert render_text(langs, "zh") == "泰语或英语"
    kinds = Items((Name("ASSISTANCE", "search_and_seizure", "search and seizure"),))
    assert render_text(kinds, "en") == "search and seizure"
    assert render_text(kinds, "th") == i18n.document_translations("th").gettext(
        "Search and seizure").lower() != "search and seizure"
    sentences = Items((Text("A."), Text("B.")), "sentences")
    assert render_text(sentences, "en") == "A. B." and render_text(sentences, "zh") == "A.B."


def test_a_broken_translation_falls_back_to_the_source_template(tmp_path, monkeypatch) -> None:
    catalog = Catalog(locale="th", domain=i18n.UI_DOMAIN)
    catalog.add("%(rule)s (missing).", "%(กฎ)s ขาด")
    path = tmp_path / "th" / "LC_MESSAGES" / f"{i18n.UI_DOMAIN}.po"
    path.parent.mkdir(parents=True)
    with path.open("wb") as fh:
        write_po(fh, catalog)
    monkeypatch.setenv(i18n.TRANSLATIONS_ENV, str(tmp_path))
    i18n.clear_cache()
    try:
        text = i18n.N_("%(rule)s (missing).", rule="X")
        assert render_text(text, "th") == "X (missing)."
    finally:
        monkeypatch.delenv(i18n.TRANSLATIONS_ENV)
        i18n.clear_cache()


def test_field_notes_in_a_language() -> None:
    case = make(requesting_state="VN", requested_state="TH",
                legal_basis={"kind": "instrument", "instrument_id": "ASEAN-MLAT"})
    english = field_notes(case, registry=real_registry())
    thai = field_notes(case, registry=real_registry(), lang="th")
    assert english.keys() == thai.keys()
    note_en, note_th = english["$.request.purpose"][0], thai["$.request.purpose"][0]
    title = "(f) Purpose for which the evidence, information or action is sought"
    citation = note_en.removeprefix(title + " (").removesuffix(")")
    assert note_en == f"{title} ({citation})" and citation.startswith("UNTOC art. 18(15)(f)")
    # the title translated, the citation as written (a legal reference)
    assert note_th == f"{i18n.profile_translations('th').gettext(title)} ({citation})"
    assert note_th != note_en
    texts = field_note_texts(case, registry=real_registry())
    assert all(isinstance(t, Text) for ts in texts.values() for t in ts)


def test_time_limit_periods_say_what_the_schema_says() -> None:
    """The translatable period of every time limit has the English of TimeLimit.length()."""
    seen = 0
    for state in real_registry().states.values():
        for tl in state.time_limits:
            period = period_text(tl)
            assert (period.english() if period else None) == tl.length(), tl.code
            seen += 1
    assert seen >= 5


def test_every_finding_of_the_examples_is_translated_in_every_language() -> None:
    """Each example case sent to each profiled state: every message id of its findings is in
    its catalog in every language, and the rendered text has no placeholder left."""
    from mla_writer.resources import data_dir
    from mla_writer.storage import load

    reg = real_registry()
    checked = 0
    for path in sorted(data_dir("examples").glob("*.json")):
        for state in sorted(reg.states):
            case = load(path)
            case.request.requested_state = state
            for issue in evaluate(case, on=dt.date(2026, 9, 1), registry=reg):
                assert issue.text is not None, issue.code
                for text in texts_in(issue.text):
                    for lang in i18n.LANGUAGES[1:]:
                        catalog = i18n._translations(lang, text.domain)
                        assert text.msgid in catalog._catalog, (lang, text.msgid)
                for lang in i18n.LANGUAGES:
                    assert not _PLACEHOLDER.search(finding_text(issue, lang)), issue.code
                checked += 1
    assert checked > 200
