"""`mla-writer annex list|attach|detach`."""

from __future__ import annotations

import json
from pathlib import Path

from mla_writer import storage
from mla_writer.cli import main

ROOT = Path(__file__).resolve().parents[2]


def _case(tmp_path: Path) -> Path:
    path = tmp_path / "case.json"
    path.write_bytes((ROOT / "examples" / "mla-bank-records.json").read_bytes())
    (tmp_path / "scan.pdf").write_bytes(b"scan")
    return path


def test_attach_list_detach(tmp_path: Path, capsys) -> None:
    path = _case(tmp_path)
    assert main(["annex", "attach", str(path), "2", str(tmp_path / "scan.pdf")]) == 0
    assert "annex 2: attached scan.pdf" in capsys.readouterr().out
    assert storage.load(path).request.annexes[1].file.path == "scan.pdf"
    assert main(["annex", "list", str(path), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["state"] for r in rows] == [None, "ok"]
    assert rows[1]["size"] == 4
    (tmp_path / "scan.pdf").write_bytes(b"other")
    assert main(["annex", "list", str(path)]) == 1
    assert "scan.pdf — changed" in capsys.readouterr().out
    assert main(["check", str(path)]) in (0, 1)
    assert "ANNEX-FILE-CHANGED" in capsys.readouterr().out
    assert main(["annex", "detach", str(path), "2"]) == 0
    assert "detached scan.pdf" in capsys.readouterr().out
    assert storage.load(path).request.annexes[1].file is None


def test_errors(tmp_path: Path, capsys) -> None:
    path = _case(tmp_path)
    before = path.read_bytes()
    assert main(["annex", "attach", str(path), "7", str(tmp_path / "scan.pdf")]) == 1
    assert "no annex 7" in capsys.readouterr().err
    assert main(["annex", "attach", str(path), "1", str(tmp_path / "none.pdf")]) == 2
    assert "not found" in capsys.readouterr().err
    assert main(["annex", "attach", str(path), "1"]) == 2
    assert "usage" in capsys.readouterr().err
    assert main(["annex", "attach", "example:mla-bank-records", "1",
                 str(tmp_path / "scan.pdf")]) == 2
    assert "read-only" in capsys.readouterr().err
    assert path.read_bytes() == before
