"""Templates: labels for every coded value, every assistance field, empty sections, markings."""

from __future__ import annotations

import datetime as dt
import gettext
import re
import typing

import pytest

from mla_writer import i18n
from mla_writer.domain.clock import fixed_clock
from mla_writer.domain.model import (
    ASSISTANCE_TYPES,
    CaseFile,
    Person,
    PersonRole,
    RequestKind,
    Sex,
    Stage,
    Undertakings,
    Warrant,
    currency_fields,
)
from mla_writer.render import build_document
from mla_writer.render.context import COMMON_ASSISTANCE_FIELDS, format_date, format_money
from mla_writer.render.document import Heading, Paragraph, SignatureBlock
from mla_writer.render.docx_writer import write_docx
from mla_writer.render.environment import clear_cache, environment
from mla_writer.render.pdf_writer import write_pdf

from .helpers import doc_sections, docx_text, full_case, norm, pdf_text, squash, tagger

CLOCK = fixed_clock(dt.datetime(2026, 11, 2, 9, 30, tzinfo=dt.UTC))


def test_every_coded_value_of_the_model_has_a_label() -> None:
    labels = environment("en").get_template("_labels.html").module
    assert set(labels.KIND_TITLE) == {k.value for k in RequestKind}
    assert set(labels.STAGE) == {s.value for s in Stage}
    assert set(labels.ROLE) == {r.value for r in PersonRole}
    assert set(labels.SEX) == {s.value for s in Sex}
    assert set(labels.ASSISTANCE) == set(ASSISTANCE_TYPES)
    kinds = typing.get_args(Warrant.model_fields["kind"].annotation)
    assert set(labels.WARRANT_KIND) == set(kinds)
    flags = {n for n, f in Undertakings.model_fields.items() if f.annotation is bool}
    assert set(labels.UNDERTAKING_TEXT) == flags
    assert set(labels.EXTRADITION_UNDERTAKING) == flags
    assert set(labels.EXTRADITION_TERM) <= flags
    asked = {n for cls in ASSISTANCE_TYPES.values() for n, f in cls.model_fields.items()
             if f.annotation is bool}
    assert set(labels.ASKED) == asked
    company = set(labels.COMPANY)
    assert company <= set(Person.model_fields)


def test_every_field_of_every_assistance_type_appears_when_filled(tmp_path) -> None:
    asked = environment("en").get_template("_labels.html").module.ASKED
    case = full_case(RequestKind.MLA, tagger())
    doc = build_document(case, clock=CLOCK)
    section = doc_sections(doc)["Assistance requested"]
    paths = {"docx": tmp_path / "a.docx", "pdf": tmp_path / "a.pdf"}
    write_docx(doc, paths["docx"])
    write_pdf(doc, paths["pdf"])
    files = {"docx": squash(docx_text(paths["docx"])), "pdf": squash(pdf_text(paths["pdf"]))}
    checked = 0
    for item in case.request.assistance:
        currencies = currency_fields(type(item))
        for name, info in type(item).model_fields.items():
            if name in ("type", "id"):
                continue
            value = getattr(item, name)
            expected = [info.title] if name not in COMMON_ASSISTANCE_FIELDS else []
            if name in currencies.values():  # printed with its amount
                continue
            if name in currencies:
                expected.append(format_money(value, getattr(item, currencies[name]), "en"))
            elif isinstance(value, str):
                expected.append(value)
            elif isinstance(value, list):
                expected += [str(v) for v in value]
            elif isinstance(value, dt.date):
                expected.append(format_date(value, "en"))
            elif isinstance(value, bool):  # said as what is asked, not as "title: Yes"
                expected = [asked[name]]
            for text in expected:
                assert text in section, f"{item.type}.{name}: {text!r} missing"
                for fmt, body in files.items():
                    assert squash(text) in body, f"{fmt}: {item.type}.{name}: {text!r}"
                checked += 1
    assert checked > 100


