"""The PDF writer: the document model as an A4 reportlab (platypus) document.

All text goes through `pdf_text.paragraph` (per-script fonts, shaping, extraction); this module
only lays out blocks, and draws the header (reference, marking), the footer (page X of Y) and,
for drafts and training cases, a diagonal marking on every page.
"""

from __future__ import annotations

# isort: off
from . import reportlab_start  # noqa: F401  (first: reportlab loads without its start-up cost)
# isort: on
import contextlib
import dataclasses
import datetime as dt
import io
import math
import select
from collections.abc import Callable, Sequence
from functools import cache, partial
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    ListFlowable,
    ListItem,
    PageTemplate,
    Spacer,
)
from reportlab.platypus import PageBreak as RLPageBreak
from reportlab.platypus import Table as RLTable
from reportlab.platypus.tables import TableStyle

from ..atomicfile import atomic_write_bytes
from . import pdf_text, pdf_warm_up
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
from .linebreak import line_segments
from .pdf_signature import RecordingText, SignatureField, SignatureLineMark, SignatureRecorder
from .pdf_text_hooks import hidden_from_extraction
from .scripts import LANG_SCRIPT, LATIN, font_for_script, lang_base, split_by_script

MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 25 * mm, 24 * mm, 22 * mm
INK = colors.HexColor("#1a1a1a")
ACCENT = colors.HexColor("#1f3a5f")
RULE = colors.HexColor("#9aa5b1")
SHADE = colors.HexColor("#eef1f4")
MARK = colors.HexColor("#b00020")
WATERMARK_MARGIN = 12 * mm  # between the turned marking and the page edges
WATERMARK_ANGLE = 45  # degrees


@cache
def _styles() -> dict[str, ParagraphStyle]:
    """The paragraph styles, made once (every paragraph reuses their prepared variants)."""
    regular = pdf_text.base_font_name()
    bold = pdf_text.base_font_name(bold=True)
    body = ParagraphStyle("body", fontName=regular, fontSize=10.5, leading=14.5, spaceAfter=5,
                          textColor=INK, alignment=TA_JUSTIFY)
    return {
        "body": body,
        "address": ParagraphStyle("address", parent=body, spaceAfter=0, alignment=TA_LEFT),
        "right": ParagraphStyle("right", parent=body, alignment=TA_RIGHT, spaceBefore=4,
                                spaceAfter=0),
        "center": ParagraphStyle("center", parent=body, alignment=TA_CENTER),
        "label": ParagraphStyle("label", parent=body, spaceAfter=2),
        "small": ParagraphStyle("small", parent=body, fontSize=8.5, leading=11),
        "note": ParagraphStyle("note", parent=body, fontSize=9.5, leading=13, leftIndent=12,
                               textColor=colors.HexColor("#333333")),
        "title": ParagraphStyle("title", parent=body, fontName=bold, fontSize=15, leading=19,
                                alignment=TA_CENTER, spaceBefore=10, spaceAfter=12),
        "cell": ParagraphStyle("cell", parent=body, fontSize=9.5, leading=12.5, spaceAfter=2,
                               alignment=TA_LEFT),
        "h1": ParagraphStyle("h1", parent=body, fontName=bold, fontSize=14.5, leading=19,
                             alignment=TA_CENTER, spaceBefore=14, spaceAfter=12,
                             textColor=ACCENT),
        "h2": ParagraphStyle("h2", parent=body, fontName=bold, fontSize=11.5, leading=15,
                             spaceBefore=12, spaceAfter=5, alignment=TA_LEFT,
                             textColor=ACCENT),
        "h3": ParagraphStyle("h3", parent=body, fontName=bold, fontSize=10.5, leading=14,
                             spaceBefore=7, spaceAfter=3, alignment=TA_LEFT),
        "header": ParagraphStyle("header", parent=body, fontSize=8, leading=10,
                                 alignment=TA_LEFT, textColor=colors.HexColor("#555555")),
        "marking": ParagraphStyle("marking", parent=body, fontSize=8, leading=10,
                                  alignment=TA_RIGHT, textColor=MARK),
        "confidential": ParagraphStyle("confidential", parent=body, fontSize=8, leading=10,
                                       alignment=TA_CENTER, textColor=MARK),
        "footer": ParagraphStyle("footer", parent=body, fontSize=8, leading=10,
                                 alignment=TA_CENTER, textColor=colors.HexColor("#555555")),
        "watermark": ParagraphStyle("watermark", parent=body, fontName=regular, fontSize=64,
                                    leading=70, alignment=TA_CENTER,
                                    textColor=colors.Color(0.7, 0.1, 0.1, alpha=0.12)),
    }


