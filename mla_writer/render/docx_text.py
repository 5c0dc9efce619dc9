"""Text for the DOCX writer: runs become Word runs with font slots and language tags per script.

Word picks the font of a character from one of four rFonts slots (ascii, hAnsi, eastAsia, cs)
and shapes complex scripts only in runs marked w:cs; each piece of a run is split by script
and tagged here so Khmer, Thai, Lao, Burmese and Chinese display with the intended font.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from copy import deepcopy
from functools import lru_cache
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from lxml.etree import SubElement

from mla_writer.render.document import Run
from mla_writer.render.scripts import (
    FONTS,
    HAN,
    LANG_SCRIPT,
    LANG_TAG,
    LATIN,
    SPACELESS,
    font_for_script,
    lang_base,
    split_by_script,
)
from mla_writer.render.text import clean

_THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
# Order of children of w:rPr required by the OOXML schema (CT_RPr), for the ones we write.
_RPR_ORDER = ("w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps",
              "w:strike", "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint",
              "w:noProof", "w:snapToGrid", "w:vanish", "w:webHidden", "w:color", "w:spacing",
              "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u",
              "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs",
              "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath")


def _child(rpr: Any, tag: str) -> Any:
    """Get or create `tag` under w:rPr, inserted at its schema position."""
    found = rpr.find(qn(tag))
    if found is not None:
        return found
    el = OxmlElement(tag)
    rank = _RPR_ORDER.index(tag)
    for i, existing in enumerate(rpr):
        name = existing.tag
        later = [t for t in _RPR_ORDER[rank + 1:] if qn(t) == name]
        if later:
            rpr.insert(i, el)
            return el
    rpr.append(el)
    return el


def _latin_lang(lang: str) -> str:
    base = lang_base(lang)
    return LANG_TAG[base] if base in ("en", "vi") else LANG_TAG["en"]


# Letters only Vietnamese uses among the Latin-script languages of our documents: ă đ ơ ư,
# ĩ ũ, the tone-marked vowels of Latin Extended Additional (ạ ả ấ … ỹ) (in NFC), and the
# combining hook above, horn and dot below that NFC cannot compose.
_VIETNAMESE = re.compile("[ăĂđĐơƠưƯĩĨũŨ\u1ea0-\u1ef9\u0309\u031b\u0323]")


def latin_tag(text: str, lang: str) -> str:
    """The w:lang value of a Latin-script piece: Vietnamese when it has letters only
    Vietnamese uses (a Vietnamese name in an English or Thai document), else by `lang`."""
    if lang_base(lang) != "vi" and _VIETNAMESE.search(unicodedata.normalize("NFC", text)):
        return LANG_TAG["vi"]
    return _latin_lang(lang)


def set_rpr_fonts(rpr: Any, script: str, lang: str, size_pt: float | None = None,
                  bold: bool | None = None, italic: bool | None = None,
                  tag: str | None = None) -> None:
    """Set rFonts (all four slots), w:lang, and the complex-script flags on one w:rPr element.

    The Latin slots always name the Latin font, eastAsia the CJK font, cs the font of
    `script` when it is a complex script (else the Latin font), so Word finds a suitable face
    for any character; w:cs marks the run as complex script when `script` is one. `tag`
    overrides the w:val language tag (of Latin text).
    """
    fonts = _child(rpr, "w:rFonts")
    for attr in _THEME_ATTRS:  # a theme font would override the font we name
        fonts.attrib.pop(qn(attr), None)
    latin = FONTS[LATIN].family
    cs_family = font_for_script(script).family if script in SPACELESS else latin
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), FONTS[HAN].family)
    fonts.set(qn("w:cs"), cs_family)
    if script == HAN:
        fonts.set(qn("w:hint"), "eastAsia")
    elif script in SPACELESS:
        fonts.set(qn("w:hint"), "cs")
    if bold is not None:
        _child(rpr, "w:b").set(qn("w:val"), "1" if bold else "0")
        _child(rpr, "w:bCs").set(qn("w:val"), "1" if bold else "0")
    if italic is not None:
        _child(rpr, "w:i").set(qn("w:val"), "1" if italic else "0")
        _child(rpr, "w:iCs").set(qn("w:val"), "1" if italic else "0")
    if size_pt is not None:
        half = str(round(size_pt * 2))
        _child(rpr, "w:sz").set(qn("w:val"), half)
        _child(rpr, "w:szCs").set(qn("w:val"), half)
    if script in SPACELESS:
        _child(rpr, "w:cs")
    lang_el = _child(rpr, "w:lang")
    lang_el.set(qn("w:val"), tag or _latin_lang(lang))
    lang_el.set(qn("w:eastAsia"), LANG_TAG["zh"])
    if script in SPACELESS:
        lang_el.set(qn("w:bidi"), font_for_script(script).lang_tag)
    elif lang_base(lang) in ("th", "lo", "km", "my"):
        lang_el.set(qn("w:bidi"), LANG_TAG[lang_base(lang)])


def set_style_fonts(style: Any, lang: str = "en", size_pt: float | None = None,
                    bold: bool | None = None, italic: bool | None = None) -> None:
    """Give a python-docx character/paragraph style the same font slots and tags as our runs.

    `lang` (the document language) chooses the complex-script font and the language tags;
    `bold`/`italic` set both the Latin and the complex-script flags (w:b and w:bCs...).
    """
    rpr = style.element.get_or_add_rPr()
    script = LANG_SCRIPT.get(lang_base(lang), LATIN)
    set_rpr_fonts(rpr, script, lang, size_pt, bold=bold, italic=italic)
    cs = rpr.find(qn("w:cs"))  # a style must not force complex-script handling on Latin runs
    if cs is not None:
        rpr.remove(cs)


@lru_cache(maxsize=1024)
def _rpr_template(script: str, lang: str, size_pt: float | None, bold: bool, italic: bool,
                  underline: bool, latin: str | None = None) -> Any:
    """The w:rPr of one kind of run, built once and copied into every run of that kind."""
    rpr = OxmlElement("w:rPr")
    if underline:
        _child(rpr, "w:u").set(qn("w:val"), "single")
    set_rpr_fonts(rpr, script, lang, size_pt, bold=True if bold else None,
                  italic=True if italic else None, tag=latin)
    return rpr


def run_properties(text: str, lang: str, size_pt: float | None = None) -> Any:
    """A new w:rPr for a run holding `text` (e.g. a field result) in a `lang` paragraph."""
    pieces = split_by_script(clean(text), lang) or [(LATIN, "")]
    script = pieces[0][0]
    latin = latin_tag(text, lang) if script == LATIN else None
    return deepcopy(_rpr_template(script, lang, size_pt, False, False, False, latin))


@lru_cache(maxsize=1024)
def _run_template(script: str, lang: str, size_pt: float | None, bold: bool, italic: bool,
                  underline: bool, latin: str | None = None) -> Any:
    """An empty w:r carrying the w:rPr of one kind of run (copied for every new run)."""
    r = OxmlElement("w:r")
    r.append(deepcopy(_rpr_template(script, lang, size_pt, bold, italic, underline, latin)))
    return r


_T, _TAB, _BR, _SPACE = qn("w:t"), qn("w:tab"), qn("w:br"), qn("xml:space")


def _append_run(p: Any, text: str, template: Any) -> Any:
    """Append to the w:p element `p` a copy of `template` holding `text` (tabs become w:tab),
    the same XML python-docx's `add_run(text)` makes, built without its per-character loop."""
    r = deepcopy(template)
    for i, part in enumerate(text.split("\t")):
        if i:
            SubElement(r, _TAB)
        if part:
            t = SubElement(r, _T)
            t.text = part
            if len(part.strip()) < len(part):
                t.set(_SPACE, "preserve")
    p.append(r)
    return r


def add_runs(paragraph: Paragraph, runs: Sequence[Run], size_pt: float | None = None) -> None:
    """Append `runs` to a python-docx paragraph, one Word run per script piece.

    Line feeds become line breaks and tabs become tab characters; text is set as data
    (characters XML cannot hold are dropped by `text.clean` first).
    """
    p = paragraph._p
    for run in runs:
        for script, segment in split_by_script(clean(run.text), run.lang):
            latin = latin_tag(segment, run.lang) if script == LATIN else None
            lines = segment.split("\n")
            for n, line in enumerate(lines):
                if n:
                    br_run = _append_run(p, "", _run_template(
                        script, run.lang, None, False, False, False, latin))
                    SubElement(br_run, _BR)
                if not line:
                    continue
                _append_run(p, line, _run_template(
                    script, run.lang, size_pt, run.bold, run.italic, run.underline, latin))