@pytest.mark.parametrize("kind", list(RequestKind))
def test_full_case_of_every_kind_renders_with_numbered_sections(kind: RequestKind) -> None:
    case = full_case(kind, tagger())
    for template in (None, "transmittal"):
        doc = build_document(case, template=template, clock=CLOCK)
        h1 = [b for b in doc.blocks if isinstance(b, Heading) and b.level == 1]
        assert len(h1) == 1
        if template is None:
            numbers = [b.runs[0].text.strip() for b in doc.blocks
                       if isinstance(b, Heading) and b.level == 2]
            assert numbers == [f"{i}." for i in range(1, len(numbers) + 1)]
            assert len(numbers) >= 12


@pytest.mark.parametrize("kind", list(RequestKind))
def test_an_empty_case_prints_no_empty_sections(kind: RequestKind) -> None:
    case = CaseFile()
    case.request.kind = kind
    for template in (None, "transmittal"):
        doc = build_document(case, template=template, clock=CLOCK)
        for before, after in zip(doc.blocks, [*doc.blocks[1:], None], strict=True):
            if isinstance(before, Heading) and before.level >= 2:
                assert not (isinstance(after, Heading) and after.level <= before.level), \
                    f"empty section {norm(''.join(r.text for r in before.runs))!r}"
            if isinstance(before, Paragraph):
                text = "".join(r.text for r in before.runs).strip()
                if text.endswith(":"):
                    assert after is not None and not isinstance(after, Heading | SignatureBlock), \
                        f"label without value: {text!r}"
        text = doc.plain_text()
        assert "None" not in text


def test_draft_and_training_are_marked() -> None:
    case = CaseFile()
    assert build_document(case, clock=CLOCK).marking == ""
    assert build_document(case, clock=CLOCK, draft=True).marking == "DRAFT"
    case.training = True
    assert build_document(case, clock=CLOCK).marking == "TRAINING — NOT A REAL REQUEST"
    assert build_document(case, clock=CLOCK, draft=True).marking \
        == "DRAFT / TRAINING — NOT A REAL REQUEST"


def test_unknown_template_or_language_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown document template"):
        build_document(CaseFile(), template="../../etc/passwd")
    with pytest.raises(ValueError, match="unknown document language"):
        build_document(CaseFile(), lang="fr")


class _Upper(gettext.NullTranslations):
    """A fake catalog: upper-cases text outside %(name)s placeholders."""

    def gettext(self, message: str) -> str:
        parts = re.split(r"(%\(\w+\)s)", message)
        return "".join(p if p.startswith("%(") else p.upper() for p in parts)


class _Broken(gettext.NullTranslations):
    """A bad catalog entry: a placeholder renamed by the translator."""

    def gettext(self, message: str) -> str:
        return message.replace("%(state)s", "%(etat)s")


def test_fixed_text_is_translated_and_case_text_is_not(monkeypatch) -> None:
    monkeypatch.setattr(i18n, "document_translations", lambda lang: _Upper())
    clear_cache()
    try:
        case = CaseFile()
        case.request.facts_summary = "Facts as typed"
        case.request.purpose = "Purpose as typed"
        case.translations = {"$.request.purpose": {"th": "วัตถุประสงค์"}}
        doc = build_document(case, lang="th", clock=CLOCK)
        text = doc.plain_text()
        assert "SUMMARY OF THE FACTS" in text and "Facts as typed" in text
        assert "วัตถุประสงค์" in text and "Purpose as typed" not in text
        runs = [r for b in doc.blocks if isinstance(b, Paragraph) for r in b.runs]
        assert any(r.text == "วัตถุประสงค์" and r.lang == "th" for r in runs)
        assert any(r.text == "Facts as typed" and r.lang == "en" for r in runs)
    finally:
        clear_cache()


def test_a_translation_with_wrong_placeholders_falls_back_to_the_source(monkeypatch) -> None:
    monkeypatch.setattr(i18n, "document_translations", lambda lang: _Broken())
    clear_cache()
    try:
        doc = build_document(CaseFile(), lang="km", clock=CLOCK)
        assert "The competent authority of" in doc.plain_text()
    finally:
        clear_cache()


