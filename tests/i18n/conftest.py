"""Fixtures of the catalog tests."""

from __future__ import annotations

import pytest

from mla_writer import i18n


@pytest.fixture
def fresh_catalogs():
    """Catalogs read anew before and after the test (it may point MLA_WRITER_TRANSLATIONS or
    MLA_WRITER_PROFILES elsewhere), and the interface back in English."""
    i18n.clear_cache()
    yield
    i18n.clear_cache()
    i18n.set_ui_language("en")
