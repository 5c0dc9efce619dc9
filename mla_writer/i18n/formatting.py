"""Locale formatting in the documents' languages: dates, numbers, amounts, separators."""

# lazy imports (start-up cost): babel
from __future__ import annotations

import datetime as dt
import re

from .cldr_cache import cldr_table
from .languages import FORMAT_LOCALES, LANGUAGES, SOURCE_LANGUAGE, normalize_language

#: languages whose official documents write numbers in their own digits
_NATIVE_DIGITS = {"km": str.maketrans("0123456789", "០១២៣៤៥៦៧៨៩"),
                  "my": str.maketrans("0123456789", "၀၁၂၃၄၅၆၇၈၉")}
#: Thai official dates count years in the Buddhist Era (พ.ศ.), Gregorian year + 543
_THAI_ERA, _THAI_ERA_OFFSET = "พ.ศ.", 543
#: what follows a label ("Name: ...") and a bold lead-in term ("Reciprocity. The ...") where
#: the script has its own signs: Khmer ៖ and ។, Burmese a dash (as in the Burmese catalog:
#: "စာအမှတ် - ...") and ။, Chinese full-width signs without a space, Thai a space only
_LABEL_SEPARATOR = {"km": "៖ ", "zh": "：", "my": " - "}
_TERM_SEPARATOR = {"km": "។ ", "my": "။ ", "th": " ", "zh": "："}


def _format_locale(lang: str) -> str:
    code = normalize_language(lang)
    if code is None:
        raise ValueError(f"unknown language {lang!r}; expected one of {', '.join(LANGUAGES)}")
    return FORMAT_LOCALES[code]


def native_digits(text: str, lang: str) -> str:
    """ASCII digits in `text` as the digits official documents of `lang` use (Khmer, Burmese)."""
    table = _NATIVE_DIGITS.get(normalize_language(lang) or "")
    return text.translate(table) if table else text


def label_separator(lang: str) -> str:
    """What separates a label from its value in `lang`: ": ", Khmer "៖ ", Chinese "：",
    Burmese " - "."""
    return _LABEL_SEPARATOR.get(normalize_language(lang) or "", ": ")


def term_separator(lang: str) -> str:
    """What follows a bold lead-in term before its sentence: ". ", Khmer "។ ", Burmese "။ ",
    Chinese "：", Thai a space (Thai uses no full stop)."""
    return _TERM_SEPARATOR.get(normalize_language(lang) or "", ". ")


def format_date(d: dt.date, lang: str, *, dateline: bool = False) -> str:
    """A date in the formal written form of `lang`.

    en 5 October 2026; zh 2026年10月5日; th 5 ตุลาคม พ.ศ. 2569 (Buddhist Era); vi 05 tháng 10
    năm 2026 (day below 10 and month below 3 with a leading zero, as in administrative
    documents), and on the letter's place-and-date line (`dateline`) "ngày 05 tháng 10 năm
    2026"; km ថ្ងៃទី៥ ខែតុលា ឆ្នាំ២០២៦ and my ၂၀၂၆ ခုနှစ် အောက်တိုဘာလ ၅ ရက် (native digits);
    lo ວັນທີ 5 ຕຸລາ 2026. Month names come from Babel (CLDR); the order is ours.
    """
    if isinstance(d, dt.datetime):
        d = d.date()
    locale = _format_locale(lang)
    code = normalize_language(lang)
    month = cldr_table(locale, "months")[str(d.month)]
    if code == "th":
        return f"{d.day} {month} {_THAI_ERA} {d.year + _THAI_ERA_OFFSET}"
    if code == "vi":
        month_number = f"{d.month:02d}" if d.month < 3 else str(d.month)
        text = f"{d.day:02d} tháng {month_number} năm {d.year}"
        return f"ngày {text}" if dateline else text
    if code == "km":
        return native_digits(f"ថ្ងៃទី{d.day} ខែ{month} ឆ្នាំ{d.year}", code)
    if code == "lo":
        return f"ວັນທີ {d.day} {month} {d.year}"
    if code == "my":
        return native_digits(f"{d.year} ခုနှစ် {month}လ {d.day} ရက်", code)
    written = _pattern_date(cldr_table(locale, "date_formats")["long"], d, month)
    if written is not None:
        return written
    from babel.dates import format_date as babel_date

    return str(babel_date(d, "long", locale=locale))


