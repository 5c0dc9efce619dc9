"""Translations (interface and document text) and locale formatting for the seven languages.

Interface: `_("Text %(name)s", name=x)` in the current UI language; `set_ui_language(code)`.
Documents: `document_translations(lang)` gives a gettext translations object for templates.
Catalogs are gettext files in the bundled `translations/` folder
(`<locale>/LC_MESSAGES/<domain>.mo`, compiled from the `.po` beside it); a folder named by the
environment variable MLA_WRITER_TRANSLATIONS, with the same layout, is searched first, so a
trainer or central authority can replace a catalog without touching code.
"""

# lazy imports (start-up cost): babel, tomllib, jinja2
from __future__ import annotations

import datetime as dt
import gettext as _gettext
import io
import logging
import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from ..datafiles import DataFileError, read_regular
from ..domain.issues import Date, Issue, Items, Name, Text, english
from ..resources import data_dir
from ..safetext import visible

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

DOC_DOMAIN = "mla_writer_doc"
UI_DOMAIN = "mla_writer_ui"
#: texts of the legal profiles that findings and field help show (rule titles, notes)
PROFILES_DOMAIN = "mla_writer_profiles"
DOMAINS = (DOC_DOMAIN, UI_DOMAIN, PROFILES_DOMAIN)
TRANSLATIONS_ENV = "MLA_WRITER_TRANSLATIONS"
#: the Last-Translator header of a catalog not yet reviewed contains this phrase
NEEDS_REVIEW = "needs review by a legal translator"

_PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]")


def normalize_language(code: str) -> str | None:
    """'th_TH.UTF-8', 'zh-Hans', 'zh_CN', 'TH' -> a code of LANGUAGES, or None if unsupported."""
    text = (code or "").strip().split(".", 1)[0].split("@", 1)[0].replace("-", "_").lower()
    if not text or text in ("c", "posix"):
        return None
    base = text.split("_", 1)[0]
    return base if base in LANGUAGES else None


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
_log = logging.getLogger(__name__)
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
        _log.warning("translation catalog: %s", visible(problem, keep_newlines=False))
    if len(problems) > 10:
        _log.warning("translation catalog: %d more problems", len(problems) - 10)
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


def clear_cache() -> None:
    """Forget loaded catalogs (after they were recompiled or replaced)."""
    _translations.cache_clear()
    _cldr_name.cache_clear()
    _label_ids.cache_clear()
    catalog_stats.cache_clear()
    _state_names_table.cache_clear()
    _template_ids.cache_clear()


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


def needs_review(lang: str, domain: str = DOC_DOMAIN) -> bool:
    """True while a catalog's Last-Translator header says it awaits a legal translator."""
    if normalize_language(lang) == SOURCE_LANGUAGE:
        return False
    info = _translations(lang, domain).info()
    return NEEDS_REVIEW in info.get("last-translator", "").lower()


def review_note(lang: str | None = None) -> str | None:
    """For an About box: a sentence, in the interface language, saying that the translations
    into `lang` (default: the interface language) await review; None once reviewed."""
    code = normalize_language(lang or _ui_lang) or SOURCE_LANGUAGE
    if not any(needs_review(code, domain) for domain in DOMAINS):
        return None
    return _("The %(language)s translations of the interface and of the documents were drafted"
             " without a qualified legal translator: they need review by a legal translator.",
             language=UI_LANGUAGES[code])


# -- text shown when it is shown (findings, field help) ------------------------------------

def N_(message: str, **params: object) -> Text:
    """An interface message marked for extraction and translated only when shown: the rules
    build their findings with it (`i18n.render_text` gives it in a language)."""
    return Text(message, tuple(params.items()))


#: how a finding from an unverified source ends (`Issue.message` ends with the note)
UNVERIFIED_FINDING = N_("%(message)s UNVERIFIED SOURCE — confirm with the central authority.")
UNVERIFIED_NOTE = UNVERIFIED_FINDING.msgid.removeprefix("%(message)s ")
#: the severity of a finding as a word (checklist, `check --lang`)
SEVERITY_WORDS = {"error": N_("Error"), "warning": N_("Warning"), "info": N_("Note")}
#: the mark of a finding or basis whose source is not verified (`check`, `basis`)
UNVERIFIED_SHORT = N_("Unverified source — confirm with the central authority")


