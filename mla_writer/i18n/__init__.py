"""Translations (interface and document text) and locale formatting for the seven languages.

Interface: `_("Text %(name)s", name=x)` in the current UI language; `set_ui_language(code)`.
Documents: `document_translations(lang)` gives a gettext translations object for templates.

One module per job, re-exported here so that `from mla_writer import i18n` keeps working:
`languages` (the codes and their locales), `catalogs` (loading and checking gettext files),
`interface` (the UI language, `_`), `text` (`N_`, findings, coded values' names),
`formatting` (dates, numbers, amounts), `names` (states, scripts, languages), `stats`
(catalog completeness). Each piece of state (the catalog cache, the interface language) lives
in exactly one of them.
"""

from __future__ import annotations

from .catalogs import (
    DOC_DOMAIN,
    DOMAINS,
    NEEDS_REVIEW,
    PROFILES_DOMAIN,
    TRANSLATIONS_ENV,
    UI_DOMAIN,
    _translations,
    catalog_dirs,
    catalog_locale,
    catalog_path,
    catalog_problems,
    document_translations,
    message_problem,
    needs_review,
    profile_translations,
    ui_translations,
)
from .formatting import (
    date_phrase,
    format_currency,
    format_date,
    format_number,
    label_separator,
    native_digits,
    term_separator,
)
from .interface import (
    _,
    ngettext,
    on_ui_language_changed,
    qt_catalogs,
    review_note,
    set_ui_language,
    system_ui_language,
    ui_language,
)
from .languages import (
    BUNDLED_QT_LANGUAGES,
    CATALOG_LOCALES,
    FORMAT_LOCALES,
    LANGUAGES,
    QT_LOCALES,
    SOURCE_LANGUAGE,
    UI_LANGUAGES,
    normalize_language,
)
from .names import (
    NOT_STATES,
    _state_names_table,
    country_name,
    is_state_code,
    language_names,
    script_name,
    short_name,
    state_codes,
)
from .stats import (
    CatalogStats,
    _template_ids,
    catalog_stats,
    complete_document_languages,
    placeholders,
    template_path,
)
from .text import (
    LABEL_GROUPS,
    N_,
    SEVERITY_WORDS,
    UNVERIFIED_FINDING,
    UNVERIFIED_NOTE,
    UNVERIFIED_SHORT,
    _cldr_name,
    _label_ids,
    finding_text,
    render_text,
)

__all__ = [
    "BUNDLED_QT_LANGUAGES", "CATALOG_LOCALES", "DOC_DOMAIN", "DOMAINS", "FORMAT_LOCALES",
    "LABEL_GROUPS", "LANGUAGES", "NEEDS_REVIEW", "NOT_STATES", "N_", "PROFILES_DOMAIN",
    "QT_LOCALES", "SEVERITY_WORDS", "SOURCE_LANGUAGE", "TRANSLATIONS_ENV", "UI_DOMAIN",
    "UI_LANGUAGES", "UNVERIFIED_FINDING", "UNVERIFIED_NOTE", "UNVERIFIED_SHORT", "CatalogStats",
    "_", "_cldr_name", "_translations", "catalog_dirs", "catalog_locale", "catalog_path",
    "catalog_problems", "catalog_stats", "clear_cache", "complete_document_languages",
    "country_name", "date_phrase", "document_translations", "finding_text", "format_currency",
    "format_date", "format_number", "is_state_code", "label_separator", "language_names",
    "message_problem", "native_digits", "needs_review", "ngettext", "normalize_language",
    "on_ui_language_changed", "placeholders", "profile_translations", "qt_catalogs",
    "render_text", "review_note", "script_name", "set_ui_language", "short_name",
    "state_codes", "system_ui_language", "template_path", "term_separator", "ui_language",
    "ui_translations",
]


def clear_cache() -> None:
    """Forget loaded catalogs and everything read from them (after they were recompiled or
    replaced): the caches of every module of the package."""
    _translations.cache_clear()
    _cldr_name.cache_clear()
    _label_ids.cache_clear()
    catalog_stats.cache_clear()
    _state_names_table.cache_clear()
    _template_ids.cache_clear()
