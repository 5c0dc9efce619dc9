"""Embedded PAdES signatures on the request PDFs, with a visible block naming the signer.

The block is placed to the right of the document's signature line (found with poppler's
`pdftotext -bbox` when it is installed), else at the foot of the last page. Validation uses
pyHanko: the signature must be intact, cover the whole file, and chain to a trust anchor.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from ..storage import atomic_write_bytes
from .keys import Identity

FIELD_NAME = "CentralAuthoritySignature"
BOX_WIDTH, BOX_HEIGHT = 250, 46



@dataclass
class PdfCheck:
    """What validation found about the signature(s) of one PDF."""

    intact: bool = False
    valid: bool = False
    trusted: bool = False
    whole_file: bool = False
    signer: str = ""
    problems: list[str] = field(default_factory=list)


def appearance_pdf(lines: list[str], width: float, height: float) -> bytes:
    """A one-page PDF the size of the signature box with the block's text, drawn by the same
    reportlab text code as the documents (every script shaped, with its own font)."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfgen import canvas
    from reportlab.platypus import Frame

    from ..render import pdf_text
    from ..render.document import Run

    regular, bold = pdf_text.base_font_name(), pdf_text.base_font_name(bold=True)
    inner_w, inner_h = width - 10, height - 6
    for size in (7.5, 7.0, 6.5, 6.0, 5.5, 5.0):  # the largest size at which every line fits
        style = ParagraphStyle("sig", fontName=regular, fontSize=size, leading=size * 1.25)
        head = ParagraphStyle("sig-head", parent=style, fontName=bold)
        flows = [pdf_text.paragraph([Run(line, bold=n == 0)], head if n == 0 else style)
                 for n, line in enumerate(lines)]
        if sum(f.wrap(inner_w, inner_h)[1] for f in flows) <= inner_h:
            break
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=(width, height))
    Frame(0, 0, width, height, leftPadding=6, rightPadding=4, topPadding=3, bottomPadding=0,
          showBoundary=0).addFromList(flows, c)
    c.showPage()
    c.save()
    return buffer.getvalue()


def stamp_lines(identity: Identity, when: dt.datetime) -> list[str]:
    """The visible block: signer, role, authority, date (UTC)."""
    lines = [f"Digitally signed by {identity.name}"]
    if identity.role:
        lines.append(identity.role)
    if identity.authority:
        lines.append(identity.authority)
    lines.append(f"Date: {when.astimezone(dt.UTC):%Y-%m-%d %H:%M} UTC")
    return lines


def _page_count_and_size(data: bytes) -> tuple[int, float, float]:
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(data))
    root = reader.root["/Pages"]
    count = int(root["/Count"])
    last = reader.root["/Pages"]
    while "/Kids" in last:  # walk down to the last leaf page
        last = last["/Kids"][len(last["/Kids"]) - 1].get_object()
    box = [float(v) for v in last.get("/MediaBox", [0, 0, 595.28, 841.89])]
    return count, box[2] - box[0], box[3] - box[1]


def _signature_line(pdf: Path, page: int) -> tuple[float, float, float, float] | None:
    """Bounding box (xMin, yMin, xMax, yMax from the top) of the last underscore line."""
    exe = shutil.which("pdftotext")
    if exe is None:
        return None
    try:
        out = subprocess.run([exe, "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
                             capture_output=True, text=True, timeout=30, check=True).stdout
    except (subprocess.SubprocessError, OSError):
        return None
    found = None
    for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                         r'yMax="([\d.]+)">(_{5,})</word>', out):
        found = tuple(float(m.group(i)) for i in range(1, 5))
    return found  # type: ignore[return-value]


def signature_box(pdf: Path, data: bytes) -> tuple[int, tuple[int, int, int, int]]:
    """(page index, box) for the visible signature: beside the signature line if found."""
    pages, width, height = _page_count_and_size(data)
    line = _signature_line(pdf, pages)
    if line is not None:
        x1 = int(line[2] + 16)
        y1 = int(height - line[3] - 9)
        x2 = int(min(width - 40, x1 + BOX_WIDTH))
        return pages - 1, (x1, y1, x2, y1 + BOX_HEIGHT)
    x2 = int(width - 56)
    return pages - 1, (x2 - BOX_WIDTH, 60, x2, 60 + BOX_HEIGHT)


def sign_pdf(pdf: Path, identity: Identity, when: dt.datetime, *, out: Path | None = None,
             reason: str = "", location: str = "") -> Path:
    """Sign `pdf` (in place unless `out`) with an embedded PAdES B-B signature and a visible
    block; the file is replaced atomically."""
    from pyhanko import stamp
    from pyhanko.pdf_utils import layout
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    data = pdf.read_bytes()
    page, box = signature_box(pdf, data)
    lines = stamp_lines(identity, when)
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME, md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES,
        name=identity.name, reason=reason or None, location=location or None)
    spec = fields.SigFieldSpec(sig_field_name=FIELD_NAME, on_page=page, box=box)
    buffer = io.BytesIO()
    with tempfile.TemporaryDirectory(prefix="mla-stamp-") as tmp:
        look = Path(tmp) / "appearance.pdf"  # pyHanko imports the block from a PDF file
        look.write_bytes(appearance_pdf(lines, box[2] - box[0], box[3] - box[1]))
        style = stamp.StaticStampStyle.from_pdf_file(
            str(look), border_width=1, border_color=(0.2, 0.3, 0.5),
            background_layout=layout.SimpleBoxLayoutRule(
                x_align=layout.AxisAlignment.ALIGN_MIN, y_align=layout.AxisAlignment.ALIGN_MAX,
                inner_content_scaling=layout.InnerScaling.NO_SCALING))
        signer = signers.PdfSigner(meta, signer=identity.pyhanko_signer(), stamp_style=style,
                                   new_field_spec=spec)
        writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
        signer.sign_pdf(writer, output=buffer)
    target = out or pdf
    atomic_write_bytes(target, buffer.getvalue())
    return target


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
