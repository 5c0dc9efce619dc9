"""The interface language: switching it at run time, `_` and `ngettext`, Qt's catalogs."""

from __future__ import annotations

import gettext as _gettext
import os
from collections.abc import Callable
from pathlib import Path

from ..resources import data_dir
from .catalogs import DOMAINS, needs_review, ui_translations
from .languages import LANGUAGES, QT_LOCALES, SOURCE_LANGUAGE, UI_LANGUAGES, normalize_language

# -- the interface language ------------------------------------------------------------------

_ui: _gettext.NullTranslations = _gettext.NullTranslations()
_ui_lang = SOURCE_LANGUAGE
_listeners: list[Callable[[str], None]] = []


def set_ui_language(code: str) -> None:
    """Switch the interface language at run time ('th', 'zh', 'zh_Hans', 'th_TH.UTF-8' ...).

    Raises ValueError for a language the program does not have. Listeners registered with
    `on_ui_language_changed` are called with the new code.
    """
    global _ui, _ui_lang
    lang = normalize_language(code)
    if lang is None:
        raise ValueError(f"unknown interface language {code!r};"
                         f" expected one of {', '.join(LANGUAGES)}")
    _ui = ui_translations(lang)
    _ui_lang = lang
    for listener in list(_listeners):
        listener(lang)


def ui_language() -> str:
    """The current interface language code."""
    return _ui_lang


def on_ui_language_changed(listener: Callable[[str], None]) -> None:
    """Call `listener(code)` after every `set_ui_language`."""
    _listeners.append(listener)


def system_ui_language(environ: dict[str, str] | None = None) -> str:
    """The interface language the system locale asks for (LANGUAGE, LC_ALL, LC_MESSAGES,
    LANG, in gettext's order), or English when none of ours is asked for."""
    env = os.environ if environ is None else environ
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var, "")
        if not value:
            continue
        for part in value.split(":"):
            code = normalize_language(part)
            if code is not None:
                return code
        if var != "LANGUAGE":  # the first set LC_* variable decides, as in gettext
            break
    return SOURCE_LANGUAGE


def qt_catalogs(lang: str, qt_folder: str | Path | None = None) -> list[Path]:
    """The .qm files that translate Qt's own strings (standard buttons, dialogs) into `lang`:
    Qt's catalog from `qt_folder` (QLibraryInfo's translations path) when Qt has one, else the
    bundled catalog. Empty for English."""
    code = normalize_language(lang)
    if code is None or code == SOURCE_LANGUAGE:
        return []
    if qt_folder is not None:
        own = Path(qt_folder) / f"qtbase_{QT_LOCALES[code]}.qm"
        if own.is_file():
            return [own]
    bundled = data_dir("translations") / "qt" / f"qtbase_{code}.qm"
    return [bundled] if bundled.is_file() else []


def _(message: str, **params: object) -> str:
    """The interface text `message` in the current UI language, with %(name)s filled in."""
    text = _ui.gettext(message) if message else message  # gettext("") is the header
    if params:
        try:
            return text % params
        except (KeyError, ValueError, TypeError):  # a broken translation: use the source
            return message % params
    return text


def ngettext(singular: str, plural: str, n: int, **params: object) -> str:
    """Plural-aware interface text; `num` is available as %(num)d."""
    text = _ui.ngettext(singular, plural, n)
    values = {"num": n, **params}
    try:
        return text % values
    except (KeyError, ValueError, TypeError):
        return (singular if n == 1 else plural) % values


def review_note(lang: str | None = None) -> str | None:
    """For an About box: a sentence, in the interface language, saying that the translations
    into `lang` (default: the interface language) await review; None once reviewed."""
    code = normalize_language(lang or _ui_lang) or SOURCE_LANGUAGE
    if not any(needs_review(code, domain) for domain in DOMAINS):
        return None
    return _("The %(language)s translations of the interface and of the documents were drafted"
             " without a qualified legal translator: they need review by a legal translator.",
             language=UI_LANGUAGES[code])
