"""The jinja2 environment for document templates: sandboxed, strict, autoescaping, with gettext.

Templates come only from the bundled `templates/` folder; user text only ever enters as context
values (escaped on print), never as template source.

Compiling the templates cost a tenth of a second per process (and again per language): the
compiled code is kept, keyed by each template's source checksum, in memory for every language
of the process and in the user's cache folder for the next process (`_bytecode_cache`).
"""

# lazy imports (start-up cost): platformdirs
from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from functools import cache, lru_cache
from pathlib import Path

import jinja2
from jinja2 import BytecodeCache, FileSystemLoader, StrictUndefined
from jinja2.bccache import Bucket
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


#: environment variable naming the folder for compiled templates ("" = keep them in memory only)
CACHE_ENV = "MLA_WRITER_CACHE_DIR"


class _TemplateCodeCache(BytecodeCache):
    """Compiled templates shared by every language's environment (they only differ in their
    translations, which are looked up when rendering), and kept on disk between processes.
    jinja2 checks each entry against the template source's checksum, so an edited template
    is compiled again; a folder that cannot be written only loses the disk copy."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.memory: dict[str, bytes] = {}

    def _path(self, key: str) -> Path | None:
        return self.folder / f"{key}.cache" if self.folder is not None else None

    def load_bytecode(self, bucket: Bucket) -> None:
        data = self.memory.get(bucket.key)
        path = self._path(bucket.key)
        if data is None and path is not None:
            try:
                if not _private(path):
                    return  # compiled code that others could have written: compile instead
                data = path.read_bytes()
            except OSError:
                return
        if data is not None:
            try:
                bucket.bytecode_from_string(data)
            except Exception:  # a damaged file: compile again (and overwrite it)
                bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        data = bucket.bytecode_to_string()
        self.memory[bucket.key] = data
        path = self._path(bucket.key)
        if path is None:
            return
        try:
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, path)  # another process reading it sees the old or the new file
        except OSError:
            pass  # read-only or full disk: the next process compiles again


def _private(path: Path) -> bool:
    """Whether `path` and its folder belong to this user and nobody else may write them: the
    cache holds code that is run, so an entry another account could have planted is ignored
    (on systems without owners and modes, such as Windows, only the user's profile folder
    holds it)."""
    if not hasattr(os, "getuid"):
        return True
    for item in (path, path.parent):
        info = item.stat()
        if info.st_uid != os.getuid() or info.st_mode & 0o022:
            return False
    return True


@cache
def _bytecode_cache() -> _TemplateCodeCache:
    folder = os.environ.get(CACHE_ENV)
    if folder is None:
        from platformdirs import user_cache_dir

        folder = user_cache_dir("mla-writer", appauthor=False)
    # the compiled code depends on the jinja2 and Python versions: one folder per pair
    tag = f"templates-jinja{jinja2.__version__}-py{sys.version_info[0]}{sys.version_info[1]}"
    return _TemplateCodeCache(Path(folder) / tag if folder else None)


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
