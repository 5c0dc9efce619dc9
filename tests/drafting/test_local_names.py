"""`check` names each profile name a letter would print in English because the profile
records no official name in the letter's language (fixture states XA/XB)."""

from __future__ import annotations

import copy
import datetime as dt

from rules.cases import fixture_registry, make

from mla_writer.rules import evaluate

ON = dt.date(2026, 8, 1)


def _name_findings(case, registry) -> dict[str, str]:
    """Language code -> the finding's message (the fixture's language rule is T-LANGUAGE)."""
    return {i.code.rsplit("-", 1)[1]: i.message
            for i in evaluate(case, on=ON, registry=registry) if "LANGUAGE-NAME-" in i.code}


def test_a_name_without_its_official_local_form_is_named() -> None:
    registry = fixture_registry()
    case = make()  # to XA, which accepts th, en; drafted in English
    found = _name_findings(case, registry)
    assert set(found) == {"TH"}  # the English letter needs no other name
    assert "XA Ministry of Justice" in found["TH"] and "XA-XB MLA Treaty" in found["TH"]
    case.drafting_language = "km"  # the drafting language's letter is checked too
    assert set(_name_findings(case, registry)) == {"TH", "KM"}


def test_recorded_official_names_pass() -> None:
    registry = copy.deepcopy(fixture_registry())  # the loaded one is shared (cached)
    state = registry.states["XA"]
    authority = state.central_authority[0]
    state.central_authority[0] = authority.model_copy(update={"names": {"th": "กระทรวง XA"}})
    treaty = registry.instruments["XA-XB-MLA"]
    registry.instruments["XA-XB-MLA"] = treaty.model_copy(
        update={"names": {"th": "สนธิสัญญา XA-XB"}})
    assert _name_findings(make(), registry) == {}
