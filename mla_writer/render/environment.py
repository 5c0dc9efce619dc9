"""The jinja2 environment for document templates: sandboxed, strict, autoescaping, with gettext.

Templates come only from the bundled `templates/` folder; user text only ever enters as context
values (escaped on print), never as template source.

Compiling the templates cost a tenth of a second per process (and again per language): the
compiled code is kept, keyed by each template's source checksum, in memory for every language
of the process and in the user's cache folder for the next process (`_bytecode_cache`).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from functools import cache, lru_cache
from pathlib import Path

import jinja2
from jinja2 import BytecodeCache, FileSystemLoader, StrictUndefined
from jinja2.bccache import Bucket
from jinja2.sandbox import SandboxedEnvironment

from .. import cachefiles, i18n
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


#: environment variable naming the folder for compiled templates ("" = keep them in memory only)
CACHE_ENV = cachefiles.CACHE_ENV


class _TemplateCodeCache(BytecodeCache):
    """Compiled templates shared by every language's environment (they only differ in their
    translations, which are looked up when rendering), and kept on disk between processes.
    jinja2 checks each entry against the template source's checksum, so an edited template
    is compiled again; a folder that cannot be written only loses the disk copy. The cache
    holds code that is run: an entry another account could have planted is ignored
    (`cachefiles.read`)."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.memory: dict[str, bytes] = {}

    def _path(self, key: str) -> Path | None:
        return self.folder / f"{key}.cache" if self.folder is not None else None

    def load_bytecode(self, bucket: Bucket) -> None:
        data = self.memory.get(bucket.key)
        path = self._path(bucket.key)
        if data is None and path is not None:
            data = cachefiles.read(path)
        if data is not None:
            try:
                bucket.bytecode_from_string(data)
            except Exception:  # a damaged file: compile again (and overwrite it)
                bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        data = bucket.bytecode_to_string()
        self.memory[bucket.key] = data
        path = self._path(bucket.key)
        if path is not None:
            cachefiles.write(path, data)  # read-only or full disk: the next process compiles


@cache
def _bytecode_cache() -> _TemplateCodeCache:
    # the compiled code depends on the jinja2 and Python versions: one folder per pair
    tag = f"templates-jinja{jinja2.__version__}-py{sys.version_info[0]}{sys.version_info[1]}"
    return _TemplateCodeCache(cachefiles.folder(tag))


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
        bytecode_cache=_bytecode_cache(),
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
