"""The jinja2 environment for document templates: sandboxed, strict, autoescaping, with gettext.

Templates come only from the bundled `templates/` folder; user text only ever enters as context
values (escaped on print), never as template source.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from .. import i18n
from ..resources import data_dir
from .text import paragraphs

_PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def _same_placeholders(source: str, translated: str) -> bool:
    return sorted(_PLACEHOLDER.findall(source)) == sorted(_PLACEHOLDER.findall(translated))


def checked_gettext(gettext: Callable[[str], str]) -> Callable[[str], str]:
    """gettext that falls back to the source text when a translation renames, drops or adds a
    %(name)s placeholder (which would otherwise stop the document from rendering)."""

    def wrapped(message: str) -> str:
        translated = gettext(message)
        return translated if _same_placeholders(message, translated) else message

    return wrapped


def checked_ngettext(ngettext: Callable[[str, str, int], str]) -> Callable[[str, str, int], str]:
    def wrapped(singular: str, plural: str, n: int) -> str:
        translated = ngettext(singular, plural, n)
        source = singular if n == 1 else plural
        return translated if _same_placeholders(source, translated) else source

    return wrapped


@lru_cache(maxsize=16)
def environment(lang: str) -> SandboxedEnvironment:
    """One environment per document language (translations installed newstyle)."""
    env = SandboxedEnvironment(
        loader=FileSystemLoader(str(data_dir("templates"))),
        undefined=StrictUndefined,
        autoescape=True,
        extensions=["jinja2.ext.i18n", "jinja2.ext.do"],
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    translations = i18n.document_translations(lang)
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=checked_gettext(translations.gettext),
        ngettext=checked_ngettext(translations.ngettext), newstyle=True)
    env.filters["paragraphs"] = paragraphs
    env.filters["num"] = lambda n: i18n.format_number(n, lang)  # digits of the language
    return env


def clear_cache() -> None:
    """Forget environments (after catalogs change, e.g. an XLIFF import)."""
    environment.cache_clear()
