"""Legal terms are translated consistently: wherever an English document message uses a
glossary term, its translation uses the glossary's term for that language."""

from __future__ import annotations

import re
import tomllib

import pytest

from mla_writer import i18n
from mla_writer.resources import data_dir

GLOSSARY = tomllib.loads((data_dir("translations") / "glossary.toml").read_text("utf-8"))["term"]
TARGETS = [code for code in i18n.LANGUAGES if code != "en"]


def _messages(lang: str) -> dict[str, str]:
    """Document msgid -> translation (the compiled catalog the documents use)."""
    catalog = i18n.document_translations(lang)._catalog  # type: ignore[attr-defined]
    out = {}
    for key, value in catalog.items():
        msgid = key[0] if isinstance(key, tuple) else key
        if msgid and (not isinstance(key, tuple) or key[1] == 0):
            out[msgid] = value
    return out


def _pattern(term: str) -> re.Pattern[str]:
    words = [re.escape(w) for w in term.split()]
    return re.compile(r"\b" + r"[\s-]+".join(words) + r"\b", re.IGNORECASE)


def test_glossary_covers_the_standard_terms_in_every_language() -> None:
    english = {t["en"] for t in GLOSSARY}
    for term in ("mutual legal assistance", "extradition", "central authority",
                 "dual criminality", "provisional arrest", "speciality", "requesting State",
                 "requested State", "letter rogatory", "confiscation", "freezing",
                 "search and seizure"):
        assert term in english
    for entry in GLOSSARY:
        for lang in TARGETS:
            assert entry.get(lang), f"{entry['en']!r} has no {lang} term"


@pytest.mark.parametrize("lang", TARGETS)
def test_translations_use_the_glossary_terms(lang: str) -> None:
    messages = _messages(lang)
    checked, problems = 0, []
    for entry in GLOSSARY:
        pattern, term = _pattern(entry["en"]), entry[lang]
        for msgid, text in messages.items():
            if pattern.search(msgid):
                checked += 1
                if term.casefold() not in text.casefold():
                    problems.append(f"{msgid!r} -> {text!r} lacks {term!r}")
    assert problems == []
    assert checked >= 40  # the glossary really applies to a representative set of messages
