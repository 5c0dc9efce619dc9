"""What the request says, as a central authority reads it: per-kind undertakings, the requested
state's own time limit, the addressee and route, legal persons, no repetition, the letter."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from mla_writer import i18n
from mla_writer.domain.clock import fixed_clock
from mla_writer.domain.model import CaseFile, RequestKind
from mla_writer.profiles.schema import Channel, TimeLimit
from mla_writer.render import build_document
from mla_writer.render.context import surrender_purpose
from mla_writer.storage import load

from .helpers import ROOT_EXAMPLES, doc_sections

CLOCK = fixed_clock(dt.datetime(2026, 11, 2, 9, 30, tzinfo=dt.UTC))
SOURCE = {"citation": "Extradition Act of Exampleland, s. 9", "source": "fixture",
          "status": "verified"}


def _registry(time_limits=(), channels=()):
    """A fictional requested state XB with the given time limits and channels."""
    authority = SimpleNamespace(name="Ministry of Justice of Exampleland", address="",
                                phone="", email="")
    state = SimpleNamespace(code="XB", name_en="Exampleland", names={"en": "Exampleland"},
                            central_authority=authority, extradition_authority=authority,
                            time_limits=list(time_limits), channels=list(channels))
    return SimpleNamespace(state=lambda code: state if code == "XB" else None, instruments={})


def _case(kind: RequestKind = RequestKind.PROVISIONAL_ARREST) -> CaseFile:
    case = CaseFile()
    case.request.kind = kind
    case.request.requesting_state = "XA"
    case.request.requested_state = "XB"
    case.request.request_date = dt.date(2026, 9, 1)
    case.request.legal_basis.kind = "reciprocity"
    case.request.extradition = {"undertaking_full_request": True}
    return case


def _undertakings(doc) -> str:
    return doc_sections(doc)["Assurances and undertakings"]


@pytest.fixture
def fake(monkeypatch):
    from mla_writer.render import context

    def install(**kw):
        monkeypatch.setattr(context, "_registry", lambda: _registry(**kw))
    monkeypatch.setattr(i18n, "country_name", lambda code, lang: "", raising=False)
    return install


def test_the_full_request_is_promised_within_the_requested_states_own_time_limit(fake) -> None:
    fake(time_limits=[TimeLimit(code="XB-PA", kinds=["provisional_arrest"], title="t", days=40,
                                extension_days=20, **SOURCE)])
    text = _undertakings(build_document(_case(), clock=CLOCK))
    assert "within 40 days of the arrest of the person sought, or within the further 20 days" \
        in text
    assert "in accordance with Extradition Act of Exampleland, s. 9." in text
    assert "time limit set by the applicable treaty" not in text


@pytest.mark.parametrize("limit", [
    {"days": None},  # the profile does not know the period
    {"days": 40, "status": "unverified"},  # not confirmed: not put in the State's mouth
    {"days": 40, "basis": ["treaty"]},  # for treaty requests only
    {"days": 40, "effective_from": dt.date(2027, 1, 1)},  # not yet in force on the request date
    {"days": 40, "kinds": ["extradition", "provisional_arrest"]},  # not specific to arrest
])
def test_without_a_known_applicable_limit_the_undertaking_refers_to_treaty_and_law(fake, limit):
    fields = {"code": "XB-PA", "kinds": ["provisional_arrest"], "title": "t", **SOURCE, **limit}
    fake(time_limits=[TimeLimit(**fields)])
    text = _undertakings(build_document(_case(), clock=CLOCK))
    assert "within the time limit set by the applicable treaty or the law of the requested" \
        " State" in text
    assert "40 days" not in text


def test_viet_nam_45_days_rest_on_a_press_report_so_the_letter_does_not_promise_them() -> None:
    """Scenario on the real profile: Viet Nam's 45-day limit (Extradition Law No.
    100/2025/QH15, art. 33) is known only from a press report (a secondary source), so it is
    unverified: the letter does not put the period in Viet Nam's mouth, it refers to the treaty
    and the law; the checklist reports the period, marked unverified."""
    from mla_writer.rules import evaluate

    case = load(ROOT_EXAMPLES / "provisional-arrest.json")
    text = _undertakings(build_document(case, clock=CLOCK))
    assert "45 days" not in text and "time limit set by the applicable treaty" in text
    limit = next(i for i in evaluate(case) if i.code == "VN-PA-45-DAYS")
    assert "45 days" in limit.message and not limit.verified


def test_a_confirmed_period_is_written_in_the_document_language(fake) -> None:
    fake(time_limits=[TimeLimit(code="XB-PA", kinds=["provisional_arrest"], title="t", days=45,
                                **SOURCE)])
    khmer = build_document(_case(), lang="km", clock=CLOCK).plain_text()
    assert "ក្នុងរយៈពេល ៤៥ ថ្ងៃ" in khmer  # Khmer digits


def test_extradition_undertakings_protect_the_person_not_evidence(fake) -> None:
    fake()
    case = _case(RequestKind.EXTRADITION)
    for flag in ("speciality", "reciprocity", "confidentiality", "costs"):
        setattr(case.request.undertakings, flag, True)
    text = _undertakings(build_document(case, clock=CLOCK))
    assert "Rule of speciality. The person surrendered will not be proceeded against" in text
    assert "re-extradited or surrendered to a third State" in text
    assert "Costs. The requesting State will bear the costs of conveying the person" in text
    assert "request of the requested State for extradition or provisional arrest" in text
    assert "Information and evidence" not in text and "costs of execution" not in text
    mla = CaseFile()
    mla.request.undertakings.speciality = True
    assert "Information and evidence obtained will not be used" in doc_sections(
        build_document(mla, clock=CLOCK))["Undertakings"]


@pytest.mark.parametrize(("stage", "warrant", "roles", "expected"), [
    ("prosecution", "arrest_warrant", ["accused"], "prosecution"),
    ("trial", "", ["accused"], "prosecution"),
    ("enforcement_of_sentence", "judgment", ["convicted_person"], "enforcement"),
    (None, "judgment", [], "enforcement"),
    (None, "", ["convicted_person"], "enforcement"),
    ("prosecution", "", ["convicted_person"], ""),  # the case says both: neither is claimed
    (None, "", [], ""),
])
def test_surrender_is_asked_for_prosecution_or_for_enforcement(stage, warrant, roles, expected):
    case = _case(RequestKind.EXTRADITION)
    case.request.stage = stage
    case.request.extradition.warrant.kind = warrant
    assert surrender_purpose(case.request, {"roles": roles}) == expected


def test_the_opening_says_which(fake) -> None:
    fake()
    case = _case(RequestKind.EXTRADITION)
    case.request.stage = "enforcement_of_sentence"
    text = build_document(case, clock=CLOCK).plain_text()
    assert "for the enforcement of the sentence described in this request" in text
    assert "for prosecution or for the enforcement" not in text


def test_the_addressee_is_the_authority_the_state_and_the_route(fake) -> None:
    fake(channels=[Channel(kinds=["extradition"], channel="diplomatic", accepted=True,
                           **SOURCE)])
    case = _case(RequestKind.EXTRADITION)
    letterhead = doc_sections(build_document(case, clock=CLOCK))[""]
    lines = letterhead.split("\n")
    start = lines.index("To:")
    assert lines[start + 1:start + 4] == ["Ministry of Justice of Exampleland", "Exampleland",
                                          "Through the diplomatic channel"]
    case.request.kind = RequestKind.MLA  # the channel is for extradition only
    assert "Through the diplomatic channel" not in build_document(case, clock=CLOCK).plain_text()


def test_a_company_is_described_as_a_legal_person() -> None:
    case = load(ROOT_EXAMPLES / "mla-bank-records.json")
    persons = doc_sections(build_document(case, clock=CLOCK))["Persons concerned"]
    company = persons[persons.index("Golden Lotus"):persons.index("WONGSAWAT")]
    assert "(Account holder)" in company and "Company" not in company
    for label in ("Registered name | Golden Lotus", "Registration number | 0105561000417",
                  "State of registration | Kingdom of Thailand",
                  "Registered office and other addresses | 77/3"):
        assert label in company
    assert "Family name" not in company and "Nationalities" not in company


def test_page_one_names_the_authority_and_the_reference_once() -> None:
    for name in ("mla-bank-records", "extradition-accused", "provisional-arrest"):
        case = load(ROOT_EXAMPLES / f"{name}.json")
        doc = build_document(case, clock=CLOCK)
        text = doc.plain_text()
        assert text.count(case.request.requesting_authority.name) == 1, name
        assert text.count(case.request.case_reference) == 1, name  # and the running header
        signature = doc_sections(doc)["signature"]
        assert case.request.signatory.function in signature


def test_the_facts_are_told_once_and_the_warrant_kind_once() -> None:
    case = load(ROOT_EXAMPLES / "extradition-accused.json")
    sections = doc_sections(build_document(case, clock=CLOCK))
    assert "Further facts of the case" not in sections
    acts = sections["Statement of the acts"]
    assert case.request.extradition.statement_of_acts in acts
    assert case.request.facts_summary in acts
    assert "Warrant or judgment" not in sections["Arrest warrant"]
    case.request.facts_summary = case.request.extradition.statement_of_acts
    acts = doc_sections(build_document(case, clock=CLOCK))["Statement of the acts"]
    assert acts.count(case.request.facts_summary) == 1 and "Summary of the case" not in acts


def test_a_supplementary_request_gives_the_requested_states_reference() -> None:
    case = CaseFile()
    case.request.kind = RequestKind.SUPPLEMENTARY
    case.request.supplementary = {"earlier_reference": "SPP-2026-1",
                                  "earlier_date": "2026-05-04",
                                  "requested_reference": "OAG 0417/2569"}
    doc = build_document(case, clock=CLOCK)
    sections = doc_sections(doc)
    assert "Your reference: OAG 0417/2569" in sections[""]
    assert "Reference of the requested State | OAG 0417/2569" in sections["Earlier request"]
    assert "Reference of the earlier request | SPP-2026-1" in sections["Earlier request"]
    letter = build_document(case, template="transmittal", clock=CLOCK).plain_text()
    assert "Your reference: OAG 0417/2569" in letter


def test_confidentiality_marks_the_document() -> None:
    case = CaseFile()
    assert build_document(case, clock=CLOCK).confidential == ""
    case.request.confidentiality.required = True
    assert build_document(case, clock=CLOCK).confidential == "CONFIDENTIAL"
    assert build_document(case, lang="th", clock=CLOCK).confidential == "ลับ"
    assert build_document(case, template="transmittal", clock=CLOCK).confidential
