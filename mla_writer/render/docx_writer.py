"""The DOCX writer: the document model as a Word document (python-docx).

Real heading and list styles, tables with repeated header rows, the reference and the marking in
the page header, "page X of Y" fields in the footer, and core properties from the document.
All text goes through `docx_text.add_runs`; the zip is rewritten with fixed timestamps so the
file is byte-stable for a fixed clock.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
import struct
import zipfile
import zlib
from collections.abc import Sequence
from copy import deepcopy
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.package import Unmarshaller
from docx.opc.packuri import PackURI
from docx.opc.part import Part, PartFactory
from docx.opc.pkgreader import PackageReader
from docx.opc.pkgwriter import PackageWriter
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.package import Package
from docx.shared import Mm, Pt, RGBColor
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph
from lxml import etree
from lxml.etree import SubElement

from .. import cachefiles
from ..storage import atomic_write_bytes
from . import docx_fonts, docx_text
from .document import (
    SEAL_SPACE_MM,
    Block,
    Columns,
    Document,
    Heading,
    ListBlock,
    PageBreak,
    Paragraph,
    Run,
    SignatureBlock,
    Table,
    is_signature_line,
)
from .scripts import FONTS, LANG_SCRIPT, LATIN, SPACELESS, lang_base, split_by_script

ACCENT = RGBColor(0x1F, 0x3A, 0x5F)
INK = RGBColor(0x1A, 0x1A, 0x1A)
MARK = RGBColor(0xB0, 0x00, 0x20)
_ALIGN = {"center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT,
          "title": WD_ALIGN_PARAGRAPH.CENTER, "body": WD_ALIGN_PARAGRAPH.JUSTIFY}
HEADER_SIZE = 8  # pt, header and footer
_THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def _set_fonts(style: Any, lang: str, size: float, bold: bool | None = None,
               color: RGBColor | None = None) -> None:
    docx_text.set_style_fonts(style, lang, size)
    rfonts = style.element.get_or_add_rPr().find(qn("w:rFonts"))
    if rfonts is not None:  # theme fonts would override the fonts we name
        for attr in _THEME_ATTRS:
            rfonts.attrib.pop(qn(attr), None)
    if bold is not None:
        style.font.bold = bold
    if color is not None:
        style.font.color.rgb = color


def _setup_defaults(d: Any, lang: str) -> None:
    """Document defaults with our fonts and language tags instead of the template's theme
    fonts and its Japanese East Asian language (which Word uses for text no style covers)."""
    styles = d.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = SubElement(rpr_default, qn("w:rPr"))
    script = LANG_SCRIPT.get(lang_base(lang), LATIN)
    docx_text.set_rpr_fonts(rpr, script, lang)
    cs = rpr.find(qn("w:cs"))  # defaults must not force complex-script handling on Latin runs
    if cs is not None:
        rpr.remove(cs)
    rpr.find(qn("w:rFonts")).attrib.pop(qn("w:hint"), None)
    settings = d.settings.element
    theme_lang = settings.find(qn("w:themeFontLang"))
    if theme_lang is None:
        theme_lang = SubElement(settings, qn("w:themeFontLang"))
    for attr, value in rpr.find(qn("w:lang")).attrib.items():
        theme_lang.set(attr, value)


def _setup_styles(d: Any, lang: str) -> None:
    styles = d.styles
    normal = styles["Normal"]
    _set_fonts(normal, lang, 10.5)
    normal.paragraph_format.space_after = Pt(5)
    normal.paragraph_format.line_spacing = 1.1
    for name, size, align in (("Heading 1", 14.5, WD_ALIGN_PARAGRAPH.CENTER),
                              ("Heading 2", 11.5, None), ("Heading 3", 10.5, None),
                              ("Title", 15, WD_ALIGN_PARAGRAPH.CENTER)):
        st = styles[name]
        _set_fonts(st, lang, size, bold=True, color=ACCENT if name != "Heading 3" else INK)
        st.font.italic = False
        st.paragraph_format.keep_with_next = True
        st.paragraph_format.space_before = Pt(12 if name != "Heading 3" else 7)
        st.paragraph_format.space_after = Pt(5)
        if align is not None:
            st.paragraph_format.alignment = align
    for name, size in (("MLA Address", 10.5), ("MLA Note", 9.5), ("MLA Small", 8.5),
                       ("MLA Label", 10.5), ("MLA Cell", 9.5), ("MLA Header", HEADER_SIZE)):
        st = styles.add_style(name, 1)  # paragraph style
        st.base_style = normal
        _set_fonts(st, lang, size)
        st.paragraph_format.space_after = Pt(0 if name in ("MLA Address", "MLA Header") else 2)
    styles["MLA Note"].paragraph_format.left_indent = Mm(4)
    styles["MLA Label"].paragraph_format.keep_with_next = True
    for name in ("List Bullet", "List Number"):
        _set_fonts(styles[name], lang, 10.5)


class _Writer:
    def __init__(self, d: Any, lang: str, style_ids: dict[str, str]) -> None:
        self.d = d
        self.lang = lang
        # python-docx resolves a style name by scanning every style: looked up once per lang
        self.style_ids = style_ids
        self.justify = True  # body text; not in narrow bilingual columns
        self.width = _usable_width(d)  # of the current container (EMU)
        self.body = d._body._element
        self.sect_pr = self.body.sectPr  # body paragraphs go before it

    def set_style(self, p: Any, style: str) -> None:
        if style == "Normal":
            return
        if p._p.pPr is not None:
            p._p.style = self.style_ids[style]
            return
        p._p.insert(0, deepcopy(_ppr_template(self.style_ids[style])))

    def add_paragraph(self, container: Any, style: str = "Normal",
                      formats: tuple[tuple[str, Any], ...] = ()) -> DocxParagraph:
        """A new paragraph at the end of `container` (the document or a cell) in `style`,
        with the paragraph `formats` (see `_p_template`): python-docx's add_paragraph looks
        for the body's w:sectPr anew for each paragraph."""
        p = deepcopy(_p_template(None if style == "Normal" else self.style_ids[style], formats))
        element = container._body._element if container is self.d else container._element
        if element is self.body and self.sect_pr is not None:
            self.sect_pr.addprevious(p)
        else:
            element.append(p)
        return DocxParagraph(p, container)

    def add_table(self, container: Any, rows: int, cols: int) -> Any:
        """A new table in `container`; in the body without Document.add_table, which looks
        up the (unparsed, see _UNCHANGED_PARTS) styles part to set no style."""
        if container is self.d:
            return self.d._body.add_table(rows, cols, self.d._block_width)
        return container.add_table(rows, cols)

    def paragraph(self, container: Any, runs: Sequence[Run], style: str,
                  formats: tuple[tuple[str, Any], ...] = ()) -> Any:
        p = self.add_paragraph(container, style, formats)
        docx_text.add_runs(p, runs)
        return p

    def blocks(self, container: Any, blocks: Sequence[Block]) -> None:
        for b in blocks:
            self.block(container, b)

    def block(self, container: Any, b: Block) -> None:
        if isinstance(b, Heading):
            self.paragraph(container, b.runs, f"Heading {min(max(b.level, 1), 3)}")
        elif isinstance(b, Paragraph):
            self.para(container, b)
        elif isinstance(b, ListBlock):
            self.list_block(container, b)
        elif isinstance(b, Table):
            self.table(container, b)
        elif isinstance(b, SignatureBlock):
            self.signature(container, b)
        elif isinstance(b, PageBreak):
            self.add_paragraph(container).add_run().add_break(WD_BREAK.PAGE)
        elif isinstance(b, Columns):
            self.columns(container, b)
        else:
            raise TypeError(f"unknown block {type(b).__name__}")

    def para(self, container: Any, b: Paragraph, style: str | None = None) -> Any:
        name = style or {"address": "MLA Address", "note": "MLA Note", "small": "MLA Small",
                         "label": "MLA Label", "title": "Title"}.get(b.style, "Normal")
        formats: tuple[tuple[str, Any], ...] = ()
        if b.style in _ALIGN and style is None and (self.justify or b.style != "body"):
            formats += (("alignment", _ALIGN[b.style]),)
        if b.style == "right":  # the reference and date lines of the letterhead
            formats += (("space_before", Pt(4)), ("space_after", Pt(0)))
        return self.paragraph(container, b.runs, name, formats)

    def list_block(self, container: Any, b: ListBlock) -> None:
        for n, item in enumerate(b.items, start=1):
            for i, para in enumerate(item):
                if b.ordered:
                    runs = [Run(f"{n}.\t", self.lang), *para.runs] if i == 0 else para.runs
                    p = self.paragraph(container, runs, "Normal")
                    p.paragraph_format.left_indent = Mm(7)
                    if i == 0:
                        p.paragraph_format.first_line_indent = Mm(-7)
                        p.paragraph_format.tab_stops.add_tab_stop(Mm(7))
                elif i == 0:
                    self.paragraph(container, para.runs, "List Bullet")
                else:
                    p = self.paragraph(container, para.runs, "Normal")
                    p.paragraph_format.left_indent = Mm(6.3)

    def table(self, container: Any, t: Table) -> None:
        if not t.rows:
            return
        ncols = max((len(r) for r in t.rows), default=1)
        table = self.add_table(container, len(t.rows), ncols)
        table._tbl.tblStyle_val = self.style_ids["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        width = self.width
        rel = t.widths if t.widths and len(t.widths) == ncols else [1.0] * ncols
        widths = [int(width * w / sum(rel)) for w in rel]
        table.autofit = False
        for col, w in zip(table.columns, widths, strict=True):
            col.width = w  # w:gridCol, which LibreOffice follows
        for r, (row, tr) in enumerate(zip(t.rows, table._tbl.tr_lst, strict=True)):
            cells = [_Cell(tc, table) for tc in tr.tc_lst]  # no merged cells; O(1) per row
            if r < t.header_rows:
                _repeat_header(tr)
            for c in range(ncols):
                cell = cells[c]
                cell.width = widths[c]
                content = row[c] if c < len(row) else []
                for i, para in enumerate(content):
                    runs = para.runs
                    if r < t.header_rows or (t.header_rows == 0 and ncols == 2 and c == 0):
                        _shade(cell)
                    if r < t.header_rows:
                        runs = [Run(x.text, x.lang, True, x.italic, x.underline) for x in runs]
                    if i == 0:
                        p = _first_paragraph(cell)
                        self.set_style(p, "MLA Cell")
                    else:
                        p = self.add_paragraph(cell, "MLA Cell")
                    docx_text.add_runs(p, runs)
                if not content:
                    self.set_style(_first_paragraph(cell), "MLA Cell")
        # a cell must end with a paragraph; in the body it separates the table from what follows
        self.add_paragraph(container, "MLA Small")

    def signature(self, container: Any, b: SignatureBlock) -> None:
        """The signature block in a borderless one-cell table whose row may not break across
        pages (w:cantSplit), its lines kept together and with the next: place and date, the
        room for the signature and seal (`SEAL_SPACE_MM`), the line, the signatory."""
        table = self.add_table(container, 1, 1)
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        table.autofit = False
        tbl_pr = table._tbl.tblPr
        borders = OxmlElement("w:tblBorders")
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            SubElement(borders, qn(f"w:{side}")).set(qn("w:val"), "nil")
        later = next((tbl_pr.find(qn(f"w:{t}")) for t in _AFTER_BORDERS
                      if tbl_pr.find(qn(f"w:{t}")) is not None), None)
        if later is not None:  # the schema's order (Word refuses others)
            later.addprevious(borders)
        else:
            tbl_pr.append(borders)
        tr = table._tbl.tr_lst[0]
        SubElement(tr.get_or_add_trPr(), qn("w:cantSplit")).set(qn("w:val"), "true")
        cell = _Cell(tr.tc_lst[0], table)
        table.columns[0].width = cell.width = self.width
        for i, line in enumerate(b.lines):
            formats: tuple[tuple[str, Any], ...] = (
                ("keep_with_next", i < len(b.lines) - 1), ("keep_together", True))
            if is_signature_line(line):  # signature and seal
                formats += (("space_before", Mm(SEAL_SPACE_MM)),)
            if i == 0:
                p = _first_paragraph(cell)
                self.set_style(p, "MLA Address")
                docx_text.add_runs(p, line)
                p.paragraph_format.space_before = Pt(16)
                for name, value in formats:
                    setattr(p.paragraph_format, name, value)
            else:
                self.paragraph(cell, line, "MLA Address", formats)
        # a cell must end with a paragraph; in the body it separates the table from what follows
        self.add_paragraph(container, "MLA Small")

    def columns(self, container: Any, c: Columns) -> None:
        n = max(len(c.columns), 1)
        rows = c.rows()
        table = self.add_table(container, len(rows), n)
        width = self.width // n
        table.autofit = False
        for column in table.columns:
            column.width = width
        for r, row in enumerate(rows):
            for i, blocks in enumerate(row):
                cell = table.rows[r].cells[i]
                cell.width = width
                first = cell.paragraphs[0]
                outer = self.width
                self.justify, self.width = False, width - int(Mm(2.5))  # minus cell margins
                try:
                    self.blocks(cell, blocks)
                finally:
                    self.justify, self.width = True, outer
                if len(cell.paragraphs) > 1 and not first.text:
                    first._element.getparent().remove(first._element)


#: what follows w:tblBorders in a w:tblPr (ECMA-376 order)
_AFTER_BORDERS = ("shd", "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription")


@lru_cache(maxsize=64)
def _ppr_template(style_id: str) -> Any:
    ppr = OxmlElement("w:pPr")
    SubElement(ppr, qn("w:pStyle")).set(qn("w:val"), style_id)
    return ppr


@lru_cache(maxsize=256)
def _p_template(style_id: str | None, formats: tuple[tuple[str, Any], ...] = ()) -> Any:
    """An empty w:p in the style (None: Normal) with the paragraph `formats` (python-docx
    ParagraphFormat properties and values, set in order), copied for each new paragraph:
    python-docx finds each property's place among some 30 possible siblings on every set."""
    p = OxmlElement("w:p")
    if style_id is not None:
        p.append(deepcopy(_ppr_template(style_id)))
    paragraph_format = DocxParagraph(p, None).paragraph_format
    for name, value in formats:
        setattr(paragraph_format, name, value)
    return p


_P = qn("w:p")


def _first_paragraph(cell: Any) -> DocxParagraph:
    """`cell.paragraphs[0]`, without making a Paragraph of every paragraph in the cell."""
    return DocxParagraph(cell._tc.find(_P), cell)


def _usable_width(d: Any) -> int:
    s = d.sections[0]
    return int(s.page_width - s.left_margin - s.right_margin)


def _repeat_header(tr: Any) -> None:
    tr_pr = tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def _shade(cell: Any) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    if tc_pr.find(qn("w:shd")) is not None:
        return
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), "EEF1F4")
    tc_pr.append(shd)


