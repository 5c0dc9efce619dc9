"""One vocabulary: the languages, request kinds, severities and statuses that appear in more
than one place (a typing Literal for the profile format, a lookup table) are the same words as
their one definition."""

from __future__ import annotations

from typing import get_args

import pytest

from mla_writer import i18n
from mla_writer.cli import basis_cmd
from mla_writer.domain import kinds
from mla_writer.domain.issues import SEVERITY_ORDER, Severity
from mla_writer.domain.model import DraftingLanguage, RequestKind
from mla_writer.domain.review import Status
from mla_writer.profiles import brief, resolver, schema, table
from mla_writer.register import casefile, roles
from mla_writer.render import scripts
from mla_writer.rules import state_info
from mla_writer.signing import verify
from mla_writer.training import score


def test_request_kinds() -> None:
    assert tuple(k.value for k in RequestKind) == schema.ALL_KINDS == kinds.REQUEST_KINDS
    assert kinds.RequestKind is RequestKind  # the model's field type is the one definition
    assert basis_cmd.KINDS == roles.KINDS == kinds.REQUEST_KINDS


def test_first_kinds_are_the_kinds_but_supplementary() -> None:
    assert kinds.FIRST_KINDS == ("mla", "extradition", "provisional_arrest")
    assert table.KINDS == brief._SHOWN_KINDS == kinds.FIRST_KINDS


@pytest.mark.parametrize("words", [basis_cmd._KIND_WORDS, resolver._KIND, score._KIND,
                                   brief._KIND])
def test_every_kind_has_its_word(words: dict[str, object]) -> None:
    assert tuple(words) == kinds.REQUEST_KINDS


def test_state_information_names_the_first_kinds() -> None:
    assert tuple(state_info._KIND_WORDS) == kinds.FIRST_KINDS


def test_severities() -> None:
    assert get_args(schema.Severity) == tuple(s.value for s in Severity)
    assert set(SEVERITY_ORDER) == set(Severity)
    assert set(i18n.SEVERITY_WORDS) == {s.value for s in Severity}


def test_statuses() -> None:
    assert set(schema.STATUSES_WEAKEST_FIRST) == set(get_args(schema.Status))
    assert len(schema.STATUSES_WEAKEST_FIRST) == len(get_args(schema.Status))


def test_review_statuses() -> None:
    """The register maps every review status to one of its own; a package verifies as
    approved only under statuses the review has."""
    assert set(casefile._REVIEW_STATUS) == {s.value for s in Status}
    assert set(casefile._REVIEW_STATUS.values()) <= set(roles.STATUSES)
    assert set(verify.APPROVED) <= {s.value for s in Status}
    assert set(roles.CLOSED) <= set(roles.STATUSES)


def test_languages() -> None:
    """The documents' languages are the program's languages; every one has its script and
    its Word language tag."""
    assert set(i18n.LANGUAGES) == schema.DOCUMENT_LANGUAGES
    assert set(scripts.LANG_SCRIPT) == set(scripts.LANG_TAG) == set(i18n.LANGUAGES)
    assert set(i18n.CATALOG_LOCALES) == set(i18n.LANGUAGES)
    assert get_args(DraftingLanguage) == i18n.LANGUAGES
    for table_ in (i18n.FORMAT_LOCALES, i18n.UI_LANGUAGES, i18n.QT_LOCALES):
        assert tuple(table_) == i18n.LANGUAGES
    assert set(i18n.BUNDLED_QT_LANGUAGES) < set(i18n.LANGUAGES)