def _fake_registry():
    from types import SimpleNamespace

    def authority(name: str) -> SimpleNamespace:
        return SimpleNamespace(name=name, address="1 Fictional Road\nCapital City XB",
                               phone="+00 1", email="ca@example.xb", citation="", status="")

    state = SimpleNamespace(
        code="XB", name_en="Republic of Exampleland", names={"en": "Republic of Exampleland"},
        central_authority=authority("Ministry of Justice of Exampleland (Central Authority)"),
        extradition_authority=authority("Office of the Attorney-General of Exampleland"))
    instrument = SimpleNamespace(id="XA-XB-MLAT", title="Treaty on Mutual Assistance between"
                                 " Xanadu and Exampleland")
    return SimpleNamespace(state=lambda code: state if code == "XB" else None,
                           instruments={"XA-XB-MLAT": instrument})


@pytest.mark.parametrize(("kind", "authority"), [
    (RequestKind.MLA, "Ministry of Justice of Exampleland (Central Authority)"),
    (RequestKind.EXTRADITION, "Office of the Attorney-General of Exampleland"),
])
def test_addressee_and_instrument_come_from_the_legal_profile(monkeypatch, kind, authority):
    from mla_writer.render import context

    monkeypatch.setattr(context, "_registry", _fake_registry)
    monkeypatch.setattr(i18n, "country_name", lambda code, lang: "", raising=False)
    case = CaseFile()
    case.request.kind = kind
    case.request.requested_state = "XB"
    case.request.legal_basis.kind = "instrument"
    case.request.legal_basis.instrument_id = "XA-XB-MLAT"
    sections = doc_sections(build_document(case, clock=CLOCK))
    assert authority in sections[""]
    assert "Capital City XB" in sections[""]
    assert "Republic of Exampleland" in sections[""]
    assert "Treaty on Mutual Assistance between Xanadu and Exampleland" in sections["Legal basis"]


def test_training_case_is_marked_on_every_page_of_both_files(tmp_path) -> None:
    from .helpers import docx_header_footer

    case = full_case(RequestKind.EXTRADITION, tagger())
    case.training = True
    doc = build_document(case, clock=CLOCK)
    write_docx(doc, tmp_path / "t.docx")
    write_pdf(doc, tmp_path / "t.pdf")
    assert "TRAINING" in docx_header_footer(tmp_path / "t.docx")
    pages = pdf_text(tmp_path / "t.pdf", body_only=False).split("\f")[:-1]
    assert len(pages) > 3
    assert all("TRAINING" in page for page in pages)


#: bool fields shown as a sentence rather than with their title
SENTENCES = {
    "required": "be kept confidential",
    "urgent": "be treated as urgent",
    "undertaking_full_request": "undertakes to submit the request for extradition",
}


def _bool_fields(cls, prefix=""):
    from pydantic import BaseModel

    from mla_writer.render.context import _model_classes

    for name, info in cls.model_fields.items():
        if info.annotation is bool:
            yield f"{prefix}{name}", name, info.title
        for sub in _model_classes(info.annotation):
            if issubclass(sub, BaseModel):
                yield from _bool_fields(sub, f"{prefix}{name}.")


@pytest.mark.parametrize("kind", [RequestKind.MLA, RequestKind.PROVISIONAL_ARREST])
def test_every_yes_no_answer_of_the_model_is_shown(kind) -> None:
    """A yes is printed as what it means: an undertaking's standard wording for the kind of
    request, what an assistance item asks for, a sentence, or the field's title."""
    from mla_writer.domain.model import Request

    labels = environment("en").get_template("_labels.html").module
    undertaking = labels.UNDERTAKING_TEXT if kind is RequestKind.MLA \
        else labels.EXTRADITION_UNDERTAKING
    text = norm(build_document(full_case(kind, tagger()), clock=CLOCK).plain_text())
    for path, name, title in _bool_fields(Request):
        if kind is RequestKind.MLA and path.startswith("extradition."):
            continue
        if name == "punishable_by_death":  # said by the maximum penalty (next test)
            continue
        if path.startswith("undertakings."):
            expected = undertaking[name]
        elif path.startswith("assistance."):
            expected = labels.ASKED[name]
        else:
            expected = SENTENCES.get(name, title)
        assert norm(expected) in text, f"{path}: {expected!r}"


