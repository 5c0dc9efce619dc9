"""The glossary of standard legal terms (translations/glossary.toml), for translating case text.

The translation view and `mla-writer translate show` offer, for each segment, the glossary's
term in the target language for every term the source text uses (in the drafting language).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache

from .resources import data_dir


@dataclass(frozen=True)
class Term:
    """One standard term: its form in each language (code -> text) and a usage note."""

    forms: dict[str, str]
    note: str = ""

    def __hash__(self) -> int:
        return hash(tuple(sorted(self.forms.items())))


@cache
def terms() -> tuple[Term, ...]:
    """Every term of the bundled glossary, in file order."""
    data = tomllib.loads((data_dir("translations") / "glossary.toml").read_text("utf-8"))
    return tuple(Term({k: str(v) for k, v in entry.items() if k != "note"},
                      str(entry.get("note", ""))) for entry in data.get("term", []))


@cache
def _pattern(form: str, lang: str) -> re.Pattern[str]:
    """How a term is found in text: whole words in English and Vietnamese (spaces separate
    words), anywhere in Chinese, Thai, Lao, Khmer and Burmese (no spaces between words)."""
    escaped = r"\s+".join(re.escape(w) for w in form.split())
    if lang in ("en", "vi"):
        return re.compile(rf"(?<!\w){escaped}(?!\w)", re.IGNORECASE)
    return re.compile(escaped)


def suggestions(text: str, source: str, target: str) -> list[tuple[str, str]]:
    """(term in `source`, term in `target`) for each glossary term `text` uses, longest
    first (so "search and seizure" comes before "seizure"), each once."""
    found: list[tuple[str, str]] = []
    for term in sorted(terms(), key=lambda t: -len(t.forms.get(source, ""))):
        here, there = term.forms.get(source, ""), term.forms.get(target, "")
        if here and there and _pattern(here, source).search(text) \
                and (here, there) not in found:
            found.append((here, there))
    return found
