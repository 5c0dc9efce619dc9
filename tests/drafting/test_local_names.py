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


def _letters():
    from mla_writer.resources import data_dir
    from mla_writer.storage import load

    from .scenarios import SCENARIOS

    for path in sorted(data_dir("examples").glob("*.json")):
        yield path.stem, load(path)
    for s in SCENARIOS:
        from mla_writer.domain.model import CaseFile

        yield f"drafted-{s.name}", CaseFile.model_validate(s.case_dict())


def test_every_letter_prints_the_local_name_where_the_profiles_hold_it() -> None:
    """In each of the seven languages, the addressee and the instrument are named as the
    profiles record them in that language; the English name appears only where none is
    recorded (and `check` says so for the languages the request is made in)."""
    from mla_writer import i18n
    from mla_writer.domain.clock import fixed_clock
    from mla_writer.profiles import load_registry
    from mla_writer.render import build_document
    from mla_writer.render.document import _block_text

    clock = fixed_clock(dt.datetime(2026, 10, 5, 9, 0, tzinfo=dt.UTC))
    registry = load_registry()
    checked = 0
    for name, case in _letters():
        req = case.request
        on = req.request_date or clock.today()
        authority = registry.state(req.requested_state).authority(req.kind.value, on)
        instrument = registry.instruments.get(req.legal_basis.instrument_id)
        for lang in i18n.LANGUAGES:
            doc = build_document(case, lang=lang, clock=clock)
            text = "\n".join(_block_text(b) for b in doc.blocks)
            for record in (authority, instrument):
                if record is None or lang == "en":
                    continue
                local = record.names.get(lang)
                if local:
                    assert local in text and record.name not in text, (name, lang, local)
                    checked += 1
    assert checked >= 5  # the rule really applies (Thai, Vietnamese, Khmer, Chinese names)
