"""Dates and numbers in the document language (Babel), Thai years in the Buddhist Era."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import pytest

from mla_writer import i18n
from mla_writer.domain.clock import fixed_clock
from mla_writer.render import build_document
from mla_writer.render.document import _block_text
from mla_writer.resources import data_dir
from mla_writer.storage import load


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "29 February 2024"),
    ("th", "29 กุมภาพันธ์ พ.ศ. 2567"),
    ("zh", "2024年2月29日"),
    ("vi", "29 tháng 02 năm 2024"),
    ("km", "ថ្ងៃទី២៩ ខែកុម្ភៈ ឆ្នាំ២០២៤"),
    ("lo", "ວັນທີ 29 ກຸມພາ 2024"),
    ("my", "၂၀၂၄ ခုနှစ် ဖေဖော်ဝါရီလ ၂၉ ရက်"),
])
def test_format_date(lang: str, expected: str) -> None:
    assert i18n.format_date(dt.date(2024, 2, 29), lang) == expected


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "5 October 2026"),
    ("th", "5 ตุลาคม พ.ศ. 2569"),
    ("zh", "2026年10月5日"),
    ("vi", "ngày 05 tháng 10 năm 2026"),
    ("km", "ថ្ងៃទី៥ ខែតុលា ឆ្នាំ២០២៦"),
    ("lo", "ວັນທີ 5 ຕຸລາ 2026"),
    ("my", "၂၀၂၆ ခုနှစ် အောက်တိုဘာလ ၅ ရက်"),
])
def test_format_date_on_the_dateline_in_the_formal_written_form(lang: str, expected: str):
    assert i18n.format_date(dt.date(2026, 10, 5), lang, dateline=True) == expected


def test_vietnamese_dates_say_ngay_only_on_the_dateline() -> None:
    """A labelled date ("Ngày sinh: 05 tháng 10 năm 2026") does not repeat "ngày"."""
    assert i18n.format_date(dt.date(2026, 10, 5), "vi") == "05 tháng 10 năm 2026"
    assert i18n.format_date(dt.date(2026, 10, 5), "km") == i18n.format_date(
        dt.date(2026, 10, 5), "km", dateline=True)


def test_vietnamese_dates_pad_days_below_10_and_months_below_3() -> None:
    """Administrative documents: "ngày 05 tháng 01", but "tháng 3" and "ngày 15"."""
    assert i18n.format_date(dt.date(2026, 1, 5), "vi") == "05 tháng 01 năm 2026"
    assert i18n.format_date(dt.date(2026, 3, 15), "vi") == "15 tháng 3 năm 2026"
    assert i18n.format_date(dt.date(2026, 12, 31), "vi", dateline=True) == \
        "ngày 31 tháng 12 năm 2026"


def test_vietnamese_letter_is_dated_the_administrative_way(example_path) -> None:
    case = load(example_path)
    case.request.place_of_signature = "Hà Nội"
    case.translations.pop("$.request.place_of_signature", None)  # not the example's place
    case.request.request_date = dt.date(2026, 10, 5)
    text = _text(build_document(case, lang="vi"))
    assert "Hà Nội, ngày 05 tháng 10 năm 2026" in text  # the dateline and the signature
    assert "ngày ngày" not in text and ": ngày" not in text


def test_thai_buddhist_era_changes_with_the_gregorian_year_not_the_thai_new_year() -> None:
    assert i18n.format_date(dt.date(2026, 1, 1), "th") == "1 มกราคม พ.ศ. 2569"
    assert i18n.format_date(dt.datetime(2026, 12, 31, 23, 0), "th") == "31 ธันวาคม พ.ศ. 2569"


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "1,234,567.5"), ("vi", "1.234.567,5"), ("lo", "1.234.567,5"), ("th", "1,234,567.5"),
    ("km", "១,២៣៤,៥៦៧.៥"), ("my", "၁,၂၃၄,၅၆၇.၅"),
])
def test_format_number(lang: str, expected: str) -> None:
    assert i18n.format_number(1234567.5, lang) == expected


@pytest.mark.parametrize(("amount", "currency", "lang", "expected"), [
    (1234.5, "usd", "vi", "1.234,50\xa0USD"),
    (1234.5, "USD", "th", "USD\xa01,234.50"),
    (650000, "USD", "en", "USD\xa0650,000.00"),
    (21_000_000_000, "VND", "vi", "21.000.000.000\xa0VND"),  # the dong has no minor unit
    (38_000_000, "THB", "km", "៣៨,០០០,០០០.០០\xa0THB"),
    (1234.5, "THB", "my", "၁,၂၃၄.၅၀\xa0THB"),
])
def test_format_currency_with_the_iso_code(amount, currency, lang, expected) -> None:
    assert i18n.format_currency(amount, currency, lang) == expected


def test_estimated_amount_of_a_freezing_request_is_printed_in_the_document_language() -> None:
    from mla_writer.storage import load as load_case

    case = load_case(_EXAMPLES / "mla-freezing-electronic.json")
    item = next(a for a in case.request.assistance if a.type == "freezing_of_assets")
    assert item.estimated_amount == 650000 and item.estimated_currency == "USD"
    assert "USD\xa0650,000.00" in _text(build_document(case, lang="en"))
    assert "៦៥០,០០០.០០\xa0USD" in _text(build_document(case, lang="km"))


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown language 'xx'"):
        i18n.format_date(dt.date(2024, 1, 1), "xx")


_EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


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


STATE_NAMES = tomllib.loads((data_dir("translations") / "state_names.toml").read_text("utf-8"))
PROFILE_STATES = sorted(p.stem for p in (data_dir("legal_profiles") / "states").glob("*.toml"))


def test_the_state_names_table_has_every_profile_state_in_every_language() -> None:
    assert sorted(STATE_NAMES) == PROFILE_STATES
    for code, names in STATE_NAMES.items():
        assert set(names) == set(i18n.LANGUAGES), code
        for lang, name in names.items():
            assert name.strip() == name and name and "(" not in name, (code, lang)


def test_the_state_names_table_agrees_with_the_legal_profiles() -> None:
    from mla_writer.profiles import load_registry

    registry = load_registry()
    for code in PROFILE_STATES:
        for lang, name in registry.state(code).names.items():
            if lang in STATE_NAMES[code]:
                assert STATE_NAMES[code][lang] == name, (code, lang)


def test_state_names_in_the_document_language() -> None:
    """The formal name from the table in every language; CLDR's short name without its
    bracketed variant for a state the table lacks."""
    assert i18n.country_name("TH", "th") == "ราชอาณาจักรไทย"
    assert i18n.country_name("VN", "km") == "សាធារណរដ្ឋសង្គមនិយមវៀតណាម"
    assert i18n.country_name("TH", "zh") == "泰王国"
    assert i18n.country_name("TH", "en") == "Kingdom of Thailand"
    assert i18n.country_name("MM", "th") == "สาธารณรัฐแห่งสหภาพเมียนมา"
    assert i18n.country_name("FR", "th") == "ฝรั่งเศส"
    assert i18n.country_name("FR", "en") is None  # left to the profile, then Babel


@pytest.mark.parametrize(("cldr", "short"), [
    ("เมียนมา (พม่า)", "เมียนมา"), ("Myanmar (Miến Điện)", "Myanmar"),
    ("មីយ៉ាន់ម៉ា (ភូមា)", "មីយ៉ាន់ម៉ា"), ("ມຽນມາ (ເບີມາ)", "ມຽນມາ"),
    ("កូរ៉េ\u200bខាង\u200bត្បូង", "កូរ៉េខាងត្បូង"), ("中国（香港）", "中国"),
])
def test_bracketed_variants_of_cldr_names_are_dropped(cldr: str, short: str) -> None:
    assert i18n.short_name(cldr) == short


@pytest.mark.parametrize("lang", [c for c in i18n.LANGUAGES if c != "en"])
def test_documents_name_both_states_by_their_formal_names(example_path, lang: str) -> None:
    """Both states appear under the table's formal name in the document language, and the
    bilingual columns agree with the English side's formal names."""
    case = load(example_path)
    text = _text(build_document(case, lang=lang))
    english = _text(build_document(case, lang="en"))
    for code in (case.request.requesting_state, case.request.requested_state):
        assert STATE_NAMES[code][lang] in text, (code, lang)
        assert STATE_NAMES[code]["en"] in english, code
