"""The words the interface shows for the model, in the interface language (no Qt).

Field titles and the labels of coded values (roles, sex, stage, assistance types, warrant kinds)
are document text: the templates print them, so they are translated in the document catalog
(domain mla_writer_doc) and, for coded values, listed once in templates/_labels.html. The
interface reads them from there instead of keeping its own copies; it adds only the few short
labels the documents never print (the kind of request, the kind of legal basis, review states).
"""

# lazy imports (start-up cost): babel, PySide6, render, profiles
from __future__ import annotations

import re
from enum import Enum
from functools import cache, lru_cache
from typing import Any

from pydantic import BaseModel

from .. import i18n
from ..domain.model import CaseFile, PersonRole, RequestKind, Sex, Stage
from ..i18n import _
from .fields import spec_for, type_tag
from .steps import N_

#: coded values the documents do not print as such: short interface labels
_UI_CHOICES = {
    RequestKind.MLA.value: N_("Mutual legal assistance (MLA)"),
    RequestKind.EXTRADITION.value: N_("Extradition"),
    RequestKind.PROVISIONAL_ARREST.value: N_("Provisional arrest"),
    RequestKind.SUPPLEMENTARY.value: N_("Supplementary request"),
    "instrument": N_("Treaty or convention"),
    "reciprocity": N_("Reciprocity (no treaty applies)"),
}
#: enum class -> the label table of templates/_labels.html that names its values
_GROUPS: dict[type[Enum], str] = {PersonRole: "ROLE", Sex: "SEX", Stage: "STAGE"}
_TEMPLATE_GROUPS = ("ROLE", "SEX", "STAGE", "ASSISTANCE", "WARRANT_KIND")

#: review status -> what the review page says
STATUS = {
    "draft": N_("Draft"),
    "submitted": N_("Submitted for review"),
    "returned": N_("Returned for changes"),
    "approved": N_("Approved"),
    "signed": N_("Signed"),
    "transmitted": N_("Transmitted"),
}

#: list item class -> the word for one item (the model titles the lists in the plural)
ITEM_NAMES = {
    "Person": N_("Person"),
    "Offence": N_("Offence"),
    "LegalProvision": N_("Legal provision"),
    "IdentityDocument": N_("Identity document"),
    "SpecialProcedure": N_("Particular procedure"),
    "Annex": N_("Annex"),
}

#: treaty lettering at the start of a profile's message: "(b) Subject matter ..."
_LETTERING = re.compile(r"^\((?:[a-z]{1,2}|[ivx]{1,4}|\d{1,2})\)\s+(?=\S)")


def doc(text: str) -> str:
    """Document text (a field title, a label) in the interface language."""
    if not text:
        return text
    return i18n.document_translations(i18n.ui_language()).gettext(text)


def help_text(description: str) -> str:
    """A field's description (its help and tooltip) in the interface language: the model's
    descriptions are in the interface catalog."""
    if not description:
        return description
    return i18n.ui_translations(i18n.ui_language()).gettext(description)


@cache
def _labels(lang: str) -> dict[str, dict[str, str]]:
    """The label tables of templates/_labels.html in `lang` ({} if the templates are absent)."""
    try:
        from ..render.environment import environment

        module = environment(lang).get_template("_labels.html").module
        out = {}
        for name in _TEMPLATE_GROUPS:
            table = getattr(module, name, None) or {}
            out[name] = {str(k): _plain(v) for k, v in table.items()}
        return out
    except Exception:  # templates missing or broken: the interface falls back to words
        return {}


def _plain(value: Any) -> str:
    unescape = getattr(value, "unescape", None)  # jinja Markup: undo the HTML escaping
    return str(unescape() if unescape else value)


def label_table(name: str) -> dict[str, str]:
    """One label table (e.g. 'ASSISTANCE') in the interface language."""
    return _labels(i18n.ui_language()).get(name, {})


def words(raw: str) -> str:
    """'provisional_arrest' -> 'Provisional arrest' (the last resort for a coded value)."""
    return str(raw).replace("_", " ").capitalize()


def choice_text(value: Any, choices: tuple[Any, ...] = ()) -> str:
    """A coded value (enum member or literal) as the interface shows it.

    `choices` are all values of the field, used to find the label table of a literal field
    (the warrant kind's values are the keys of WARRANT_KIND)."""
    raw = value.value if isinstance(value, Enum) else value
    if raw in ("", None):
        return "—"
    raw = str(raw)
    if raw in _UI_CHOICES:
        return _(_UI_CHOICES[raw])
    group = _GROUPS.get(type(value)) if isinstance(value, Enum) else None
    if group is None and choices:
        keys = {str(c.value if isinstance(c, Enum) else c) for c in choices} - {"", "None"}
        group = next((g for g in _TEMPLATE_GROUPS
                      if keys and keys <= set(label_table(g))), None)
    if group is not None:
        text = label_table(group).get(raw)
        if text:
            return text
    return doc(words(raw))


