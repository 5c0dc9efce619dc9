"""XLIFF 2.0 export and import of a case's free text, for a translator's CAT tool.

Only the prose a translator renders is exported (`domain.freetext.translatable_texts`), one
unit per JSON path, with any translation already in the case as the target. Importing writes
translated targets into `CaseFile.translations[path][lang]`; it never overwrites a different
existing translation unless asked, and it reports segments whose source text changed since
the export or whose path the case no longer has. Files are parsed with the standard library's
expat parser; a DOCTYPE (and with it any entity declaration) is refused before parsing.

Case text is plain text: a translation holding inline markup (<ph/>, <pc>, or any other
element) is never imported with the markup silently dropped; the unit is reported and left
out. Characters XML cannot carry (control characters) travel as XLIFF's <cp hex="..."/>.
"""

from __future__ import annotations

import os
import re
import typing
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Literal

from pydantic import BaseModel

from .datafiles import DataFileError, read_regular
from .domain.freetext import (
    record_translation,
    source_language,
    translatable_texts,
    translation_of,
)
from .domain.model import CaseFile
from .i18n.languages import LANGUAGES, SOURCE_LANGUAGE, normalize_language

NS = "urn:oasis:names:tc:xliff:document:2.0"
_Q = "{%s}" % NS  # noqa: UP031 - ElementTree's qualified-name prefix
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
#: segment states whose target counts as a translation
TRANSLATED_STATES = frozenset({"translated", "reviewed", "final"})
_STATES = TRANSLATED_STATES | {"initial"}
_PATH_TOKEN = re.compile(r"\.(\w+)|\[(\d+)\]")
MAX_BYTES = 20 * 1024 * 1024


class XliffError(ValueError):
    """The file is not an XLIFF 2.0 file of this case that mla-writer can read."""


@dataclass
class Segment:
    """One piece of prose of the case: where it is, what it says, what the field is."""

    path: str
    source: str
    title: str = ""


@dataclass
class ImportReport:
    """What an import did and what it refused, per JSON path."""

    lang: str
    imported: list[str] = field(default_factory=list)  # new translations
    replaced: list[str] = field(default_factory=list)  # different ones, replaced on request
    unchanged: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)  # differ from the case's; kept the case's
    not_translated: list[str] = field(default_factory=list)  # no target or state initial
    changed_source: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    #: path -> inline elements (e.g. ['ph', 'script']) found in the unit; not imported
    markup: dict[str, list[str]] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return bool(self.imported or self.replaced)

    @property
    def problems(self) -> bool:
        return bool(self.conflicts or self.changed_source or self.unknown or self.markup)

    def lines(self) -> list[str]:
        out = [f"{len(self.imported)} translations into {self.lang} imported,"
               f" {len(self.replaced)} replaced, {len(self.unchanged)} unchanged,"
               f" {len(self.not_translated)} segments not translated yet"]
        for path in self.conflicts:
            out.append(f"  {path}: differs from the translation already in the case; kept the"
                       " case's (use --replace to take the file's)")
        for path in self.changed_source:
            out.append(f"  {path}: the source text changed since the export; not imported"
                       " (export again and translate the new text)")
        for path in self.unknown:
            out.append(f"  {path}: the case has no such text any more; not imported")
        for path, names in self.markup.items():
            tags = ", ".join(f"<{n}>" for n in names)
            out.append(f"  {path}: contains markup ({tags}) that plain case text cannot hold;"
                       " not imported (remove the tags or codes in the CAT tool and export"
                       " the translation again)")
        return out


def _field_info(case: CaseFile, path: str) -> Any:
    """The model's FieldInfo of the field at a JSON path (None when it cannot be resolved)."""
    obj: Any = case
    info = None
    for name, index in _PATH_TOKEN.findall(path.removeprefix("$")):
        if name:
            if not isinstance(obj, BaseModel) or name not in type(obj).model_fields:
                return None
            info = type(obj).model_fields[name]
            obj = getattr(obj, name)
        else:
            if not isinstance(obj, list | tuple) or int(index) >= len(obj):
                return None
            obj = obj[int(index)]
    return info


def _is_code(annotation: Any) -> bool:
    """A Literal or Enum field holds a code (a discriminator, a choice), never prose."""
    if typing.get_origin(annotation) is Literal:
        return True
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return True
    return any(_is_code(arg) for arg in typing.get_args(annotation))