def _field(paragraph: Any, instr: str, placeholder: str, lang: str) -> None:
    """A simple field (PAGE, NUMPAGES) whose result run has our fonts, size and language."""
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), instr)
    r = OxmlElement("w:r")
    r.append(docx_text.run_properties(placeholder, lang, HEADER_SIZE))
    t = OxmlElement("w:t")
    t.text = placeholder
    r.append(t)
    fld.append(r)
    paragraph._p.append(fld)


def _confidential_line(writer: _Writer, paragraph: Any, doc: Document) -> None:
    """The confidentiality mark, centred, bold, in the marking colour."""
    writer.set_style(paragraph, "MLA Header")
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    before = len(paragraph.runs)
    docx_text.add_runs(paragraph, [Run(doc.confidential, doc.lang, bold=True)])
    for run in paragraph.runs[before:]:
        run.font.color.rgb = MARK


def _header_footer(d: Any, doc: Document, writer: _Writer) -> None:
    section = d.sections[0]
    if doc.confidential:  # classification marks go at the top and the foot of every page
        _confidential_line(writer, section.header.paragraphs[0], doc)
        section.header.add_paragraph()
    header = section.header.paragraphs[-1]
    writer.set_style(header, "MLA Header")
    header.paragraph_format.tab_stops.add_tab_stop(_usable_width(d), WD_TAB_ALIGNMENT.RIGHT)
    if doc.reference:
        docx_text.add_runs(header, [Run(doc.reference, "en")])
    if doc.marking:
        _watermark(header, doc)
        header.add_run("\t")
        before = len(header.runs)
        docx_text.add_runs(header, [Run(doc.marking, doc.lang, bold=True)])
        for run in header.runs[before:]:
            run.font.color.rgb = MARK
    footer = section.footer.paragraphs[0]
    writer.set_style(footer, "MLA Header")
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    label = doc.page_label
    for piece in re.split(r"(%\(page\)s|%\(pages\)s)", label):
        if piece == "%(page)s":
            _field(footer, "PAGE", "1", doc.lang)
        elif piece == "%(pages)s":
            _field(footer, "NUMPAGES", "1", doc.lang)
        elif piece:
            docx_text.add_runs(footer, [Run(piece, doc.lang)], size_pt=HEADER_SIZE)
    if doc.confidential:
        _confidential_line(writer, section.footer.add_paragraph(), doc)


