"""Every fixed text of every template is translated: a document in each language carries no
English template text, only the case's own words (which are marked as English runs)."""

from __future__ import annotations

import pytest

from mla_writer import i18n
from mla_writer.render import build_document
from mla_writer.render.document import Columns, ListBlock, Run, SignatureBlock, Table
from mla_writer.storage import load

TARGETS = [code for code in i18n.LANGUAGES if code != "en"]


def _runs(blocks) -> list[Run]:
    out: list[Run] = []
    for block in blocks:
        if isinstance(block, Table):
            for row in block.rows:
                for cell in row:
                    out += _runs(cell)
        elif isinstance(block, ListBlock):
            for item in block.items:
                out += _runs(item)
        elif isinstance(block, SignatureBlock):
            out += [r for line in block.lines for r in line]
        elif isinstance(block, Columns):
            for column in block.columns:
                out += _runs(column)
        elif hasattr(block, "runs"):
            out += block.runs
    return out


def _english_fixed_texts(lang: str) -> list[str]:
    """Template sentences and labels (no placeholders) whose translation differs."""
    translations = i18n.document_translations(lang)
    out = []
    for msgid in translations._catalog:  # type: ignore[attr-defined]
        if (isinstance(msgid, str) and msgid and "%(" not in msgid and len(msgid) >= 12
                and translations.gettext(msgid) != msgid):
            out.append(msgid)
    return out


@pytest.mark.parametrize("lang", TARGETS)
def test_no_english_template_text_in_a_translated_document(example_path, lang: str) -> None:
    case = load(example_path)
    for template in (None, "transmittal"):
        doc = build_document(case, template=template, lang=lang, draft=True)
        fixed = " ".join(r.text for r in _runs(doc.blocks) if r.lang == lang)
        leaked = [m for m in _english_fixed_texts(lang) if m in fixed]
        assert leaked == [], f"{template or case.request.kind.value}/{lang}: {leaked}"
        title = i18n.document_translations(lang).gettext(
            {"mla": "Request for mutual legal assistance in criminal matters",
             "extradition": "Request for extradition",
             "provisional_arrest": "Request for provisional arrest with a view to extradition",
             "supplementary": "Supplementary request for mutual legal assistance in"
                              " criminal matters"}[case.request.kind.value])
        if template is None:
            assert doc.title == title
        assert doc.marking.startswith(i18n.document_translations(lang).gettext("DRAFT"))
