"""Legal terms are translated consistently: wherever an English document message, a profile
text or a finding of the rules uses a glossary term, its translation uses the glossary's term
for that language."""

from __future__ import annotations

import re
import tomllib

import pytest

from mla_writer import i18n
from mla_writer.resources import data_dir

GLOSSARY = tomllib.loads((data_dir("translations") / "glossary.toml").read_text("utf-8"))["term"]
TARGETS = [code for code in i18n.LANGUAGES if code != "en"]


def _messages(lang: str, domain: str = i18n.DOC_DOMAIN) -> dict[str, str]:
    """msgid -> translation (the compiled catalog the program uses)."""
    catalog = i18n._translations(lang, domain)._catalog  # type: ignore[attr-defined]
    out = {}
    for key, value in catalog.items():
        msgid = key[0] if isinstance(key, tuple) else key
        if msgid and (not isinstance(key, tuple) or key[1] == 0):
            out[msgid] = value
    return out


def _legal_messages(lang: str) -> dict[str, str]:
    """The profiles' texts, and the interface messages of the rules' findings, of the
    legal-basis resolver's reasons and of the model's field help (legal text the user acts
    on)."""
    from babel.messages.pofile import read_po

    with (data_dir("translations") / f"{i18n.UI_DOMAIN}.pot").open("rb") as fh:
        legal = {m.id for m in read_po(fh) if m.id and any(
            where.startswith(("mla_writer/rules/", "mla_writer/profiles/",
                              "mla_writer/domain/model.py"))
            for where, _line in m.locations)}
    ui = _messages(lang, i18n.UI_DOMAIN)
    return _messages(lang, i18n.PROFILES_DOMAIN) | {k: v for k, v in ui.items() if k in legal}


def _problems(entry_lang: str, messages: dict[str, str]) -> tuple[int, list[str]]:
    checked, problems = 0, []
    for entry in GLOSSARY:
        pattern, term = _pattern(entry["en"]), entry[entry_lang]
        for msgid, text in messages.items():
            if pattern.search(msgid):
                checked += 1
                if term.casefold() not in text.casefold():
                    problems.append(f"{msgid!r} -> {text!r} lacks {term!r}")
    return checked, problems


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
    checked, problems = _problems(lang, _messages(lang))
    assert problems == []
    assert checked >= 40  # the glossary really applies to a representative set of messages


@pytest.mark.parametrize("lang", TARGETS)
def test_findings_and_profile_texts_use_the_glossary_terms(lang: str) -> None:
    checked, problems = _problems(lang, _legal_messages(lang))
    assert problems == []
    assert checked >= 40