#: a CLDR pattern field: a run of one ASCII letter
_FIELD = re.compile(r"([A-Za-z])\1*")


def _pattern_date(pattern: str, d: dt.date, month: str) -> str | None:
    """`d` written as Babel writes it with the CLDR date `pattern` ("d MMMM y", "y年M月d日")
    when the pattern has only the fields written here (day d/dd, month M/MM and its name
    MMMM, year y/yyy/yyyy) and no quoted text; else None (Babel writes it). This keeps a
    `build` from loading Babel's locale data for the one long date a document prints."""
    if "'" in pattern:
        return None
    out: list[str] = []
    at = 0
    for field in _FIELD.finditer(pattern):
        out.append(pattern[at:field.start()])
        at = field.end()
        letter, width = field.group(1), len(field.group(0))
        if letter == "d" and width <= 2:
            out.append(f"{d.day:0{width}d}")
        elif letter == "M" and width <= 2:
            out.append(f"{d.month:0{width}d}")
        elif letter == "M" and width == 4:
            out.append(month)
        elif letter == "y" and width != 2:
            out.append(f"{d.year:0{width}d}")
        else:
            return None
    out.append(pattern[at:])
    return "".join(out)


def date_phrase(when: dt.date | int, lang: str) -> str:
    """A date, or a year alone (a record that gives only the year), as it stands inside a
    sentence of `lang`, with its own word for "day" or "year" so that a translation can put
    either in the same place: th "วันที่ 29 กันยายน พ.ศ. 2546" / "ปี พ.ศ. 2546", vi "ngày 29
    tháng 9 năm 2003" / "năm 2003", zh "2003年9月29日" / "2003年", km "ថ្ងៃទី២៩ ខែកញ្ញា
    ឆ្នាំ២០០៣" / "ឆ្នាំ២០០៣", lo "ວັນທີ 29 ກັນຍາ 2003" / "ປີ 2003", my "၂၀၀၃ ခုနှစ်
    စက်တင်ဘာလ ၂၉ ရက်" / "၂၀၀၃ ခုနှစ်"; English as the profiles write it (2003-09-29, 2003)."""
    code = normalize_language(lang) or SOURCE_LANGUAGE
    if code == SOURCE_LANGUAGE:
        return str(when)
    if isinstance(when, int):
        year = {"th": f"ปี {_THAI_ERA} {when + _THAI_ERA_OFFSET}", "vi": f"năm {when}",
                "zh": f"{when}年", "km": f"ឆ្នាំ{when}", "lo": f"ປີ {when}",
                "my": f"{when} ခုနှစ်"}[code]
        return native_digits(year, code)
    text = format_date(when, code, dateline=True)
    return f"วันที่ {text}" if code == "th" else text


def format_number(x: float, lang: str) -> str:
    """A number with the grouping and decimal signs (and digits) of `lang`. A count below
    1000 has no sign, grouping or decimals to write in any document language: it is written
    without loading Babel's locale data (a `build` prints a few such counts)."""
    locale = _format_locale(lang)
    if type(x) is int and 0 <= x < _UNGROUPED:
        return native_digits(str(x), lang)
    from babel.numbers import format_decimal

    return native_digits(str(format_decimal(x, locale=locale)), lang)


#: the first whole number a document language writes with a group separator
_UNGROUPED = 1000


def format_currency(amount: float, currency: str, lang: str) -> str:
    """An amount of money with its ISO 4217 code, as written in `lang` ("USD 1,234.50",
    "1.234,50 USD"): the code, not a symbol, since "$" or "₫" alone can be ambiguous."""
    from babel import Locale
    from babel.numbers import format_decimal, get_currency_precision

    code = currency.strip().upper()
    locale = _format_locale(lang)
    digits = get_currency_precision(code)
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    number = native_digits(str(format_decimal(amount, pattern, locale=locale)), lang)
    standard = Locale.parse(locale).currency_formats["standard"].pattern
    code_first = standard.strip().startswith("¤")
    return f"{code}\xa0{number}" if code_first else f"{number}\xa0{code}"
