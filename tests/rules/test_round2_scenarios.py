"""Issue 11 (round 2 of the legal review), scenario by scenario on the real profiles: each
defect where the law puts it, and nothing unrelated firing next to it."""

from __future__ import annotations

import datetime as dt
import json
import shutil

import pytest

from mla_writer.cli import main
from mla_writer.domain.clock import fixed_clock
from mla_writer.profiles import effective_basis, resolve_basis
from mla_writer.profiles.schema import RuleSpec
from mla_writer.render import build_document
from mla_writer.rules import evaluate
from mla_writer.storage import case_from_dict

from .cases import FIXTURES, codes, make, real_registry

REG = real_registry()
DAY = dt.date(2026, 8, 1)
CLOCK = fixed_clock(dt.datetime(2026, 8, 1, 9, 0, tzinfo=dt.UTC))


def basis(instrument_id: str = "", undertaking: str = "x") -> dict[str, str]:
    if instrument_id:
        return {"kind": "instrument", "instrument_id": instrument_id}
    return {"kind": "reciprocity", "reciprocity_undertaking": undertaking}


def opts(frm: str, to: str, kind: str, day: dt.date = DAY) -> dict:
    return {o.instrument_id: o for o in resolve_basis(frm, to, kind, day, REG)}


def ext(frm: str, to: str, legal_basis: dict, *, national: str = "", kind: str = "extradition",
        **kw):
    case = make(kind, requesting_state=frm, requested_state=to, legal_basis=legal_basis, **kw)
    case.request.persons[0].nationalities = [national or frm]
    return case


def run(case, on: dt.date | None = None):
    return evaluate(case, registry=REG, on=on)


# --- 1. regional treaties have a closed list of parties ----------------------------------------

@pytest.mark.parametrize("frm,to", [("AU", "KH"), ("AU", "LA"), ("US", "VN"), ("AU", "TH"),
                                    ("US", "TH"), ("KR", "TH")])
def test_asean_mlat_is_not_offered_to_a_state_outside_asean(frm: str, to: str) -> None:
    asean = opts(frm, to, "mla")["ASEAN-MLAT"]
    assert not asean.usable and "is not a party to ASEAN MLAT" in asean.reason
    assert asean.status != "unverified"  # the closed list is the instrument's own record
    # check blocks it (an error, not a warning) and follows "no treaty"
    issues = run(make(requesting_state=frm, requested_state=to, legal_basis=basis("ASEAN-MLAT")))
    found = next(i for i in issues if i.code == "BASIS")
    assert found.severity == "error" and "assume that no treaty applies" in found.message


def test_asean_mlat_among_asean_states_still_usable_and_first_after_a_bilateral() -> None:
    among = [o.instrument_id for o in resolve_basis("VN", "KH", "mla", DAY, REG) if o.usable]
    assert among[:2] == ["KH-VN-MLA", "ASEAN-MLAT"]
    assert not [i for i in run(make(requesting_state="VN", requested_state="TH",
                                    legal_basis=basis("ASEAN-MLAT")))
                if i.code.startswith("BASIS")]


def test_partner_states_record_their_convention_status_and_confirmed_ranks_first() -> None:
    for code in ("AU", "KR", "US", "GB", "SG", "MY", "JP"):
        state = REG.state(code)
        assert {m.instrument for m in state.memberships} >= {"UNTOC", "UN-1988", "UNCAC"}, code
        for m in state.memberships:
            assert m.source_kind and m.source, (code, m.instrument)
    usable = [o for o in resolve_basis("AU", "KH", "mla", DAY, REG) if o.usable]
    # UNTOC (both memberships verified) before the conventions resting on unverified records
    assert usable[0].instrument_id == "UNTOC" and usable[0].status == "verified"
    conventions = [o for o in usable if o.category == "multilateral"]
    statuses = [o.status == "unverified" for o in conventions]
    assert statuses == sorted(statuses)


# --- 2. a convention is not a treaty -----------------------------------------------------------

def _vn_pa(legal_basis: dict, frm: str = "TH"):
    return make("provisional_arrest", requesting_state=frm, requested_state="VN",
                request_date="2026-08-03", legal_basis=legal_basis)


