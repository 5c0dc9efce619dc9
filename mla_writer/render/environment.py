"""The jinja2 environment for document templates: sandboxed, strict, autoescaping, with gettext.

Templates come only from the bundled `templates/` folder; user text only ever enters as context
values (escaped on print), never as template source.
"""

from __future__ import annotations

from functools import lru_cache

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from .. import i18n
from ..resources import data_dir
from .text import paragraphs


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
    env.install_gettext_translations(  # type: ignore[attr-defined]
        i18n.document_translations(lang), newstyle=True)
    env.filters["paragraphs"] = paragraphs
    return env


def clear_cache() -> None:
    """Forget environments (after catalogs change, e.g. an XLIFF import)."""
    environment.cache_clear()