@cache
def _column_styles() -> dict[str, ParagraphStyle]:
    """The styles for narrow columns: justified text gapes there, so it is set flush left."""
    return {k: ParagraphStyle(f"{k}-col", parent=v, alignment=TA_LEFT)
            if v.alignment == TA_JUSTIFY else v for k, v in _styles().items()}


def _bold(runs: Sequence[Run]) -> list[Run]:
    return [dataclasses.replace(r, bold=True) for r in runs]


CELL_PADDING = 5


def _longest_word(flow: Any) -> float:
    """Width of the widest piece of `flow` that has no line-break opportunity inside."""
    words = [w for w in getattr(flow, "frags", ()) if isinstance(w, list)]
    indent = getattr(flow.style, "leftIndent", 0) + getattr(flow.style, "rightIndent", 0)
    # shaping (kerning, marks) can make a word a little wider than its measured width
    return max((w[0] for w in words), default=0) * 1.03 + 1 + indent


def _line_width(flow: Any) -> float:
    """Width of `flow` set on one line (its words and the spaces between them)."""
    words = [w for w in getattr(flow, "frags", ()) if isinstance(w, list)]
    space = 0.3 * flow.style.fontSize * sum(type(w).__name__ == "_HSFrag" for w in words[:-1])
    return sum(w[0] for w in words) * 1.03 + 1 + space


def column_widths(preferred: list[float], needed: list[float], width: float,
                  padding: float = 2 * CELL_PADDING) -> list[float]:
    """Column widths for a table `width` wide: the preferred (designed) widths, except that
    a column too narrow for its longest word gets the width that word needs and the other
    columns share what is left in their preferred proportions. When even that is impossible
    (a word wider than the table), the width is shared max-min fairly: the columns that need
    least (labels) get what they need, the others share the rest equally, never below
    `padding`; the over-long words then split."""
    if all(p >= n for p, n in zip(preferred, needed, strict=True)):
        return preferred
    if sum(needed) >= width:
        alloc = [0.0] * len(needed)
        rest = width
        order = sorted(range(len(needed)), key=lambda c: needed[c])
        for k, c in enumerate(order):
            alloc[c] = max(min(needed[c], rest / (len(needed) - k)), padding)
            rest -= alloc[c]
        return alloc
    fixed: set[int] = set()
    while True:
        free = [c for c in range(len(preferred)) if c not in fixed]
        rest = width - sum(needed[c] for c in fixed)
        share = rest / sum(preferred[c] for c in free)
        grow = {c for c in free if preferred[c] * share < needed[c]}
        if not grow:
            return [needed[c] if c in fixed else preferred[c] * share
                    for c in range(len(preferred))]
        fixed |= grow


