"""The program's languages: their codes and the locales each names in catalogs, Babel and Qt."""

from __future__ import annotations

#: document and interface language codes (as used on the command line and in profiles)
LANGUAGES = ("en", "km", "zh", "lo", "my", "th", "vi")
SOURCE_LANGUAGE = "en"

#: language code -> catalog locale folder under translations/
CATALOG_LOCALES = {"en": "en", "km": "km", "zh": "zh_Hans", "lo": "lo", "my": "my",
                   "th": "th", "vi": "vi"}
#: language code -> Babel/CLDR locale used for dates and numbers
FORMAT_LOCALES = {"en": "en_GB", "km": "km_KH", "zh": "zh_Hans_CN", "lo": "lo_LA",
                  "my": "my_MM", "th": "th_TH", "vi": "vi_VN"}
#: language code -> its own name, for a language menu
UI_LANGUAGES = {"en": "English", "km": "ខ្មែរ", "zh": "简体中文", "lo": "ລາວ",
                "my": "မြန်မာ", "th": "ไทย", "vi": "Tiếng Việt"}

#: Qt's own translation catalogs (qtbase_<locale>.qm) as Qt names them
QT_LOCALES = {"en": "en", "km": "km", "zh": "zh_CN", "lo": "lo", "my": "my", "th": "th",
              "vi": "vi"}
#: languages Qt ships no catalog for: ours are in translations/qt/qtbase_<code>.qm
BUNDLED_QT_LANGUAGES = ("km", "lo", "my", "th", "vi")


def normalize_language(code: str) -> str | None:
    """'th_TH.UTF-8', 'zh-Hans', 'zh_CN', 'TH' -> a code of LANGUAGES, or None if unsupported."""
    text = (code or "").strip().split(".", 1)[0].split("@", 1)[0].replace("-", "_").lower()
    if not text or text in ("c", "posix"):
        return None
    base = text.split("_", 1)[0]
    return base if base in LANGUAGES else None
