"""Embedded PAdES signatures on the request PDFs, with a visible block naming the signer.

The block is placed to the right of the document's signature line (found with poppler's
`pdftotext -bbox` when it is installed), else at the foot of the last page. Validation uses
pyHanko: the signature must be intact, cover the whole file, and chain to a trust anchor.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from ..resources import data_dir
from ..storage import atomic_write_bytes
from .keys import Identity

FIELD_NAME = "CentralAuthoritySignature"
BOX_WIDTH, BOX_HEIGHT = 250, 50

#: fonts for the visible block, tried in order; the first covering every character is used
FONT_FILES = ("NotoSans-Regular.ttf", "NotoSansThai-Regular.ttf", "NotoSansKhmer-Regular.ttf",
              "NotoSansLao-Regular.ttf", "NotoSansMyanmar-Regular.ttf")


@dataclass
class PdfCheck:
    """What validation found about the signature(s) of one PDF."""

    intact: bool = False
    valid: bool = False
    trusted: bool = False
    whole_file: bool = False
    signer: str = ""
    problems: list[str] = field(default_factory=list)


@functools.lru_cache(maxsize=8)
def _font_chars(name: str) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    font = TTFont(str(data_dir("fonts") / name), lazy=True)
    return frozenset(font.getBestCmap())


def _font_for(text: str) -> Path | None:
    needed = {ord(c) for c in text if not c.isspace()}
    try:
        for name in FONT_FILES:
            if needed <= _font_chars(name):
                return data_dir("fonts") / name
    except (ImportError, OSError, ValueError):
        return None
    return data_dir("fonts") / FONT_FILES[0]


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
        y1 = int(height - line[3] - 16)
        x2 = int(min(width - 40, x1 + BOX_WIDTH))
        return pages - 1, (x1, y1, x2, y1 + BOX_HEIGHT)
    x2 = int(width - 56)
    return pages - 1, (x2 - BOX_WIDTH, 60, x2, 60 + BOX_HEIGHT)


def sign_pdf(pdf: Path, identity: Identity, when: dt.datetime, *, out: Path | None = None,
             reason: str = "", location: str = "") -> Path:
    """Sign `pdf` (in place unless `out`) with an embedded PAdES B-B signature and a visible
    block; the file is replaced atomically."""
    from pyhanko import stamp
    from pyhanko.pdf_utils import text
    from pyhanko.pdf_utils.font import opentype
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    data = pdf.read_bytes()
    page, box = signature_box(pdf, data)
    lines = stamp_lines(identity, when)
    body = "\n".join(lines)
    font_path = _font_for(body)
    style_kw: dict[str, Any] = {"font_size": 7, "leading": 9}
    if font_path is not None:
        style_kw["font"] = opentype.GlyphAccumulatorFactory(str(font_path), font_size=7)
    style = stamp.TextStampStyle(
        stamp_text=body.replace("%", "%%"), border_width=1, border_color=(0.2, 0.3, 0.5),
        text_box_style=text.TextBoxStyle(**style_kw))
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME, md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES,
        name=identity.name, reason=reason or None, location=location or None)
    spec = fields.SigFieldSpec(sig_field_name=FIELD_NAME, on_page=page, box=box)
    signer = signers.PdfSigner(meta, signer=identity.pyhanko_signer(), stamp_style=style,
                               new_field_spec=spec)
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    buffer = io.BytesIO()
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