class _Layout:
    """Turns blocks into flowables for a given frame width."""

    def __init__(self, styles: dict[str, ParagraphStyle], width: float,
                 scale: float = 1.0, mark_signature: bool = False) -> None:
        self.styles = styles
        self.width = width
        self.scale = scale  # of vertical spacing
        #: put markers around the signature line (an embedded signature goes beside it)
        self.mark_signature = mark_signature

    def para(self, p: Paragraph, style: str | None = None) -> Flowable:
        return pdf_text.paragraph(p.runs, self.styles[style or p.style])

    def blocks(self, blocks: Sequence[Block], width: float | None = None,
               in_table: bool = False) -> list[Flowable]:
        out: list[Flowable] = []
        for b in blocks:
            out.extend(self.block(b, width or self.width, in_table))
        return out

    def block(self, b: Block, width: float, in_table: bool = False) -> list[Flowable]:
        if isinstance(b, Heading):
            # a heading starts a new page unless a few lines of what follows fit under it
            # (keepWithNext would move a whole long paragraph and leave a gap)
            style = self.styles[f"h{min(b.level, 3)}"]
            head = pdf_text.paragraph(_bold(b.runs), style)
            return [head] if in_table else [CondPageBreak(style.leading * 2 + 60), head]
        if isinstance(b, Paragraph):
            if b.style == "label" and not in_table:
                return [CondPageBreak(50), self.para(b)]
            return [self.para(b)]
        if isinstance(b, ListBlock):
            return [self.list_block(b)]
        if isinstance(b, Table):
            return [self.table(b, width)] if b.rows else []
        if isinstance(b, SignatureBlock):
            lines: list[Flowable] = [Spacer(1, 16 * self.scale)]
            for line in b.lines:
                para = pdf_text.paragraph(line, self.styles["address"])
                if not is_signature_line(line):
                    lines.append(para)
                    continue
                lines.append(Spacer(1, SEAL_SPACE_MM * mm))  # signature and seal
                if self.mark_signature:
                    lines += [SignatureLineMark(True), para, SignatureLineMark(False)]
                else:
                    lines.append(para)
            return lines if in_table else [KeepTogether(lines)]
        if isinstance(b, PageBreak):
            return [RLPageBreak()]
        if isinstance(b, Columns):
            return [self.columns(b, width)]
        raise TypeError(f"unknown block {type(b).__name__}")

    def list_block(self, b: ListBlock) -> Flowable:
        items = [ListItem([self.para(p) for p in item]) for item in b.items]
        return ListFlowable(
            items, bulletType="1" if b.ordered else "bullet", start=1 if b.ordered else "•",
            bulletFormat="%s." if b.ordered else None, leftIndent=16, bulletFontSize=9.5,
            bulletFontName=pdf_text.base_font_name(), bulletColor=INK, spaceAfter=4)

    def table(self, t: Table, width: float) -> Flowable:
        ncols = max(len(r) for r in t.rows) if t.rows else 1
        rel = t.widths if t.widths and len(t.widths) == ncols else [1.0] * ncols
        data = []
        for i, row in enumerate(t.rows):
            cells: list[Any] = []
            for cell in row:
                paras = [pdf_text.paragraph(_bold(p.runs) if i < t.header_rows else p.runs,
                                            self.styles["cell"]) for p in cell]
                cells.append(paras or "")
            cells += [""] * (ncols - len(cells))
            data.append(cells)
        # a column needs room for its longest word, and for its heading on one line
        needed = [2 * CELL_PADDING + max(
            [_longest_word(f) for row in data for f in (row[c] or ())]
            + [_line_width(f) for row in data[:t.header_rows] for f in (row[c] or ())],
            default=0) for c in range(ncols)]
        col_widths = column_widths([width * w / sum(rel) for w in rel], needed, width)
        style = [
            ("FONTNAME", (0, 0), (-1, -1), pdf_text.base_font_name()),  # empty cells too
            ("GRID", (0, 0), (-1, -1), 0.4, RULE),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
            ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ]
        if t.header_rows:
            style.append(("BACKGROUND", (0, 0), (-1, t.header_rows - 1), SHADE))
        elif ncols == 2:
            style.append(("BACKGROUND", (0, 0), (0, -1), SHADE))  # label column
        return RLTable(data, colWidths=col_widths, repeatRows=t.header_rows,
                       style=TableStyle(style), hAlign="LEFT", spaceBefore=2, spaceAfter=6,
                       splitInRow=1)

    def columns(self, c: Columns, width: float) -> Flowable:
        n = max(len(c.columns), 1)
        gap = 6 * mm
        col_w = (width - gap * (n - 1)) / n
        narrow = _Layout(_column_styles(), col_w, mark_signature=self.mark_signature)
        rows = [[narrow.blocks(cell, col_w, in_table=True) for cell in row] for row in c.rows()]
        # each column's content gets col_w; the gap is the right padding of all but the last
        style = [("FONTNAME", (0, 0), (-1, -1), pdf_text.base_font_name()),
                 ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                 ("RIGHTPADDING", (0, 0), (-1, -1), gap),
                 ("RIGHTPADDING", (-1, 0), (-1, -1), 0)]
        return RLTable(rows, colWidths=[col_w + gap] * (n - 1) + [col_w],
                       style=TableStyle(style), hAlign="LEFT", splitInRow=1)


