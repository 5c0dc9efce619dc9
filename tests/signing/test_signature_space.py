"""The room a PDF reserves for its signature holds the CMS exactly (RSA and EC keys): the
reserved size is `cms_build.max_size`, and what is written into it is the CMS, then zeros."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from mla_writer.signing.cms_build import PADES, max_size
from mla_writer.signing.keys import Identity
from mla_writer.signing.pdf_sign import sign_document

from .conftest import approved_case


@pytest.mark.parametrize("which", ["identity", "rsa_identity"])
def test_reserved_space_holds_the_signature(which: str,
                                            request: pytest.FixtureRequest) -> None:
    from asn1crypto import cms

    identity: Identity = request.getfixturevalue(which)
    from mla_writer.render import build_document

    data = sign_document(build_document(approved_case()), identity,
                         dt.datetime(2026, 11, 2, 9, 30, tzinfo=dt.UTC))
    contents = re.search(rb"/Contents <([0-9a-fA-F]+)>", data)
    assert contents is not None
    hexdigits = contents.group(1)
    assert len(hexdigits) == 2 * max_size(PADES, identity)
    der = bytes.fromhex(hexdigits.decode())
    info = cms.ContentInfo.load(der)  # the CMS, then only zeros: nothing cut off
    used = len(info.dump())
    assert der[used:] == bytes(len(der) - used)
    assert used <= max_size(PADES, identity) < used + 16  # ECDSA's length varies by a few bytes
