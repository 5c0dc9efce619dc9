"""Rendering: templates to one document model, written to DOCX and PDF."""

# lazy imports (start-up cost): render
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .build import build_document, build_documents, default_languages

if TYPE_CHECKING:
    from .document import Document

__all__ = ["build_document", "build_documents", "default_languages", "write_docx", "write_pdf"]


def write_docx(doc: Document, path: str | Path) -> None:
    """Write `doc` as a DOCX file, atomically (python-docx is imported on first use)."""
    from .docx_writer import write_docx as _write

    _write(doc, path)


def write_pdf(doc: Document, path: str | Path) -> None:
    """Write `doc` as a PDF file, atomically (reportlab is imported on first use)."""
    from .pdf_writer import write_pdf as _write

    _write(doc, path)