class _NumberedCanvas(Canvas):
    """Defers page decoration until the page count is known ("page X of Y"). With a
    `recorder`, also notes where each text run is drawn and writes the signature field on
    the last page."""

    def __init__(self, *args: Any, decorate: Callable[[Canvas, int, int], None],
                 created: dt.datetime | None, recorder: SignatureRecorder | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._saved_pages: list[dict[str, Any]] = []
        self._decorate = decorate
        self.signature_recorder = recorder
        if created is not None:
            stamp = created.astimezone(dt.UTC).strftime("D:%Y%m%d%H%M%S+00'00'")
            self.setDateFormatter(lambda *_a: stamp)

    def showPage(self) -> None:
        self._saved_pages.append(dict(self.__dict__))
        self._startPage()

    def beginText(self, x: float = 0, y: float = 0, direction: Any = None) -> Any:
        if self.signature_recorder is None:
            return super().beginText(x, y, direction)
        return RecordingText(self, x, y, direction)

    def drawText(self, aTextObject: Any) -> None:
        super().drawText(aTextObject)
        if self.signature_recorder is not None and isinstance(aTextObject, RecordingText):
            self.signature_recorder.drawn(self, aTextObject)

    def save(self) -> None:
        total = len(self._saved_pages)
        recorder = self.signature_recorder
        for state in self._saved_pages:
            self.__dict__.update(state)
            self._decorate(self, self._pageNumber, total)
            if recorder is not None and self._pageNumber == total:
                recorder.write_field(self, self._pageNumber, self._pagesize[0])
            super().showPage()
        super().save()


def _fit(text: str, width: float, size: float) -> str:
    """Cut `text` (with an ellipsis) so that it stays on one header line."""
    font = pdf_text.base_font_name()
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "\u2026", font, size) > width:
        text = text[:-1]
    return text + "\u2026"


def _page_label(doc: Document, page: int, total: int) -> str:
    try:
        return doc.page_label % {"page": page, "pages": total}
    except (KeyError, ValueError, TypeError):
        return f"{page} / {total}"


def _watermark(doc: Document, styles: dict[str, ParagraphStyle]) -> tuple[Flowable, float]:
    """The diagonal marking and its line width, in the largest size (at most the style's)
    whose lines (two at most) fit inside the page margins once turned by WATERMARK_ANGLE.
    Faces without a real bold are drawn regular: their imitated bold strokes the outlines."""
    runs = [Run(seg, doc.lang, bold=font_for_script(script).has_bold)
            for script, seg in split_by_script(doc.marking, doc.lang)]
    width, height = A4
    room_w, room_h = width - 2 * WATERMARK_MARGIN, height - 2 * WATERMARK_MARGIN
    cos, sin = math.cos(math.radians(WATERMARK_ANGLE)), math.sin(math.radians(WATERMARK_ANGLE))
    base = styles["watermark"]
    size = base.fontSize
    while True:
        style = ParagraphStyle(f"watermark-{size}", parent=base, fontSize=size,
                               leading=size * base.leading / base.fontSize)
        flow = pdf_text.paragraph(runs, style)
        two_lines = 2 * flow.style.leading
        line_width = min((room_w - two_lines * sin) / cos, (room_h - two_lines * cos) / sin)
        _, h = flow.wrap(line_width, height)
        widest = max(flow.getActualLineWidths0() or [0])
        # the turned block's bounding box: w cos + h sin wide, w sin + h cos high
        if (widest * cos + h * sin <= room_w and widest * sin + h * cos <= room_h) \
                or size <= 12:
            return flow, line_width
        size = round(size * 0.9, 1)