_VML = "urn:schemas-microsoft-com:vml"
_OFFICE = "urn:schemas-microsoft-com:office:office"
#: VML's "plain text" WordArt shape type, as Word writes it with a watermark (fixed markup)
_TEXT_SHAPE_TYPE = (
    f'<v:shapetype xmlns:v="{_VML}" xmlns:o="{_OFFICE}" id="_x0000_t136"'
    ' coordsize="21600,21600" o:spt="136" adj="10800" path="m@7,l@8,m@5,21600l@6,21600e">'
    "<v:formulas>" + "".join(f'<v:f eqn="{eqn}"/>' for eqn in (
        "sum #0 0 10800", "prod #0 2 1", "sum 21600 0 @1", "sum 0 0 @2", "sum 21600 0 @3",
        "if @0 @3 0", "if @0 21600 @1", "if @0 0 @2", "if @0 @4 21600", "mid @5 @6",
        "mid @8 @5", "mid @7 @8", "mid @6 @7", "sum @6 0 @5")) + "</v:formulas>"
    '<v:path textpathok="t" o:connecttype="custom"'
    ' o:connectlocs="@9,0;@10,10800;@11,21600;@12,10800" o:connectangles="270,180,90,0"/>'
    '<v:textpath on="t" fitshape="t"/>'
    '<v:handles><v:h position="#0,bottomRight" xrange="6629,14971"/></v:handles>'
    '<o:lock v:ext="edit" text="t" shapetype="t"/></v:shapetype>')
