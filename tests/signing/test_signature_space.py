"""The room reserved for a PDF signature holds the CMS pyHanko writes (RSA and EC keys)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from mla_writer.signing.keys import Identity
from mla_writer.signing.pdf_sign import sign_pdf, signature_space

from .conftest import approved_case


@pytest.mark.parametrize("which", ["identity", "rsa_identity"])
def test_reserved_space_holds_the_signature(which: str, request: pytest.FixtureRequest,
                                            tmp_path: Path) -> None:
    identity: Identity = request.getfixturevalue(which)
    from mla_writer.render import build_document, write_pdf

    pdf = tmp_path / "request.pdf"
    write_pdf(build_document(approved_case()), pdf)
    sign_pdf(pdf, identity, dt.datetime(2026, 11, 2, 9, 30, tzinfo=dt.UTC))
    contents = re.search(rb"/Contents <([0-9a-fA-F]+)>", pdf.read_bytes())
    assert contents is not None
    hexdigits = contents.group(1)
    assert len(hexdigits) == signature_space(identity)
    used = len(hexdigits.rstrip(b"0"))
    # the DER signature fits, with at least the room the signed attributes may still grow by
    assert used + 1000 < len(hexdigits)