def _decorator(doc: Document, styles: dict[str, ParagraphStyle]) -> tuple[
        Callable[[Canvas, Any], None], Callable[[Canvas, int, int], None]]:
    """(what each page gets before its content, what it gets once the page count is known).

    The watermark and the header are drawn first, beneath the text; the footer ("page X of
    Y") last. All three are marked as pagination artifacts, so that text extraction keeps the
    body text together."""
    width, height = A4
    inner = width - 2 * MARGIN_X
    # the same on every page: built once, drawn on each page
    ref = mark = watermark = secret = None
    if doc.confidential:  # classification marks go at the top and the foot of every page
        secret = pdf_text.paragraph([Run(doc.confidential, doc.lang, bold=True)],
                                    styles["confidential"])
    if doc.reference:
        text = _fit(doc.reference, inner * 0.58, styles["header"].fontSize)
        ref = pdf_text.paragraph([Run(text, "en")], styles["header"])
    if doc.marking:
        mark = pdf_text.paragraph([Run(doc.marking, doc.lang, bold=True)], styles["marking"])
        watermark, mark_width = _watermark(doc, styles)

    def draw(flow: Flowable, canv: Canvas, x: float, y_top: float, w: float) -> None:
        _, h = flow.wrapOn(canv, w, 100)
        flow.drawOn(canv, x, y_top - h)

    def before(canv: Canvas, _doc: Any = None) -> None:
        canv.saveState()
        if watermark is not None:
            canv.saveState()
            alpha = styles["watermark"].textColor.alpha
            canv.setFillAlpha(alpha)
            canv.setStrokeAlpha(alpha)
            canv.translate(width / 2, height / 2)
            canv.rotate(WATERMARK_ANGLE)
            _, h = watermark.wrapOn(canv, mark_width, height)
            with hidden_from_extraction(canv, "Watermark"):
                watermark.drawOn(canv, -mark_width / 2, -h / 2)
            canv.restoreState()
        top = height - 12 * mm
        if secret is not None:
            draw(secret, canv, MARGIN_X, height - 6 * mm, inner)
        if ref is not None:
            draw(ref, canv, MARGIN_X, top, inner * 0.6)
        if mark is not None:
            draw(mark, canv, MARGIN_X + inner * 0.4, top, inner * 0.6)
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.4)
        canv.line(MARGIN_X, top - 12, width - MARGIN_X, top - 12)
        canv.restoreState()

    def after(canv: Canvas, page: int, total: int) -> None:
        canv.saveState()
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.4)
        canv.line(MARGIN_X, 15 * mm, width - MARGIN_X, 15 * mm)
        draw(pdf_text.paragraph([Run(_page_label(doc, page, total), doc.lang)],
                                styles["footer"]), canv, MARGIN_X, 13 * mm, inner)
        if secret is not None:
            draw(secret, canv, MARGIN_X, 8 * mm, inner)
        canv.restoreState()

    return before, after


#: templates whose document must fit on one page (the transmittal note): when the text does
#: not fit (Burmese needs tall lines), its body text is set a little smaller until it does
ONE_PAGE_TEMPLATES = frozenset({"transmittal"})
ONE_PAGE_SCALES = (1.0, 0.95, 0.9, 0.85)


