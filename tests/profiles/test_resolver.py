"""The legal-basis resolver: order, reasons, dates, declarations, reciprocity."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from mla_writer.profiles import load_registry, resolve_basis

FIXTURES = Path(__file__).resolve().parents[1] / "rules" / "fixture_profiles"
REG = load_registry(FIXTURES)
DAY = dt.date(2026, 8, 1)


def test_order_bilateral_regional_multilateral_reciprocity() -> None:
    options = resolve_basis("XB", "XA", "mla", DAY, REG)
    usable = [o.instrument_id for o in options if o.usable]
    assert usable == ["XA-XB-MLA", "REG", "CONV", "reciprocity"]
    assert [o.category for o in options if o.usable] == [
        "bilateral", "regional", "multilateral", "reciprocity"]
    recip = next(o for o in options if o.instrument_id == "reciprocity")
    assert "written reciprocity undertaking" in recip.reason
    model = next(o for o in options if o.instrument_id == "MODEL")
    assert not model.usable and "model treaty" in model.reason.lower()


def test_not_yet_in_force_and_kind_not_covered() -> None:
    options = {o.instrument_id: o for o in resolve_basis("XB", "XA", "extradition", DAY, REG)}
    assert not options["XA-XB-EXT"].usable and "2030-01-01" in options["XA-XB-EXT"].reason
    assert not options["XA-XB-MLA"].usable and "mutual legal assistance only" in (
        options["XA-XB-MLA"].reason)
    assert not options["REG"].usable
    assert not options["CONV"].usable and "does not accept TC" in options["CONV"].reason
    assert not options["reciprocity"].usable and "treaty required" in options["reciprocity"].reason
    later = {o.instrument_id: o for o in resolve_basis("XB", "XA", "extradition",
                                                        dt.date(2030, 2, 1), REG)}
    assert later["XA-XB-EXT"].usable


def test_declared_basis_for_extradition_is_verified() -> None:
    conv = next(o for o in resolve_basis("XA", "XB", "extradition", DAY, REG)
                if o.instrument_id == "CONV")
    assert conv.usable and conv.status == "treaty-text"


def test_unknown_state_is_usable_but_unverified() -> None:
    options = {o.instrument_id: o for o in resolve_basis("QQ", "XA", "mla", DAY, REG)}
    assert options["CONV"].usable and options["CONV"].status == "unverified"
    assert "QQ has no legal profile" in options["CONV"].reason
    to_unknown = {o.instrument_id: o for o in resolve_basis("XA", "QQ", "mla", DAY, REG)}
    assert to_unknown["reciprocity"].usable and to_unknown["reciprocity"].status == "unverified"


def test_real_profiles_lao_pdr_extradition() -> None:
    options = {o.instrument_id: o for o in resolve_basis("VN", "LA", "extradition", DAY)}
    # the UNCAC declaration is verified; that UNTOC and the 1988 Convention are refused too is
    # an inference: offered, unverified, with the report (an unverified fact rules nothing out)
    assert not options["UNCAC"].usable and "does not accept" in options["UNCAC"].reason
    for conv in ("UNTOC", "UN-1988"):
        assert options[conv].usable and options[conv].status == "unverified"
        assert "reportedly does not accept" in options[conv].reason
    assert not options["reciprocity"].usable
    assert options["LA-VN-EXTRADITION"].usable
    assert not options["ASEAN-MLAT"].usable  # MLA only


def test_real_profiles_asean_mlat_not_with_china() -> None:
    options = {o.instrument_id: o for o in resolve_basis("TH", "CN", "mla", DAY)}
    asean = options["ASEAN-MLAT"]
    assert not asean.usable and "China is not a party" in asean.reason
    among = {o.instrument_id: o for o in resolve_basis("VN", "TH", "mla", DAY)}
    assert among["ASEAN-MLAT"].usable
    kh_vn = [o.instrument_id for o in resolve_basis("VN", "KH", "mla", DAY) if o.usable]
    assert kh_vn[:2] == ["KH-VN-MLA", "ASEAN-MLAT"]
    old = {o.instrument_id: o for o in resolve_basis("VN", "KH", "mla", dt.date(2019, 1, 1))}
    assert not old["KH-VN-MLA"].usable  # in force only from 2 Oct 2020


def _opts(frm: str, to: str, kind: str, day: dt.date = DAY) -> dict:
    return {o.instrument_id: o for o in resolve_basis(frm, to, kind, day)}


def test_missing_membership_is_unknown_not_a_non_party() -> None:
    for frm, to, kind in (("FR", "TH", "mla"), ("DE", "VN", "provisional_arrest")):
        opt = _opts(frm, to, kind)["UN-1988"]
        assert "not a party" not in opt.reason
        assert "has no legal profile: its party status is not recorded" in opt.reason
        assert opt.usable and opt.status == "unverified"
    declared_non_party = _opts("CN", "MM", "mla")["ASEAN-MLAT"]
    assert not declared_non_party.usable and "China is not a party" in declared_non_party.reason


def test_instruments_do_not_apply_before_they_exist() -> None:
    old = _opts("KH", "MM", "mla", dt.date(2000, 1, 1))
    assert not old["UNTOC"].usable and "entered into force on 2003-09-29" in old["UNTOC"].reason
    assert not old["ASEAN-MLAT"].usable and "2004-11-29" in old["ASEAN-MLAT"].reason
    assert not _opts("TH", "CN", "extradition", dt.date(1998, 1, 1))["UNCAC"].usable
    assert _opts("KH", "MM", "mla")["UNTOC"].usable


def test_citation_and_status_describe_the_same_records() -> None:
    untoc = _opts("TH", "VN", "mla")["UNTOC"]
    # Viet Nam's record is verified, Thailand's is not: both are cited, status the weaker
    assert "UNTOC ratification by Viet Nam" in untoc.citation
    assert "UNTOC status (MTDSG XVIII-12)" in untoc.citation and untoc.status == "unverified"
    both_verified = _opts("CN", "MM", "mla")["UNTOC"]
    assert both_verified.status == "verified" and "China" in both_verified.citation
    # the requesting state is the one that is not a party: its record is cited
    asean = _opts("CN", "MM", "mla")["ASEAN-MLAT"]
    assert asean.citation == "ASEAN MLAT parties (the ten ASEAN states)"  # China's own record
    assert "Myanmar" not in asean.citation


def test_asean_mlat_scope_cites_article_2_unverified() -> None:
    opt = _opts("VN", "TH", "extradition")["ASEAN-MLAT"]
    assert not opt.usable and "art. 2" in opt.citation and opt.status == "unverified"
    assert "art. 31" not in opt.citation


def test_asean_extradition_treaty_is_signed_but_not_in_force() -> None:
    opt = _opts("VN", "TH", "extradition")["ASEAN-EXTRADITION"]
    assert not opt.usable and opt.status == "unverified"
    assert "2025-11-14" in opt.reason and "at least six member states" in opt.reason
    assert "does not govern mutual legal assistance" in _opts("VN", "TH", "mla")[
        "ASEAN-EXTRADITION"].reason


def test_viet_nam_untoc_declaration_for_extradition() -> None:
    opt = _opts("TH", "VN", "extradition")["UNTOC"]
    assert opt.usable and "Viet Nam reportedly does not accept it" in opt.reason
    assert opt.status == "unverified" and "16(5)" in opt.citation
    assert _opts("TH", "VN", "mla")["UNTOC"].usable  # MLA is not affected


def test_membership_known_only_by_year() -> None:
    before = _opts("VN", "MM", "mla", dt.date(2008, 6, 1))["ASEAN-MLAT"]
    assert not before.usable and "only since 2009" in before.reason
    during = _opts("VN", "MM", "mla", dt.date(2009, 6, 1))["ASEAN-MLAT"]
    assert during.usable and during.status == "unverified" and "in 2009" in during.reason
    after = _opts("VN", "MM", "mla", dt.date(2010, 6, 1))["ASEAN-MLAT"]
    assert after.usable and after.status == "verified"


def test_reciprocity_not_confirmed_says_so_in_citation_and_status() -> None:
    vn = _opts("TH", "VN", "mla")["reciprocity"]
    assert vn.status == "unverified" and "not confirmed" in vn.reason
    assert "not confirmed" in vn.citation
    before = _opts("TH", "VN", "mla", dt.date(2026, 6, 1))["reciprocity"]
    assert before.status == "verified" and "08/2007" in before.citation


def test_no_citation_clause_is_given_twice():
    """Two states' records often cite the same status list: each clause is said once."""
    registry = load_registry()
    codes = sorted(registry.states)
    seen = 0
    for a in codes:
        for b in codes:
            if a == b:
                continue
            for option in resolve_basis(a, b, "mla", dt.date(2026, 12, 1), registry):
                clauses = [c.strip() for c in option.citation.split("; ")]
                assert len(clauses) == len(set(clauses)), (a, b, option.citation)
                seen += len(clauses) > 1
    assert seen  # options citing several records exist


def test_a_treaty_signed_after_the_request_date_is_not_offered():
    """The Viet Nam-Lao PDR extradition agreement was signed in 2023: not a basis in 2019."""
    def option(on: dt.date):
        return next(o for o in resolve_basis("VN", "LA", "extradition", on)
                    if o.instrument_id == "LA-VN-EXTRADITION")

    early = option(dt.date(2019, 6, 1))
    assert not early.usable and "signed or adopted in 2023" in early.reason
    assert option(dt.date(2026, 6, 1)).usable
