"""Translations (interface and document text) and locale formatting.

Interface: `_("Text %(name)s", name=x)` in the current UI language; `set_ui_language(code)`.
Documents: `document_translations(lang)` gives a gettext translations object for templates.
"""

from __future__ import annotations

import gettext as _gettext

LANGUAGES = ("en", "km", "zh", "lo", "my", "th", "vi")

_ui = _gettext.NullTranslations()
_ui_lang = "en"


def set_ui_language(code: str) -> None:
    global _ui, _ui_lang
    _ui_lang = code
    _ui = _gettext.NullTranslations()


def ui_language() -> str:
    return _ui_lang


def _(message: str, **params: object) -> str:
    text = _ui.gettext(message)
    return text % params if params else text


def document_translations(lang: str) -> _gettext.NullTranslations:
    return _gettext.NullTranslations()
