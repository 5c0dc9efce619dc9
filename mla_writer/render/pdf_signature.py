"""An embedded-signature field written by the renderer itself, in the PDF's one revision.

Signing a package used to re-read every finished PDF with pyHanko, find the signature line in
its content stream, and append the field, its appearance and the signature in an incremental
update. Instead the renderer, which knows where it drew each line of text, writes:

- the catalog's /AcroForm << /Fields [widget] /SigFlags 3 >>;
- on the last page a signature widget (/FT /Sig, locked and printed: /F 132) beside the
  document's signature line (`signature_place`), whose appearance is a form XObject drawing
  the block with the documents' own text code (any script, shaped);
- the signature dictionary (/Adobe.PPKLite, /ETSI.CAdES.detached, /M, /Name, /Reason,
  /Location) with /Contents reserved as zeros and the real /ByteRange: reportlab's
  serialiser calls its `_digiSigs` hook with the whole file laid out (every object's offset
  known) before it joins the bytes, and the hook writes the numbers in place.

The signer then only hashes the two byte ranges and patches /Contents (`signing.pdf_embed`).
User text (the signer's name, role, place) is data: every string goes through reportlab's
PDF string escaping (UTF-16BE with a byte-order mark when it is not PDFDocEncoding).
"""

from __future__ import annotations

# isort: off
from . import reportlab_start  # noqa: F401  (first: reportlab loads without its start-up cost)
# isort: on
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import Flowable, Frame

from . import pdf_text
from .document import Run
from .signature_field import SignatureField, pdf_date
from .signature_place import TextRun, box_beside, foot_box

#: the visible block: text sizes tried, largest first (the first at which every line fits)
TEXT_SIZES = (7.5, 7.0, 6.5, 6.0, 5.5, 5.0)
PADDING = {"left": 6, "right": 4, "top": 3, "bottom": 0}
BORDER_WIDTH, BORDER_COLOR = 1, (0.2, 0.3, 0.5)
WIDGET_FLAGS = 132  # Print (4) + Locked (128)
SIG_FLAGS = 3  # SignaturesExist + AppendOnly
APPEARANCE_NAME = "MlaSignatureAppearance"
#: the /ByteRange as written before the file's offsets are known: room for three 10-digit
#: numbers; the real numbers are written over it, space-padded to the same length
BYTE_RANGE_PLACEHOLDER = b"[0 0000000000 0000000000 0000000000]"


class SignatureLineMark(Flowable):
    """A zero-size marker around the signature line's paragraph: the text drawn between the
    opening and the closing mark is the signature line (its page and position are recorded,
    not searched for afterwards). `_ZEROSIZE`: reportlab places it even in a full frame and
    draws it inside containers (else a full frame would break the page before it)."""

    _ZEROSIZE = True

    def __init__(self, opening: bool) -> None:
        super().__init__()
        self.opening = opening
        self.width = self.height = 0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0, 0

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        """Notes the mark; draws nothing (not even a q/Q pair: the pages stay as they are)."""
        recorder = getattr(canvas, "signature_recorder", None)
        if recorder is not None:
            recorder.mark(self.opening)

    def draw(self) -> None:
        pass


