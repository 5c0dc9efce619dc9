"""Dates and numbers in the document language (Babel), Thai years in the Buddhist Era."""

from __future__ import annotations

import datetime as dt

import pytest

from mla_writer import i18n
from mla_writer.domain.clock import fixed_clock
from mla_writer.render import build_document
from mla_writer.render.document import _block_text
from mla_writer.storage import load


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "29 February 2024"),
    ("th", "29 กุมภาพันธ์ พ.ศ. 2567"),
    ("zh", "2024年2月29日"),
    ("vi", "29 tháng 2 năm 2024"),
    ("km", "29 កុម្ភៈ 2024"),
    ("lo", "29 ກຸມພາ 2024"),
    ("my", "2024 ဖေဖော်ဝါရီ 29"),
])
def test_format_date(lang: str, expected: str) -> None:
    assert i18n.format_date(dt.date(2024, 2, 29), lang) == expected


def test_thai_buddhist_era_changes_with_the_gregorian_year_not_the_thai_new_year() -> None:
    assert i18n.format_date(dt.date(2026, 1, 1), "th") == "1 มกราคม พ.ศ. 2569"
    assert i18n.format_date(dt.datetime(2026, 12, 31, 23, 0), "th") == "31 ธันวาคม พ.ศ. 2569"


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "1,234,567.5"), ("vi", "1.234.567,5"), ("lo", "1.234.567,5"), ("th", "1,234,567.5"),
])
def test_format_number(lang: str, expected: str) -> None:
    assert i18n.format_number(1234567.5, lang) == expected


def test_format_currency() -> None:
    assert i18n.format_currency(1234.5, "usd", "vi") == "1.234,50\xa0US$"
    assert "1,234.50" in i18n.format_currency(1234.5, "USD", "th")


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown language 'xx'"):
        i18n.format_date(dt.date(2024, 1, 1), "xx")


def _text(doc) -> str:
    return "\n".join(_block_text(b) for b in doc.blocks)


def test_thai_document_dates_its_letter_in_the_buddhist_era(example_path) -> None:
    case = load(example_path)
    case.request.request_date = dt.date(2026, 3, 2)
    doc = build_document(case, lang="th", clock=fixed_clock(dt.datetime(2026, 3, 2, 9, 0,
                                                                         tzinfo=dt.UTC)))
    text = _text(doc)
    assert "2 มีนาคม พ.ศ. 2569" in text
    assert "ค.ศ." not in text  # never the Gregorian era in a Thai document
    assert doc.page_label.startswith("หน้า ")


def test_state_names_in_the_document_language() -> None:
    """The profile's formal name in that language first, else CLDR; English is left to the
    profile's formal English name."""
    assert i18n.country_name("TH", "th") == "ราชอาณาจักรไทย"
    assert i18n.country_name("VN", "km") == "វៀតណាម"
    assert i18n.country_name("TH", "zh") == "泰国"
    assert i18n.country_name("TH", "en") is None


def test_khmer_document_names_the_states_in_khmer(example_path) -> None:
    case = load(example_path)
    text = _text(build_document(case, lang="km"))
    state = i18n.country_name(case.request.requested_state, "km")
    assert state and state in text