@pytest.mark.parametrize("convention", ["UNCAC", "UN-1988", "UNTOC"])
def test_viet_nam_no_treaty_rules_apply_under_a_convention(convention: str) -> None:
    issues = run(_vn_pa(basis(convention)))
    found = codes(issues)
    assert {"VN-PA-45-DAYS", "VN-PA-COMPENSATION", "VN-PA-ACCURACY"} <= found, convention
    assert "VN-PA-TREATY" not in found  # a convention fixes no detention period


def test_viet_nam_treaty_period_under_a_treaty_only() -> None:
    found = codes(run(_vn_pa(basis("KH-VN-EXTRADITION"), frm="KH")))
    assert "VN-PA-TREATY" in found
    assert found.isdisjoint({"VN-PA-45-DAYS", "VN-PA-COMPENSATION", "VN-PA-ACCURACY"})


def test_basis_categories_are_treaty_and_convention() -> None:
    from mla_writer.profiles import basis_category

    assert basis_category(REG, "instrument", "KH-VN-MLA") == "treaty"
    assert basis_category(REG, "instrument", "ASEAN-MLAT") == "treaty"
    assert basis_category(REG, "instrument", "UNTOC") == "convention"
    assert basis_category(REG, "reciprocity", "") == "reciprocity"
    with pytest.raises(ValueError):  # the old lumped categories are gone from the schema
        RuleSpec(code="X", rule="nationals", title="t", citation="c", source="s",
                 status="verified", basis=["multilateral"])


# --- 3. severity carries the law ---------------------------------------------------------------

def test_cambodian_national_without_a_treaty_blocks_under_a_convention_warns() -> None:
    recip = [i for i in run(ext("TH", "KH", basis(), national="KH")) if "NATIONALS" in i.code]
    assert [(i.code, i.severity) for i in recip] == [("KH-NATIONALS", "error")]
    conv = [i for i in run(ext("TH", "KH", basis("UNTOC"), national="KH"))
            if "NATIONALS" in i.code]
    assert [(i.code, i.severity) for i in conv] == [("KH-NATIONALS-CONVENTION", "warning")]
    # a foreigner: nothing about nationals
    assert not [i for i in run(ext("TH", "KH", basis())) if "NATIONALS" in i.code]


def test_thai_national_warns_at_thailands_discretion() -> None:
    issues = run(ext("CN", "TH", basis("CN-TH-EXTRADITION"), national="TH"))
    assert ("TH-NATIONALS", "warning") in {(i.code, i.severity) for i in issues}
    assert "EXT-NATIONALS-UNRECORDED" not in codes(issues)


def test_myanmar_position_on_nationals_not_recorded_confirm() -> None:
    issues = run(ext("VN", "MM", basis("UNTOC"), national="MM"))
    note = next(i for i in issues if i.code == "EXT-NATIONALS-UNRECORDED")
    assert note.severity == "warning" and not note.verified
    assert "confirm" in note.message
    assert "EXT-NATIONALS-UNRECORDED" not in codes(run(ext("VN", "MM", basis("UNTOC"))))
    # a state with its own nationals rule never gets the "not recorded" notice
    for to, treaty in (("CN", "CN-VN-EXTRADITION"), ("LA", "LA-VN-EXTRADITION"),
                       ("KH", "KH-VN-EXTRADITION")):
        assert "EXT-NATIONALS-UNRECORDED" not in codes(run(ext("VN", to, basis(treaty),
                                                                national=to))), to


# --- 4. an unverified fact never blocks on its own --------------------------------------------

def test_lao_rejection_of_the_1988_convention_is_an_unverified_warning() -> None:
    found = [i for i in run(ext("VN", "LA", basis("UN-1988"))) if i.code.startswith("BASIS")]
    assert [(i.code, i.severity) for i in found] == [("BASIS-UNVERIFIED", "warning")]
    assert not found[0].verified and "reportedly" in found[0].message


def test_cambodia_death_penalty_assurance_warns_and_says_unverified() -> None:
    case = ext("VN", "KH", basis("KH-VN-EXTRADITION"))
    case.request.offences[0].punishable_by_death = True
    issue = next(i for i in run(case) if i.code == "KH-DEATH-PENALTY")
    assert issue.severity == "warning" and "confirm with the central authority" in issue.message


def test_no_profile_rule_is_an_unverified_error() -> None:
    for rules in [REG.baseline.rules] + [s.rules for s in REG.states.values()]:
        for spec in rules:
            assert not (spec.severity == "error" and spec.status == "unverified"), spec.code
    with pytest.raises(ValueError, match="needs a verified or treaty-text source"):
        RuleSpec(code="X", rule="nationals", title="t", citation="c", source="s",
                 status="unverified", severity="error")