#: the page's usable width (A4 less the margins), in points: the turned marking's length
_WATERMARK_LENGTH = 450


def _watermark(paragraph: DocxParagraph, doc: Document) -> None:
    """The marking (DRAFT / TRAINING / UNTRANSLATED TEXT) across every page, turned 45
    degrees and pale, as the PDF has it: Word's own watermark (a VML text path in the page
    header, which Word's Design › Watermark recognises and LibreOffice shows)."""
    text = " ".join(doc.marking.split())
    scripts = {script for script, _seg in split_by_script(text, doc.lang)}
    script = next((s for s in scripts if s != LATIN), LATIN)
    family = FONTS.get(script, FONTS[LATIN]).family
    # a text path stretches its text to the shape: keep the proportions of the letters
    per_char = 0.75 if script in SPACELESS else 0.6
    height = max(24, min(110, round(_WATERMARK_LENGTH / (per_char * max(len(text), 1)))))
    pict = OxmlElement("w:pict")
    pict.append(etree.fromstring(_TEXT_SHAPE_TYPE))
    shape = SubElement(pict, f"{{{_VML}}}shape", nsmap={"v": _VML, "o": _OFFICE})
    shape.set("id", "PowerPlusWaterMarkObject1")
    shape.set(f"{{{_OFFICE}}}spid", "_x0000_s2049")
    shape.set("type", "#_x0000_t136")
    shape.set("style", f"position:absolute;margin-left:0;margin-top:0;"
              f"width:{_WATERMARK_LENGTH}pt;height:{height}pt;rotation:315;"
              "z-index:-251657216;mso-position-horizontal:center;"
              "mso-position-horizontal-relative:margin;mso-position-vertical:center;"
              "mso-position-vertical-relative:margin")
    shape.set(f"{{{_OFFICE}}}allowincell", "f")
    shape.set("fillcolor", "#b31a1a")
    shape.set("stroked", "f")
    SubElement(shape, f"{{{_VML}}}fill", opacity="0.16")
    textpath = SubElement(shape, f"{{{_VML}}}textpath")
    textpath.set("style", f'font-family:"{family}";font-size:1pt')
    textpath.set("string", text)  # an attribute value: lxml escapes it
    run = paragraph.add_run()
    run._r.append(pict)


