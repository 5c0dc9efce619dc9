"""One vocabulary: the languages, request kinds, severities and statuses that appear in more
than one place (a typing Literal for the profile format, a lookup table) are the same words as
their one definition."""

from __future__ import annotations

from typing import get_args

from mla_writer import i18n
from mla_writer.domain.issues import SEVERITY_ORDER, Severity
from mla_writer.domain.model import RequestKind
from mla_writer.profiles import schema
from mla_writer.render import scripts


def test_request_kinds() -> None:
    assert tuple(k.value for k in RequestKind) == schema.ALL_KINDS


def test_severities() -> None:
    assert get_args(schema.Severity) == tuple(s.value for s in Severity)
    assert set(SEVERITY_ORDER) == set(Severity)
    assert set(i18n.SEVERITY_WORDS) == {s.value for s in Severity}


def test_statuses() -> None:
    assert set(schema.STATUSES_WEAKEST_FIRST) == set(get_args(schema.Status))
    assert len(schema.STATUSES_WEAKEST_FIRST) == len(get_args(schema.Status))


def test_languages() -> None:
    """The documents' languages are the program's languages; every one has its script and
    its Word language tag."""
    assert set(i18n.LANGUAGES) == schema.DOCUMENT_LANGUAGES
    assert set(scripts.LANG_SCRIPT) == set(scripts.LANG_TAG) == set(i18n.LANGUAGES)
    assert set(i18n.CATALOG_LOCALES) == set(i18n.LANGUAGES)
