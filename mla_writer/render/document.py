"""The document model: what a rendered request is, independent of DOCX or PDF.

Templates produce a small HTML subset; `render.parse` turns it into these blocks; the DOCX and
PDF writers each walk the same blocks in the same order, so the two files cannot disagree.
Every run knows its language, so each writer can choose fonts and language tags per script.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal


@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of text with one formatting and one language (BCP 47-ish code: en, th, km...)."""

    text: str
    lang: str = "en"
    bold: bool = False
    italic: bool = False
    underline: bool = False


@dataclass(slots=True)
class Heading:
    level: int
    runs: list[Run]


@dataclass(slots=True)
class Paragraph:
    runs: list[Run]
    style: Literal[
        "body", "small", "address", "note", "center", "right", "title", "label"] = "body"


@dataclass(slots=True)
class ListBlock:
    """A list; each item is a list of paragraphs (an item may hold several lines)."""

    items: list[list[Paragraph]]
    ordered: bool = False


@dataclass(slots=True)
class Table:
    """Rows of cells; each cell is a list of paragraphs; the first `header_rows` are headers."""

    rows: list[list[list[Paragraph]]]
    header_rows: int = 0
    widths: list[float] | None = None  # relative column widths


@dataclass(slots=True)
class SignatureBlock:
    """Place, date, signature line and the signatory's name and function."""

    lines: list[list[Run]]


@dataclass(slots=True)
class PageBreak:
    pass


@dataclass(slots=True)
class Columns:
    """Two or more parallel columns (bilingual layout): each column is a list of blocks."""

    columns: list[list[Block]]

    def rows(self) -> list[list[list[Block]]]:
        """The columns as table rows: one row per block when the columns hold the same kinds
        of block in the same order (a text beside its translation, and a page can break
        between any two rows), else one row holding each whole column."""
        lengths = {len(col) for col in self.columns}
        if len(lengths) == 1 and all(
                len({type(col[i]) for col in self.columns}) == 1 for i in range(lengths.pop())):
            return [[[col[i]] for col in self.columns] for i in range(len(self.columns[0]))]
        return [list(self.columns)]


Block = Heading | Paragraph | ListBlock | Table | SignatureBlock | PageBreak | Columns


@dataclass(slots=True)
class Document:
    """A whole document: metadata for headers and footers, then blocks in reading order."""

    title: str
    lang: str
    blocks: list[Block] = field(default_factory=list)
    reference: str = ""
    marking: str = ""  # e.g. "DRAFT" or "TRAINING": printed on every page
    #: the translated "CONFIDENTIAL" mark when the request asks for confidentiality, else ""
    confidential: str = ""
    template: str = ""
    template_version: str = ""
    created: dt.datetime | None = None  # from the injected clock (document properties)
    author: str = ""  # the requesting authority
    subject: str = ""  # e.g. the kind of request and the case reference
    page_label: str = "Page %(page)s of %(pages)s"  # footer, translated; both placeholders kept
    #: JSON paths of printed case text with no translation into `lang` (shown in the source)
    untranslated: list[str] = field(default_factory=list)

    def plain_text(self) -> str:
        """All text in reading order, one block per line (for previews and tests)."""
        return "\n".join(_block_text(b) for b in self.blocks)


#: the room left above the signature line for the signatory's signature and the authority's
#: official seal (a round seal is commonly 40-42 mm across), in millimetres; DOCX and PDF alike
SEAL_SPACE_MM = 45


def is_signature_line(runs: list[Run]) -> bool:
    """A signature block line made only of underscores: writers leave `SEAL_SPACE_MM` above it
    for the signature and the seal."""
    text = runs_text(runs).strip()
    return bool(text) and set(text) == {"_"}


def runs_text(runs: list[Run]) -> str:
    return "".join(r.text for r in runs)


def _block_text(block: Block) -> str:
    if isinstance(block, Heading):
        return runs_text(block.runs)
    if isinstance(block, Paragraph):
        return runs_text(block.runs)
    if isinstance(block, ListBlock):
        return "\n".join(_block_text(p) for item in block.items for p in item)
    if isinstance(block, Table):
        return "\n".join(
            " | ".join("\n".join(_block_text(p) for p in cell) for cell in row)
            for row in block.rows
        )
    if isinstance(block, SignatureBlock):
        return "\n".join(runs_text(line) for line in block.lines)
    if isinstance(block, Columns):
        return "\n".join(_block_text(b) for col in block.columns for b in col)
    return ""


#: the classes `to_data` writes and `from_data` reads, by name
_CLASSES: dict[str, type[Any]] = {
    cls.__name__: cls for cls in (Run, Heading, Paragraph, ListBlock, Table, SignatureBlock,
                                  PageBreak, Columns, Document)}


def to_data(value: Any) -> Any:
    """`value` (a Document, or any part of one) as JSON data that `from_data` turns back into
    an equal value (to hand a document to another process); TypeError for anything else."""
    kind = type(value)
    if value is None or kind in (str, int, float, bool):
        return value
    if kind is list:
        return [to_data(v) for v in value]
    if kind is dt.datetime:
        return {"$datetime": value.isoformat()}
    if _CLASSES.get(kind.__name__) is kind:
        return {"$class": kind.__name__,
                "fields": {name: to_data(getattr(value, name)) for name in kind.__slots__}}
    raise TypeError(f"not part of a document: {kind.__name__}")


def from_data(data: Any) -> Any:
    """The value `to_data` gave `data` for."""
    if type(data) is list:
        return [from_data(v) for v in data]
    if type(data) is not dict:
        return data
    if "$datetime" in data:
        return dt.datetime.fromisoformat(data["$datetime"])
    cls = _CLASSES[data["$class"]]
    return cls(**{name: from_data(v) for name, v in data["fields"].items()})
