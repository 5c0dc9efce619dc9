"""Documents in the requested state's language name its authority and the instrument in that
language where the profile records the official name; elsewhere the English name is kept."""

from __future__ import annotations

import datetime as dt

from mla_writer.domain.clock import fixed_clock
from mla_writer.profiles import load_registry
from mla_writer.render import build_document
from mla_writer.render.document import _block_text

from .cases import make

CLOCK = fixed_clock(dt.datetime(2026, 9, 1, 9, 0, tzinfo=dt.UTC))


def text(case, lang: str) -> str:
    return "\n".join(_block_text(b) for b in build_document(case, lang=lang, clock=CLOCK).blocks)


def test_thai_document_addresses_the_attorney_general_in_thai() -> None:
    case = make(requesting_state="VN", requested_state="TH",
                legal_basis={"kind": "instrument", "instrument_id": "ASEAN-MLAT"})
    assert "สำนักงานอัยการสูงสุด" in text(case, "th")
    english = text(case, "en")
    assert "Office of the Attorney General (Central Authority)" in english
    assert "สำนักงานอัยการสูงสุด" not in english


def test_chinese_document_names_authority_and_convention_in_chinese() -> None:
    case = make(requesting_state="VN", requested_state="CN",
                legal_basis={"kind": "instrument", "instrument_id": "UNTOC"})
    zh = text(case, "zh")
    assert "中华人民共和国司法部" in zh and "联合国打击跨国有组织犯罪公约" in zh
    assert "United Nations Convention against Transnational Organized Crime" not in zh
    assert "Ministry of Justice of the People's Republic of China" not in zh
    # a language without a recorded name keeps the English one
    assert "United Nations Convention against Transnational Organized Crime" in text(case, "th")


def test_viet_nam_addressee_follows_the_law_in_force_on_the_request_date() -> None:
    case = make("provisional_arrest", requesting_state="TH", requested_state="VN",
                legal_basis={"kind": "reciprocity", "reciprocity_undertaking": "TH will."})
    case.request.request_date = dt.date(2026, 8, 3)
    assert "Bộ Công an" in text(case, "vi")
    vn = load_registry().state("VN")
    assert vn.authority("provisional_arrest", dt.date(2026, 8, 3)).citation.endswith("art. 33")
    # before 1 Jul 2026 no receiver of provisional-arrest requests is recorded: the extradition
    # authority of that time (cited to the 2007 law) is the addressee
    before = vn.authority("provisional_arrest", dt.date(2026, 6, 1))
    assert "08/2007" in before.citation and before.name_in("vi") == "Bộ Công an"


def test_native_names_are_only_recorded_where_known() -> None:
    reg = load_registry()
    for state in reg.states.values():
        for role in ("central_authority", "extradition_authority",
                     "provisional_arrest_authority"):
            for authority in getattr(state, role):
                # only the state's own languages (plus none invented for partner states)
                assert set(authority.names) <= set(state.names) - {"en"}, (state.code, role)
    assert set(reg.instruments["UNTOC"].names) == {"zh"}
    assert reg.instruments["ASEAN-MLAT"].names == {}