def _prose(case: CaseFile) -> list[tuple[str, str, str]]:
    """domain.freetext's list (path, text, field title), without coded values."""
    out = []
    for path, text in translatable_texts(case):
        info = _field_info(case, path)
        if isinstance(text, Enum) or (info is not None and _is_code(info.annotation)):
            continue
        out.append((path, str(text), (info.title or "") if info is not None else ""))
    return out


def segments(case: CaseFile) -> list[Segment]:
    """The case's prose in model order (the one list: domain.freetext)."""
    return [Segment(path, text, title) for path, text, title in _prose(case)]


def _target_language(lang: str, source: str = SOURCE_LANGUAGE) -> str:
    """The language code `lang` stands for, if the case's text can be translated into it
    (any document language but the drafting language `source`)."""
    code = normalize_language(lang)
    if code is None or code == source:
        targets = ", ".join(c for c in LANGUAGES if c != source)
        raise XliffError(f"{lang!r} is not a target language (expected one of {targets})")
    return code


#: characters XML 1.0 cannot hold, even escaped; XLIFF 2 carries them as <cp hex="..."/>
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _fill(el: ET.Element, text: str) -> None:
    """Set an element's content to `text`, characters XML cannot hold as <cp> elements."""
    parts = _NOT_XML.split(text)
    el.text = parts[0]
    for char, tail in zip(_NOT_XML.findall(text), parts[1:], strict=True):
        ET.SubElement(el, _Q + "cp", {"hex": f"{ord(char):04X}"}).tail = tail