def render_pdf(doc: Document, signature: SignatureField | None = None) -> bytes:
    """The PDF bytes of `doc` (deterministic for a fixed `doc.created`). With `signature`,
    the same document plus, in its one revision, a signature field beside the signature line
    (else at the foot of the last page) whose /Contents is reserved as zeros and whose
    /ByteRange already holds the file's real offsets (`signing.pdf_embed` fills it in).

    A one-page template is set in the largest of ONE_PAGE_SCALES whose layout fits one page.
    Whether a scale fits is found by laying its blocks out without drawing them (`_fits`):
    a scale that does not fit costs its line breaking only, and the scale that fits is then
    drawn from the same flowables, whose lines are already broken."""
    pdf_text.register_fonts()
    if doc.template not in ONE_PAGE_TEMPLATES:
        return _render(doc, _styles(), 1.0, signature)[0]
    for scale in ONE_PAGE_SCALES[:-1]:
        styles = _scaled_styles(scale)
        story = _story(doc, styles, scale, signature)
        if not _fits(doc, story):
            continue
        try:  # (it fits: the drawn layout is the measured one)
            return _render(doc, styles, scale, signature, one_page=True, story=story)[0]
        except _SecondPage:
            pass
    last = ONE_PAGE_SCALES[-1]
    return _render(doc, _scaled_styles(last), last, signature)[0]


class _SecondPage(Exception):
    """A document that must fit on one page begins a second: its layout is abandoned."""


@cache
def _scaled_styles(scale: float) -> dict[str, ParagraphStyle]:
    """The styles with the body text (not the header, footer and marking) `scale` times as
    large, with spacing to match."""
    if scale == 1.0:
        return _styles()
    out = dict(_styles())
    for name, st in _styles().items():
        if name not in ("header", "marking", "footer", "watermark", "confidential"):
            out[name] = ParagraphStyle(
                f"{name}-{scale}", parent=st, fontSize=round(st.fontSize * scale, 2),
                leading=round(st.leading * scale, 2),
                spaceBefore=round(st.spaceBefore * scale, 2),
                spaceAfter=round(st.spaceAfter * scale, 2))
    return out


def _frame() -> Frame:
    width, height = A4
    return Frame(MARGIN_X, MARGIN_BOTTOM, width - 2 * MARGIN_X,
                 height - MARGIN_TOP - MARGIN_BOTTOM, id="body", leftPadding=0,
                 rightPadding=0, topPadding=0, bottomPadding=0)


def _story(doc: Document, styles: dict[str, ParagraphStyle], scale: float,
           signature: SignatureField | None) -> list[Flowable]:
    """The flowables of `doc`'s blocks (a build consumes a copy of the list: reportlab lays
    the same flowables out again in a later pass, as its multiBuild does)."""
    return _Layout(styles, _frame()._width, scale,
                   mark_signature=signature is not None).blocks(doc.blocks)


def _template(doc: Document, buf: io.BytesIO) -> BaseDocTemplate:
    return BaseDocTemplate(
        buf, pagesize=A4, invariant=1, title=doc.title, author=doc.author,
        subject=doc.subject, creator="mla-writer", producer="mla-writer (reportlab)",
        keywords=f"{doc.template} {doc.template_version}".strip(), lang=doc.lang,
        leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM, initialFontName=pdf_text.base_font_name(),
        initialFontSize=10.5, displayDocTitle=True)


class _MeasuringFrame(Frame):
    """A frame that places its flowables (wraps, splits, spacing, as `Frame` does) without
    drawing them."""

    def _add(self, flowable: Flowable, canv: Canvas, trySplit: int = 0) -> int:
        flowable.drawOn = _no_drawing
        try:
            return int(super()._add(flowable, canv, trySplit))
        finally:
            del flowable.drawOn

    add = _add


def _no_drawing(*_args: Any, **_kwargs: Any) -> None:
    pass


