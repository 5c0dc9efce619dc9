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
    for conv in ("UNTOC", "UNCAC", "UN-1988"):
        assert not options[conv].usable and "does not accept" in options[conv].reason
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