def _prop(text: str) -> str:
    """Core properties hold at most 255 characters on one line."""
    text = " ".join(text.split())
    return text if len(text) <= 255 else text[:254] + "\u2026"


def _core_properties(d: Any, doc: Document) -> None:
    cp = d.core_properties
    cp.title = _prop(doc.title)
    cp.subject = _prop(doc.subject)
    cp.author = _prop(doc.author)
    cp.last_modified_by = _prop(doc.author)
    cp.language = _prop(doc.lang)
    cp.keywords = _prop(f"{doc.template} {doc.template_version}")
    cp.comments = "Produced by mla-writer"
    cp.category = _prop(doc.marking)
    cp.revision = 1
    when = (doc.created or dt.datetime(2000, 1, 1, tzinfo=dt.UTC)).astimezone(dt.UTC)
    cp.created = when.replace(tzinfo=None)
    cp.modified = when.replace(tzinfo=None)
    cp.last_printed = when.replace(tzinfo=None)


def _stamp(when: dt.datetime | None) -> tuple[int, int, int, int, int, int]:
    t = (when or dt.datetime(2000, 1, 1)).timetuple()[:6]
    return (max(t[0], 1980), *t[1:])  # type: ignore[return-value]


@dataclass(frozen=True)
class _Deflated:
    """A part's bytes and the deflated form zipfile would write for them."""

    blob: bytes
    crc: int
    data: bytes

    @classmethod
    def of(cls, blob: bytes) -> _Deflated:
        c = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)  # as zipfile
        return cls(blob, zlib.crc32(blob), c.compress(blob) + c.flush())