def _fits(doc: Document, story: list[Flowable]) -> bool:
    """Whether `story` stays on one page: reportlab's layout of it, in the same frame, without
    drawing, page decorations or PDF (a second page begins only for content that goes on
    it, so the layout stops there)."""
    f = _frame()
    frame = _MeasuringFrame(f._x1, f._y1, f._width, f._height, id="body", leftPadding=0,
                            rightPadding=0, topPadding=0, bottomPadding=0)
    template = _template(doc, io.BytesIO())

    def begin(canv: Canvas, _doc: Any = None) -> None:
        if canv.getPageNumber() > 1:
            raise _SecondPage

    template.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=begin)])
    template._doSave = 0  # no PDF: reportlab's multiBuild passes do the same
    try:
        template.build(story[:])
    except _SecondPage:
        return False
    return True


def _render(doc: Document, styles: dict[str, ParagraphStyle], scale: float,
            signature: SignatureField | None = None, one_page: bool = False,
            story: list[Flowable] | None = None) -> tuple[bytes, int]:
    """The PDF bytes and its number of pages. `one_page`: raise `_SecondPage` as soon as a
    second page begins (reportlab begins a page only for content that goes on it). `story`:
    `_story`'s flowables for these styles and scale, made already."""
    frame = _frame()
    buf = io.BytesIO()
    template = _template(doc, buf)
    before, after = _decorator(doc, styles)
    pages = [0]

    def decorate(canv: Canvas, page: int, total: int) -> None:
        pages[0] = total
        after(canv, page, total)

    def begin(canv: Canvas, _doc: Any = None) -> None:
        if one_page and canv.getPageNumber() > 1:
            raise _SecondPage
        before(canv, _doc)

    template.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=begin)])
    if story is None:
        story = _story(doc, styles, scale, signature)
    recorder = SignatureRecorder(signature) if signature is not None else None
    maker = partial(_NumberedCanvas, decorate=decorate, created=doc.created, recorder=recorder)
    template.build(story[:], canvasmaker=maker)
    return buf.getvalue(), pages[0]


def write_pdf(doc: Document, path: str | Path, signature: SignatureField | None = None) -> None:
    """Write `doc` as PDF to `path` atomically (with `signature`: see `render_pdf`)."""
    atomic_write_bytes(path, render_pdf(doc, signature))


def warm_up(languages: Sequence[str] = (), *, waiting_on: int | None = None) -> None:
    """Do, in a process that waits for its documents, the work a process's first PDF pays
    for once (see `pdf_warm_up`): the faces of the scripts of `languages` (Latin always) with
    their harfbuzz fonts and kept words, the styles of every scale, ICU's break rules and
    dictionaries, and a layout of a small sample document in memory. Nothing is written and
    the PDFs made afterwards are the same bytes. `waiting_on`: the file descriptor the
    documents arrive on; the warm-up stops between its steps once they are there (the real
    work goes first). Never raises: a failure only leaves the work to the first document."""
    with contextlib.suppress(Exception):  # an optimisation only: the build goes on without it
        for step in _warm_up_steps(languages):
            if waiting_on is not None and _readable(waiting_on):
                return
            step()


def _readable(fd: int) -> bool:
    try:
        return bool(select.select([fd], [], [], 0)[0])
    except (OSError, ValueError):
        return False


def _warm_up_steps(languages: Sequence[str]) -> list[Callable[[], object]]:
    scripts = sorted({LANG_SCRIPT.get(lang_base(lang), LATIN) for lang in languages} | {LATIN})
    others = [s for s in scripts if s != LATIN]

    def fonts() -> None:
        pdf_text.register_fonts(scripts)
        pdf_text.prepare_shaping(scripts)

    def styles() -> None:
        for scale in ONE_PAGE_SCALES:
            for style in _scaled_styles(scale).values():
                pdf_text.prepare_style(style, others)
        for style in _column_styles().values():
            pdf_text.prepare_style(style, others)

    def segmenting() -> None:
        for lang in sorted({lang_base(lang) for lang in languages} | {"en"}):
            sample = pdf_warm_up.SEGMENT_SAMPLES.get(lang)
            if sample:
                line_segments(sample, lang)
                split_by_script(sample, lang)

    return [fonts, styles, segmenting,
            partial(_render, pdf_warm_up.sample_document(), _styles(), 1.0)]
