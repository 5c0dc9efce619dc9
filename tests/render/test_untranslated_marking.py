"""A document in a language with untranslated case text is marked, never silently mixed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from mla_writer import i18n
from mla_writer.domain.clock import fixed_clock
from mla_writer.render import build_document
from mla_writer.render.document import Paragraph
from mla_writer.render.docx_writer import write_docx
from mla_writer.storage import load

from .helpers import docx_header_footer

ROOT = Path(__file__).resolve().parents[2]

CLOCK = fixed_clock(dt.datetime(2026, 11, 2, 9, 30, tzinfo=dt.UTC))


def _notice(doc) -> list[Paragraph]:
    return [b for b in doc.blocks if isinstance(b, Paragraph) and b.style == "note"
            and any(r.bold and str(len(doc.untranslated)) in r.text for r in b.runs)]


def test_thai_document_without_translations_is_marked(tmp_path, untranslated_example) -> None:
    case = untranslated_example("mla-bank-records")
    doc = build_document(case, lang="th", clock=CLOCK)
    assert "$.request.facts_summary" in doc.untranslated
    mark = i18n.document_translations("th").gettext("UNTRANSLATED TEXT")
    assert mark in doc.marking
    assert len(_notice(doc)) == 1
    # the untranslated facts are printed in English, in italics
    facts = case.request.facts_summary.split("\n")[0].strip()[:30]
    runs = [r for b in doc.blocks if isinstance(b, Paragraph) for r in b.runs
            if facts[:20] in r.text]
    assert runs and all(r.italic and r.lang == "en" for r in runs)
    write_docx(doc, tmp_path / "th.docx")
    assert mark in docx_header_footer(tmp_path / "th.docx")


def test_fully_translated_document_carries_no_marking(untranslated_example) -> None:
    case = untranslated_example("mla-bank-records")
    first = build_document(case, lang="th", clock=CLOCK)
    for path in first.untranslated:
        case.translations.setdefault(path, {})["th"] = "ข้อความที่แปลแล้ว"
    doc = build_document(case, lang="th", clock=CLOCK)
    assert doc.untranslated == []
    assert i18n.document_translations("th").gettext("UNTRANSLATED TEXT") not in doc.marking
    assert _notice(doc) == []
    assert "ข้อความที่แปลแล้ว" in doc.plain_text()


def test_english_document_is_never_marked_untranslated() -> None:
    doc = build_document(load(ROOT / "examples" / "mla-bank-records.json"), lang="en", clock=CLOCK)
    assert doc.untranslated == [] and "UNTRANSLATED" not in doc.marking