def test_a_no_is_left_out_and_death_is_said_once() -> None:
    case = full_case(RequestKind.MLA, tagger())
    for item in case.request.assistance:
        for name, info in type(item).model_fields.items():
            if info.annotation is bool:
                setattr(item, name, False)
    offence = case.request.offences[0]
    offence.maximum_penalty = "Death"
    doc = build_document(case, clock=CLOCK)
    assert "oath" not in doc.plain_text() and ": No" not in doc.plain_text()
    offences = doc_sections(doc)["Offences, applicable law and penalties"]
    assert offences.count("Death") == 1 and "Punishable by death" not in offences
    offence.maximum_penalty = ""
    offences = doc_sections(build_document(case, clock=CLOCK))[
        "Offences, applicable law and penalties"]
    assert "Maximum penalty: Death penalty" in offences
    offence.punishable_by_death = False
    assert "Death" not in doc_sections(build_document(case, clock=CLOCK))[
        "Offences, applicable law and penalties"]


def _set_distinct_dates(obj, counter, found, path="$"):
    from pydantic import BaseModel

    for name in type(obj).model_fields:
        value = getattr(obj, name)
        if isinstance(value, dt.date):
            day = dt.date(2001, 1, 1) + dt.timedelta(days=37 * next(counter))
            setattr(obj, name, day)
            found[f"{path}.{name}"] = day
        elif isinstance(value, BaseModel):
            _set_distinct_dates(value, counter, found, f"{path}.{name}")
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, BaseModel):
                    _set_distinct_dates(item, counter, found, f"{path}.{name}[{i}]")


@pytest.mark.parametrize("kind", list(RequestKind))
def test_every_date_of_the_model_is_shown(kind) -> None:
    import itertools

    case = full_case(kind, tagger())
    found: dict[str, dt.date] = {}
    _set_distinct_dates(case.request, itertools.count(1), found, "$.request")
    text = build_document(case, clock=CLOCK).plain_text()
    skip = {RequestKind.MLA: ("$.request.extradition", "$.request.supplementary"),
            RequestKind.SUPPLEMENTARY: ("$.request.extradition",),
            RequestKind.EXTRADITION: ("$.request.supplementary",),
            RequestKind.PROVISIONAL_ARREST: ("$.request.supplementary",)}[kind]
    for path, day in found.items():
        if not path.startswith(skip):
            assert format_date(day, "en") in text, path


@pytest.mark.parametrize(("name", "lang", "expected"), [
    ("Kingdom of Thailand", "en", "the Kingdom of Thailand"),
    ("Lao People's Democratic Republic", "en", "the Lao People's Democratic Republic"),
    ("Cambodia", "en", "Cambodia"), ("Kingdom of Thailand", "th", "Kingdom of Thailand"),
])
def test_formal_state_names_take_the_article_in_english_sentences(name, lang, expected):
    from mla_writer.render.context import _in_sentence

    assert _in_sentence(name, lang) == expected


def test_printed_case_text_without_translation_is_listed() -> None:
    case = CaseFile()
    case.request.facts_summary = "The facts."
    case.request.purpose = "The purpose."
    case.request.requesting_authority.officer.phone = "+84 24 0000 0101"
    case.request.extradition = {"statement_of_acts": "Not printed in an MLA request."}
    case.translations = {"$.request.purpose": {"th": "วัตถุประสงค์"}}
    assert build_document(case, lang="en", clock=CLOCK).untranslated == []
    doc = build_document(case, lang="th", clock=CLOCK)
    assert doc.untranslated == ["$.request.facts_summary"]


def test_transmittal_note_stays_on_one_page_with_many_annexes(tmp_path) -> None:
    case = full_case(RequestKind.MLA, tagger())
    case.request.annexes = [{"title": f"Annex document {i}", "pages": 2} for i in range(40)]
    doc = build_document(case, template="transmittal", clock=CLOCK)
    assert "40 annexes, as listed in the request" in doc.plain_text()
    write_pdf(doc, tmp_path / "t.pdf")
    assert pdf_text(tmp_path / "t.pdf", body_only=False).count("\f") == 1
