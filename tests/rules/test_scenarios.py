"""Scenarios on the real profiles: each finding appears where the law requires it, only there."""

from __future__ import annotations

import datetime as dt

from mla_writer.rules import evaluate

from .cases import codes, make, real_registry

REG = real_registry()
TREATY = "instrument"


def basis(instrument_id: str = "", undertaking: str = "") -> dict[str, str]:
    if instrument_id:
        return {"kind": "instrument", "instrument_id": instrument_id}
    return {"kind": "reciprocity", "reciprocity_undertaking": undertaking}


def ext(frm: str, to: str, legal_basis: dict[str, str], *, nationality: str = "", **kw):
    case = make("extradition", requesting_state=frm, requested_state=to,
                legal_basis=legal_basis, **kw)
    case.request.persons[0].nationalities = [nationality or frm]
    return case


def run(case, on: dt.date | None = None):
    return evaluate(case, registry=REG, on=on)


# --- nationals ---------------------------------------------------------------------------------

def test_china_and_lao_refuse_their_nationals_error() -> None:
    cn = run(ext("VN", "CN", basis("CN-VN-EXTRADITION"), nationality="CN"))
    assert "CN-NATIONALS" in codes(cn, "error")
    la = run(ext("VN", "LA", basis("LA-VN-EXTRADITION"), nationality="LA"))
    assert "LA-NATIONALS" in codes(la, "error")
    # a foreigner: no finding
    assert "CN-NATIONALS" not in codes(run(ext("VN", "CN", basis("CN-VN-EXTRADITION"))))
    assert "LA-NATIONALS" not in codes(run(ext("VN", "LA", basis("LA-VN-EXTRADITION"))))


def test_cambodia_nationals_only_under_a_treaty_warning() -> None:
    recip = run(ext("TH", "KH", basis(undertaking="Thailand will reciprocate."), nationality="KH"))
    warn = next(i for i in recip if i.code == "KH-NATIONALS")
    assert warn.severity == "warning" and "Constitution" in warn.citation
    treaty = run(ext("VN", "KH", basis("KH-VN-EXTRADITION"), nationality="KH"))
    assert "KH-NATIONALS" not in codes(treaty)
    assert codes(treaty, "error").isdisjoint({"KH-NATIONALS", "KH-NATIONALS-TREATY"})
    assert "KH-NATIONALS" not in codes(run(ext("TH", "KH", basis(undertaking="x"))))


def test_thailand_may_extradite_its_nationals() -> None:
    issues = run(ext("KH", "TH", basis("KH-TH-EXTRADITION"), nationality="TH"))
    assert not any("NATIONALS" in i.code for i in issues)


def test_viet_nam_nationals_rule_changes_on_1_july_2026() -> None:
    case = ext("KH", "VN", basis("KH-VN-EXTRADITION"), nationality="VN")
    before = next(i for i in run(case, dt.date(2026, 6, 1)) if i.code == "VN-NATIONALS")
    after = next(i for i in run(case, dt.date(2026, 8, 1)) if i.code == "VN-NATIONALS")
    assert before.verified and "08/2007/QH12" in before.citation
    assert not after.verified and "100/2025/QH15" in after.citation
    assert "confirm with the central authority" in after.message


# --- death penalty -----------------------------------------------------------------------------

def _capital(case, assurance: str = ""):
    case.request.offences[0].punishable_by_death = True
    case.request.undertakings.death_penalty_assurance = assurance
    return case


def test_capital_offence_to_cambodia_needs_the_assurance() -> None:
    case = _capital(ext("VN", "KH", basis("KH-VN-EXTRADITION")))
    issue = next(i for i in run(case) if i.code == "KH-DEATH-PENALTY")
    assert issue.severity == "error"
    assert issue.path == "$.request.undertakings.death_penalty_assurance"
    assured = _capital(ext("VN", "KH", basis("KH-VN-EXTRADITION")), "It will not be imposed.")
    assert "KH-DEATH-PENALTY" not in codes(run(assured))
    assert "KH-DEATH-PENALTY" not in codes(run(ext("VN", "KH", basis("KH-VN-EXTRADITION"))))


def test_capital_offence_to_a_retentionist_state_without_such_rule_is_silent() -> None:
    case = _capital(ext("VN", "LA", basis("LA-VN-EXTRADITION")))
    assert not any("DEATH" in i.code for i in run(case))


def test_capital_offence_to_thailand_is_a_warning() -> None:
    case = _capital(ext("CN", "TH", basis("CN-TH-EXTRADITION")))
    assert "TH-DEATH-PENALTY" in codes(run(case), "warning")


