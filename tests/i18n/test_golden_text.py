"""Golden text: each example's documents in each language, compared with reviewed text files.

A change of a template, a translation or the glossary shows up here as a readable diff. After
a reviewed, intended change, refresh with
`MLA_UPDATE_GOLDEN=1 pytest tests/i18n/test_golden_text.py` and read the diff before committing.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from mla_writer import i18n
from mla_writer.domain.clock import fixed_clock
from mla_writer.render import build_document
from mla_writer.render.document import _block_text
from mla_writer.storage import load

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).resolve().parent / "golden"
CLOCK = fixed_clock(dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC))
CASES = {
    "mla-bank-records": ("request", "transmittal"),
    "extradition-accused": ("request",),
    "provisional-arrest": ("request",),
}


def document_text(example: str, template: str, lang: str) -> str:
    case = load(ROOT / "examples" / f"{example}.json")
    doc = build_document(case, template=None if template == "request" else template,
                         lang=lang, clock=CLOCK)
    lines = [f"# {doc.title}", f"# marking: {doc.marking}", f"# page: {doc.page_label}"]
    lines += [_block_text(b) for b in doc.blocks]
    return "\n".join(lines).rstrip() + "\n"


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
@pytest.mark.parametrize(("example", "template"),
                         [(e, t) for e, ts in CASES.items() for t in ts])
def test_document_text_matches_the_reviewed_text(example: str, template: str, lang: str,
                                                golden_text) -> None:
    text = document_text(example, template, lang)
    golden_text(GOLDEN / f"{example}_{template}_{lang}.txt", text)