class RecordingText(PDFTextObject):
    """reportlab's text object, also noting what moves the pen and what it shows (Td, T*,
    TL, Ts, Tc, Tw, Tz as reportlab emits them: what pdf_layout reads back from the content
    stream). Only the notes are taken while drawing; positions and widths are worked out
    afterwards, for the one page that needs them (`runs`)."""

    def __init__(self, canvas: Any, x: float = 0, y: float = 0, direction: Any = None) -> None:
        self.events: list[tuple[Any, ...]] = []
        super().__init__(canvas, x, y, direction)

    def setTextOrigin(self, x: float, y: float) -> None:
        super().setTextOrigin(x, y)
        self.events.append((_ORIGIN, x, y))

    def setTextTransform(self, a: float, b: float, c: float, d: float, e: float,
                         f: float) -> None:
        super().setTextTransform(a, b, c, d, e, f)
        self.events.append((_ORIGIN, e, f))

    def moveCursor(self, dx: float, dy: float) -> None:
        super().moveCursor(dx, dy)
        self.events.append((_MOVE, dx, dy))

    def _note(self, text: Any) -> None:
        self.events.append((_SHOW, text, self._fontname, self._fontsize,
                            getattr(self, "_charSpace", 0), getattr(self, "_wordSpace", 0),
                            getattr(self, "_horizScale", 100), self._rise))

    def _textOut(self, text: Any, TStar: int = 0) -> None:
        self._note(text)
        super()._textOut(text, TStar)
        if TStar:
            self.events.append((_NEXT, self._leading))

    def textOut(self, text: Any) -> None:
        self._note(text)
        super().textOut(text)

    def textLine(self, text: Any = "") -> None:
        self._note(text)
        super().textLine(text)
        self.events.append((_NEXT, self._leading))


_ORIGIN, _MOVE, _SHOW, _NEXT = range(4)


def _shown(canvas: Any, events: list[tuple[Any, ...]]
           ) -> list[tuple[str, float, float, float, float]]:
    """(text, x start, x end, baseline y, size) in text space of each string shown."""
    out = []
    line_x = line_y = pen = 0.0
    for event in events:
        kind = event[0]
        if kind == _SHOW:
            _, text, font, size, char_space, word_space, scale, rise = event
            width = _advance(canvas, text, font, size, char_space, word_space, scale)
            out.append((str(text), pen, pen + width, line_y + rise, size))
            pen += width
        elif kind == _ORIGIN:
            line_x, line_y = event[1], event[2]
            pen = line_x
        elif kind == _MOVE:
            line_x, line_y = line_x + event[1], line_y - event[2]
            pen = line_x
        else:  # next line (T*)
            line_y -= event[1]
            pen = line_x
    return out


def _advance(canvas: Any, text: Any, font: str, size: float, char_space: float,
             word_space: float, scale: float) -> float:
    """How far showing `text` moves the pen: glyph advances (shaped text: HarfBuzz's), plus
    character and word spacing, times the horizontal scale."""
    plain = str(text)
    width = canvas.stringWidth(plain, font, size)
    data = getattr(text, "__shapeData__", None)
    if data:
        width += sum(d.x_advance - d.width for d in data) * size / 1000
    width += char_space * len(plain) + word_space * plain.count(" ")
    return float(width * scale / 100)


