"""Every example case builds to DOCX and PDF holding all its facts, in the right sections."""

from __future__ import annotations

import datetime as dt
import re
from enum import Enum
from pathlib import Path

import pytest
from pydantic import BaseModel

from mla_writer.domain.clock import fixed_clock
from mla_writer.domain.model import currency_fields
from mla_writer.render import build_document, build_documents
from mla_writer.render.context import (
    _instrument_name,
    _registry,
    country_name,
    format_date,
    format_money,
    language_name,
)
from mla_writer.storage import load

from .helpers import (
    doc_sections,
    docx_blocks,
    docx_header_footer,
    docx_text,
    norm,
    pdf_text,
    squash,
    words,
)

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ("mla-bank-records", "mla-freezing-electronic", "extradition-accused",
            "provisional-arrest")
CLOCK = fixed_clock(dt.datetime(2026, 11, 2, 9, 30, tzinfo=dt.UTC))

OFFENCES = ["Offences, applicable law and penalties"]
PERSONS = ["Persons concerned", "Person sought", "Other persons concerned"]
#: top-level request field -> the sections (level-2 headings) where its values belong
SECTIONS: dict[str, list[str]] = {
    "requesting_authority": ["Requesting authority"],
    "case_reference": [""],
    "requesting_state": ["Requesting authority"],
    "requested_state": [""],
    "request_date": ["", "signature"],
    "stage": ["Subject matter and stage of the proceedings"],
    "subject": ["Subject matter and stage of the proceedings"],
    "conducting_authority": ["Subject matter and stage of the proceedings"],
    "legal_basis": ["Legal basis"],
    "offences": OFFENCES,
    "dual_criminality_statement": OFFENCES,
    "persons": PERSONS,
    "facts_summary": ["Summary of the facts", "Statement of the acts",
                      "Summary of the facts (new or changed)"],
    "assistance": ["Assistance requested"],
    "purpose": ["Purpose of the request"],
    "procedures": ["Particular procedures requested"],
    "confidentiality": ["Confidentiality"],
    "urgency": ["Urgency"],
    "undertakings": ["Undertakings", "Assurances and undertakings"],
    "annexes": ["Annexes", "Supporting documents and annexes"],
    "execution_contact": ["Contact for the execution of the request"],
    "supplementary": ["Earlier request"],
    "place_of_signature": ["signature"],
    "signatory": ["signature"],
}
EXTRADITION_SECTIONS = {
    "person_id": ["Person sought"],
    "warrant": ["Arrest warrant", "Judgment", "Warrant or judgment"],
    "statement_of_acts": ["Statement of the acts"],
    "time_and_place": ["Statement of the acts"],
    "limitation_period": ["Limitation period"],
    "urgency_reason": ["Urgency"],
}
#: numbers kept only for the rules' checks (the text field beside each is what is printed)
#: ... and the case file's internal ids of offences, persons and measures ("O1", "P2", "A1"):
#: official correspondence names them instead
NOT_PRINTED = {"maximum_penalty_years", "time_left_months", "id"}
#: the requesting authority's name and address head the letter (the letterhead, section "")
LETTERHEAD = {("requesting_authority", "name"), ("requesting_authority", "address")}


def _leaves(value, path: tuple):
    if isinstance(value, BaseModel):
        currencies = currency_fields(type(value))
        for name in type(value).model_fields:
            if name in currencies.values():  # printed with its amount
                continue
            if name in currencies and getattr(value, name) is not None:
                yield (*path, name), (getattr(value, name), getattr(value, currencies[name]))
                continue
            yield from _leaves(getattr(value, name), (*path, name))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _leaves(v, (*path, i))
    elif value is None or isinstance(value, bool | Enum) or value == "":
        return
    else:
        yield path, value


def expected_texts(case):
    """(path, sections, text) for every filled value of the request, as the document shows it."""
    req = case.request
    names = {p.id: f"{p.family_name} {p.given_names}".strip() for p in req.persons}
    registry = _registry()
    for path, value in _leaves(req, ()):
        field = next(p for p in reversed(path) if isinstance(p, str))
        if field in NOT_PRINTED or field in ("kind", "type"):
            continue
        top = EXTRADITION_SECTIONS if path[0] == "extradition" else SECTIONS
        sections = top[path[1] if path[0] == "extradition" else path[0]]
        if path[:2] in LETTERHEAD:
            sections = [""]
        if field in ("requesting_state", "requested_state", "nationalities", "issuing_state"):
            text = country_name(value, "en", registry)
        elif field in ("language", "translated_into"):
            text = language_name(value, "en")
        elif field == "instrument_id":
            text = str(_instrument_name(registry, value))
        elif field in ("person_ids", "person_id"):
            text = names.get(value, value)
        elif isinstance(value, dt.date):
            text = format_date(value, "en")
        elif isinstance(value, tuple):  # an amount with its currency
            text = format_money(*value, "en")
        else:
            text = str(value)
        yield ".".join(map(str, path)), sections, text


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, dict]:
    out = {}
    for name in EXAMPLES:
        case = load(ROOT / "examples" / f"{name}.json")
        folder = tmp_path_factory.mktemp(name)
        paths = build_documents(case, folder, languages=["en"], clock=CLOCK)
        out[name] = {"case": case, "paths": paths,
                     "doc": build_document(case, clock=CLOCK)}
    return out


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_filled_field_is_in_its_section(built, name: str) -> None:
    case, doc = built[name]["case"], built[name]["doc"]
    sections = {k: norm(v) for k, v in doc_sections(doc).items()}
    missing = []
    for path, allowed, text in expected_texts(case):
        if not any(norm(text) in sections.get(s, "") for s in allowed):
            missing.append(f"{path}: {text[:50]!r} not in {allowed}")
    assert missing == []