def type_text(tag: str) -> str:
    """The name of an assistance type ('bank_records') as the documents give it."""
    return label_table("ASSISTANCE").get(tag) or doc(words(tag))


def status_text(status: Any) -> str:
    raw = status.value if isinstance(status, Enum) else str(status)
    return _(STATUS[raw]) if raw in STATUS else words(raw)


def item_name(cls: type, fallback: str = "") -> str:
    """The word for one item of a list ('Person' for the list 'Persons')."""
    name = ITEM_NAMES.get(cls.__name__)
    return _(name) if name else doc(fallback)


def lead_with_message(text: str) -> str:
    """A profile message without the treaty's paragraph lettering in front ('(b) Subject ...'
    -> 'Subject ...'): the citation shown with it names the paragraph."""
    m = _LETTERING.match(text)
    if m is None:
        return text
    rest = text[m.end():]
    return rest[:1].upper() + rest[1:]


def mnemonic(text: str) -> str:
    """The lower-case mnemonic letter of a label ('Sa&ve' -> 'v'), '' if none."""
    i = 0
    while i < len(text) - 1:
        if text[i] == "&":
            if text[i + 1] == "&":
                i += 2
                continue
            return text[i + 1].lower()
        i += 1
    return ""


def with_mnemonic(text: str, used: set[str], source: str = "") -> str:
    """`text` with a mnemonic not yet in `used`: inside an English label ('Fa&mily name'), as
    ' (&M)' after a translated one, taking a letter of the English `source` first (as the
    catalogs write their accelerators)."""
    safe = text.replace("&", "&&")
    if not source or source == text:
        for i, ch in enumerate(safe):
            if ch.isascii() and ch.isalpha() and ch.lower() not in used:
                used.add(ch.lower())
                return safe[:i] + "&" + safe[i:]
        return safe
    for ch in source + "abcdefghijklmnopqrstuvwxyz":
        if ch.isascii() and ch.isalpha() and ch.lower() not in used:
            used.add(ch.lower())
            return f"{safe} (&{ch.upper()})"
    return safe


@cache
def _territories(lang: str) -> tuple[tuple[str, str], ...]:
    from babel import Locale

    names = {str(c): str(n) for c, n in Locale.parse(i18n.FORMAT_LOCALES[lang]).territories.items()}
    if lang == i18n.SOURCE_LANGUAGE:
        names |= _profile_names()  # "Viet Nam", "Lao PDR": as the profiles and documents say
    # states only: not CLDR's other territories (AC, DG, EU, ZZ, ...), which the checklist
    # would refuse as state codes (STATE-CODE)
    return tuple(sorted(((code, name) for code, name in names.items()
                         if len(code) == 2 and code.isalpha() and code not in i18n.NOT_STATES),
                        key=lambda item: item[1].casefold()))


def _profile_names() -> dict[str, str]:
    """English short names of the states with a legal profile (none if profiles are broken)."""
    try:
        from ..profiles import load_registry

        registry = load_registry()
        return {code.upper(): registry.state(code).name_en for code in registry.states
                if registry.state(code) is not None and registry.state(code).name_en}
    except Exception:  # broken profiles: CLDR's names
        return {}


def state_name(code: str) -> str:
    """A state's short name in the interface language (the code itself if unknown)."""
    return dict(_territories(i18n.ui_language())).get(code.upper(), code)


def state_choices() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(states with a legal profile, every other state) as (ISO code, name), each by name."""
    profiled: set[str] = set()
    try:
        from ..profiles import load_registry

        profiled = {c.upper() for c in load_registry().states}
    except Exception:  # broken profiles: every state is just a state
        profiled = set()
    everything = _territories(i18n.ui_language())
    first = [(c, n) for c, n in everything if c in profiled]
    first += [(c, c) for c in sorted(profiled - {c for c, _n in first})]
    rest = [(c, n) for c, n in everything if c not in profiled]
    return first, rest


@cache
def _languages(lang: str) -> tuple[tuple[str, str], ...]:
    from babel import Locale

    names = Locale.parse(i18n.FORMAT_LOCALES[lang]).languages
    return tuple(sorted(((str(code), str(name)) for code, name in names.items()
                         if len(code) == 2 and code.isalpha()),
                        key=lambda item: item[1].casefold()))


def language_choices() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(the program's seven languages, every other language) as (ISO 639-1 code, name)."""
    names = dict(_languages(i18n.ui_language()))
    first = [(c, names.get(c, c)) for c in i18n.LANGUAGES]
    rest = [(c, n) for c, n in _languages(i18n.ui_language()) if c not in i18n.LANGUAGES]
    return first, rest


def language_name(code: str) -> str:
    """A language's name in the interface language (the code itself if unknown)."""
    return dict(_languages(i18n.ui_language())).get(code, code)


def type_label(cls: type[BaseModel]) -> str:
    """The name of an assistance type in the interface language, as the documents give it."""
    return type_text(type_tag(cls))