class SignatureRecorder:
    """Notes, while the document is drawn, the text objects of each page (with the matrix
    they were drawn under and whether they form the signature line); then writes the field
    on the last page, beside the line."""

    def __init__(self, field: SignatureField) -> None:
        self.field = field
        self.capturing = 0  # the signature line being drawn (numbered from 1), else 0
        self.lines_seen = 0
        self.drawings: dict[int, list[tuple[Any, list[tuple[Any, ...]], int]]] = {}

    def mark(self, opening: bool) -> None:
        """A signature line starts (`opening`) or ends."""
        if opening:
            self.lines_seen += 1
        self.capturing = self.lines_seen if opening else 0

    def drawn(self, canvas: Any, tx: RecordingText) -> None:
        """`tx` was drawn on `canvas`'s current page."""
        self.drawings.setdefault(canvas._pageNumber, []).append(
            (canvas._currentMatrix, tx.events, self.capturing))

    def runs(self, canvas: Any, page_number: int) -> list[TextRun]:
        """Every string shown on a page, in page space and drawing order."""
        out = []
        for matrix, events, signature_line in self.drawings.get(page_number, []):
            a, b, c, d, e, f = matrix
            upright = abs(b) < 1e-6 and abs(c) < 1e-6 and a > 0 and d > 0
            scale = (c * c + d * d) ** 0.5
            for text, x0, x1, y, size in _shown(canvas, events):
                px0, px1 = a * x0 + c * y + e, a * x1 + c * y + e
                out.append(TextRun(text, min(px0, px1), max(px0, px1), b * x0 + d * y + f,
                                   size * scale, upright, signature_line))
        return out

    def box(self, canvas: Any, page_number: int, page_width: float
            ) -> tuple[int, int, int, int]:
        """The block's box on page `page_number` (the last page)."""
        runs = self.runs(canvas, page_number)
        line = [r for r in runs if r.signature_line and r.upright and r.text.strip()]
        if not line:
            return foot_box(page_width)
        # the last signature line drawn on the page (a bilingual page has one per column)
        last = max(r.signature_line for r in line)
        same = [r for r in line if r.signature_line == last]
        whole = TextRun("".join(r.text for r in same), min(r.x0 for r in same),
                        max(r.x1 for r in same), same[-1].y, max(r.size for r in same))
        others = [r for r in runs if r not in same]
        return box_beside(whole, others, page_width)

    def write_field(self, canvas: Any, page_number: int, page_width: float) -> None:
        """Draw the appearance, add the widget to the current page, the field to the catalog
        and the signature dictionary with its /ByteRange hook (call before the page is
        shown)."""
        doc = canvas._doc
        if not isinstance(doc.encrypt, pdfdoc.NoEncryption):  # /Contents must stay plain hex
            raise ValueError("an encrypted PDF cannot carry the signature placeholder")
        box = self.box(canvas, page_number, page_width)
        width, height = box[2] - box[0], box[3] - box[1]
        _draw_appearance(canvas, self.field.lines, width, height)
        sig = SignatureDictionary(self.field)
        widget = pdfdoc.PDFDictionary({
            "Type": pdfdoc.PDFName("Annot"), "Subtype": pdfdoc.PDFName("Widget"),
            "FT": pdfdoc.PDFName("Sig"), "T": pdfdoc.PDFString(self.field.field_name),
            "F": WIDGET_FLAGS, "Rect": pdfdoc.PDFArray(list(box)),
            "P": doc.thisPageRef(), "V": doc.Reference(sig),
            "AP": pdfdoc.PDFDictionary(
                {"N": pdfdoc.PDFObjectReference(pdfdoc.xObjectName(APPEARANCE_NAME))}),
        })
        canvas._addAnnotation(widget, name=APPEARANCE_NAME)
        doc.Catalog.AcroForm = pdfdoc.PDFDictionary({
            "Fields": pdfdoc.PDFArray([doc.refAnnotation(APPEARANCE_NAME)]),
            "SigFlags": SIG_FLAGS})
        doc._digiSigs = [ByteRangeWriter(doc, sig)]


def block_text(lines: tuple[str, ...] | list[str], width: float, height: float) -> list[Any]:
    """The block's lines as paragraphs, in the largest of TEXT_SIZES at which every line fits
    a `width` x `height` box (drawn by the documents' own text code: any script, shaped)."""
    regular, bold = pdf_text.base_font_name(), pdf_text.base_font_name(bold=True)
    inner_w = width - PADDING["left"] - PADDING["right"]
    inner_h = height - PADDING["top"] - PADDING["bottom"] - 3
    flows: list[Any] = []
    for size in TEXT_SIZES:
        style = ParagraphStyle("sig", fontName=regular, fontSize=size, leading=size * 1.25)
        head = ParagraphStyle("sig-head", parent=style, fontName=bold)
        flows = [pdf_text.paragraph([Run(line, bold=n == 0)], head if n == 0 else style)
                 for n, line in enumerate(lines)]
        if sum(f.wrap(inner_w, inner_h)[1] for f in flows) <= inner_h:
            break
    return flows


def draw_block_text(canvas: Any, flows: list[Any], width: float, height: float) -> None:
    """Draw `block_text`'s paragraphs from the top left of a `width` x `height` box."""
    Frame(0, 0, width, height, leftPadding=PADDING["left"], rightPadding=PADDING["right"],
          topPadding=PADDING["top"], bottomPadding=PADDING["bottom"],
          showBoundary=0).addFromList(flows, canvas)