@pytest.mark.parametrize("name", EXAMPLES)
def test_docx_and_pdf_hold_every_field(built, name: str) -> None:
    case = built[name]["case"]
    request = next(p for p in built[name]["paths"] if p.name.endswith("_request_en.docx"))
    docx_body = squash(docx_text(request))
    pdf_body = squash(pdf_text(request.with_suffix(".pdf")))
    for path, _, text in expected_texts(case):
        assert squash(text) in docx_body, f"DOCX lacks {path}"
        assert squash(text) in pdf_body, f"PDF lacks {path}"


@pytest.mark.parametrize("name", EXAMPLES)
def test_docx_and_pdf_carry_the_same_words_in_the_same_order(built, name: str) -> None:
    docs = [p for p in built[name]["paths"] if p.suffix == ".docx"]
    assert len(docs) == 2  # request and transmittal note
    for path in docs:
        assert words(docx_text(path)) == words(pdf_text(path.with_suffix(".pdf")))


@pytest.mark.parametrize("name", EXAMPLES)
def test_docx_structure_matches_the_document_model(built, name: str) -> None:
    doc = built[name]["doc"]
    request = next(p for p in built[name]["paths"] if p.name.endswith("_request_en.docx"))
    headings = [re.sub(r"^\d+\.\s*", "", t) for style, t in docx_blocks(request)
                if style == "Heading 2"]
    assert headings == [h for h in doc_sections(doc) if h not in ("", "signature")]
    header = docx_header_footer(request)
    assert doc.reference in header


@pytest.mark.parametrize("name", EXAMPLES)
def test_pdf_pages_show_reference_and_page_x_of_y(built, name: str) -> None:
    pdf = next(p for p in built[name]["paths"] if p.name.endswith("_request_en.pdf"))
    full = pdf_text(pdf, body_only=False)
    pages = full.count("\f")
    assert pages >= 2
    for n in range(1, pages + 1):
        assert f"Page {n} of {pages}" in full
    assert full.count(built[name]["doc"].reference) >= pages


def test_output_is_deterministic_for_a_fixed_clock(built, tmp_path) -> None:
    case = built["mla-bank-records"]["case"]
    again = build_documents(case, tmp_path, languages=["en"], clock=CLOCK)
    for first, second in zip(built["mla-bank-records"]["paths"], again, strict=True):
        assert first.name == second.name
        if first.suffix == ".docx":
            assert docx_text(first) == docx_text(second)
        else:
            assert pdf_text(first, body_only=False) == pdf_text(second, body_only=False)


@pytest.mark.parametrize("name", EXAMPLES)
def test_transmittal_note_is_one_page_and_signature_block_stays_together(built, name) -> None:
    case = built[name]["case"]
    pdfs = {p.name.split("_")[-2]: p for p in built[name]["paths"] if p.suffix == ".pdf"}
    assert pdf_text(pdfs["transmittal"], body_only=False).count("\f") == 1
    pages = pdf_text(pdfs["request"], body_only=False).split("\f")
    signer = case.request.signatory.name
    page = next(p for p in pages if signer in p)
    assert "For the requesting authority:" in page
    assert case.request.place_of_signature in page


def test_pdf_embeds_every_font(built) -> None:
    import subprocess

    for name in EXAMPLES:
        for pdf in (p for p in built[name]["paths"] if p.suffix == ".pdf"):
            out = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True,
                                 text=True).stdout.splitlines()[2:]
            assert out and all(line.split()[-5] == "yes" for line in out), out


@pytest.mark.parametrize("name", EXAMPLES)
def test_covering_letter_is_one_page_in_every_language(name, tmp_path) -> None:
    """The covering letter keeps to one page in every script (Burmese runs tallest) and
    closes with its formula above the signature."""
    from mla_writer import i18n
    from mla_writer.render.pdf_writer import write_pdf

    case = load(ROOT / "examples" / f"{name}.json")
    for lang in i18n.LANGUAGES:
        doc = build_document(case, template="transmittal", lang=lang, clock=CLOCK)
        path = tmp_path / f"t_{lang}.pdf"
        write_pdf(doc, path)
        assert pdf_text(path, body_only=False).count("\f") == 1, lang
    english = build_document(case, template="transmittal", clock=CLOCK).plain_text()
    assert "Please accept the assurances of my highest consideration." in english
    assert "presents its compliments" not in english