def test_lint_refuses_an_unverified_error(tmp_path, capsys) -> None:
    shutil.copytree(FIXTURES, tmp_path / "p")
    xa = tmp_path / "p" / "states" / "XA.toml"
    text = xa.read_text("utf-8").replace('title = "Death-penalty assurance"\nseverity = "warning"',
                                         'title = "Death-penalty assurance"\nseverity = "error"')
    xa.write_text(text, "utf-8")
    assert main(["profiles", "lint", str(tmp_path / "p")]) == 1
    assert "needs a verified or treaty-text source" in capsys.readouterr().err


def test_language_findings_keep_the_unverified_flag_of_the_languages_they_restate() -> None:
    kh = run(make(requesting_state="VN", requested_state="KH", legal_basis=basis("KH-VN-MLA")))
    untranslated = next(i for i in kh if i.code == "LANGUAGE-UNTRANSLATED-KM")
    assert not untranslated.verified and "confirm with the central authority" in (
        untranslated.message)
    # Thailand's languages are verified: its note is not flagged
    th = run(make(requesting_state="VN", requested_state="TH", legal_basis=basis("ASEAN-MLAT")))
    assert next(i for i in th if i.code == "LANGUAGE-UNTRANSLATED-TH").verified


def test_the_build_language_warning_keeps_the_unverified_flag() -> None:
    from mla_writer.i18n import UNVERIFIED_NOTE
    from mla_writer.workflow.preflight import language_warning

    kh = make(requesting_state="VN", requested_state="KH", legal_basis=basis("KH-VN-MLA"))
    assert language_warning(kh, ["vi"], REG, DAY).endswith(UNVERIFIED_NOTE)  # Khmer: unverified
    th = make(requesting_state="VN", requested_state="TH", legal_basis=basis("ASEAN-MLAT"))
    assert UNVERIFIED_NOTE not in language_warning(th, ["vi"], REG, DAY)  # Thai/English: verified


# --- 5. one effective legal basis -------------------------------------------------------------

def test_vn_to_th_extradition_under_uncac_checklist_and_letter_agree() -> None:
    case = ext("VN", "TH", basis("UNCAC"))
    eff = effective_basis(case.request, REG, DAY)
    assert eff.rejected and eff.category == "none" and eff.instrument_id == ""
    issues = run(case)
    assert "CHANNEL-DIPLOMATIC" in codes(issues)
    assert "CHANNEL-CENTRAL_AUTHORITY" not in codes(issues)
    text = build_document(case, clock=CLOCK).plain_text()
    assert "Through the diplomatic channel" in text
    # under the bilateral treaty both say: directly to the Attorney General
    treaty = ext("CN", "TH", basis("CN-TH-EXTRADITION"))
    assert "CHANNEL-CENTRAL_AUTHORITY" in codes(run(treaty))
    assert "Through the diplomatic channel" not in build_document(treaty, clock=CLOCK).plain_text()


def test_preflight_languages_follow_the_effective_basis() -> None:
    from mla_writer.workflow.preflight import accepted_languages

    case = make(requesting_state="VN", requested_state="KH", legal_basis=basis("ASEAN-MLAT"))
    assert accepted_languages(case, REG, DAY) == ["km", "en"]  # English under the ASEAN MLAT
    # the United States is not an ASEAN MLAT party: no treaty applies, Khmer only
    case.request.requesting_state = "US"
    assert accepted_languages(case, REG, DAY) == ["km"]


# --- 6. supplementary requests know what they supplement --------------------------------------

def _supplement(earlier_kind: str | None, legal_basis: dict, to: str = "KH", **details):
    case = make("supplementary", requesting_state="VN", requested_state=to,
                legal_basis=legal_basis, assistance=[])
    sup = {"earlier_reference": "EXT-2026-7", "earlier_date": "2026-06-01",
           "what_it_adds": "The judgment of the appeal court.", **details}
    if earlier_kind:
        sup["earlier_kind"] = earlier_kind
    case.request.supplementary = sup
    return case


