"""Signing the placeholder the renderer writes (signing.pdf_embed): pyHanko accepts the result
as intact, valid and covering the whole file; any changed byte breaks it; user text cannot pass
for the placeholder; the renderer puts the block where the PDF-reading rule put it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from pathlib import Path

import pytest

from mla_writer import storage
from mla_writer.render.build import build_document
from mla_writer.render.document import Document, Paragraph, Run, SignatureBlock
from mla_writer.render.pdf_signature import BYTE_RANGE_PLACEHOLDER, SignatureField
from mla_writer.render.pdf_writer import render_pdf
from mla_writer.render.signature_field import SignatureField as LightField
from mla_writer.signing import Identity, pdf_embed, pdf_sign
from mla_writer.signing.cms_build import PADES, max_size, sign_digest

from .conftest import CLOCK, ROOT

WHEN = dt.datetime(2026, 11, 20, 8, 0, tzinfo=dt.UTC)
AFTER = WHEN + dt.timedelta(hours=1)
EVIL = "x) /ByteRange [0 1 2 3] /Contents <00> \\ ( /Type /Sig >> endobj"


def field(identity: Identity, **changes: str) -> SignatureField:
    """The field as the signing side fills it in (stamp lines, reserved size)."""
    return dataclasses.replace(pdf_sign.signature_field(identity, WHEN), **changes)


def cms(identity: Identity, digest: bytes) -> bytes:
    """The PAdES CMS over `digest` the package writes (`cms_build`)."""
    return sign_digest(PADES, digest, identity)


def sign(data: bytes, identity: Identity) -> bytes:
    data, place = pdf_embed.prepare(data)
    return pdf_embed.fill(data, place, cms(identity, pdf_embed.digest(data, place)))


def document(name: str = "mla-bank-records", lang: str = "en",
             template: str | None = None) -> Document:
    case = storage.load(ROOT / "examples" / f"{name}.json")
    return build_document(case, lang=lang, template=template, clock=CLOCK)


@pytest.fixture(scope="module")
def signed(identity: Identity) -> bytes:
    return sign(render_pdf(document(), field(identity, reason="Approval",
                                             location="Phnom Penh")), identity)


def test_the_field_comes_from_the_signing_side(identity: Identity) -> None:
    f = pdf_sign.signature_field(identity, WHEN, reason="r", location="l")
    assert SignatureField is LightField  # one class, importable without reportlab
    assert f.field_name == "CentralAuthoritySignature" and f.name == identity.name
    assert f.lines == tuple(pdf_sign.stamp_lines(identity, WHEN))
    assert f.contents_size == max_size(PADES, identity)
    assert SignatureField.from_data(f.to_data()) == f
    with pytest.raises(ValueError):
        dataclasses.replace(f, when=dt.datetime(2026, 1, 1))


def test_pyhanko_finds_it_intact_valid_and_covering_the_whole_file(signed: bytes,
                                                                   identity: Identity) -> None:
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import SignatureCoverageLevel, validate_pdf_signature

    reader = PdfFileReader(io.BytesIO(signed))
    (sig,) = reader.embedded_signatures
    assert sig.field_name == pdf_sign.FIELD_NAME
    status = validate_pdf_signature(
        sig, signer_validation_context=pdf_sign.validation_context([identity.certificate],
                                                                   AFTER))
    assert status.intact and status.valid and status.trusted
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert sig.sig_object["/Reason"] == "Approval"
    assert sig.sig_object["/Location"] == "Phnom Penh"


def test_check_pdf_accepts_it(signed: bytes, identity: Identity) -> None:
    check = pdf_sign.check_pdf(signed, [identity.certificate], AFTER)
    assert (check.intact, check.valid, check.whole_file, check.trusted) == (True,) * 4
    assert check.problems == [] and "Sok Dara" in check.signer


def test_another_signer_is_not_trusted(signed: bytes, other_identity: Identity) -> None:
    assert not pdf_sign.check_pdf(signed, [other_identity.certificate], AFTER).trusted


@pytest.mark.parametrize("where", ["header", "page", "sig-dict", "contents", "xref", "end"])
def test_one_changed_byte_anywhere_breaks_it(signed: bytes, identity: Identity,
                                             where: str) -> None:
    place = pdf_embed.find(signed)
    at = {"header": 12, "page": len(signed) // 2,
          "sig-dict": signed.index(b"/M (D:", place.contents_end) + 8,
          "contents": place.contents_start + 21,
          "xref": signed.index(b"\nxref\n") + 30,
          "end": len(signed) - 10}[where]
    data = bytearray(signed)
    if where == "contents":  # another hex digit: the CMS itself changes
        data[at] = ord("1") if data[at] != ord("1") else ord("2")
    else:
        data[at] ^= 0x01
    check = pdf_sign.check_pdf(bytes(data), [identity.certificate], AFTER)
    assert not (check.intact and check.valid), where
    assert check.problems


def test_appended_bytes_are_not_a_prepared_file(signed: bytes) -> None:
    with pytest.raises(ValueError):
        pdf_embed.find(signed + b"% more\n")


def test_user_text_cannot_pass_for_the_placeholder(identity: Identity) -> None:
    doc = document()
    doc = dataclasses.replace(doc, title=EVIL, author=EVIL, subject=EVIL, blocks=[
        Paragraph([Run(f"Facts: {EVIL}", "en")]), *doc.blocks,
        SignatureBlock([[Run(EVIL, "en")], [Run("__________", "en")], [Run(EVIL, "en")]])])
    data = render_pdf(doc, field(identity, name=EVIL, reason=EVIL, location=EVIL,
                                 lines=(EVIL, EVIL)))
    place = pdf_embed.find(data)
    assert data[place.contents_start:place.contents_end] == b"<" + b"0" * (
        2 * place.capacity) + b">"
    assert data.count(b"/ByteRange [0 1 2 3]") >= 1  # the user's text is there, as data
    out = sign(data, identity)
    check = pdf_sign.check_pdf(out, [identity.certificate], AFTER)
    assert check.intact and check.valid and check.whole_file, check.problems


def test_prepare_writes_the_byte_range_over_a_zero_placeholder(identity: Identity) -> None:
    data = render_pdf(document(template="transmittal"), field(identity))
    place = pdf_embed.find(data)
    at = data.index(b"/ByteRange [0 ") + len(b"/ByteRange ")
    zeroed = data[:at] + BYTE_RANGE_PLACEHOLDER + data[at + len(BYTE_RANGE_PLACEHOLDER):]
    with pytest.raises(ValueError):
        pdf_embed.find(zeroed)
    prepared, again = pdf_embed.prepare(zeroed)
    assert prepared == data and again == place
    assert pdf_embed.prepare(data) == (data, place)  # already real: unchanged


def test_a_file_without_a_field_has_no_placeholder() -> None:
    with pytest.raises(ValueError, match="exactly one signature field"):
        pdf_embed.find(render_pdf(document(template="transmittal")))


def test_a_signature_too_large_for_the_room_is_refused(identity: Identity) -> None:
    data = render_pdf(document(template="transmittal"), field(identity, contents_size=64))
    place = pdf_embed.find(data)
    assert place.capacity == 64
    with pytest.raises(ValueError, match="does not fit"):
        pdf_embed.fill(data, place, bytes(65))
    filled = pdf_embed.fill(data, place, b"\x30\x01\xff")
    assert len(filled) == len(data)
    assert filled[place.contents_start:place.contents_start + 8] == b"<3001ff0"
    assert pdf_embed.digest(filled, place) == pdf_embed.digest(data, place)


def test_digest_and_fill_refuse_another_file(identity: Identity) -> None:
    data = render_pdf(document(template="transmittal"), field(identity))
    place = pdf_embed.find(data)
    with pytest.raises(ValueError):
        pdf_embed.digest(data + b" ", place)
    with pytest.raises(ValueError):
        pdf_embed.fill(data[1:], place, b"\x30\x00")


EXAMPLES = sorted(p.stem for p in (ROOT / "examples").glob("*.json"))


def _placed(data: bytes) -> tuple[int, tuple[int, ...]]:
    """(page index, rectangle) of the signature widget in `data`."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(data))
    widget = reader.root["/AcroForm"]["/Fields"][0].get_object()
    pages = [reader.find_page_for_modification(i)[0].idnum
             for i in range(int(reader.root["/Pages"]["/Count"]))]
    return pages.index(widget.raw_get("/P").idnum), tuple(int(v) for v in widget["/Rect"])


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["th", "en", "km", "my", "zh", "lo", "vi"])
def test_the_block_goes_where_the_pdf_reading_rule_put_it(identity: Identity,
                                                         lang: str) -> None:
    """For every example and both documents: the box the renderer chooses from what it drew
    equals `pdf_sign.signature_box` read from the same PDF rendered without the field."""
    f = field(identity)
    for name in EXAMPLES:
        for template in (None, "transmittal"):
            doc = document(name, lang, template)
            expected = pdf_sign.signature_box(Path("x.pdf"), render_pdf(doc))
            assert _placed(render_pdf(doc, f)) == expected, (name, template)


@pytest.mark.slow
@pytest.mark.parametrize("first,second", [("en", "th"), ("vi", "en"), ("km", "zh")])
def test_a_bilingual_page_puts_the_block_beside_the_last_column(identity: Identity,
                                                               first: str,
                                                               second: str) -> None:
    """Two columns, a signature line in each at the same height: the block goes beside the
    second (the last drawn, as the PDF-reading rule had it), not across both."""
    from mla_writer.render.build import bilingual_document

    f = field(identity)
    for name in EXAMPLES:
        for template in (None, "transmittal"):
            doc = bilingual_document(document(name, first, template),
                                     document(name, second, template))
            expected = pdf_sign.signature_box(Path("x.pdf"), render_pdf(doc))
            assert _placed(render_pdf(doc, f)) == expected, (name, template)
