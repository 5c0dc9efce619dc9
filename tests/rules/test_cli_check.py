"""`mla-writer check`: output, --json, --date, exit codes, broken profiles."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import mla_writer.profiles as profiles
from mla_writer.cli import main
from mla_writer.storage import save

from .cases import FIXTURES, make


def _save(tmp_path: Path, case, name: str = "case.json") -> str:
    path = tmp_path / name
    save(case, path)
    return str(path)


def _mla_to_thailand(**kw):
    return make(requesting_state="VN", requested_state="TH",
                legal_basis={"kind": "instrument", "instrument_id": "ASEAN-MLAT"}, **kw)


def test_clean_case_exits_0(tmp_path, capsys) -> None:
    assert main(["check", _save(tmp_path, _mla_to_thailand())]) == 0
    out = capsys.readouterr().out
    assert "0 error(s)" in out and "law as on 2026-08-01" in out


def test_facts_or_purpose_removed_exits_1_citing_untoc(tmp_path, capsys) -> None:
    for field in ("facts_summary", "purpose"):
        assert main(["check", _save(tmp_path, _mla_to_thailand(**{field: ""}))]) == 1
        out = capsys.readouterr().out
        assert f"ERROR   $.request.{field}" in out and "UNTOC art. 18(15)" in out


def test_json_output(tmp_path, capsys) -> None:
    assert main(["check", "--json", _save(tmp_path, _mla_to_thailand(purpose=""))]) == 1
    data = json.loads(capsys.readouterr().out)
    assert {"code", "severity", "path", "message", "citation", "verified"} <= set(data[0])
    assert data[0]["severity"] == "error" and data[0]["path"] == "$.request.purpose"


def test_unverified_findings_are_marked(tmp_path, capsys) -> None:
    case = make("extradition", requesting_state="VN", requested_state="KH",
                legal_basis={"kind": "instrument", "instrument_id": "KH-VN-EXTRADITION"})
    case.request.offences[0].punishable_by_death = True
    assert main(["check", _save(tmp_path, case)]) == 0  # unverified: it warns, never blocks
    out = capsys.readouterr().out
    head = next(line for line in out.splitlines() if "[KH-DEATH-PENALTY]" in line)
    assert head.startswith("WARNING $.request.undertakings.death_penalty_assurance")
    assert "UNVERIFIED SOURCE — confirm with the central authority" in head


def test_date_option_changes_the_law_applied(tmp_path, capsys) -> None:
    case = make("provisional_arrest", requesting_state="TH", requested_state="VN",
                legal_basis={"kind": "reciprocity", "reciprocity_undertaking": "Same for VN."})
    path = _save(tmp_path, case)
    assert main(["check", path, "--json", "--date", "2026-08-01"]) == 0  # unverified warnings
    assert "VN-PA-COMPENSATION" in capsys.readouterr().out
    assert main(["check", path, "--json", "--date", "2026-06-01"]) == 0
    assert "VN-PA-COMPENSATION" not in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["check", path, "--date", "1 June"])


def test_unreadable_case_exits_2(tmp_path, capsys) -> None:
    assert main(["check", str(tmp_path / "missing.json")]) == 2
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema_version": 1, "request": {"kind": "nope"}}', "utf-8")
    assert main(["check", str(bad)]) == 2
    assert "$.request.kind" in capsys.readouterr().err


def test_broken_profile_of_the_requested_state_is_named(tmp_path, capsys, monkeypatch) -> None:
    broken = tmp_path / "profiles"
    shutil.copytree(FIXTURES, broken)
    xa = broken / "states" / "XA.toml"
    xa.write_text(xa.read_text("utf-8").replace('name_en = "Xanadu"', 'nmae_en = "Xanadu"'))

    def failing(directory=None):
        raise profiles.ProfileError(["states/XA.toml: nmae_en: unknown key"])

    monkeypatch.setattr(profiles, "load_registry", failing)
    monkeypatch.setattr(profiles, "scan_profiles", lambda directory=None:
                        profiles.loader.scan_profiles(broken))
    assert main(["check", _save(tmp_path, make())]) == 2
    err = capsys.readouterr().err
    assert "states/XA.toml is broken" in err and "nmae_en: unknown key" in err
    # a request to another state still runs, with a warning
    assert main(["check", _save(tmp_path, make(requested_state="XB",
                                               requesting_state="XA"), "b.json")]) == 0
    assert "some legal profiles are broken" in capsys.readouterr().err


def test_examples_can_be_checked() -> None:
    assert main(["check", "example:mla-bank-records"]) == 0


def test_lang_prints_the_findings_in_that_language(tmp_path, capsys) -> None:
    from mla_writer import i18n

    path = _save(tmp_path, _mla_to_thailand(purpose=""))
    assert main(["check", path, "--lang", "th"]) == 1
    out = capsys.readouterr().out
    title = "(f) Purpose for which the evidence, information or action is sought"
    thai = i18n.profile_translations("th").gettext(title)
    assert thai != title and thai in out and title not in out
    # codes, paths and citations stay as written; the labels around them are in Thai
    error = i18n.render_text(i18n.SEVERITY_WORDS["error"], "th")
    assert f"{error:7} $.request.purpose  [MLA-F-PURPOSE]" in out and "UNTOC art. 18(15)" in out
    for english in ("ERROR ", "WARNING ", "Citation:", "error(s)", "UNVERIFIED SOURCE"):
        assert english not in out
    assert "พ.ศ." in out.splitlines()[-1]  # the law's date, in the Buddhist Era


def test_json_keeps_english_and_adds_the_translation(tmp_path, capsys) -> None:
    path = _save(tmp_path, _mla_to_thailand(purpose=""))
    assert main(["check", "--json", path]) == 1
    plain = json.loads(capsys.readouterr().out)
    assert all("message_translated" not in row for row in plain)
    assert main(["check", "--json", "--lang", "km", path]) == 1
    rows = json.loads(capsys.readouterr().out)
    assert [r["message"] for r in rows] == [r["message"] for r in plain]
    purpose = next(r for r in rows if r["path"] == "$.request.purpose")
    assert purpose["message"].startswith("(f) Purpose")
    assert purpose["message_translated"].startswith("(f) ") and \
        "Purpose" not in purpose["message_translated"]


def test_unknown_language_is_refused(tmp_path, capsys) -> None:
    assert main(["check", _save(tmp_path, _mla_to_thailand()), "--lang", "xx"]) == 2
    assert "unknown language 'xx'" in capsys.readouterr().err


def test_a_basis_finding_is_fully_translated(tmp_path, capsys) -> None:
    """A basis the requested state refuses (Lao PDR: no UNTOC basis for extradition): the
    finding, the resolver's reason inside it and the declaration it quotes are in Khmer; only
    the instrument's name and article numbers stay as written."""
    import re

    from mla_writer import i18n
    from mla_writer.profiles import load_registry

    case = make("extradition", requesting_state="VN", requested_state="LA",
                legal_basis={"kind": "instrument", "instrument_id": "UNCAC"})
    path = _save(tmp_path, case)
    assert main(["check", path]) == 1  # the basis cannot be used: an error
    english = capsys.readouterr().out
    assert "Lao PDR does not accept UNCAC as a legal basis for extradition" in english
    assert main(["check", path, "--lang", "km"]) == 1
    lines = capsys.readouterr().out.splitlines()
    head = next(n for n, line in enumerate(lines) if "[BASIS]" in line)
    message = lines[head + 1].strip()
    untoc = load_registry().instruments["UNCAC"]
    declaration = "declared on ratification: extradition requires a treaty, and UNCAC is not" \
        " taken as its legal basis"
    assert i18n.profile_translations("km").gettext(declaration) in message
    assert i18n._cldr_name("state", "LA", "km") in message  # the state named in Khmer
    assert "ត្រូវអនុវត្ត" in message  # "The other checks assume that no treaty applies."
    rest = message.replace(untoc.name, "").replace("UNTOC", "").replace("UNCAC", "")
    assert re.findall(r"[A-Za-z]+", re.sub(r"\bart\. \d+\(\d+\)", "", rest)) == []
    label = i18n.ui_translations("km").gettext("Citation: %(citation)s (%(status)s)")
    assert lines[head + 2].strip().startswith(label.split("%(")[0])  # citation as written
