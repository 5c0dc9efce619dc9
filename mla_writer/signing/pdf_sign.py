"""Embedded PAdES signatures on the request PDFs, with a visible block naming the signer.

A document is signed as it is rendered: the renderer writes the signature field, the visible
block and a reserved place for the signature in the PDF's one revision
(`render.pdf_signature`), placed to the right of the document's signature line in the band
between the lines of text above and below it (`render.signature_place`); signing hashes the
file around that place and writes the PAdES CMS into it (`pdf_embed`, `cms_build`), with no
PDF library. `signature_box` finds the same place by reading a finished PDF's content stream
(`pdf_layout`): the independent reading tests compare the renderer with. Validation uses
pyHanko: the signature must be intact, cover the whole file, and chain to a trust anchor.
"""

# lazy imports (start-up cost): render, pyhanko, signing, asn1crypto, pyhanko_certvalidator
from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from ..render.signature_field import SignatureField
from ..render.signature_place import (  # noqa: F401  (the names signing has always had)
    BOX_HEIGHT,
    BOX_WIDTH,
    GAP,
    MIN_BOX_HEIGHT,
    MIN_BOX_WIDTH,
    box_beside,
    foot_box,
)
from ..storage import atomic_write_bytes
from .keys import Identity

if TYPE_CHECKING:
    from ..render.document import Document

FIELD_NAME = "CentralAuthoritySignature"


@dataclass
class PdfCheck:
    """What validation found about the signature(s) of one PDF."""

    intact: bool = False
    valid: bool = False
    trusted: bool = False
    whole_file: bool = False
    signer: str = ""
    problems: list[str] = field(default_factory=list)


def stamp_lines(identity: Identity, when: dt.datetime) -> list[str]:
    """The visible block: signer, role, authority, date (UTC)."""
    lines = [f"Digitally signed by {identity.name}"]
    if identity.role:
        lines.append(identity.role)
    if identity.authority:
        lines.append(identity.authority)
    lines.append(f"Date: {when.astimezone(dt.UTC):%Y-%m-%d %H:%M} UTC")
    return lines


def _last_page(data: bytes) -> tuple[int, Any]:
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(data), strict=False)
    count = int(reader.root["/Pages"]["/Count"])
    last = reader.root["/Pages"]
    while "/Kids" in last:  # walk down to the last leaf page
        last = last["/Kids"][len(last["/Kids"]) - 1].get_object()
    return count, last


def _page_count_and_size(data: bytes) -> tuple[int, float, float]:
    count, last = _last_page(data)
    box = [float(v) for v in last.get("/MediaBox", [0, 0, 595.28, 841.89])]
    return count, box[2] - box[0], box[3] - box[1]


def signature_line(data: bytes) -> tuple[float, float, float] | None:
    """(x start, x end, baseline y from the bottom) of the last page's signature line."""
    from .pdf_layout import signature_line as find
    from .pdf_layout import text_runs

    _count, page = _last_page(data)
    line = find(text_runs(page))
    return (line.x0, line.x1, line.y) if line is not None else None


def signature_box(pdf: Path, data: bytes) -> tuple[int, tuple[int, int, int, int]]:
    """(page index, box) for the visible signature: right of the signature line, within the
    free band between the text above and below it; else the foot of the last page (the rule
    in `render.signature_place`, which the renderer applies to what it draws)."""
    from .pdf_layout import signature_line as find
    from .pdf_layout import text_runs

    pages, width, _height = _page_count_and_size(data)
    runs = text_runs(_last_page(data)[1])
    line = find(runs)
    if line is None:
        return pages - 1, foot_box(width)
    return pages - 1, box_beside(line, runs, width)


def signature_field(identity: Identity, when: dt.datetime, *, reason: str = "",
                    location: str = "", contents_size: int | None = None) -> SignatureField:
    """The field a PDF is rendered with to be signed by `identity`: the visible block naming
    the signer, the signature dictionary's name, reason, place and time, and the room the
    CMS needs (`cms_build.max_size`; `contents_size` when the caller knows it already: only
    the certificate of `identity` is then read, see `signer_cache`)."""
    if contents_size is None:
        from .cms_build import PADES, max_size

        contents_size = max_size(PADES, identity)
    return SignatureField(field_name=FIELD_NAME, lines=tuple(stamp_lines(identity, when)),
                          name=identity.name, reason=reason, location=location, when=when,
                          contents_size=contents_size)


def sign_rendered(data: bytes, identity: Identity) -> bytes:
    """A PDF rendered with its signature field, signed: the SHA-256 of the file around the
    reserved place, as PAdES CMS, written into that place (ValueError when the PDF has no
    such place, or the CMS does not fit)."""
    from . import pdf_embed
    from .cms_build import PADES, sign_digest

    data, place = pdf_embed.prepare(data)
    return pdf_embed.fill(data, place, sign_digest(PADES, pdf_embed.digest(data, place),
                                                    identity))


def sign_rendered_file(pdf: Path, identity: Identity) -> None:
    """`sign_rendered` on a file, replaced atomically."""
    atomic_write_bytes(pdf, sign_rendered(pdf.read_bytes(), identity))


def sign_document(doc: Document, identity: Identity, when: dt.datetime, *, reason: str = "",
                  location: str = "") -> bytes:
    """`doc` rendered as a signed PDF (one document; a package renders and signs its
    documents in `signing.package`)."""
    from ..render.pdf_writer import render_pdf

    field = signature_field(identity, when, reason=reason, location=location)
    return sign_rendered(render_pdf(doc, signature=field), identity)


def _asn1_cert(cert: x509.Certificate) -> Any:
    from asn1crypto import x509 as asn1_x509

    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def validation_context(trust: list[x509.Certificate], moment: dt.datetime | None = None) -> Any:
    """An offline pyHanko validation context trusting only `trust` (no network fetching)."""
    from pyhanko_certvalidator import ValidationContext

    kw: dict[str, Any] = {"trust_roots": [_asn1_cert(c) for c in trust], "allow_fetching": False,
                          "revocation_mode": "soft-fail"}
    if moment is not None:
        kw["moment"] = moment
    return ValidationContext(**kw)


def check_pdf(data: bytes, trust: list[x509.Certificate],
              moment: dt.datetime | None = None) -> PdfCheck:
    """Validate every embedded signature of a PDF against the trust anchors given."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.settings import KeyUsageConstraints

    result = PdfCheck()
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        sigs = reader.embedded_signatures
    except Exception as exc:  # a damaged file is a finding, not a crash
        result.problems.append(f"not a readable PDF ({type(exc).__name__}: {exc})")
        return result
    if not sigs:
        result.problems.append("has no signature")
        return result
    usage = KeyUsageConstraints(key_usage={"non_repudiation"})
    all_ok = True
    for sig in sigs:
        try:
            status = validate_pdf_signature(
                sig, signer_validation_context=validation_context(trust, moment),
                key_usage_settings=usage)
        except Exception as exc:
            result.problems.append(f"signature cannot be validated ({type(exc).__name__})")
            all_ok = False
            continue
        result.signer = status.signing_cert.subject.human_friendly
        from pyhanko.sign.validation import SignatureCoverageLevel

        whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
        if not (status.intact and status.valid):
            result.problems.append("signature broken: the signed content was modified")
            all_ok = False
        elif not whole:
            result.problems.append("content was added after the signature")
            all_ok = False
        result.intact, result.valid, result.whole_file = status.intact, status.valid, whole
        result.trusted = status.trusted
    if not all_ok:
        result.intact = result.valid = False
    return result
