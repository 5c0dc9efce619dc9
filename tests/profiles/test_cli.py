"""`mla-writer profiles list|show|lint` and `mla-writer basis`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from mla_writer.cli import main

FIXTURES = Path(__file__).resolve().parents[1] / "rules" / "fixture_profiles"


def test_profiles_list(capsys) -> None:
    assert main(["profiles", "list"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["CODE", "NAME", "VERSION", "REVIEWED", "ITEMS", "UNVERIFIED",
                              "RULES", "UNVERIFIED-RULES"]
    rows = {line.split()[0]: line for line in out[1:]}
    assert {"KH", "CN", "LA", "MM", "TH", "VN", "AU", "US"} <= set(rows)
    # last_reviewed is a lawyer's review: none is recorded yet, and the list says so
    assert "Viet Nam" in rows["VN"] and "not yet reviewed by a lawyer" in rows["VN"]


def test_profiles_list_counts_the_same_unverified_items_as_show(capsys) -> None:
    from mla_writer.profiles import load_registry

    th = load_registry().state("TH")
    weak_items = sum(1 for i in th.sourced_items() if not i.verified)
    weak_rules = sum(1 for r in th.rules if not r.verified)
    assert weak_items > weak_rules  # not only rules are counted
    assert main(["profiles", "list"]) == 0
    row = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("TH "))
    assert row.split()[-4:] == [str(len(th.sourced_items())), str(weak_items),
                                str(len(th.rules)), str(weak_rules)]
    assert main(["profiles", "show", "TH"]) == 0
    assert f"{weak_items} of {len(th.sourced_items())} item(s) unverified" in (
        capsys.readouterr().out)


@pytest.mark.parametrize("code", ["KH", "CN", "LA", "MM", "TH", "VN"])
def test_profiles_show_is_a_country_brief(code: str, capsys) -> None:
    assert main(["profiles", "show", code]) == 0
    out = capsys.readouterr().out
    for heading in ("AUTHORITIES", "LANGUAGES", "CHANNELS", "INSTRUMENTS",
                    "KEY REQUIREMENTS AND RESTRICTIONS", "TIME LIMITS", "FORMALITIES"):
        assert heading in out
    assert "verified]" in out
    assert "Not found in public sources: address, phone, email" in out
    assert "Provisional arrest:" in out  # shown even where nobody is recorded
    assert "Certified translation: unknown" in out
    assert "Not recorded (unknown):" in out and "requests by e-mail" in out


def test_profiles_show_content(capsys) -> None:
    assert main(["profiles", "show", "cn"]) == 0
    out = capsys.readouterr().out
    assert "30 days, extendable by 15 days on request" in out
    assert "Apostille" in out and "from 2023-11-07" in out
    assert "China refuses to extradite its own nationals" in out
    assert "art. 8(7)" in out and "art. 8(8)" in out  # torture, judgment in absentia
    assert "中华人民共和国司法部" in out
    assert main(["profiles", "show", "VN", "--date", "2026-08-01"]) == 0
    out = capsys.readouterr().out
    assert "45 days" in out and "08/2007/QH12, art. 35(1)(a)" not in out
    assert "UNVERIFIED — confirm with the central authority" in out
    # after 1 Jul 2026 only the overview of the legal basis (and its citation) names 2007
    lines = out.splitlines()
    overview = next(i for i, line in enumerate(lines) if line.startswith("  Legal basis: Until"))
    assert [line for line in lines if "08/2007" in line] == lines[overview:overview + 2]
    assert main(["profiles", "show", "VN", "--date", "2026-06-01"]) == 0
    before = capsys.readouterr().out
    assert "08/2007/QH12, art. 5" in before and "100/2025" not in before.split("OTHER")[0]


def test_profiles_show_says_what_is_not_known(capsys) -> None:
    assert main(["profiles", "show", "MM"]) == 0
    out = capsys.readouterr().out
    assert "Provisional arrest: not recorded (unknown)" in out
    assert "Reciprocity (extradition, provisional arrest): not recorded" in out
    assert "UNTOC: party since 2004" in out and "ASEAN MLAT: party since 2009" in out
    assert "2 months" in out and "not known" not in out.split("2 months")[0].splitlines()[-1]
    assert main(["profiles", "show", "AU"]) == 0
    out = capsys.readouterr().out
    assert "1988 Convention: party" in out  # recorded, from the depositary (unverified)
    treaty = next(line for line in out.splitlines() if "Australia and Thailand" in line
                  and "MLA" in line)
    assert "entry into force not recorded: UNVERIFIED" in treaty and "existence verified" in treaty


def test_profiles_show_json_and_unknown(capsys) -> None:
    assert main(["profiles", "show", "TH", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["code"] == "TH" and data["central_authority"][0]["status"] == "verified"
    assert data["central_authority"][0]["names"]["th"] == "สำนักงานอัยการสูงสุด"
    assert any(t["id"] == "CN-TH-EXTRADITION" for t in data["bilateral_treaties"])
    assert main(["profiles", "show", "ZZ"]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_profiles_lint(tmp_path, capsys) -> None:
    capsys.readouterr()
    assert main(["profiles", "lint", "--date", "2026-01-01"]) == 0
    done = capsys.readouterr()  # success goes to stdout, nothing to stderr
    assert done.out.startswith("0 problem(s) in ") and done.err == ""
    # a time-sensitive entry past its review date: a warning on stderr, and the lint passes
    assert main(["profiles", "lint", "--date", "2026-07-01"]) == 0
    late = capsys.readouterr()
    assert late.out.startswith("0 problem(s) in ")
    assert "warning: states/TH.toml: formalities[1]: review was due on 2026-06-30" in late.err
    shutil.copytree(FIXTURES, tmp_path / "p")
    assert main(["profiles", "lint", str(tmp_path / "p"), "--date", "2026-06-01"]) == 0
    assert capsys.readouterr().out == f"0 problem(s) in {tmp_path / 'p'}\n"
    xa = tmp_path / "p" / "states" / "XA.toml"
    xa.write_text(xa.read_text("utf-8").replace('rule = "nationals"', 'rule = "nationalz"'))
    assert main(["profiles", "lint", str(tmp_path / "p")]) == 1
    found = capsys.readouterr()  # problems, and their count, go to stderr
    assert found.out == ""
    assert "states/XA.toml: rules[5].rule: unknown rule 'nationalz'" in found.err
    assert found.err.rstrip().endswith(f"1 problem(s) in {tmp_path / 'p'}")
    assert main(["profiles", "lint", str(tmp_path / "none")]) == 2
    assert "is not a folder" in capsys.readouterr().err


def test_basis_command(capsys) -> None:
    assert main(["basis", "--from", "VN", "--to", "LA", "--kind", "extradition",
                 "--date", "2026-08-01"]) == 0
    out = capsys.readouterr().out
    usable, rest = out.split("Not applicable:")
    assert "LA-VN-EXTRADITION" in usable and "UNCAC" in rest
    assert "Lao PDR does not accept UNCAC as a legal basis for extradition" in rest
    assert main(["basis", "--from", "KH", "--to", "CN", "--kind", "mla", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"instrument_id", "usable", "reason", "citation", "status"} <= set(data[0])
    assert [d["instrument_id"] for d in data if d["usable"]][-1] == "reciprocity"
