"""What the rules engine yields: one finding about a request, with its legal source.

A finding's text is kept as a message id with parameters (`Text`), so that it can be shown in
the reader's language when it is shown (`mla_writer.i18n.finding_text`); `Issue.message` is
its English text, for the command line, JSON and logs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, fields
from enum import StrEnum
from typing import Any

#: gettext domains of message ids (the catalogs are in translations/, see mla_writer.i18n)
UI_DOMAIN = "mla_writer_ui"
DOC_DOMAIN = "mla_writer_doc"
PROFILES_DOMAIN = "mla_writer_profiles"


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@dataclass(frozen=True, slots=True)
class Text:
    """Text produced in the reader's language when shown: a gettext message id of `domain`
    (the English source text, with %(name)s placeholders) and its parameters.

    A parameter is data shown as given (str, int: a name, a number, a citation), or another
    `Text`, `Name`, `Items` or `Date`, each translated in turn. `lower`: the text is used
    inside a sentence (a field title), so it is lower-cased where the script has case.
    """

    msgid: str
    params: tuple[tuple[str, Any], ...] = ()
    domain: str = UI_DOMAIN
    lower: bool = False

    def english(self) -> str:
        """The text in English (the source language: no catalog needed)."""
        text = self.msgid
        if self.params:
            text = text % {name: english(value) for name, value in self.params}
        return text.lower() if self.lower else text


@dataclass(frozen=True, slots=True)
class Name:
    """The name of a state (ISO 3166 code), a language (ISO 639-1 code) or a script (ISO 15924
    code), given in the reader's language from CLDR; `english` is the name the English text
    uses."""

    kind: str  # "state", "language" or "script" (or a label group, see i18n.LABEL_GROUPS)
    code: str
    english: str


@dataclass(frozen=True, slots=True)
class Items:
    """A list inside a sentence: `style` "or" (A, B or C), "and" (A, B and C), "comma"
    (A, B, C), "slash" (A / B), "semicolon" (clauses: A; B) or "sentences" (one after the
    other); joined as the reader's language joins lists."""

    items: tuple[Any, ...]
    style: str = "comma"


@dataclass(frozen=True, slots=True)
class Date:
    """A date, or a year alone (a profile may record only the year), inside a sentence.

    English writes it as the legal profiles do (ISO 8601 "2003-09-29", or "2003"), so the
    English text stays what the command line and JSON have always printed; other languages
    write it as their documents do, with its word for "day" or "year" (`i18n.date_phrase`:
    "วันที่ 29 กันยายน พ.ศ. 2546", "ngày 29 tháng 9 năm 2003", "2003年")."""

    value: dt.date | int


_JOIN = {"comma": ", ", "slash": " / ", "sentences": " ", "semicolon": "; "}


def texts_in(value: Any) -> Iterator[Text]:
    """Every `Text` inside a message, its parameters included (the message ids a catalog must
    hold for the message to be shown in another language)."""
    if isinstance(value, Text):
        yield value
        for _name, param in value.params:
            yield from texts_in(param)
    elif isinstance(value, Items):
        for item in value.items:
            yield from texts_in(item)


def english(value: Any) -> str:
    """A message parameter in English."""
    if isinstance(value, Text):
        return value.english()
    if isinstance(value, Name):
        return value.english
    if isinstance(value, Date):
        return str(value.value)
    if isinstance(value, Items):
        words = [english(v) for v in value.items]
        if value.style in _JOIN or len(words) < 2:
            return _JOIN.get(value.style, ", ").join(words)
        last = " or " if value.style == "or" else " and "
        return ", ".join(words[:-1]) + last + words[-1]
    return str(value)


@dataclass(frozen=True, slots=True)
class Issue:
    """A finding: stable code, severity, JSON path of the field, message, citation, source status.

    `verified` is False when the rule's source is only a placeholder; the user is then told to
    confirm with the central authority instead of the rule being presented as certain.
    `message` is the English text (ending in the unverified note where it applies); `text`,
    when the rule gave one, is the same text as message ids with parameters (sentences one
    after the other are `Items`), without the note, for showing it in another language.
    """

    code: str
    severity: Severity
    path: str
    message: str
    citation: str = ""
    verified: bool = True
    source: str = ""
    status: str = "treaty-text"
    text: Text | Items | None = None

    def as_json(self) -> dict[str, object]:
        data: dict[str, object] = {f.name: getattr(self, f.name) for f in fields(self)
                                   if f.name != "text"}
        data["severity"] = str(self.severity)
        return data

    @property
    def blocking(self) -> bool:
        return self.severity is Severity.ERROR


def issue_order(issue: Issue) -> tuple[int, str, str]:
    """Errors first, then by field path and code."""
    return SEVERITY_ORDER[issue.severity], issue.path, issue.code


def sort_issues(issues: list[Issue]) -> list[Issue]:
    return sorted(issues, key=issue_order)