#: the label tables of templates/_labels.html that a `Name` may name (coded values)
LABEL_GROUPS = ("ASSISTANCE", "ROLE")


@cache
def _label_ids() -> dict[str, dict[str, str]]:
    """group -> coded value -> English label (a document message id), read from the
    templates' one list of labels (templates/_labels.html); {} if the templates are absent."""
    try:
        from jinja2 import Environment, FileSystemLoader

        env = Environment(loader=FileSystemLoader(str(data_dir("templates"))),
                          extensions=["jinja2.ext.i18n", "jinja2.ext.do"], autoescape=True)
        env.install_null_translations(newstyle=True)  # type: ignore[attr-defined]
        module = env.get_template("_labels.html").module
        return {group: {str(k): str(v.unescape() if hasattr(v, "unescape") else v)
                        for k, v in getattr(module, group, {}).items()}
                for group in LABEL_GROUPS}
    except Exception:  # templates missing or broken: the English words are shown
        return {}


@cache
def _cldr_name(kind: str, code: str, lang: str) -> str | None:
    """A state's short name or a language's name in `lang` (CLDR), or a coded value's
    document label (lower-cased: it stands inside a sentence); None if unknown."""
    if kind in LABEL_GROUPS:
        label = _label_ids().get(kind, {}).get(code)
        return document_translations(lang).gettext(label).lower() if label else None
    from babel import Locale

    locale = Locale.parse(FORMAT_LOCALES[lang])
    table = {"state": locale.territories, "script": locale.scripts}.get(kind, locale.languages)
    found = table.get(code.upper() if kind == "state" else code)
    return short_name(str(found)) if found else None


#: what separates clauses of a list ("a; b"): Chinese a full-width semicolon, Burmese its
#: clause sign ၊, Thai a space (Thai writing separates clauses with a space)
_CLAUSE_SEPARATOR = {"zh": "；", "my": "၊ ", "th": " "}


def _render(value: object, lang: str) -> str:
    if isinstance(value, Text):
        text = _translations(lang, value.domain).gettext(value.msgid) if value.msgid else ""
        if value.params:
            values = {name: _render(v, lang) for name, v in value.params}
            try:
                text = text % values
            except (KeyError, ValueError, TypeError):  # a broken translation: the source
                text = value.msgid % values
        return text.lower() if value.lower else text
    if isinstance(value, Name):
        return _cldr_name(value.kind, value.code, lang) or value.english
    if isinstance(value, Date):
        return date_phrase(value.value, lang)
    if isinstance(value, Items):
        words = [_render(v, lang) for v in value.items]
        if value.style == "sentences":
            return ("" if lang == "zh" else " ").join(words)
        if value.style == "semicolon":
            return _CLAUSE_SEPARATOR.get(lang, "; ").join(words)
        if value.style == "slash" or len(words) < 2:
            return " / ".join(words)
        from babel.lists import format_list

        return format_list(words, style="or" if value.style == "or" else "standard",
                           locale=FORMAT_LOCALES[lang])
    return str(value)


def render_text(value: object, lang: str) -> str:
    """A `Text` (or `Name`, `Items`, plain value) in `lang`; untranslated parts in English."""
    code = normalize_language(lang) or SOURCE_LANGUAGE
    return english(value) if code == SOURCE_LANGUAGE else _render(value, code)


def finding_text(issue: Issue, lang: str, *, unverified_note: bool = True) -> str:
    """A finding's message in `lang`. `unverified_note=False` leaves out the closing
    "UNVERIFIED SOURCE ..." (for a display that marks an unverified finding its own way).
    A finding without a message id (from outside the rules) keeps its English message."""
    code = normalize_language(lang) or SOURCE_LANGUAGE
    if issue.text is None or (code == SOURCE_LANGUAGE and unverified_note):
        if unverified_note or issue.verified:
            return issue.message
        return issue.message.replace(" " + UNVERIFIED_NOTE, "").replace(UNVERIFIED_NOTE, "")
    text = render_text(issue.text, code)
    if issue.verified or not unverified_note:
        return text
    return render_text(Text(UNVERIFIED_FINDING.msgid, (("message", text),)), code)


# -- catalog completeness ----------------------------------------------------------------------