# --- MLA to Thailand without a treaty ------------------------------------------------------------

def _statement_only(frm: str, legal_basis: dict[str, str], **kw):
    return make(requesting_state=frm, requested_state="TH", legal_basis=legal_basis,
                dual_criminality_statement="",
                assistance=[{"type": "taking_statement", "questions": ["Where were you?"],
                             "link_to_facts": "She saw the transfer."}], **kw)


def test_mla_to_thailand_without_treaty() -> None:
    issues = run(_statement_only("CN", basis(undertaking="China will reciprocate.")))
    assert "TH-MLA-DUAL-CRIMINALITY" in codes(issues, "error")  # even for a witness statement
    diplomatic = next(i for i in issues if i.code == "CHANNEL-DIPLOMATIC")
    assert "diplomatic" in diplomatic.message
    assert "CHANNEL-CENTRAL_AUTHORITY" not in codes(issues)
    lang = [i.message for i in issues if i.code == "LANGUAGE"]
    assert any("Thai or English" in m for m in lang)


def test_mla_to_thailand_under_treaties() -> None:
    asean = run(_statement_only("VN", basis("ASEAN-MLAT")))
    assert "CHANNEL-DIPLOMATIC" not in codes(asean)
    assert "CHANNEL-CENTRAL_AUTHORITY" in codes(asean)
    us = run(_statement_only("US", basis("TH-US-MLAT")))  # art. 1(3) waives dual criminality
    assert "TH-MLA-DUAL-CRIMINALITY" not in codes(us)
    with_statement = _statement_only("CN", basis(undertaking="x"))
    with_statement.request.dual_criminality_statement = "Fraud is an offence in Thailand."
    assert "TH-MLA-DUAL-CRIMINALITY" not in codes(run(with_statement))


def test_non_coercive_mla_to_cambodia_needs_no_dual_criminality() -> None:
    case = _statement_only("TH", basis("ASEAN-MLAT"), )
    case.request.requested_state = "KH"
    assert not any("DUAL" in i.code for i in run(case))


# --- China: written reciprocity ------------------------------------------------------------------

def test_no_treaty_with_china_needs_written_reciprocity_undertaking() -> None:
    case = make(requesting_state="KH", requested_state="CN", legal_basis=basis())
    issue = next(i for i in run(case) if i.code == "CN-MLA-RECIPROCITY")
    assert issue.severity == "error"
    assert issue.path == "$.request.legal_basis.reciprocity_undertaking"
    assert "ICJAL art. 13" in issue.citation
    given = make(requesting_state="KH", requested_state="CN",
                 legal_basis=basis(undertaking="Cambodia undertakes to reciprocate."))
    assert "CN-MLA-RECIPROCITY" not in codes(run(given))
    treaty = make(requesting_state="TH", requested_state="CN", legal_basis=basis("CN-TH-MLA"))
    assert "CN-MLA-RECIPROCITY" not in codes(run(treaty))


def test_asean_mlat_is_not_a_basis_with_china() -> None:
    case = make(requesting_state="TH", requested_state="CN", legal_basis=basis("ASEAN-MLAT"))
    issue = next(i for i in run(case) if i.code == "BASIS")
    assert issue.severity == "error" and "not a party" in issue.message


# --- Viet Nam provisional arrest after 1 July 2026 -----------------------------------------------

def _vn_pa(date: str, legal_basis: dict[str, str], frm: str = "TH"):
    return make("provisional_arrest", requesting_state=frm, requested_state="VN",
                request_date=date, legal_basis=legal_basis)


def test_viet_nam_provisional_arrest_without_treaty_after_july_2026() -> None:
    issues = run(_vn_pa("2026-08-03", basis(undertaking="Thailand will reciprocate.")))
    limit = next(i for i in issues if i.code == "VN-PA-45-DAYS")
    assert "45 days" in limit.message and "art. 33" in limit.citation
    assert {"VN-PA-COMPENSATION", "VN-PA-ACCURACY"} <= codes(issues, "error")
    case = _vn_pa("2026-08-03", basis(undertaking="Thailand will reciprocate."))
    case.request.undertakings.compensation_for_wrongful_detention = True
    case.request.undertakings.accuracy_of_information = True
    assert codes(run(case), "error").isdisjoint({"VN-PA-COMPENSATION", "VN-PA-ACCURACY"})


def test_viet_nam_provisional_arrest_before_july_2026_or_under_treaty() -> None:
    before = run(_vn_pa("2026-06-20", basis(undertaking="x")))
    assert codes(before).isdisjoint({"VN-PA-45-DAYS", "VN-PA-COMPENSATION", "VN-PA-ACCURACY"})
    treaty = run(_vn_pa("2026-08-03", basis("KH-VN-EXTRADITION"), frm="KH"))
    assert codes(treaty).isdisjoint({"VN-PA-45-DAYS", "VN-PA-COMPENSATION"})


