"""Embedded PAdES signatures on the request PDFs, with a visible block naming the signer.

The block is placed to the right of the document's signature line, in the band between the
lines of text above and below it (so a long printed name never runs under its border), found
by reading the PDF's own content stream (`pdf_layout`) — the same on every machine. Without a
signature line it goes to the foot of the last page. Validation uses pyHanko: the signature
must be intact, cover the whole file, and chain to a trust anchor.
"""

# lazy imports (start-up cost): reportlab, render, pyhanko, signing, cryptography, asn1crypto
# lazy imports (start-up cost): pyhanko_certvalidator, icu_capi
from __future__ import annotations

import contextlib
import datetime as dt
import io
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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


def appearance_pdf(lines: list[str], width: float, height: float) -> bytes:
    """A one-page PDF the size of the signature box with the block's text, drawn as the
    renderer draws the embedded field's appearance (`render.pdf_signature.block_text`)."""
    from reportlab.pdfgen import canvas

    from ..render.pdf_signature import block_text, draw_block_text

    flows = block_text(lines, width, height)
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=(width, height))
    draw_block_text(c, flows, width, height)
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


def signature_field(identity: Identity, when: dt.datetime, *, reason: str = "",
                    location: str = "") -> SignatureField:
    """The embedded-signature field the renderer writes for `identity` signing at `when`
    (`render.pdf_writer.render_pdf(doc, signature=...)`): this module's field name and
    visible block, and room for the CMS (`signature_space`)."""
    return SignatureField(FIELD_NAME, tuple(stamp_lines(identity, when)), identity.name,
                          reason, location, when, signature_space(identity) // 2)


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


def place_text(pdf: Path) -> str:
    """`signature_box` of a PDF file as one line of text ("page x1 y1 x2 y2")."""
    page, box = signature_box(pdf, pdf.read_bytes())
    return " ".join(str(v) for v in (page, *box))


def parse_place(text: str) -> tuple[int, tuple[int, int, int, int]]:
    """The (page, box) of `place_text`; ValueError when it is not of that form."""
    values = [int(v) for v in text.split(" ")]
    if len(values) != 5 or values[0] < 0 or values[1] >= values[3] or values[2] >= values[4]:
        raise ValueError(f"not a signature place: {text!r}")
    return values[0], (values[1], values[2], values[3], values[4])


def preload() -> None:
    """Import what the visible block's drawing needs, register the base font and load ICU
    (the documents' renderer needs the same: done once before `forked` starts its child)."""
    from reportlab.lib.styles import ParagraphStyle  # noqa: F401
    from reportlab.pdfgen import canvas  # noqa: F401
    from reportlab.platypus import Frame  # noqa: F401

    from ..icu_capi import ICUUnavailable, icu
    from ..render import pdf_text

    pdf_text.base_font_name()
    pdf_text.base_font_name(bold=True)
    with contextlib.suppress(ICUUnavailable):  # line breaking; the renderer reports it
        icu()


class PdfSigning:
    """The signing set-up shared by every PDF of one package: the pyHanko signer (the key
    converted once), the reserved signature size, the metadata, and one folder for the
    visible blocks' appearance files. Use as a context manager, or call `close()`."""

    def __init__(self, identity: Identity, when: dt.datetime, *, reason: str = "",
                 location: str = "") -> None:
        from pyhanko.sign import fields, signers

        self.identity, self.when = identity, when
        self.lines = stamp_lines(identity, when)
        self.meta = signers.PdfSignatureMetadata(
            field_name=FIELD_NAME, md_algorithm="sha256",
            subfilter=fields.SigSeedSubFilter.PADES, name=identity.name, reason=reason or None,
            location=location or None)
        self.signer = identity.pyhanko_signer()
        self.space = signature_space(identity)
        self._tmp = tempfile.TemporaryDirectory(prefix="mla-stamp-")
        self._count = 0

    def __enter__(self) -> PdfSigning:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._tmp.cleanup()

    def sign(self, pdf: Path, out: Path | None = None, *,
             place: tuple[int, tuple[int, int, int, int]] | None = None) -> Path:
        """Sign `pdf` (in place unless `out`); the file is replaced atomically. `place`:
        (page, box) as `signature_box` finds it, when already known."""
        from pyhanko import stamp
        from pyhanko.pdf_utils import layout
        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
        from pyhanko.sign import fields, signers

        data = pdf.read_bytes()
        page, box = place if place is not None else signature_box(pdf, data)
        spec = fields.SigFieldSpec(sig_field_name=FIELD_NAME, on_page=page, box=box)
        self._count += 1  # pyHanko imports the block from a PDF file
        look = Path(self._tmp.name) / f"appearance-{self._count}.pdf"
        look.write_bytes(appearance_pdf(self.lines, box[2] - box[0], box[3] - box[1]))
        style = stamp.StaticStampStyle.from_pdf_file(
            str(look), border_width=1, border_color=(0.2, 0.3, 0.5),
            background_layout=layout.SimpleBoxLayoutRule(
                x_align=layout.AxisAlignment.ALIGN_MIN, y_align=layout.AxisAlignment.ALIGN_MAX,
                inner_content_scaling=layout.InnerScaling.NO_SCALING))
        signer = signers.PdfSigner(self.meta, signer=self.signer, stamp_style=style,
                                   new_field_spec=spec)
        buffer = io.BytesIO()
        writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
        signer.sign_pdf(writer, output=buffer, bytes_reserved=self.space)
        target = out or pdf
        atomic_write_bytes(target, buffer.getvalue())
        return target


def sign_pdf(pdf: Path, identity: Identity, when: dt.datetime, *, out: Path | None = None,
             reason: str = "", location: str = "") -> Path:
    """Sign `pdf` (in place unless `out`) with an embedded PAdES B-B signature and a visible
    block; the file is replaced atomically. (A package signs its PDFs with one
    `PdfSigning`.)"""
    with PdfSigning(identity, when, reason=reason, location=location) as signing:
        return signing.sign(pdf, out)


#: room for the CMS container beside its certificates and signature value: the signed
#: attributes (content type, digest, signing certificate v2, algorithm protection), the signer's
#: issuer name and serial number and the ASN.1 framing; measured at under 1.5 KB
CMS_OVERHEAD = 4096


def signature_space(identity: Identity) -> int:
    """Bytes to reserve in the PDF for the signature (hex digits: twice the DER size).

    pyHanko would otherwise estimate it by signing a dummy digest first (an RSA signature
    more per PDF); the size is known from the certificates pyHanko embeds (the signer's and
    its chain) and the key's largest signature."""
    from cryptography.hazmat.primitives.asymmetric import ec, rsa

    der = serialization.Encoding.DER
    key = identity.private_key
    if isinstance(key, rsa.RSAPrivateKey):
        sig = (key.key_size + 7) // 8
    elif isinstance(key, ec.EllipticCurvePrivateKey):
        sig = 2 * ((key.curve.key_size + 7) // 8) + 9  # DER: SEQUENCE of two INTEGERs
    else:
        sig = 1024
    certs = sum(len(c.public_bytes(der)) for c in (identity.certificate, *identity.chain))
    return 2 * (certs + sig + CMS_OVERHEAD)


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