def placeholders(text: str) -> list[str]:
    """The %(name)s placeholders of a message, sorted (to compare source and translation)."""
    return sorted(_PLACEHOLDER.findall(text))


@dataclass
class CatalogStats:
    """How complete one catalog is, against its template (.pot) when there is one."""

    lang: str
    domain: str
    total: int = 0
    translated: int = 0
    fuzzy: list[str] = field(default_factory=list)
    untranslated: list[str] = field(default_factory=list)
    obsolete: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # in the template, not in the catalog
    placeholder_errors: list[str] = field(default_factory=list)
    exists: bool = True

    @property
    def complete(self) -> bool:
        return (self.exists and self.total > 0 and self.translated == self.total
                and not self.placeholder_errors)

    @property
    def share(self) -> float:
        return self.translated / self.total if self.total else 0.0


def _ids(message_id: str | tuple[str, ...] | list[str]) -> tuple[str, ...]:
    return (message_id,) if isinstance(message_id, str) else tuple(message_id)


def template_path(domain: str) -> Path | None:
    """The message template (.pot) of a domain."""
    path = data_dir("translations") / f"{domain}.pot"
    return path if path.is_file() else None


@cache
def catalog_stats(lang: str, domain: str) -> CatalogStats:
    """Translated, fuzzy, untranslated, obsolete and placeholder-inconsistent messages."""
    from babel.messages.pofile import read_po

    stats = CatalogStats(lang, domain)
    po = catalog_path(lang, domain, ".po")
    wanted: list[str] | None = None
    pot = template_path(domain)
    if pot is not None:
        with pot.open("rb") as fh:
            wanted = [_ids(m.id)[0] for m in read_po(fh) if m.id]
    if po is None:
        stats.exists = False
        stats.total = len(wanted or [])
        stats.missing = list(wanted or [])
        return stats
    with po.open("rb") as fh:
        catalog = read_po(fh)
    seen = set()
    for message in catalog:
        if not message.id:
            continue
        ids = _ids(message.id)
        key = ids[0]
        seen.add(key)
        if wanted is not None and key not in wanted:
            stats.obsolete.append(key)
            continue
        stats.total += 1
        strings = _ids(message.string) if message.string else ()
        if message.fuzzy:
            stats.fuzzy.append(key)
        elif not strings or not all(strings):
            stats.untranslated.append(key)
        else:
            bad = [s for i, s in enumerate(strings)
                   if placeholders(s) != placeholders(ids[min(i, len(ids) - 1)])
                   and placeholders(s) != placeholders(ids[0])]
            if bad:
                stats.placeholder_errors.append(key)
            else:
                stats.translated += 1
    stats.obsolete += [m.id if isinstance(m.id, str) else m.id[0]
                       for m in catalog.obsolete.values()]
    if wanted is not None:
        stats.missing = [k for k in wanted if k not in seen]
        stats.total += len(stats.missing)
    return stats


@cache
def _template_ids(domain: str) -> tuple[tuple[str, ...], ...]:
    """Message ids of a domain's template (singular and plural)."""
    from babel.messages.pofile import read_po

    pot = template_path(domain)
    if pot is None:
        return ()
    with pot.open("rb") as fh:
        return tuple(_ids(m.id) for m in read_po(fh) if m.id)


def _compiled_complete(lang: str, domain: str) -> bool:
    """Every template message has a placeholder-consistent translation in the loaded catalog
    (compiled catalogs leave fuzzy entries out, so those count as missing)."""
    ids = _template_ids(domain)
    catalog = getattr(_translations(lang, domain), "_catalog", None)
    if not ids or catalog is None:
        return False
    for message in ids:
        if len(message) == 1:
            text = catalog.get(message[0])
            if not text or placeholders(text) != placeholders(message[0]):
                return False
        else:
            text = catalog.get((message[0], 0))
            if not text or placeholders(text) not in (placeholders(message[0]),
                                                      placeholders(message[1])):
                return False
    return True


def complete_document_languages() -> set[str]:
    """Languages whose document catalog is fully translated, without fuzzy entries and with
    the same placeholders as the source (English always)."""
    out = {SOURCE_LANGUAGE}
    for lang in LANGUAGES:
        if lang != SOURCE_LANGUAGE and _compiled_complete(lang, DOC_DOMAIN):
            out.add(lang)
    return out