def _draw_appearance(canvas: Any, lines: tuple[str, ...], width: float, height: float) -> None:
    """The block as a form XObject: the lines in the largest size at which all fit, then a
    1 pt border (as pyHanko's static stamp drew it)."""
    flows = block_text(lines, width, height)
    recorder = getattr(canvas, "signature_recorder", None)
    canvas.signature_recorder = None  # the block's own text is not page text
    canvas.beginForm(APPEARANCE_NAME, 0, 0, width, height)
    canvas.saveState()
    draw_block_text(canvas, flows, width, height)
    canvas.restoreState()
    canvas.saveState()
    canvas.setStrokeColorRGB(*BORDER_COLOR)
    canvas.setLineWidth(BORDER_WIDTH)
    canvas.rect(0, 0, width, height, stroke=1, fill=0)
    canvas.restoreState()
    canvas.endForm()
    canvas.signature_recorder = recorder


class SignatureDictionary(pdfdoc.PDFObject):
    """The /Sig dictionary: /ByteRange first (a fixed-width placeholder until the file is laid
    out), then /Contents (zeros), then the metadata strings. `format` keeps where the
    placeholder and /Contents sit inside its output."""

    def __init__(self, field: SignatureField) -> None:
        self.field = field
        self.formatted = b""
        self.byte_range_at = self.contents_at = self.contents_end = -1

    def format(self, document: Any) -> bytes:
        f = self.field
        head = (b"<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached"
                b" /ByteRange ")
        contents = b"<" + b"0" * (2 * f.contents_size) + b">"
        tail = [b"/M", _pdf_text(pdf_date(f.when), document), b"/Name", _pdf_text(f.name,
                                                                                 document)]
        if f.reason:
            tail += [b"/Reason", _pdf_text(f.reason, document)]
        if f.location:
            tail += [b"/Location", _pdf_text(f.location, document)]
        self.byte_range_at = len(head)
        self.contents_at = len(head) + len(BYTE_RANGE_PLACEHOLDER) + len(b" /Contents ")
        self.contents_end = self.contents_at + len(contents)
        self.formatted = (head + BYTE_RANGE_PLACEHOLDER + b" /Contents " + contents + b" "
                          + b" ".join(tail) + b" >>")
        return self.formatted


def _pdf_text(text: str, document: Any) -> bytes:
    """A PDF text string, escaped (PDFDocEncoding, else UTF-16BE with a byte-order mark)."""
    out = pdfdoc.PDFString(text).format(document)
    return out if isinstance(out, bytes) else out.encode("latin-1")


class ByteRangeWriter:
    """reportlab's `_digiSigs` hook: called with the file laid out (all offsets known, bytes
    not yet joined), writes the real /ByteRange over the signature dictionary's placeholder."""

    def __init__(self, document: Any, sig: SignatureDictionary) -> None:
        self.document, self.sig = document, sig

    def sign(self, file: Any) -> None:
        offset = self.document.idToOffset[self.sig.__InternalName__]
        index, pos = 0, 0
        while pos < offset and index < len(file.strings):
            pos += len(file.strings[index])
            index += 1
        if pos != offset or index >= len(file.strings):
            raise RuntimeError("the signature dictionary is not in the file")
        chunk = file.strings[index]
        at = chunk.find(self.sig.formatted)
        if at < 0 or chunk.find(self.sig.formatted, at + 1) >= 0:
            raise RuntimeError("the signature dictionary is not where it was written")
        start = offset + at
        contents_start = start + self.sig.contents_at
        contents_end = start + self.sig.contents_end
        total = file.offset
        numbers = b"[0 %d %d %d" % (contents_start, contents_end, total - contents_end)
        if len(numbers) + 1 > len(BYTE_RANGE_PLACEHOLDER):
            raise ValueError("the file is too large for the /ByteRange placeholder")
        real = numbers.ljust(len(BYTE_RANGE_PLACEHOLDER) - 1) + b"]"
        k = at + self.sig.byte_range_at
        file.strings[index] = chunk[:k] + real + chunk[k + len(real):]
