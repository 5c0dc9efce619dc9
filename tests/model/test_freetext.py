"""Which text a translator renders: prose fields yes; codes, ids, numbers and names never."""

from __future__ import annotations

import datetime as dt

from mla_writer.domain.clock import fixed_clock
from mla_writer.domain.freetext import missing_translations, translatable_texts
from mla_writer.domain.model import Person, Request, is_verbatim
from mla_writer.render import build_document
from mla_writer.storage import load


def test_verbatim_fields_are_declared_on_the_model() -> None:
    assert is_verbatim(Person, "id") and is_verbatim(Person, "family_name")
    assert is_verbatim(Request, "case_reference") and is_verbatim(Request, "requested_state")
    assert not is_verbatim(Request, "facts_summary") and not is_verbatim(Request, "purpose")


def test_translatable_texts_hold_prose_and_skip_verbatim(example_path) -> None:
    case = load(example_path)
    texts = dict(translatable_texts(case))
    assert texts["$.request.facts_summary"] == case.request.facts_summary
    assert "$.request.case_reference" not in texts
    assert not any(p.endswith((".id", ".person_ids[0]", ".email", ".phone")) for p in texts)
    assert all(any(c.isalpha() for c in t) for t in texts.values())


def test_missing_translations_follow_case_translations(example_path,
                                                       untranslated_example) -> None:
    case = untranslated_example(example_path.stem)
    missing = missing_translations(case, "th")
    assert missing and missing_translations(case, "en") == []
    case.translations.setdefault(missing[0], {})["th"] = "คำแปล"
    assert missing_translations(case, "th") == missing[1:]


def test_document_marks_only_prose_it_prints(example_path, untranslated_example) -> None:
    case = untranslated_example(example_path.stem)
    clock = fixed_clock(dt.datetime(2026, 11, 2, tzinfo=dt.UTC))
    doc = build_document(case, lang="km", clock=clock)
    assert doc.untranslated
    assert set(doc.untranslated) <= set(missing_translations(case, "km"))


def test_fixed_choices_are_not_prose(example_path) -> None:
    """Enum and Literal values ('mla', 'accused', 'bank_records') are str but never translated."""
    case = load(example_path)
    texts = dict(translatable_texts(case))
    fixed = ("$.request.kind", "$.request.stage", "$.request.legal_basis.kind",
             "$.request.persons[0].sex", "$.request.persons[0].roles[0]",
             "$.request.assistance[0].type")
    assert not set(fixed) & set(texts)
    assert case.request.kind.value and case.request.persons[0].roles
    assert "$.request.persons[0].identity_documents[0].kind" in texts or not (
        case.request.persons[0].identity_documents)  # free text, though named "kind"
    assert all(not p.endswith(".type") for p in texts)
