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


def _native_named_english(case, lang: str) -> list[str]:
    """English text the profiles or the state-names table give for which a name in `lang`
    exists: the states named in the case, and the requested state's authorities and the
    chosen instrument when their profile entry has a name in `lang` (`names`)."""
    import tomllib

    from mla_writer.profiles import load_registry
    from mla_writer.resources import data_dir

    table = tomllib.loads((data_dir("translations") / "state_names.toml").read_text("utf-8"))
    req = case.request
    codes = {req.requesting_state, req.requested_state}
    for person in req.persons:
        codes |= set(person.nationalities) | {d.issuing_state for d in person.identity_documents}
    out = [table[c]["en"] for c in sorted(codes) if c in table and table[c].get(lang)]
    registry = load_registry()
    state = registry.state(req.requested_state)
    items = [getattr(state, a, None) for a in ("central_authority", "extradition_authority",
                                              "provisional_arrest_authority")]
    items.append(registry.instruments.get(req.legal_basis.instrument_id))
    for item in items:
        names = getattr(item, "names", None) or {}
        if item is not None and names.get(lang):
            out += [v for v in (getattr(item, "name", ""), getattr(item, "title", "")) if v]
    return out


@pytest.mark.parametrize("lang", TARGETS)
def test_profile_text_with_a_native_name_is_not_printed_in_english(example_path, lang) -> None:
    """A state, authority or instrument that has a name in the document language is named in
    that language; only case text not yet translated (italic runs) may carry English."""
    case = load(example_path)
    english = _native_named_english(case, lang)
    assert english  # the two states at least
    for template in (None, "transmittal"):
        doc = build_document(case, template=template, lang=lang)
        printed = " ".join(r.text for r in _runs(doc.blocks) if not r.italic)
        leaked = [name for name in english if name in printed]
        assert leaked == [], f"{template or 'request'}/{lang}: {leaked}"


@pytest.mark.parametrize("lang", ["km", "zh"])
def test_labels_use_the_colon_of_the_script(example_path, lang: str) -> None:
    """Khmer labels end in ៖ and Chinese ones in ：, never in an ASCII colon."""
    case = load(example_path)
    for template in (None, "transmittal"):
        doc = build_document(case, template=template, lang=lang)
        fixed = [r.text for r in _runs(doc.blocks) if r.lang == lang and ":" in r.text]
        assert fixed == [], f"{template or 'request'}/{lang}: {fixed}"


@pytest.mark.parametrize(("lang", "stop"), [("km", "។"), ("my", "။"), ("th", "")])
def test_bold_lead_in_terms_end_with_the_punctuation_of_the_script(example_path, lang, stop):
    case = load(example_path)
    doc = build_document(case, lang=lang)
    terms = [r.text for b in doc.blocks if isinstance(b, ListBlock) for item in b.items
             for p in item for r in p.runs[:1] if r.bold]
    assert terms, "no undertakings listed"
    for term in terms:
        assert not term.rstrip().endswith("."), term
        if stop:
            assert term.rstrip().endswith(stop), term