def test_supplementary_to_an_extradition_request_follows_the_extradition_rules() -> None:
    case = _supplement("extradition", basis("KH-VN-EXTRADITION"))
    issues = run(case)
    assert not [i for i in issues if i.code == "BASIS"]  # the extradition treaty is its basis
    channels = codes(issues)
    assert "CHANNEL-DIPLOMATIC" in channels and "CHANNEL-CENTRAL_AUTHORITY" not in channels
    assert "SUPP-EARLIER" not in channels
    # MLA contents rules are not applied to it
    assert channels.isdisjoint({"MLA-A-AUTHORITY", "MLA-DUAL-CRIMINALITY", "MLA-E-PERSONS"})
    case.request.persons[0].nationalities = ["KH"]
    assert "KH-NATIONALS-TREATY" in codes(run(case))


def test_supplementary_to_an_mla_request_stays_mla() -> None:
    issues = run(_supplement("mla", basis("KH-VN-MLA")))
    assert "CHANNEL-CENTRAL_AUTHORITY" in codes(issues) and "BASIS" not in codes(issues)
    # an extradition treaty cannot carry it: that the treaty's own record is unverified (its
    # existence is known from the press) does not make it an MLA treaty, so it still blocks
    assert "BASIS" in codes(run(_supplement("mla", basis("KH-VN-EXTRADITION"))), "error")
    # and a supplementary to an extradition request cannot rest on the MLA treaty (verified)
    refused = run(_supplement("extradition", basis("KH-VN-MLA")))
    assert "BASIS" in codes(refused, "error")


def test_supplementary_without_the_earlier_kind_cannot_be_finalised() -> None:
    issues = run(_supplement(None, basis("KH-VN-MLA")))
    missing = next(i for i in issues if i.path == "$.request.supplementary.earlier_kind")
    assert missing.code == "SUPP-EARLIER" and missing.severity == "error"


def test_an_older_supplementary_file_still_loads() -> None:
    case = case_from_dict({"schema_version": 1, "request": {
        "kind": "supplementary", "supplementary": {"earlier_reference": "R-1",
                                                   "what_it_adds": "More."}}})
    assert case.request.supplementary.earlier_kind is None
    assert case.request.supplementary.answers == []


def test_supplementary_document_answers_point_by_point() -> None:
    case = _supplement("extradition", basis("KH-VN-EXTRADITION"), answers=[
        {"question": "Is the judgment final?", "answer": "Yes, since 3 May 2026."},
        {"question": "Where is the person held?", "answer": "Nowhere; at large."}])
    text = build_document(case, clock=CLOCK).plain_text()
    assert "Supplementary request in support of a request for extradition" in text
    assert "mutual legal assistance" not in text.split("Earlier request")[0]
    first, second = text.index("Is the judgment final?"), text.index("Where is the person held?")
    assert first < text.index("Yes, since 3 May 2026.") < second
    assert "Request for extradition" in text  # the earlier request's kind, named
    letter = build_document(case, template="transmittal", clock=CLOCK).plain_text()
    assert "supplementary request in support of a request for extradition" in letter.lower()
    assert "mutual legal assistance" not in letter
    mla = build_document(_supplement("mla", basis("KH-VN-MLA")), clock=CLOCK).plain_text()
    assert "Supplementary request for mutual legal assistance" in mla
    assert "Question of the requested State" not in mla


# --- 7. contents per assistance type (negative: nothing unrelated) ---------------------------

def test_bank_records_request_gets_no_search_service_or_transfer_findings() -> None:
    found = codes(run(make(requesting_state="VN", requested_state="TH",
                           legal_basis=basis("ASEAN-MLAT"))))
    assert found.isdisjoint({"MLA-SEARCH-PREMISES", "MLA-SERVICE-ADDRESSEE",
                             "MLA-TRANSFER-CONSENT", "MLA-TRANSFER-CONDITIONS",
                             "MLA-FREEZING-ASSETS", "MLA-BANK-ACCOUNTS"})


def test_service_on_a_named_person_without_address_only() -> None:
    case = make(requesting_state="VN", requested_state="TH", legal_basis=basis("ASEAN-MLAT"),
                assistance=[{"type": "service_of_documents", "id": "A1", "documents": ["S"],
                             "link_to_facts": "Summons.", "address_for_service": "1 Road"}])
    found = [i for i in run(case) if i.code == "MLA-SERVICE-ADDRESSEE"]
    assert [i.path for i in found] == ["$.request.assistance[0].person_ids"]


# --- 8. alternatives where a nationals bar blocks ------------------------------------------

