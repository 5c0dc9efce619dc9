"""Test helpers: text out of DOCX (python-docx) and PDF (pdftotext), normalised for comparison."""

from __future__ import annotations

import datetime as dt
import itertools
import re
import subprocess
import types
import typing
import unicodedata
from collections.abc import Callable
from enum import Enum
from pathlib import Path

import docx
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph
from pydantic import BaseModel

from mla_writer.domain.model import (
    ASSISTANCE_TYPES,
    CURRENCY_OF,
    CaseFile,
    Request,
    RequestKind,
)
from mla_writer.render.pdf_writer import MARGIN_BOTTOM, MARGIN_TOP, MARGIN_X

BULLETS = "•"
ROOT_EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def docx_blocks(path: Path) -> list[tuple[str, str]]:
    """(style name, text) of every body paragraph in reading order, table cells included."""
    d = docx.Document(str(path))
    out: list[tuple[str, str]] = []

    def walk(container) -> None:
        for child in container.iter_inner_content():
            if isinstance(child, DocxParagraph):
                out.append((child.style.name if child.style is not None else "", child.text))
            elif isinstance(child, DocxTable):
                for row in child.rows:
                    seen = set()
                    for cell in row.cells:
                        if id(cell._tc) in seen:
                            continue
                        seen.add(id(cell._tc))
                        walk(cell)

    walk(d)
    return out


def docx_text(path: Path) -> str:
    return "\n".join(text for _, text in docx_blocks(path))


def docx_header_footer(path: Path) -> str:
    d = docx.Document(str(path))
    s = d.sections[0]
    return "\n".join(p.text for p in (*s.header.paragraphs, *s.footer.paragraphs))


def pdf_text(path: Path, *, body_only: bool = True) -> str:
    """Text of the PDF in content order (`pdftotext -raw`), by default only the body frame."""
    args = ["pdftotext", "-raw", "-enc", "UTF-8"]
    if body_only:
        # A4 at 72 dpi: crop to the body frame (header and footer excluded)
        x, y = int(MARGIN_X) - 2, int(MARGIN_TOP) - 2
        w, h = int(595 - 2 * MARGIN_X) + 4, int(842 - MARGIN_TOP - MARGIN_BOTTOM) + 4
        args += ["-x", str(x), "-y", str(y), "-W", str(w), "-H", str(h)]
    out = subprocess.run([*args, str(path), "-"], check=True, capture_output=True)
    return out.stdout.decode("utf-8")


def pdf_page_count(path: Path) -> int:
    out = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True)
    return int(re.search(r"^Pages:\s+(\d+)", out.stdout, re.M).group(1))


def words(text: str, drop: tuple[str, ...] = ()) -> list[str]:
    """Whitespace-separated words (NFC), without bullets and without the `drop` words.

    A word ending in a hyphen, dash or slash is joined to the next one, since the PDF may break
    a line there ("112/QĐ-" + "CSĐT") where the DOCX text has one word.
    """
    text = unicodedata.normalize("NFC", text).replace("\u00a0", " ")
    out: list[str] = []
    for w in text.split():
        if w in BULLETS or w in drop:
            continue
        if out and out[-1].endswith(("-", "\u2013", "/")):
            out[-1] += w
        else:
            out.append(w)
    return out


def squash(text: str) -> str:
    """Text with all whitespace removed (for strings a line break may split)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", text))


def norm(text: str) -> str:
    return " ".join(words(text))


# --- fictional cases generated from the model itself (no hand-kept field lists) ---------------




def _value(ann: object, path: str, make_str: Callable[[str], str]) -> object:
    origin = typing.get_origin(ann)
    args = typing.get_args(ann)
    if origin is typing.Literal:
        return next((a for a in args if a), args[0])
    if origin in (typing.Union, types.UnionType):
        real = [a for a in args if a is not type(None)]
        return _value(real[0], path, make_str)
    if origin is typing.Annotated:
        return _value(args[0], path, make_str)
    if origin is list:
        return [_value(args[0], f"{path}[{i}]", make_str) for i in range(2)]
    if origin is dict:
        return {}
    if ann is str:
        return make_str(path)
    if ann is bool:
        return True
    if ann is int:
        return 3
    if ann is float:
        return 7.0
    if ann is dt.date:
        return dt.date(2026, 3, 9)
    if ann is dt.datetime:
        return dt.datetime(2026, 3, 9, tzinfo=dt.UTC)
    if isinstance(ann, type) and issubclass(ann, Enum):
        return next(iter(ann))
    if isinstance(ann, type) and issubclass(ann, BaseModel):
        return filled(ann, make_str, path)
    raise TypeError(f"{path}: no filler for {ann!r}")


def filled(cls: type[BaseModel], make_str: Callable[[str], str], path: str = "$") -> BaseModel:
    """An instance of `cls` with every field filled (strings from `make_str(json_path)`)."""
    values = {}
    for name, info in cls.model_fields.items():
        sub = f"{path}.{name}"
        extra = info.json_schema_extra
        if isinstance(extra, dict) and extra.get(CURRENCY_OF):
            values[name] = "THB"  # a currency is a three-letter code, not free text
        elif isinstance(extra, dict) and extra.get("managed"):
            values[name] = info.get_default()  # kept by the application (an annex's file)
        elif cls is Request and name == "assistance":
            values[name] = [filled(t, make_str, f"{sub}[{i}]")
                            for i, t in enumerate(ASSISTANCE_TYPES.values())]
        elif cls is Request and name == "kind":
            values[name] = RequestKind.MLA
        else:
            values[name] = _value(info.annotation, sub, make_str)
    return cls(**values)


def full_case(kind: RequestKind, make_str: Callable[[str], str]) -> CaseFile:
    """A case whose request has every field filled, of the given kind."""
    request = filled(Request, make_str, "$.request")
    request = request.model_copy(update={"kind": kind})
    return CaseFile(request=request)


def tagger() -> Callable[[str], str]:
    """make_str giving each field a unique, searchable token: Zq0001, Zq0002, ..."""
    counter = itertools.count(1)
    return lambda path: f"Zq{next(counter):04d}"


def doc_sections(doc) -> dict[str, str]:
    """Document model text per level-2 section (numbers stripped); "" = before the first one,
    "signature" = the signature block."""
    from mla_writer.render.document import Document, Heading, SignatureBlock, _block_text

    assert isinstance(doc, Document)
    out: dict[str, list[str]] = {"": []}
    current = ""
    for block in doc.blocks:
        if isinstance(block, Heading) and block.level == 2:
            current = re.sub(r"^\d+\.\s*", "", _block_text(block))
            out.setdefault(current, [])
        elif isinstance(block, SignatureBlock):
            out.setdefault("signature", []).append(_block_text(block))
            continue
        out[current].append(_block_text(block))
    return {k: "\n".join(v) for k, v in out.items()}
