"""Golden text of the requests drafted in Vietnamese, Khmer and Lao: the document in the
drafting language and in the requested state's language (from the recorded translations), and
the English one (the drafting language's text, marked untranslated). Refresh after a reviewed
change with `MLA_UPDATE_GOLDEN=1` like tests/i18n/test_golden_text.py."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from mla_writer.domain import freetext
from mla_writer.domain.clock import fixed_clock
from mla_writer.domain.model import CaseFile
from mla_writer.render import build_document
from mla_writer.render.document import _block_text

from .scenarios import SCENARIOS, Scenario

GOLDEN = Path(__file__).resolve().parents[1] / "i18n" / "golden"
CLOCK = fixed_clock(dt.datetime(2026, 10, 5, 9, 30, tzinfo=dt.UTC))


def document_text(s: Scenario, lang: str) -> str:
    case = CaseFile.model_validate(s.case_dict())
    for path, text in s.translations().items():
        freetext.set_translation(case, path, s.target, text)
    doc = build_document(case, lang=lang, clock=CLOCK)
    lines = [f"# {doc.title}", f"# marking: {doc.marking}", f"# page: {doc.page_label}",
             f"# untranslated: {len(doc.untranslated)}"]
    lines += [_block_text(b) for b in doc.blocks]
    return "\n".join(lines).rstrip() + "\n"


@pytest.mark.parametrize(("s", "lang"), [(s, lang) for s in SCENARIOS
                                         for lang in (s.drafting, s.target, "en")],
                         ids=lambda v: v.name if isinstance(v, Scenario) else v)
def test_drafted_request_text_matches_the_reviewed_text(s: Scenario, lang: str,
                                                         golden_text) -> None:
    text = document_text(s, lang)
    untranslated = 0 if lang in (s.drafting, s.target) else len(s.texts)
    assert f"# untranslated: {untranslated}\n" in text
    golden_text(GOLDEN / f"drafted-{s.name}_request_{lang}.txt", text)
