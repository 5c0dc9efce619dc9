"""Rendering: templates to one document model, written to DOCX and PDF.

The package's names load on first use (PEP 562): a process that only writes documents made
elsewhere (`pdf_writer`, in the build's PDF process) does not load the templates, the
request model and their libraries."""

# lazy imports (start-up cost): render
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .build import build_document, build_documents, default_languages
    from .document import Document
    from .signature_field import SignatureField

__all__ = ["build_document", "build_documents", "default_languages", "write_docx", "write_pdf"]


def __getattr__(name: str) -> Any:
    if name in ("build_document", "build_documents", "default_languages"):
        from . import build

        return getattr(build, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def write_docx(doc: Document, path: str | Path) -> None:
    """Write `doc` as a DOCX file, atomically (python-docx is imported on first use)."""
    from .docx_writer import write_docx as _write

    _write(doc, path)


def write_pdf(doc: Document, path: str | Path, signature: SignatureField | None = None) -> None:
    """Write `doc` as a PDF file, atomically (reportlab is imported on first use); with
    `signature`, with an embedded-signature field to fill in (`pdf_writer.render_pdf`)."""
    from .pdf_writer import write_pdf as _write

    _write(doc, path, signature)