class _StableZipWriter:
    """python-docx's physical package writer, with one fixed timestamp on every entry; parts
    given in `ready` (the unchanged parts of the base document) are not compressed again."""

    def __init__(self, fileobj: io.BytesIO, when: dt.datetime | None,
                 ready: dict[str, _Deflated] | None = None) -> None:
        self._zipf = zipfile.ZipFile(fileobj, "w", zipfile.ZIP_DEFLATED)
        self._stamp = _stamp(when)
        self._ready = ready or {}

    def write(self, pack_uri: Any, blob: bytes) -> None:
        info = zipfile.ZipInfo(pack_uri.membername, date_time=self._stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        ready = self._ready.get(pack_uri.membername)
        if ready is not None and ready.blob is blob and self._write_deflated(info, ready):
            return
        self._zipf.writestr(info, blob)

    def _write_deflated(self, info: zipfile.ZipInfo, ready: _Deflated) -> bool:
        """Write an entry whose deflated data is known, the bytes `writestr` would write.
        Uses ZipFile internals (stable since Python 3.6); False (nothing written) without."""
        zf = self._zipf
        if not all(hasattr(zf, a) for a in ("fp", "start_dir", "_writecheck", "filelist",
                                            "NameToInfo")):
            return False
        info.file_size, info.compress_size, info.CRC = (len(ready.blob), len(ready.data),
                                                        ready.crc)
        info.flag_bits = 0
        zf.fp.seek(zf.start_dir)
        info.header_offset = zf.fp.tell()
        zf._writecheck(info)
        zf._didModify = True
        zf.fp.write(info.FileHeader(False))
        zf.fp.write(ready.data)
        zf.filelist.append(info)
        zf.NameToInfo[info.filename] = info
        zf.start_dir = zf.fp.tell()
        return True

    def close(self) -> None:
        self._zipf.close()


def _save_stable(d: Any, when: dt.datetime | None,
                 ready: dict[str, _Deflated] | None = None) -> bytes:
    """Serialise the package with fixed zip timestamps (python-docx stamps 'now')."""
    pkg = d.part.package
    parts = list(pkg.parts)
    for part in parts:
        part.before_marshal()
    buf = io.BytesIO()
    writer = _StableZipWriter(buf, when, ready)
    PackageWriter._write_content_types_stream(writer, parts)
    PackageWriter._write_pkg_rels(writer, pkg.rels)
    PackageWriter._write_parts(writer, parts)
    writer.close()
    return buf.getvalue()


_APP_XML = (b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
            b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
            b'extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/'
            b'2006/docPropsVTypes"><Application>mla-writer</Application>'
            b"<DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
            b"<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
            b"<HyperlinksChanged>false</HyperlinksChanged></Properties>")
#: w:settings children that come before w:embedTrueTypeFonts (CT_Settings order)
_SETTINGS_BEFORE_EMBED = ("w:writeProtection", "w:view", "w:zoom", "w:removePersonalInformation",
                          "w:removeDateAndTime", "w:doNotDisplayPageBoundaries",
                          "w:displayBackgroundShape", "w:printPostScriptOverText",
                          "w:printFractionalCharacterWidth", "w:printFormsData")


def _setup_package(d: Any) -> None:
    """Package-wide parts: the application is mla-writer (python-docx's template says
    Microsoft Word and carries another document's thumbnail), and Word keeps the embedded
    fonts when the user saves (w:embedTrueTypeFonts, w:saveSubsetFonts)."""
    pkg = d.part.package
    for rel in list(pkg.rels.values()):
        if rel.reltype == RT.THUMBNAIL:
            del pkg.rels[rel.rId]
        elif rel.reltype == RT.EXTENDED_PROPERTIES:
            rel.target_part._blob = _APP_XML
    settings = d.settings.element
    before = {qn(t) for t in _SETTINGS_BEFORE_EMBED}
    at = max((i + 1 for i, child in enumerate(settings) if child.tag in before), default=0)
    for offset, tag in enumerate(("w:embedTrueTypeFonts", "w:saveSubsetFonts")):
        if settings.find(qn(tag)) is None:
            settings.insert(at + offset, OxmlElement(tag))


def _embed_fonts(d: Any) -> dict[str, _Deflated]:
    """Embed the faces the document's text needs (docx_fonts) in its font table; returns
    the font parts' deflated data, by zip member name (ready to write)."""
    texts = [t.text or "" for t in d.element.iter(qn("w:t"))]
    for rel in d.part.rels.values():
        if rel.reltype in (RT.HEADER, RT.FOOTER):
            texts += [t.text or "" for t in rel.target_part.element.iter(qn("w:t"))]
            texts += [t.get("string", "") for t in rel.target_part.element.iter(
                f"{{{_VML}}}textpath")]
    faces = docx_fonts.faces_for(texts)
    if not faces:
        return {}
    table_part = d.part.part_related_by(RT.FONT_TABLE)
    table = etree.fromstring(table_part.blob)
    ready = {}
    for n, face in enumerate(faces, 1):
        font_part = Part(PackURI(f"/word/fonts/font{n}.odttf"), docx_fonts.CT_FONT, face.data,
                         d.part.package)
        r_id = table_part.relate_to(font_part, docx_fonts.RT_FONT)
        font = next((f for f in table.findall(qn("w:font"))
                     if f.get(qn("w:name")) == face.family), None)
        if font is None:
            font = SubElement(table, qn("w:font"))
            font.set(qn("w:name"), face.family)
            SubElement(font, qn("w:charset")).set(qn("w:val"), "00")
            SubElement(font, qn("w:family")).set(qn("w:val"), "swiss")
            SubElement(font, qn("w:pitch")).set(qn("w:val"), "variable")
        embed = SubElement(font, qn(f"w:{face.slot}"))
        embed.set(qn("r:id"), r_id)
        embed.set(qn("w:fontKey"), face.key)
        if face.subsetted:
            embed.set(qn("w:subsetted"), "1")
        ready[font_part.partname.membername] = _deflated_face(face.data)
    table_part._blob = etree.tostring(table, xml_declaration=True, encoding="UTF-8",
                                      standalone=True)
    return ready


@lru_cache(maxsize=16)
def _deflated_face(data: bytes) -> _Deflated:
    return _Deflated.of(data)


@lru_cache(maxsize=8)
def _base_document(lang: str) -> tuple[bytes, dict[str, str]]:
    """An empty A4 document with our styles for `lang`, and its style ids by style name
    (set up once, reopened per document; kept in the cache folder for the next process, as
    python-docx takes a while to open its default template and restyle it)."""
    path = _base_cache_path(lang)
    raw = cachefiles.read(path) if path is not None else None
    if raw is not None:
        found = _unpack_base(raw)
        if found is not None:
            return found
    made = _make_base_document(lang)
    if path is not None:
        body, ids = made
        header = {"sha256": hashlib.sha256(body).hexdigest(), "styles": ids}
        cachefiles.write(path, json.dumps(header).encode() + b"\n" + body)
    return made


def _base_cache_path(lang: str) -> Path | None:
    stamp = "\n".join([cachefiles.source_stamp("render", "i18n"), lang, docx.__version__,
                       etree.__version__, zlib.ZLIB_RUNTIME_VERSION])  # its deflated parts
    folder = cachefiles.folder("docx-base")
    key = hashlib.sha256(stamp.encode()).hexdigest()
    return folder / f"{key}.docx-base" if folder is not None else None


def _unpack_base(raw: bytes) -> tuple[bytes, dict[str, str]] | None:
    """(document bytes, style ids) of a cache entry; None when it is damaged."""
    head, _sep, body = raw.partition(b"\n")
    try:
        header = json.loads(head)
        ids = header["styles"]
        if header["sha256"] != hashlib.sha256(body).hexdigest() or not isinstance(ids, dict) \
                or not all(isinstance(k, str) and isinstance(v, str) for k, v in ids.items()):
            return None
    except (ValueError, KeyError, TypeError):
        return None
    return body, ids


def _make_base_document(lang: str) -> tuple[bytes, dict[str, str]]:
    d = docx.Document()
    section = d.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(25)
    section.top_margin, section.bottom_margin = Mm(24), Mm(22)
    section.header_distance, section.footer_distance = Mm(10), Mm(10)
    _setup_styles(d, lang)
    _setup_defaults(d, lang)
    _setup_package(d)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue(), {s.name: s.style_id for s in d.styles}


#: parts of the base document that writing a document never changes: they are kept as bytes
#: instead of being parsed (styles.xml alone is some 350 KB of XML) and written back as read
_UNCHANGED_PARTS = frozenset({
    "/word/styles.xml", "/word/stylesWithEffects.xml", "/word/settings.xml",
    "/word/numbering.xml", "/word/fontTable.xml", "/word/webSettings.xml",
    "/word/theme/theme1.xml"})


@lru_cache(maxsize=8)
def _unchanged_parts(lang: str) -> dict[str, _Deflated]:
    """The unchanged parts of the base document for `lang`, by zip member name, deflated.

    python-docx wrote the base with zipfile's default deflate, the same `_Deflated.of` uses:
    a member's deflated bytes are taken from the base as they are (inflated once, to check
    them and for the part's blob) instead of being deflated again, some 10 ms per language
    (tests/render/test_docx_base_cache.py compares the two)."""
    raw = _base_document(lang)[0]
    with zipfile.ZipFile(io.BytesIO(raw)) as z:
        return {name[1:]: _stored_deflated(z, raw, name[1:]) for name in _UNCHANGED_PARTS
                if name[1:] in z.NameToInfo}


def _stored_deflated(z: zipfile.ZipFile, raw: bytes, member: str) -> _Deflated:
    """The member's bytes and its deflated form as stored in the zip `raw` (deflated anew
    when it is stored otherwise)."""
    info = z.NameToInfo[member]
    start = info.header_offset
    name_len, extra_len = struct.unpack("<HH", raw[start + 26:start + 30])
    data_start = start + 30 + name_len + extra_len
    data = raw[data_start:data_start + info.compress_size]
    if info.compress_type == zipfile.ZIP_DEFLATED and not info.flag_bits & 0x8 and \
            raw[start:start + 4] == b"PK\x03\x04" and len(data) == info.compress_size:
        try:
            blob = zlib.decompress(data, -15)
        except zlib.error:
            blob = b""
        if len(blob) == info.file_size and zlib.crc32(blob) == info.CRC:
            return _Deflated(blob, info.CRC, data)
    return _Deflated.of(z.read(member))


def _open_base(lang: str) -> Any:
    """The base document as a python-docx Document (what `docx.Document(...)` does, with the
    parts in _UNCHANGED_PARTS left as the bytes of `_unchanged_parts`, unparsed)."""
    unchanged = _unchanged_parts(lang)

    def factory(partname: Any, content_type: str, reltype: str, blob: bytes,
                package: Any) -> Any:
        ready = unchanged.get(partname[1:])
        if ready is not None:
            return Part.load(partname, content_type, ready.blob, package)
        return PartFactory(partname, content_type, reltype, blob, package)

    package = Package()
    Unmarshaller.unmarshal(_base_reader(lang), package, factory)
    return package.main_document_part.document


@lru_cache(maxsize=8)
def _base_reader(lang: str) -> PackageReader:
    """The base document's zip read once per language: python-docx's PackageReader is
    read-only (part names, content types, relationships and bytes), and every document
    makes its own parts from it (`_open_base`), so it is not inflated again per document."""
    return PackageReader.from_file(io.BytesIO(_base_document(lang)[0]))


def render_docx(doc: Document) -> bytes:
    """The DOCX bytes of `doc` (byte-stable for a fixed `doc.created`)."""
    _base, style_ids = _base_document(doc.lang)
    d = _open_base(doc.lang)
    writer = _Writer(d, doc.lang, style_ids)
    _header_footer(d, doc, writer)
    _core_properties(d, doc)
    writer.blocks(d, doc.blocks)
    fonts = _embed_fonts(d)
    return _save_stable(d, doc.created, {**_unchanged_parts(doc.lang), **fonts})


def write_docx(doc: Document, path: str | Path) -> None:
    """Write `doc` as DOCX to `path` atomically."""
    atomic_write_bytes(path, render_docx(doc))
