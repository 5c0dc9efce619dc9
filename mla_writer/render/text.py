"""User text for templates: cleaned, tagged with its language, escaped as data when printed.

Characters no document format can hold are removed; a template printing a `UserText` gets it
escaped (never markup) inside `<span lang="..">`, so its runs keep their language.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

#: language of free text as typed in a case file (the drafting language of the case files)
SOURCE_LANG = "en"

# C0 controls except TAB and LF, DEL, C1 controls, and the XML non-characters U+FFFE/U+FFFF:
# none can appear in DOCX (XML 1.0) or in a PDF text string, so they are removed.
# Bidi embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) are removed too: Word
# and PDF viewers apply them differently (and an override can disguise text), so the two files
# would not show the same thing.
_FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_LANG_CODE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


def clean(text: str) -> str:
    """Make free text printable in DOCX and PDF.

    CR LF and lone CR become LF; TAB is kept (printed as a space); other C0 controls, DEL and
    C1 controls, bidi embedding/override/isolate controls and U+FFFE/U+FFFF are removed; lone
    surrogates (which no file encoding can hold) become U+FFFD REPLACEMENT CHARACTER.
    Everything else is kept exactly.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _FORBIDDEN.sub("", text)
    return _SURROGATE.sub("\ufffd", text)


class UserText(str):
    """A piece of case text: a `str` that remembers its language.

    When an autoescaping template prints it, markupsafe calls `__html__`, which escapes the
    text and wraps it in `<span lang="..">`, so the parser gives its runs the right language.
    """

    lang: str
    untranslated: str  # JSON path, when the document language lacks a translation of it

    def __new__(cls, value: str, lang: str = SOURCE_LANG, untranslated: str = "") -> UserText:
        obj = super().__new__(cls, clean(value))
        obj.lang = lang if _LANG_CODE.match(lang) else SOURCE_LANG
        obj.untranslated = untranslated
        return obj

    def __html__(self) -> Markup:
        if self.untranslated:
            return Markup('<span lang="%s" data-untranslated="%s">%s</span>') % (
                self.lang, self.untranslated, escape(str(self)))
        return Markup('<span lang="%s">%s</span>') % (self.lang, escape(str(self)))


def paragraphs(value: str) -> list[str]:
    """Split text at line breaks into its non-empty lines (a template filter)."""
    out: list[str] = []
    for line in str(value).split("\n"):
        if not line.strip():
            continue
        if isinstance(value, UserText):
            out.append(UserText(line.strip(), value.lang, value.untranslated))
        else:
            out.append(line)
    return out