# --- minimum penalty -----------------------------------------------------------------------------

def test_extradition_offence_below_minimum_penalty() -> None:
    low = ext("VN", "CN", basis("CN-VN-EXTRADITION"))
    low.request.offences[0].maximum_penalty_years = 0.5
    issue = next(i for i in run(low) if i.code == "CN-EXT-MIN-PENALTY")
    assert issue.severity == "error" and issue.citation == "Extradition Law of the PRC, art. 7"
    assert "CN-EXT-MIN-PENALTY" not in codes(run(ext("VN", "CN", basis("CN-VN-EXTRADITION"))))
    th = ext("CN", "TH", basis("CN-TH-EXTRADITION"))
    th.request.offences[0].maximum_penalty_years = 0.75
    assert "TH-EXT-MIN-PENALTY" in codes(run(th), "error")


# --- UNTOC (a)-(f) -------------------------------------------------------------------------------

def test_untoc_contents_missing() -> None:
    good = make(requesting_state="VN", requested_state="TH", legal_basis=basis("ASEAN-MLAT"))
    assert codes(run(good), "error") == set()
    for field, code in (("facts_summary", "MLA-C-FACTS"), ("purpose", "MLA-F-PURPOSE"),
                        ("subject", "MLA-B-SUBJECT")):
        case = make(requesting_state="VN", requested_state="TH", legal_basis=basis("ASEAN-MLAT"),
                    **{field: ""})
        issue = next(i for i in run(case) if i.code == code)
        assert issue.severity == "error" and issue.path == f"$.request.{field}"
        assert "UNTOC art. 18(15)" in issue.citation


def test_lao_pdr_does_not_take_the_conventions_for_extradition() -> None:
    case = ext("VN", "LA", basis("UNTOC"))
    issue = next(i for i in run(case) if i.code == "BASIS")
    assert issue.severity == "error" and "Lao PDR does not accept UNTOC" in issue.message
    ok = ext("VN", "LA", basis("LA-VN-EXTRADITION"))
    assert "BASIS" not in codes(run(ok), "error")


def test_request_to_a_state_without_profile_gets_baseline_and_warning() -> None:
    issues = run(make(requesting_state="VN", requested_state="FR", legal_basis=basis("UNTOC"),
                      purpose=""))
    assert "NO-PROFILE" in codes(issues, "warning")
    assert "MLA-F-PURPOSE" in codes(issues, "error")
    assert "NO-PROFILE" not in codes(run(make(requesting_state="VN", requested_state="TH",
                                              legal_basis=basis("ASEAN-MLAT"))))


def test_supplementary_request_names_the_earlier_request() -> None:
    case = make(kind="supplementary", requesting_state="VN", requested_state="TH",
                legal_basis=basis("ASEAN-MLAT"), assistance=[])
    found = {i.path for i in run(case) if i.code == "SUPP-EARLIER"}
    assert found == {"$.request.supplementary.earlier_reference",
                     "$.request.supplementary.what_it_adds"}
    case.request.supplementary = {"earlier_reference": "SPP-2026-1", "what_it_adds": "A witness"}
    issues = run(case)
    assert "SUPP-EARLIER" not in codes(issues)
    assert "MLA-D-ASSISTANCE" not in codes(issues)  # the earlier request described it


# --- the case's own text in a language the requested state accepts ---------------------------

def _untranslated_warnings(issues) -> list:
    return [i for i in issues if i.code == "LANGUAGE" and "typed in English" in i.message]


def test_china_needs_the_case_text_in_chinese_not_only_the_fixed_wording() -> None:
    from mla_writer.domain.freetext import missing_translations

    case = make("mla", requesting_state="VN", requested_state="CN",
                legal_basis=basis(undertaking="Viet Nam will reciprocate."))
    missing = missing_translations(case, "zh")
    warning = _untranslated_warnings(run(case))
    assert len(warning) == 1 and warning[0].severity == "warning"
    assert warning[0].path == missing[0] and f"{len(missing)} text field(s)" in warning[0].message
    for path in missing:
        case.translations.setdefault(path, {})["zh"] = "中文译文"
    assert _untranslated_warnings(run(case)) == []


def test_no_translation_warning_where_english_is_accepted() -> None:
    case = make("mla", requesting_state="VN", requested_state="TH",
                legal_basis=basis("ASEAN-MLAT"))
    assert _untranslated_warnings(run(case)) == []
