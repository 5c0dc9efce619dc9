"""Translation catalogs: finding, loading and checking the gettext files of each domain.

Catalogs are gettext files in the bundled `translations/` folder
(`<locale>/LC_MESSAGES/<domain>.mo`, compiled from the `.po` beside it); a folder named by the
environment variable MLA_WRITER_TRANSLATIONS, with the same layout, is searched first, so a
trainer or central authority can replace a catalog without touching code.
"""

# lazy imports (start-up cost): babel, logging
from __future__ import annotations

import gettext as _gettext
import io
import os
import re
from functools import cache
from pathlib import Path
from typing import Any

from ..datafiles import DataFileError, read_regular
from ..resources import data_dir
from ..safetext import visible
from .languages import CATALOG_LOCALES, LANGUAGES, SOURCE_LANGUAGE, normalize_language

DOC_DOMAIN = "mla_writer_doc"
UI_DOMAIN = "mla_writer_ui"
#: texts of the legal profiles that findings and field help show (rule titles, notes)
PROFILES_DOMAIN = "mla_writer_profiles"
DOMAINS = (DOC_DOMAIN, UI_DOMAIN, PROFILES_DOMAIN)
TRANSLATIONS_ENV = "MLA_WRITER_TRANSLATIONS"
#: the Last-Translator header of a catalog not yet reviewed contains this phrase
NEEDS_REVIEW = "needs review by a legal translator"


def _log() -> Any:
    import logging  # only for a broken catalog: not on every start

    return logging.getLogger(__name__)


def catalog_locale(lang: str) -> str:
    """The catalog folder name of a language code ('zh' -> 'zh_Hans')."""
    code = normalize_language(lang)
    if code is None:
        raise ValueError(f"unknown language {lang!r}; expected one of {', '.join(LANGUAGES)}")
    return CATALOG_LOCALES[code]


def catalog_dirs() -> list[Path]:
    """Folders searched for catalogs, the override (MLA_WRITER_TRANSLATIONS) first."""
    dirs = []
    override = os.environ.get(TRANSLATIONS_ENV)
    if override:
        dirs.append(Path(override))
    dirs.append(data_dir("translations"))
    return dirs


def catalog_path(lang: str, domain: str, suffix: str = ".po") -> Path | None:
    """The first existing catalog file of a language and domain, or None."""
    for base in catalog_dirs():
        path = base / catalog_locale(lang) / "LC_MESSAGES" / f"{domain}{suffix}"
        if path.is_file():
            return path
    return None


def _compile_po(po: Path) -> bytes:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    catalog = read_po(io.BytesIO(read_regular(po)))
    buf = io.BytesIO()
    write_mo(buf, catalog)
    return buf.getvalue()


#: (language, domain) -> why a catalog or some of its messages were not used (English instead)
_catalog_problems: dict[tuple[str, str], list[str]] = {}
#: a printf directive, or a lone % (group "conv" is None then)
_DIRECTIVE = re.compile(r"%(?:\((?P<name>[^)]*)\))?[#0\- +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?"
                        r"(?P<conv>[diouxXeEfFgGcrsa%])|%")
_MARKUP = re.compile(r"<\s*[A-Za-z/!?]|&[A-Za-z#][A-Za-z0-9]*;")


def catalog_problems(lang: str, domain: str) -> list[str]:
    """Why the catalog of `lang` in `domain`, or some of its messages, is not used (the
    English source is shown instead); empty when it loaded whole."""
    code = normalize_language(lang) or SOURCE_LANGUAGE
    _translations(code, domain)
    return list(_catalog_problems.get((code, domain), []))


def _directives(text: str) -> list[str]:
    return [m.group() for m in _DIRECTIVE.finditer(text)]


def message_problem(source: str, translation: str, plural: bool = False) -> str:
    """Why `translation` cannot stand for `source` ('' when it can): a placeholder the source
    does not have (or with a width or flags it does not have), a lost placeholder, a stray %,
    or markup the source does not have (a catalog is data: it must not change what the
    program formats or how a document or dialog is marked up)."""
    wanted = {d for d in _directives(source) if d.startswith("%(") or d == "%%"}
    formatted = bool(wanted) or plural  # only such messages are %-formatted
    allowed = wanted | ({"%(num)d", "%(num)s"} if plural else set())
    got = _directives(translation)
    for directive in got:
        if directive == "%%" or directive in allowed:
            continue
        if directive.startswith("%("):
            return f"the placeholder {directive[:40]} is not in the source text"
        if formatted:
            return f"a stray % ({directive!r}; write %% for a percent sign)"
    names = {d for d in got if d.startswith("%(")}
    lost = {d for d in wanted if d.startswith("%(")} - names
    if lost and not plural:
        return f"the placeholder {sorted(lost)[0]} of the source text is missing"
    if _MARKUP.search(translation) and not _MARKUP.search(source):
        return "markup (a tag or entity) that the source text does not have"
    return ""