def test_alternatives_are_offered_where_a_national_is_not_extradited() -> None:
    note = next(i for i in run(ext("VN", "CN", basis("CN-VN-EXTRADITION"), national="CN"))
                if i.code == "EXT-ALTERNATIVES")
    assert note.severity == "info" and "16(10)" in note.citation and "6(9)" in note.citation
    assert "prosecution" in note.message and "mutual legal assistance" in note.message
    assert "EXT-ALTERNATIVES" not in codes(run(ext("VN", "CN", basis("CN-VN-EXTRADITION"))))
    assert "EXT-ALTERNATIVES" not in codes(run(ext("VN", "FR", basis("UNTOC"), national="FR")))


# --- 9. the rest of the review ----------------------------------------------------------------

def test_thai_mla_act_s20_is_not_an_incoming_formality() -> None:
    issues = run(make(requesting_state="VN", requested_state="TH", legal_basis=basis("ASEAN-MLAT")))
    assert not [i for i in issues if "s. 20" in i.citation]
    assert any("s. 20" in f.citation for f in REG.state("TH").facts)


def _summons(appearance: str, legal_basis: dict, frm: str = "KH"):
    return make(requesting_state=frm, requested_state="CN", legal_basis=legal_basis,
                request_date="2026-08-01",
                assistance=[{"type": "service_of_documents", "id": "A1", "person_ids": ["P1"],
                             "documents": ["Summons"], "address_for_service": "1 Road",
                             "appearance_date": appearance, "link_to_facts": "Trial."}])


def test_china_summons_three_calendar_months_not_90_days() -> None:
    # 1 Aug + 91 days = 31 Oct: enough for "90 days", not for "three months" (1 Nov)
    early = next(i for i in run(_summons("2026-10-31", basis("UNTOC")))
                 if i.code == "CN-SUMMONS-LEAD-TIME")
    assert early.severity == "error" and "2026-11-01" in early.message
    assert "CN-SUMMONS-LEAD-TIME" not in codes(run(_summons("2026-11-01", basis("UNTOC"))))
    # under a treaty, a warning to check the treaty's own period
    treaty = run(_summons("2026-10-31", basis("CN-TH-MLA"), frm="TH"))
    assert ("CN-SUMMONS-LEAD-TIME-TREATY", "warning") in {(i.code, i.severity) for i in treaty}
    assert "CN-SUMMONS-LEAD-TIME" not in codes(treaty)


def test_china_contents_apply_under_a_convention_and_where_a_treaty_is_silent() -> None:
    conv = make(requesting_state="KH", requested_state="CN", legal_basis=basis("UNTOC"))
    assert "CN-MLA-CONTENTS" in codes(run(conv), "error")  # no deadline given
    treaty = make(requesting_state="TH", requested_state="CN", legal_basis=basis("CN-TH-MLA"))
    assert "CN-MLA-CONTENTS-TREATY" in codes(run(treaty), "warning")
    assert "CN-MLA-CONTENTS" not in codes(run(treaty))


def test_apostille_entries_are_dated_and_viet_nams_is_unverified() -> None:
    vn = next(f for f in REG.state("VN").formalities if f.topic == "apostille")
    assert vn.status == "unverified" and vn.review_due is not None
    assert "dated before" not in vn.text
    th = next(f for f in REG.state("TH").formalities if f.topic == "apostille")
    assert th.review_due is not None and th.checked_on is not None


def test_viet_nam_lao_extradition_offers_both_instruments_unverified() -> None:
    found = opts("VN", "LA", "extradition")
    for ident in ("LA-VN-EXTRADITION", "LA-VN-EXTRADITION-EARLIER"):
        assert found[ident].usable and found[ident].status == "unverified", ident


def test_uncac_into_viet_nam_for_extradition_is_flagged() -> None:
    uncac = opts("TH", "VN", "extradition")["UNCAC"]
    assert uncac.status == "unverified" and "reportedly does not accept" in uncac.reason
    assert "44(6)" in uncac.citation


def test_china_lao_agreement_carries_its_caveat() -> None:
    agreement = opts("CN", "LA", "mla")["CN-LA-LEGAL-ASSISTANCE"]
    assert "criminal matters is not confirmed" in agreement.reason
    assert agreement.status == "unverified"


