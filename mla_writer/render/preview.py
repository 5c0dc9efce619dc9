"""The document model as simple, escaped HTML for an on-screen preview (e.g. a QTextBrowser).

Every text run is escaped here; the preview shows the same blocks, in the same order, as the
DOCX and PDF files.
"""

from __future__ import annotations

from html import escape

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

_STYLE = """
body { font-family: 'Noto Sans', sans-serif; font-size: 10.5pt; color: #1a1a1a; }
h1 { font-size: 14pt; text-align: center; color: #1f3a5f; }
h2 { font-size: 11.5pt; color: #1f3a5f; margin-top: 12pt; }
h3 { font-size: 10.5pt; }
p.right { text-align: right; } p.center, p.title { text-align: center; }
p.address, p.right { margin: 0; } p.note { margin-left: 12pt; font-size: 9.5pt; }
p.small { font-size: 8.5pt; }
table.grid { border-collapse: collapse; width: 100%; }
table.grid td, table.grid th { border: 1px solid #9aa5b1; padding: 3px 5px; vertical-align: top; }
table.grid th { background: #eef1f4; text-align: left; }
.marking { color: #b00020; font-weight: bold; text-align: right; }
.signature { margin-top: 16pt; } hr.page { border: 0; border-top: 1px dashed #9aa5b1; }
"""


def _runs(runs: list[Run]) -> str:
    out = []
    for r in runs:
        text = escape(r.text).replace("\n", "<br/>")
        if r.bold:
            text = f"<b>{text}</b>"
        if r.italic:
            text = f"<i>{text}</i>"
        if r.underline:
            text = f"<u>{text}</u>"
        out.append(f'<span lang="{escape(r.lang)}">{text}</span>')
    return "".join(out)


def _paras(paras: list[Paragraph]) -> str:
    return "".join(f'<p class="{p.style}">{_runs(p.runs)}</p>' for p in paras)


def _block(b: Block) -> str:
    if isinstance(b, Heading):
        level = min(max(b.level, 1), 3)
        return f"<h{level}>{_runs(b.runs)}</h{level}>"
    if isinstance(b, Paragraph):
        return _paras([b])
    if isinstance(b, ListBlock):
        tag = "ol" if b.ordered else "ul"
        items = "".join(f"<li>{_paras(item)}</li>" for item in b.items)
        return f"<{tag}>{items}</{tag}>"
    if isinstance(b, Table):
        rows = []
        for i, row in enumerate(b.rows):
            cell = "th" if i < b.header_rows else "td"
            rows.append("<tr>" + "".join(f"<{cell}>{_paras(c)}</{cell}>" for c in row) + "</tr>")
        return f'<table class="grid">{"".join(rows)}</table>'
    if isinstance(b, SignatureBlock):
        seal = f' style="margin-top: {round(SEAL_SPACE_MM * 72 / 25.4)}pt"'  # seal and signature
        lines = "".join(f'<p class="address"{seal if is_signature_line(line) else ""}>'
                        f'{_runs(line)}</p>' for line in b.lines)
        return f'<div class="signature">{lines}</div>'
    if isinstance(b, PageBreak):
        return '<hr class="page"/>'
    if isinstance(b, Columns):
        cols = "".join(f'<td width="{100 // max(len(b.columns), 1)}%">'
                       + "".join(_block(x) for x in col) + "</td>" for col in b.columns)
        return f"<table><tr>{cols}</tr></table>"
    raise TypeError(f"unknown block {type(b).__name__}")


def document_html(doc: Document) -> str:
    """A complete HTML page showing `doc` (confidentiality mark and marking at the top)."""
    head = ""
    for mark in (doc.confidential, doc.marking):
        if mark:
            head += f'<p class="marking">{escape(mark)}</p>'
    body = "".join(_block(b) for b in doc.blocks)
    return (f'<!DOCTYPE html><html lang="{escape(doc.lang)}"><head><meta charset="utf-8"/>'
            f"<title>{escape(doc.title)}</title><style>{_STYLE}</style></head>"
            f"<body>{head}{body}</body></html>")