def display(value: Any) -> str:
    """A short one-line text for a table cell (coded values in the interface language)."""
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(display(v) for v in value)
    if isinstance(value, Enum):
        return choice_text(value)
    if isinstance(value, float):
        return f"{value:g}"
    text = str(value).replace("\n", " ")
    return text if len(text) <= 80 else text[:77] + "…"


def person_name(person: Any) -> str:
    return f"{person.family_name} {person.given_names}".strip() or person.id


def path_label(path: str) -> str:
    """A JSON path as the interface names it: '$.request.persons[0].sex' -> 'Persons 1 › Sex'."""
    cls: Any = CaseFile
    parts: list[str] = []
    for name, index in re.findall(r"\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]", path):
        if index:
            if parts:
                parts[-1] += f" {int(index) + 1}"
            continue
        fields = getattr(cls, "model_fields", None)
        if fields is None or name not in fields:
            parts.append(name)
            cls = None
            continue
        spec = spec_for(name, fields[name])
        if name != "request":
            parts.append(doc(spec.title))
        cls = spec.model or (spec.union[0].__mro__[1] if spec.union else None)
    return " › ".join(parts) or _("the whole file")


def describe_file_error(exc: Exception) -> tuple[str, list[str], str]:
    """(plain headline, one line per problem naming the field by its title, technical text)
    for a case file that could not be read or written."""
    message = str(exc.args[0]) if exc.args else str(exc)
    problems = [str(p) for p in getattr(exc, "problems", []) or []]
    lines = []
    for problem in problems:
        path, sep, what = problem.partition(": ")
        lines.append(f"{path_label(path)}: {what}" if sep and path.startswith("$") else problem)
    if problems:
        first = lines[0].split(": ", 1)[0]
        head = _("The file cannot be opened as it is: there is a problem with “%(field)s”.",
                 field=first)
        if len(problems) > 1:
            head += " " + _("Problems in all: %(n)d (listed below).", n=len(problems))
    elif "cannot read the file" in message:
        head = _("The file cannot be read: it may have been moved, or you may not be allowed"
                 " to read it.")
    elif "cannot write the file" in message:
        head = _("The file cannot be written: the folder may be read-only or full.")
    elif "newer mla-writer" in message:
        head = _("The file was written by a newer version of mla-writer: open it with that"
                 " version.")
    else:
        head = _("The file is not a case file mla-writer can read: it may be damaged, or it is"
                 " another kind of file.")
    detail = message + ("\n" + "\n".join(problems) if problems else "")
    return head, lines, detail



#: interface languages whose script writes words without spaces: Qt's own line breaking cuts
#: their words, even syllables, anywhere (e.g. Burmese "ကြော|င်း")
UNSPACED = ("km", "lo", "my", "th")


ZWSP = "\u200b"


def breakable(text: str, lang: str | None = None) -> str:
    """`text` with a zero-width space at each word boundary ICU finds in Khmer, Lao, Burmese
    and Thai, so that a wrapping label breaks its lines between words (Qt alone cuts words,
    even syllables, or does not wrap at all and the label widens the page). Other languages:
    unchanged."""
    lang = lang or i18n.ui_language()
    if lang not in UNSPACED or not text or ZWSP in text:
        return text
    return _breakable(text, lang)


@lru_cache(maxsize=4096)
def _breakable(text: str, lang: str) -> str:
    from ..render.linebreak import line_segments

    out = []
    for paragraph in text.split("\n"):
        parts = line_segments(paragraph, lang)
        out.append("".join(p if p[-1:].isspace() or n == len(parts) - 1 else p + ZWSP
                           for n, p in enumerate(parts)))
    return "\n".join(out)


def prewrap(text: str, font: Any, width: float, lang: str, newline: str = "\n") -> str:
    """`text` with line breaks (`newline`) put where ICU's dictionaries find word
    boundaries, each line at most `width` pixels in `font` (Qt then has nothing left to
    wrap). A word longer than a line stays whole on its own line, for Qt to break. Item
    views write a new line as U+2028 (LINE SEPARATOR): pass that as `newline` there.
    Remembered per text, font and width: a view asks for every row's size and paint often."""
    return _prewrap(text, font.toString(), round(width), lang, newline)


@lru_cache(maxsize=2048)
def _prewrap(text: str, font_key: str, width: int, lang: str, newline: str) -> str:
    from PySide6.QtGui import QFont, QTextLayout

    from ..render.linebreak import line_segments

    font = QFont()
    font.fromString(font_key)

    def advance(text: str) -> float:
        """The width as Qt lays the text out (fallback fonts included, unlike QFontMetrics)."""
        layout = QTextLayout(text, font)
        layout.beginLayout()
        line = layout.createLine()
        line.setLineWidth(1e6)
        width = line.naturalTextWidth()
        layout.endLayout()
        return width

    lines = []
    for paragraph in text.replace("\u2028", "\n").split("\n"):
        line = ""
        for segment in line_segments(paragraph, lang):
            if line and advance((line + segment).rstrip()) > width:
                lines.append(line.rstrip())
                line = ""
            line += segment
        lines.append(line.rstrip())
    return newline.join(lines)
