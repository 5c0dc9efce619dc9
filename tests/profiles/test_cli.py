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
    assert out[0].split() == ["CODE", "NAME", "VERSION", "REVIEWED", "RULES", "UNVERIFIED",
                              "RULES"]
    rows = {line.split()[0]: line for line in out[1:]}
    assert {"KH", "CN", "LA", "MM", "TH", "VN", "AU", "US"} <= set(rows)
    assert "Viet Nam" in rows["VN"] and "2026-11-22" in rows["VN"]


@pytest.mark.parametrize("code", ["KH", "CN", "LA", "MM", "TH", "VN"])
def test_profiles_show_is_a_country_brief(code: str, capsys) -> None:
    assert main(["profiles", "show", code]) == 0
    out = capsys.readouterr().out
    for heading in ("AUTHORITIES", "LANGUAGES", "CHANNELS", "INSTRUMENTS",
                    "KEY REQUIREMENTS AND RESTRICTIONS", "TIME LIMITS", "FORMALITIES"):
        assert heading in out
    assert "verified]" in out
    assert "Not found in public sources: address, phone, email" in out


def test_profiles_show_content(capsys) -> None:
    assert main(["profiles", "show", "cn"]) == 0
    out = capsys.readouterr().out
    assert "30 days + 15" in out and "Apostille" in out and "from 2023-11-07" in out
    assert "China refuses to extradite its own nationals" in out
    assert main(["profiles", "show", "VN", "--date", "2026-08-01"]) == 0
    out = capsys.readouterr().out
    assert "45 days" in out and "08/2007/QH12, art. 35(1)(a)" not in out
    assert "UNVERIFIED — confirm with the central authority" in out


def test_profiles_show_json_and_unknown(capsys) -> None:
    assert main(["profiles", "show", "TH", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["code"] == "TH" and data["central_authority"]["status"] == "verified"
    assert any(t["id"] == "CN-TH-EXTRADITION" for t in data["bilateral_treaties"])
    assert main(["profiles", "show", "ZZ"]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_profiles_lint(tmp_path, capsys) -> None:
    assert main(["profiles", "lint"]) == 0
    shutil.copytree(FIXTURES, tmp_path / "p")
    assert main(["profiles", "lint", str(tmp_path / "p"), "--date", "2026-06-01"]) == 0
    xa = tmp_path / "p" / "states" / "XA.toml"
    xa.write_text(xa.read_text("utf-8").replace('rule = "nationals"', 'rule = "nationalz"'))
    capsys.readouterr()
    assert main(["profiles", "lint", str(tmp_path / "p")]) == 1
    assert "states/XA.toml: rules[5].rule: unknown rule 'nationalz'" in capsys.readouterr().out
    assert main(["profiles", "lint", str(tmp_path / "none")]) == 2


def test_basis_command(capsys) -> None:
    assert main(["basis", "--from", "VN", "--to", "LA", "--kind", "extradition",
                 "--date", "2026-08-01"]) == 0
    out = capsys.readouterr().out
    usable, rest = out.split("Not applicable:")
    assert "LA-VN-EXTRADITION" in usable and "UNTOC" in rest
    assert "Lao PDR does not accept UNTOC as a legal basis for extradition" in rest
    assert main(["basis", "--from", "KH", "--to", "CN", "--kind", "mla", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"instrument_id", "usable", "reason", "citation", "status"} <= set(data[0])
    assert [d["instrument_id"] for d in data if d["usable"]][-1] == "reciprocity"
