"""Loading profiles: problems named with file and TOML path; a broken file is never half-loaded."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from mla_writer.profiles import ProfileError, load_registry, scan_profiles
from mla_writer.profiles.lint import lint

FIXTURES = Path(__file__).resolve().parents[1] / "rules" / "fixture_profiles"


@pytest.fixture
def profiles(tmp_path: Path) -> Path:
    target = tmp_path / "profiles"
    shutil.copytree(FIXTURES, target)
    return target


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_fixture_profiles_load(profiles: Path) -> None:
    reg = load_registry(profiles)
    assert set(reg.states) == {"XA", "XB"} and reg.broken == {}
    xa = reg.state("xa")
    assert xa is not None and xa.name_en == "Xanadu" and xa.names["th"] == "ซานาดู"
    assert xa.authority("mla").email == "ca@example.xa"
    assert xa.authority("extradition").name == "XA Ministry of Foreign Affairs"
    assert xa.authority("provisional_arrest").name == "XA Ministry of Foreign Affairs"
    assert xa.languages_for("mla") == ["th", "en"]  # "xx" is not a document language
    assert xa.languages_for("extradition") == ["th"]
    assert reg.instruments["CONV"].title == "Test Convention"


def test_unknown_key_is_reported_with_file_and_path(profiles: Path) -> None:
    _edit(profiles / "states" / "XA.toml", 'recipient = "XA Ministry of Justice"',
          'recipient = "XA Ministry of Justice"\nrecipeint = "typo"')
    reg = scan_profiles(profiles)
    assert "XA" not in reg.states and "XB" in reg.states  # the rest still loads
    assert reg.broken_state("XA") == ["states/XA.toml: channels[0].recipeint: unknown key"]
    with pytest.raises(ProfileError, match=r"states/XA.toml: channels\[0\].recipeint"):
        load_registry(profiles)


def test_unknown_rule_and_bad_parameters(profiles: Path) -> None:
    path = profiles / "states" / "XA.toml"
    _edit(path, 'rule = "nationals"', 'rule = "nationalz"')
    _edit(path, '"$.request.legal_basis.reciprocity_undertaking"', '"$.request.no_such_field"')
    _edit(path, "min_years = 1,", "min_yeras = 1,")
    problems = scan_profiles(profiles).broken_state("XA")
    text = "\n".join(problems)
    assert "unknown rule 'nationalz'" in text
    assert "rules[0].params.fields: " in text and "has no field 'no_such_field'" in text
    assert "rules[3].params.min_yeras: unknown key" in text
    assert "rules[3].params.min_years: required key is missing" in text


def test_missing_citation_bad_status_and_inverted_window(profiles: Path) -> None:
    path = profiles / "states" / "XB.toml"
    _edit(path, 'citation = "XB Act s. 1"\n', "")
    _edit(path, 'status = "verified"', 'status = "sure"')
    _edit(path, 'instrument = "REG"',
          'instrument = "REG"\neffective_from = 2026-01-02\neffective_until = 2026-01-01')
    text = "\n".join(scan_profiles(profiles).broken_state("XB"))
    assert "central_authority.citation: required key is missing" in text
    assert "memberships[0].status" in text
    assert "memberships[1]: Value error, effective_until 2026-01-01 is before" in text


def test_cross_references_and_overlapping_rule_dates(profiles: Path) -> None:
    path = profiles / "states" / "XA.toml"
    _edit(path, 'instrument = "REG"', 'instrument = "NOPE"')
    _edit(path, 'code = "XA-DEATH"', 'code = "XA-NATIONALS"')
    _edit(path, 'code = "XA"', 'code = "XC"')
    text = "\n".join(scan_profiles(profiles).broken_state("XA"))
    assert "memberships[1].instrument: unknown instrument 'NOPE'" in text
    assert "rule code XA-NATIONALS has overlapping effective dates" in text
    assert "does not match the file name 'XA'" in text


def test_invalid_toml_and_broken_instrument_file(profiles: Path) -> None:
    (profiles / "states" / "XB.toml").write_text("code = \n", "utf-8")
    (profiles / "instruments" / "bad.toml").write_text(
        '[[instrument]]\nid = "B"\nname = "B"\ntype = "bilateral"\nparties = ["XA"]\n'
        'kinds = ["mla"]\ncitation = "c"\nsource = "s"\nstatus = "verified"\n', "utf-8")
    reg = scan_profiles(profiles)
    assert "not valid TOML" in reg.broken["states/XB.toml"][0]
    assert "exactly two parties" in reg.broken["instruments/bad.toml"][0]
    assert "XA" in reg.states


def test_lint_reports_expired_entries_unless_history(profiles: Path) -> None:
    import datetime as dt

    assert lint(profiles, dt.date(2026, 6, 1)) == []
    path = profiles / "states" / "XA.toml"
    _edit(path, 'text = "Apostille accepted."',
          'text = "Apostille accepted."\neffective_until = 2026-03-01')
    problems = lint(profiles, dt.date(2026, 6, 1))
    assert len(problems) == 1 and "formalities[0]: expired on 2026-03-01" in problems[0]
    _edit(path, "effective_until = 2026-03-01", "effective_until = 2026-03-01\nhistory = true")
    assert lint(profiles, dt.date(2026, 6, 1)) == []


def test_shipped_profiles_pass_lint() -> None:
    from mla_writer.domain.clock import SYSTEM_CLOCK

    assert lint(None, SYSTEM_CLOCK.today()) == []


def test_shipped_profiles_load_and_hold_the_six_states() -> None:
    reg = load_registry()
    for code in ("KH", "CN", "LA", "MM", "TH", "VN", "AU", "KR", "US", "GB", "SG", "MY", "JP"):
        state = reg.state(code)
        # no lawyer has reviewed the shipped profiles yet: nothing claims one
        assert state is not None and state.profile_version
        assert state.last_reviewed is None and state.reviewed_by == ""
    assert reg.state("TH").languages_for("mla") == ["th", "en"]
    assert reg.state("CN").languages_for("extradition") == ["zh"]
    assert {"UNTOC", "UN-1988", "UNCAC", "ASEAN-MLAT", "UN-MODEL-MLA",
            "UN-MODEL-EXTRADITION"} <= set(reg.instruments)
    assert load_registry() is reg  # cached


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text("utf-8") + "\n" + text, "utf-8")


TIME_LIMIT = '''
[[time_limits]]
code = "XA-PA-DAYS"
kinds = ["provisional_arrest"]
title = "Formal request due"
days = {days}
{window}
citation = "XA Extradition Act s. 6"
source = "test"
status = "verified"
'''


def test_time_limit_clash_with_any_earlier_entry_of_the_code(profiles: Path) -> None:
    path = profiles / "states" / "XA.toml"
    _append(path, TIME_LIMIT.format(days=20, window="effective_until = 2026-06-30"))
    assert load_registry(profiles)  # [0] from 2026-07-01, [1] until 2026-06-30: no clash
    _append(path, TIME_LIMIT.format(days=40, window="effective_from = 2027-01-01"))
    problems = scan_profiles(profiles).broken_state("XA")
    assert problems == ["states/XA.toml: time_limits[2]: overlaps time_limits[0] (XA-PA-DAYS):"
                        " same requests and dates; split them with effective dates or"
                        " conditions"]


def test_languages_channels_formalities_that_say_the_same_twice(profiles: Path) -> None:
    path = profiles / "states" / "XA.toml"
    _append(path, '''
[[languages]]
kinds = ["mla"]
languages = ["en"]
certified_translation = false
citation = "XA MLA Act s. 2a"
source = "test"
status = "verified"

[[channels]]
kinds = ["mla"]
channel = "interpol"
accepted = true
citation = "XA MLA Act s. 4a"
source = "test"
status = "verified"

[[formalities]]
topic = "apostille"
available = false
effective_from = 2026-06-01
text = "No apostille."
citation = "XA apostille"
source = "test"
status = "verified"
''')
    text = "\n".join(scan_profiles(profiles).broken_state("XA"))
    assert "languages[3]: overlaps languages[0] (en)" in text
    assert "languages[2]" not in text  # the same language under one treaty is more specific
    assert "channels[3]: overlaps channels[2] (interpol)" in text
    assert "formalities[1]: overlaps formalities[0] (apostille)" in text


def test_dated_authorities_and_unknown_exemption(profiles: Path) -> None:
    path = profiles / "states" / "XA.toml"
    text = path.read_text("utf-8").replace('''[extradition_authority]
name = "XA Ministry of Foreign Affairs"
citation = "XA Extradition Act s. 1"
source = "test"
status = "verified"''', '''[[extradition_authority]]
name = "XA Ministry of Foreign Affairs"
effective_until = 2026-06-30
history = true
citation = "XA Extradition Act s. 1"
source = "test"
status = "verified"

[[extradition_authority]]
name = "XA Police"
names = { th = "ตำรวจ" }
effective_from = 2026-07-01
citation = "XA Extradition Act 2026 s. 1"
source = "test"
status = "verified"

[[provisional_arrest_authority]]
unknown = ["name"]
citation = "XA: not found"
source = "test"
status = "unverified"''')
    path.write_text(text, "utf-8")
    xa = load_registry(profiles).state("XA")
    assert xa.authority("extradition", dt.date(2026, 6, 1)).name == "XA Ministry of Foreign Affairs"
    assert xa.authority("extradition", dt.date(2026, 8, 1)).name_in("th") == "ตำรวจ"
    # nobody known for provisional arrest: the extradition authority receives it
    assert xa.authority("provisional_arrest", dt.date(2026, 8, 1)).name == "XA Police"
    path.write_text(text.replace("effective_until = 2026-06-30\n", ""), "utf-8")
    assert "extradition_authority[1]: two entries in effect on the same days" in "\n".join(
        scan_profiles(profiles).broken_state("XA"))
    path.write_text(text + '''
[[exemptions]]
code = "T-NOPE"
reason = "No such baseline rule."
citation = "test"
source = "test"
status = "verified"
''', "utf-8")
    assert "exemptions[0].code: no baseline rule 'T-NOPE'" in "\n".join(
        scan_profiles(profiles).broken_state("XA"))


def test_lint_reports_blank_citations_also_in_files_that_fail_the_schema(profiles: Path) -> None:
    path = profiles / "states" / "XB.toml"
    _edit(path, 'citation = "XB Act s. 1"', 'citation = " "\nnmae = "typo"')
    problems = lint(profiles, dt.date(2026, 6, 1))
    assert "states/XB.toml: central_authority.nmae: unknown key" in problems
    assert "states/XB.toml: central_authority.citation: blank" in problems


def test_lint_wants_certified_translation_stated_and_no_status_in_citations(
        profiles: Path) -> None:
    path = profiles / "states" / "XA.toml"
    _edit(path, 'unknown = ["certified_translation"]\n', "")
    _edit(path, 'citation = "XA declaration"', 'citation = "XA declaration (verified)"')
    problems = lint(profiles, dt.date(2026, 6, 1))
    assert any("languages[1]: say whether a certified translation is needed" in p
               for p in problems)
    assert any("memberships[0].legal_basis.citation: ends with the status" in p
               for p in problems)


def test_profiles_folder_from_the_environment(profiles: Path, monkeypatch, capsys) -> None:
    from mla_writer.cli import main
    from mla_writer.profiles.loader import PROFILES_ENV

    monkeypatch.setenv(PROFILES_ENV, str(profiles))
    reg = load_registry()
    assert set(reg.states) == {"XA", "XB"} and reg.directory == profiles
    assert lint(None, dt.date(2026, 6, 1)) == []
    assert main(["profiles", "show", "XA"]) == 0 and "XANADU (XA)" in capsys.readouterr().out
    assert main(["basis", "--from", "XB", "--to", "XA", "--kind", "mla"]) == 0
    assert "XA-XB-MLA" in capsys.readouterr().out
    assert main(["profiles", "lint"]) == 0 and str(profiles) in capsys.readouterr().out
    monkeypatch.delenv(PROFILES_ENV)
    assert "TH" in load_registry().states


def test_lint_warns_of_a_period_the_register_cannot_count(profiles: Path) -> None:
    """A time limit with a length but no `starts` gives the register no date: a warning (the
    cited law may not say), and the shipped profiles have none."""
    from mla_writer.profiles.lint import lint_report

    assert not [w for w in lint_report(profiles)[1] if "starts" in w]
    _edit(profiles / "states" / "XA.toml", 'starts = "arrest"\n', "")
    warnings = [w for w in lint_report(profiles)[1] if "starts" in w]
    assert len(warnings) == 1 and "states/XA.toml: time_limits[0]" in warnings[0]
    assert not [w for w in lint_report()[1] if "without `starts`" in w]
