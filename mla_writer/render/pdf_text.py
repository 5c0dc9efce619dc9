"""Text for the PDF writer: runs become reportlab paragraphs with a bundled font per script.

The PDF writer calls only `register_fonts`, `base_font_name` and `paragraph`; fonts, shaping,
escaping of user text, line breaking and text extraction are handled here.
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, Paragraph

from mla_writer.render.document import Run
from mla_writer.render.scripts import FONTS, LATIN, font_for_script, split_by_script

_registered = False


def register_fonts() -> None:
    """Register every bundled face with reportlab (idempotent)."""
    global _registered
    if _registered:
        return
    for spec in FONTS.values():
        names = []
        for bold, italic in ((False, False), (True, False), (False, True), (True, True)):
            name = spec.pdf_name(bold, italic)
            if name not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(TTFont(name, str(spec.path(bold, italic)),
                                               subfontIndex=spec.subfont))
            names.append(name)
        pdfmetrics.registerFontFamily(names[0], normal=names[0], bold=names[1],
                                      italic=names[2], boldItalic=names[3])
    _registered = True


def base_font_name(bold: bool = False, italic: bool = False) -> str:
    """Registered name of the Latin body font (for styles, headers and footers)."""
    register_fonts()
    return FONTS[LATIN].pdf_name(bold, italic)


def _markup(runs: Sequence[Run]) -> str:
    parts: list[str] = []
    for run in runs:
        for script, segment in split_by_script(run.text, run.lang):
            name = font_for_script(script).pdf_name(run.bold, run.italic)
            body = escape(segment).replace("\n", "<br/>").replace("\t", " ")
            if run.underline:
                body = f"<u>{body}</u>"
            parts.append(f'<font face="{name}">{body}</font>')
    return "".join(parts)


def paragraph(runs: Sequence[Run], style: ParagraphStyle) -> Flowable:
    """A flowable for `runs`: per-script fonts, shaping on; user text is never markup."""
    register_fonts()
    if not getattr(style, "shaping", 0):
        style = ParagraphStyle(style.name + "+shaped", parent=style, shaping=1)
    return Paragraph(_markup(runs), style)
