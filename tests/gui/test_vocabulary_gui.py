"""The screens' words for the vocabulary (review statuses, register statuses, request kinds)
cover exactly the one definition of each."""

from __future__ import annotations

from mla_writer.domain.kinds import REQUEST_KINDS
from mla_writer.domain.review import Status
from mla_writer.gui import register_view, texts
from mla_writer.register import roles


def test_review_page_names_every_review_status() -> None:
    assert tuple(texts.STATUS) == tuple(s.value for s in Status)


def test_register_view_names_every_status_and_kind() -> None:
    assert tuple(register_view.STATUS_TITLES) == roles.STATUSES
    assert tuple(register_view.KIND_TITLES) == REQUEST_KINDS