def export_xliff(case: CaseFile, target_lang: str) -> bytes:
    """An XLIFF 2.0 document of the case's prose, existing translations as targets."""
    source = source_language(case)
    lang = _target_language(target_lang, source)
    ET.register_namespace("", NS)
    root = ET.Element(_Q + "xliff", {"version": "2.0", "srcLang": source, "trgLang": lang})
    file_el = ET.SubElement(root, _Q + "file", {
        "id": "f1", "original": case.request.case_reference or "case", XML_SPACE: "preserve"})
    notes = ET.SubElement(file_el, _Q + "notes")
    note = ET.SubElement(notes, _Q + "note", {"category": "instructions"})
    note.text = ("Free text of a mutual legal assistance or extradition request. Translate each"
                 " segment in formal legal register; keep names, numbers and references as they"
                 " are. Set the segment state to translated when done.")
    for i, seg in enumerate(segments(case), start=1):
        unit = ET.SubElement(file_el, _Q + "unit", {"id": f"u{i}", "name": seg.path})
        if seg.title:
            unit_notes = ET.SubElement(unit, _Q + "notes")
            title = ET.SubElement(unit_notes, _Q + "note", {"category": "field"})
            title.text = seg.title
        existing = translation_of(case, seg.path, lang, seg.source)  # not an outdated one
        segment = ET.SubElement(unit, _Q + "segment", {
            "id": "s1", "state": "translated" if existing else "initial"})
        _fill(ET.SubElement(segment, _Q + "source"), seg.source)
        if existing:
            _fill(ET.SubElement(segment, _Q + "target"), existing)
    ET.indent(root, space="  ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def read_file(path: str | os.PathLike[str]) -> bytes:
    """The bytes of an XLIFF file to import; XliffError when it is not a regular file or is
    larger than MAX_BYTES, known before reading it (a 2 GB file is never read into memory)."""
    try:
        return read_regular(path, MAX_BYTES)
    except DataFileError as exc:
        raise XliffError(exc.why) from None


def _parse(data: bytes) -> ET.Element:
    if len(data) > MAX_BYTES:
        raise XliffError(f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB")
    if re.search(rb"<!\s*(DOCTYPE|ENTITY)", data, re.IGNORECASE) or re.search(
            rb"<\x00!\x00", data):
        raise XliffError("the file declares a DOCTYPE or entities, which are refused")
    try:
        parser = ET.XMLParser()  # noqa: S314 - DOCTYPE and entities refused above
        parser.feed(data)
        root = parser.close()
    except ET.ParseError as exc:
        raise XliffError(f"not well-formed XML ({exc})") from None
    if root.tag != _Q + "xliff":
        raise XliffError(f"not an XLIFF 2.0 document (root element {root.tag!r}; expected"
                         f" 'xliff' in the namespace {NS})")
    if not str(root.get("version", "")).startswith("2."):
        raise XliffError(f"XLIFF version {root.get('version')!r} is not supported (2.0)")
    return root


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _content(el: ET.Element | None, markup: list[str]) -> str | None:
    """The plain text of a <source> or <target>: <cp> decoded; any other element is markup
    a case cannot hold, named in `markup` (the caller refuses the unit)."""
    if el is None:
        return None
    out = [el.text or ""]
    for child in el:
        if child.tag == _Q + "cp":
            try:
                out.append(chr(int(child.get("hex", ""), 16)))
            except (ValueError, OverflowError):
                markup.append(f"cp hex={child.get('hex')!r}")
        elif _local(child.tag) not in markup:
            markup.append(_local(child.tag))
        out.append(child.tail or "")
    return "".join(out)


def _lines(text: str) -> str:
    """XML turns CR and CR LF into LF; compare sources as XML sees them."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _unit(unit: ET.Element, path: str) -> tuple[str, str | None, list[str]]:
    """Source text, translation (None when not translated yet) and markup found, read from the
    unit's segments and the ignorable text between them, in document order."""
    markup: list[str] = []
    sources: list[str] = []
    targets: list[str | None] = []
    translated = True
    for part in unit:
        if part.tag not in (_Q + "segment", _Q + "ignorable"):
            continue
        source = _content(part.find(_Q + "source"), markup) or ""
        target = _content(part.find(_Q + "target"), markup)
        sources.append(source)
        if part.tag == _Q + "ignorable":  # whitespace between segments; kept as is
            targets.append(source if target is None else target)
            continue
        state = part.get("state", "initial")
        if state not in _STATES:
            raise XliffError(f"unit {path}: unknown segment state {state!r}")
        targets.append(target)
        if target is None or not target.strip() or state not in TRANSLATED_STATES:
            translated = False
    if not any(part.tag == _Q + "segment" for part in unit):
        raise XliffError(f"unit {unit.get('id')!r} has no segment")
    target = "".join(t or "" for t in targets) if translated else None
    return "".join(sources), target, markup


def import_xliff(case: CaseFile, data: bytes, *, replace: bool = False) -> ImportReport:
    """Read a translated XLIFF 2.0 file of this case into `case.translations` (in place).

    Raises XliffError, changing nothing, when the file is unsafe, malformed, not XLIFF 2.0,
    in another source language, or made for another case.
    """
    root = _parse(data)
    source = source_language(case)
    if normalize_language(root.get("srcLang", "")) != source:
        raise XliffError(f"the source language is {root.get('srcLang')!r}; this request is"
                         f" drafted in {source!r} (its text is exported as {source!r})")
    lang = _target_language(root.get("trgLang", "") or "(none)", source)
    files = root.findall(_Q + "file")
    if not files:
        raise XliffError("the file has no <file> element")
    reference = case.request.case_reference or "case"
    for file_el in files:
        if file_el.get("original") != reference:
            raise XliffError(f"the file was made for case {file_el.get('original')!r}, not for"
                             f" {reference!r}")

    current = {path: text for path, text, _ in _prose(case)}
    report = ImportReport(lang)
    found: dict[str, tuple[str, str | None, list[str]]] = {}
    for file_el in files:
        for unit in file_el.iter(_Q + "unit"):
            path = unit.get("name", "")
            if not path:
                raise XliffError(f"unit {unit.get('id')!r} has no name (its JSON path)")
            found[path] = _unit(unit, path)

    for path, (source, target, markup) in found.items():
        if path not in current:
            report.unknown.append(path)
        elif _lines(source) != _lines(current[path]):
            report.changed_source.append(path)
        elif markup:
            report.markup[path] = markup
        elif target is None:
            report.not_translated.append(path)
        else:
            # an outdated translation (made from other source text) is replaced without asking
            existing = translation_of(case, path, lang, current[path])
            if existing == target:
                report.unchanged.append(path)
            elif existing and not replace:
                report.conflicts.append(path)
            else:
                had = bool(case.translations.get(path, {}).get(lang))
                (report.replaced if had else report.imported).append(path)
                record_translation(case, path, lang, target, current[path])
    return report