def _checked(catalog: _gettext.GNUTranslations, where: str) -> list[str]:
    """Remove the messages of `catalog` that cannot stand for their source (`message_problem`)
    and check its plural rule; the problems found (a broken plural rule empties it)."""
    problems: list[str] = []
    try:
        for n in (*range(0, 201), 1000, 10**6):
            if not isinstance(catalog.plural(n), int):  # type: ignore[attr-defined]
                raise TypeError("the plural rule does not give a number")
    except Exception as exc:  # a rule that fails: gettext calls it for every message
        raise _Unusable(f"{where}: the plural rule fails ({type(exc).__name__}: {exc});"
                        " English is used instead") from None
    messages = catalog._catalog  # type: ignore[attr-defined]
    for key, value in list(messages.items()):
        source, plural = (key[0], True) if isinstance(key, tuple) else (key, False)
        if not source or not isinstance(value, str):
            continue
        why = message_problem(source, value, plural)
        if why:
            del messages[key]
            problems.append(f"{where}: message {source[:60]!r}: {why}")
    return problems


class _Unusable(Exception):
    """A catalog that loaded but cannot be used at all (its message says why)."""


def _load_catalog(code: str, domain: str) -> _gettext.NullTranslations:
    mo = catalog_path(code, domain, ".mo")
    po = catalog_path(code, domain, ".po")
    try:
        # a .po newer than its .mo (edited, not yet compiled) is compiled in memory
        if po is not None and (mo is None or mo.parent != po.parent
                               or po.stat().st_mtime > mo.stat().st_mtime + 1):
            where, data = str(po), _compile_po(po)
        elif mo is not None:
            where, data = str(mo), read_regular(mo)
        else:
            return _gettext.NullTranslations()
        catalog = _gettext.GNUTranslations(io.BytesIO(data))
    except DataFileError as exc:
        _catalog_problems[(code, domain)] = [f"{exc}; English is used instead"]
        return _gettext.NullTranslations()
    except Exception as exc:  # a hostile or damaged catalog of any kind: English instead
        _catalog_problems[(code, domain)] = [
            f"{po or mo}: not a usable catalog ({type(exc).__name__}: {str(exc)[:200]});"
            " English is used instead"]
        return _gettext.NullTranslations()
    try:
        problems = _checked(catalog, where)
    except _Unusable as exc:
        _catalog_problems[(code, domain)] = [str(exc)]
        return _gettext.NullTranslations()
    if problems:
        _catalog_problems[(code, domain)] = problems
    return catalog


@cache
def _translations(lang: str, domain: str) -> _gettext.NullTranslations:
    """The catalog of `lang` in `domain` (English: the source text itself). A catalog that
    cannot be read, or a message in it that does not fit its source, is not used (English is
    shown instead) and is logged; `catalog_problems` says why."""
    if domain not in DOMAINS:
        raise ValueError(f"unknown gettext domain {domain!r}")
    code = normalize_language(lang)
    if code is None:
        raise ValueError(f"unknown language {lang!r}; expected one of {', '.join(LANGUAGES)}")
    if code == SOURCE_LANGUAGE:
        return _gettext.NullTranslations()
    _catalog_problems.pop((code, domain), None)
    catalog = _load_catalog(code, domain)
    problems = _catalog_problems.get((code, domain), [])
    for problem in problems[:10]:
        _log().warning("translation catalog: %s", visible(problem, keep_newlines=False))
    if len(problems) > 10:
        _log().warning("translation catalog: %d more problems", len(problems) - 10)
    return catalog


def document_translations(lang: str) -> _gettext.NullTranslations:
    """gettext translations of document text (templates, field titles) into `lang`."""
    return _translations(lang, DOC_DOMAIN)


def ui_translations(lang: str) -> _gettext.NullTranslations:
    """gettext translations of interface text into `lang`."""
    return _translations(lang, UI_DOMAIN)


def profile_translations(lang: str) -> _gettext.NullTranslations:
    """gettext translations of the legal profiles' texts (rule titles, notes) into `lang`."""
    return _translations(lang, PROFILES_DOMAIN)


def needs_review(lang: str, domain: str = DOC_DOMAIN) -> bool:
    """True while a catalog's Last-Translator header says it awaits a legal translator."""
    if normalize_language(lang) == SOURCE_LANGUAGE:
        return False
    info = _translations(lang, domain).info()
    return NEEDS_REVIEW in info.get("last-translator", "").lower()
