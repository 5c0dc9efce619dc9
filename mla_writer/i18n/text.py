"""Text translated when it is shown: `N_` messages, findings, coded values' names."""

# lazy imports (start-up cost): babel, jinja2
from __future__ import annotations

from functools import cache

from ..domain.issues import Date, Issue, Items, Name, Text, english
from ..resources import data_dir
from .catalogs import _translations, document_translations
from .cldr_cache import cldr_table
from .formatting import date_phrase
from .languages import FORMAT_LOCALES, SOURCE_LANGUAGE, normalize_language
from .names import short_name


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
    table = cldr_table(FORMAT_LOCALES[lang],
                       {"state": "territories", "script": "scripts"}.get(kind, "languages"))
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
