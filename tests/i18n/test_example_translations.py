"""The bundled examples carry their translations: every prose field in each of the example's
default document languages, so the first request a new user builds (the README's first
command) is in the requested state's language, without English passages or the UNTRANSLATED
TEXT marking. An edit of an example that adds or changes English text fails here until the
text is translated too (mla-writer xliff export / import).

A translation is keyed by its field's JSON path only, so an example whose English is edited
under an existing translation would print the old translation: golden/example_sources.json
holds the English each translation was made from. After translating the new English, refresh
it with `MLA_UPDATE_GOLDEN=1 pytest tests/i18n/test_example_translations.py` and read the diff.
"""

from __future__ import annotations

import json
import os
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from mla_writer import i18n, xliff
from mla_writer.domain.freetext import missing_translations, translatable_texts
from mla_writer.render import build_document
from mla_writer.render.build import default_languages
from mla_writer.resources import data_dir
from mla_writer.rules import evaluate
from mla_writer.storage import load

from .test_glossary import GLOSSARY, _pattern

#: every bundled example, so a new one is checked without editing this file
EXAMPLES = sorted(data_dir("examples").glob("*.json"))
Q = "{%s}" % xliff.NS  # noqa: UP031
#: Unicode name prefix of each document language's own script (Vietnamese is in Latin letters)
SCRIPT = {"th": "THAI", "km": "KHMER", "lo": "LAO", "my": "MYANMAR", "zh": "CJK"}
SOURCES = Path(__file__).resolve().parent / "golden" / "example_sources.json"


def _targets(case) -> list[str]:
    return [lang for lang in default_languages(case) if lang != i18n.SOURCE_LANGUAGE]


def test_every_bundled_example_is_checked() -> None:
    assert {p.stem for p in EXAMPLES} >= {"mla-bank-records", "mla-freezing-electronic",
                                          "extradition-accused", "provisional-arrest"}


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_is_translated_into_its_default_document_languages(path: Path) -> None:
    case = load(path)
    targets = _targets(case)
    assert targets, "each example goes to a state that takes requests in its own language"
    for lang in targets:
        assert missing_translations(case, lang) == [], lang
        # what a translator would get back from an export: nothing left to translate
        root = ET.fromstring(xliff.export_xliff(case, lang))
        states = [seg.get("state") for seg in root.iter(Q + "segment")]
        assert states and set(states) == {"translated"}, lang
        doc = build_document(case, lang=lang)
        assert doc.untranslated == [], lang
        untranslated = i18n.document_translations(lang).gettext("UNTRANSLATED TEXT")
        assert untranslated not in doc.marking
    assert not [i.code for i in evaluate(case) if "UNTRANSLATED" in i.code]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_translations_are_real_and_use_the_glossary_terms(path: Path) -> None:
    """Translations of prose the case still has, written in the language's own script (not
    English copied over), with the glossary's legal term wherever the English uses one."""
    case = load(path)
    sources = dict(translatable_texts(case))
    assert set(case.translations) <= set(sources)  # none left over from removed text
    problems = []
    for target, script in ((lang, SCRIPT.get(lang)) for lang in _targets(case)):
        for source_path, source in sources.items():
            text = case.translations[source_path][target]
            if script and not any(unicodedata.name(c, "").startswith(script) for c in text):
                problems.append(f"{source_path} [{target}] is not in its script: {text!r}")
            for entry in GLOSSARY:
                if _pattern(entry["en"]).search(source) and (
                        entry[target].casefold() not in text.casefold()):
                    problems.append(f"{source_path} [{target}] lacks {entry[target]!r}"
                                    f" for {entry['en']!r}")
    assert problems == []


def _translated_sources() -> dict[str, dict[str, str]]:
    """Example -> JSON path -> the English text of each translated field, now."""
    out = {}
    for path in EXAMPLES:
        case = load(path)
        out[path.stem] = {p: text for p, text in translatable_texts(case)
                          if p in case.translations}
    return out


def test_example_translations_were_made_from_the_english_the_examples_hold() -> None:
    now = _translated_sources()
    if os.environ.get("MLA_UPDATE_GOLDEN"):
        SOURCES.write_text(json.dumps(now, indent=2, ensure_ascii=False) + "\n", "utf-8")
    recorded = json.loads(SOURCES.read_text("utf-8"))
    changed = [f"{name} {p}: {recorded.get(name, {}).get(p)!r} -> {text!r}"
               for name, texts in now.items() for p, text in texts.items()
               if recorded.get(name, {}).get(p) != text]
    assert changed == [], ("the English changed under an existing translation: translate it"
                           " again, then refresh with MLA_UPDATE_GOLDEN=1")