# -- locale formatting -------------------------------------------------------------------------

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
    from babel.dates import format_date as babel_date
    from babel.dates import get_month_names

    if isinstance(d, dt.datetime):
        d = d.date()
    locale = _format_locale(lang)
    code = normalize_language(lang)
    month = str(get_month_names("wide", "format", locale=locale)[d.month])
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
    return str(babel_date(d, "long", locale=locale))


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
    """A number with the grouping and decimal signs (and digits) of `lang`."""
    from babel.numbers import format_decimal

    return native_digits(str(format_decimal(x, locale=_format_locale(lang))), lang)


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


@cache
def _state_names_table() -> dict[str, dict[str, str]]:
    """State code -> language -> formal name, from translations/state_names.toml (the
    override folder MLA_WRITER_TRANSLATIONS first)."""
    import tomllib

    for base in catalog_dirs():
        path = base / "state_names.toml"
        if path.is_file():
            data = tomllib.loads(path.read_text("utf-8"))
            return {code.upper(): {k: str(v) for k, v in names.items()}
                    for code, names in data.items() if isinstance(names, dict)}
    return {}


_BRACKETED = re.compile(r"\s*[(（][^()（）]*[)）]")


def short_name(name: str) -> str:
    """A CLDR name without its bracketed variant and invisible break marks:
    "Myanmar (Burma)" -> "Myanmar", "เมียนมา (พม่า)" -> "เมียนมา"."""
    return _BRACKETED.sub("", name.replace("\u200b", "")).strip()


def country_name(code: str, lang: str,
                 profile_names: Mapping[str, str] | None = None) -> str | None:
    """A state's formal name in a document language: the state-names table
    (translations/state_names.toml), else the legal profile's name in that language (
    `profile_names`, language -> name: the caller has the profiles, i18n sits below them),
    else CLDR's name without its bracketed variant; for English without a table entry, None
    (the profile's formal English name is used)."""
    lang_code = normalize_language(lang)
    if not code or lang_code is None:
        return None
    key = code.upper()
    name = (_state_names_table().get(key, {}).get(lang_code)
            or (profile_names or {}).get(lang_code))
    if name:
        return name
    if lang_code == SOURCE_LANGUAGE:
        return None
    from babel import Locale

    found = Locale.parse(_format_locale(lang_code)).territories.get(key)
    return short_name(str(found)) if found else None


#: two-letter CLDR territory codes that name no state: codes ISO 3166-1 reserves exceptionally
#: for parts of states (Ascension, Clipperton, Sark, Diego Garcia, Ceuta and Melilla, the Canary
#: Islands, Tristan da Cunha) or for groupings (European Union, United Nations), CLDR's Eurozone,
#: and user-assigned codes (Outlying Oceania, the pseudo-locales XA and XB, Unknown Region ZZ).
#: Kosovo (XK, user-assigned) is kept: it is the code CLDR and the European Union use for it.
NOT_STATES = frozenset({"AC", "CP", "CQ", "DG", "EA", "IC", "TA", "EU", "UN", "EZ", "QO", "XA",
                        "XB", "ZZ"})


@cache
def state_codes() -> frozenset[str]:
    """The ISO 3166-1 alpha-2 codes of states (CLDR's two-letter territories less
    NOT_STATES); numeric region codes such as 001 (World) or 150 (Europe) are not states."""
    from babel import Locale

    return frozenset(code for code in Locale("en").territories
                     if isinstance(code, str) and len(code) == 2 and code.isalpha()
                     and code not in NOT_STATES)


def is_state_code(code: str) -> bool:
    """Whether `code` (any case) is the ISO 3166-1 alpha-2 code of a state."""
    return code.upper() in state_codes()


def script_name(code: str) -> str:
    """The English name of an ISO 15924 script code (CLDR): 'Deva' -> 'Devanagari'."""
    from babel import Locale

    return str(Locale("en").scripts.get(code) or code)


def language_names(codes: Iterable[str], lang: str) -> list[str]:
    """Names of languages in the language `lang` (Babel), codes kept when unknown."""
    from babel import Locale

    names = Locale.parse(_format_locale(lang)).languages
    return [str(names.get(c, c)) for c in codes]