def test_a_treaty_not_known_to_be_in_force_still_blocks_though_its_record_is_unverified():
    case = ext("VN", "TH", basis("ASEAN-EXTRADITION"))
    found = next(i for i in run(case) if i.code == "BASIS")
    assert found.severity == "error" and "not known to be in force" in found.message
    assert opts("VN", "TH", "extradition")["ASEAN-EXTRADITION"].firm
    # a refusal resting on an unverified declaration is not firm: it warns (see above)
    assert not opts("VN", "LA", "extradition")["UN-1988"].firm


def test_never_signed_after_the_request_date() -> None:
    early = opts("VN", "TH", "extradition", dt.date(2025, 1, 1))["ASEAN-EXTRADITION"]
    assert "was signed on" not in early.reason and "only signed or adopted on 2025-11-14" in (
        early.reason)


# --- provenance a lawyer can maintain -------------------------------------------------------

def test_every_item_says_what_its_source_is_and_verified_is_never_secondary_only() -> None:
    from mla_writer.profiles.lint import lint_report

    problems, _ = lint_report(None, DAY)
    assert problems == []
    for state in REG.states.values():
        for item in state.sourced_items():
            assert item.source_kind is not None
            assert not (item.verified and item.source_kind == "secondary"), item.citation
            assert ("paperzz.com" not in item.source and "wikizero" not in item.source) \
                or not item.verified


def test_lint_refuses_a_verified_item_resting_on_a_secondary_page(tmp_path, capsys) -> None:
    shutil.copytree(FIXTURES, tmp_path / "p")
    xb = tmp_path / "p" / "states" / "XB.toml"
    text = xb.read_text("utf-8").replace('citation = "XB ratification"\nsource = "test"\nstatus ='
                                         ' "verified"\nsource_kind = "official_text"',
                                         'citation = "XB ratification"\nsource = "test"\nstatus ='
                                         ' "verified"\nsource_kind = "secondary"')
    assert 'source_kind = "secondary"' in text
    xb.write_text(text, "utf-8")
    assert main(["profiles", "lint", str(tmp_path / "p")]) == 1
    assert "rests only on a secondary source" in capsys.readouterr().err


def test_profiles_review_records_a_lawyer_and_the_list_shows_it(tmp_path, capsys, monkeypatch):
    shutil.copytree(REG.directory, tmp_path / "p")
    monkeypatch.setenv("MLA_WRITER_PROFILES", str(tmp_path / "p"))
    assert main(["profiles", "list"]) == 0
    assert "not yet reviewed by a lawyer" in capsys.readouterr().out
    assert main(["profiles", "review", "TH", "--by", "Somchai Fictional",
                 "--date", "2026-12-05"]) == 0
    capsys.readouterr()
    from mla_writer.profiles import load_registry

    th = load_registry(tmp_path / "p").state("TH")
    assert th.last_reviewed == dt.date(2026, 12, 5) and th.reviewed_by == "Somchai Fictional"
    assert main(["profiles", "review", "TH", "--by", "  "]) == 2
    assert "--by NAME" in capsys.readouterr().err


def test_readme_basis_table_is_up_to_date(capsys) -> None:
    assert main(["profiles", "table", "--check"]) == 0, capsys.readouterr().err
    readme = (REG.directory / "README.md").read_text("utf-8")
    assert "| AU | KH | mla |" in readme and "basis-table on=" in readme
    row = next(line for line in readme.splitlines() if line.startswith("| AU | KH | mla |"))
    assert "ASEAN-MLAT" in row.split("|")[5]  # not applicable, never offered


def test_basis_json_orders_confirmed_first(capsys) -> None:
    assert main(["basis", "--from", "AU", "--to", "KH", "--kind", "mla", "--json",
                 "--date", "2026-08-01"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["instrument_id"] == "UNTOC" and rows[0]["usable"]
    assert not next(r for r in rows if r["instrument_id"] == "ASEAN-MLAT")["usable"]


def test_basis_for_a_supplementary_follows_the_kind_it_supplements(capsys) -> None:
    assert main(["basis", "--from", "VN", "--to", "KH", "--kind", "supplementary",
                 "--supplements", "extradition", "--json", "--date", "2026-08-01"]) == 0
    rows = {r["instrument_id"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows["KH-VN-EXTRADITION"]["usable"] and not rows["KH-VN-MLA"]["usable"]
    assert main(["basis", "--from", "VN", "--to", "KH", "--kind", "supplementary", "--json",
                 "--date", "2026-08-01"]) == 0
    rows = {r["instrument_id"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows["KH-VN-MLA"]["usable"] and not rows["KH-VN-EXTRADITION"]["usable"]
