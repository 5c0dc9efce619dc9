"""What a new user meets first: --version, the bundled examples, no display, a draft beside
the final documents, a state named instead of coded."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from mla_writer import __version__, storage
from mla_writer.cli import main
from mla_writer.domain.clock import fixed_clock
from mla_writer.gui.app import display_problem
from mla_writer.render import build_documents

ROOT = Path(__file__).resolve().parents[2]
CLOCK = fixed_clock(dt.datetime(2026, 10, 6, 9, 0, tzinfo=dt.UTC))


def test_version(capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.strip() == f"mla-writer {__version__}"


def test_examples_list_names_every_bundled_example(capsys) -> None:
    assert main(["examples", "list"]) == 0
    out = capsys.readouterr().out
    for path in (ROOT / "examples").glob("*.json"):
        assert path.stem in out
    assert "mla-bank-records" in out and "VN to TH" in out


def test_examples_copy_writes_a_loadable_case_and_keeps_an_existing_file(tmp_path, capsys
                                                                         ) -> None:
    target = tmp_path / "my-case.json"
    assert main(["examples", "copy", "mla-bank-records", str(target)]) == 0
    assert storage.load(target).request.case_reference == \
        storage.load(ROOT / "examples" / "mla-bank-records.json").request.case_reference
    target.write_text("{}", "utf-8")
    assert main(["examples", "copy", "provisional-arrest", str(target)]) == 1
    assert "exists" in capsys.readouterr().err
    assert target.read_text("utf-8") == "{}"  # nothing lost
    assert main(["examples", "copy", "provisional-arrest", str(target), "--force"]) == 0
    assert json.loads(target.read_text("utf-8"))["request"]["kind"] == "provisional_arrest"


def test_examples_copy_into_a_folder_keeps_the_examples_name(tmp_path, capsys) -> None:
    assert main(["examples", "copy", "example:provisional-arrest", str(tmp_path)]) == 0
    written = tmp_path / "provisional-arrest.json"
    assert capsys.readouterr().out.strip() == str(written)
    assert storage.load(written).request.kind == "provisional_arrest"
    assert main(["examples", "copy", "provisional-arrest", str(tmp_path)]) == 1  # kept


def test_examples_copy_of_an_unknown_example_names_the_known_ones(tmp_path, capsys) -> None:
    assert main(["examples", "copy", "no-such-case", str(tmp_path / "x.json")]) == 2
    err = capsys.readouterr().err
    assert "no-such-case" in err and "mla-bank-records" in err
    assert not (tmp_path / "x.json").exists()


@pytest.mark.parametrize(("env", "platform", "problem"), [
    ({}, "linux", True),
    ({"DISPLAY": ":0"}, "linux", False),
    ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", False),
    ({"QT_QPA_PLATFORM": "offscreen"}, "linux", False),
    ({}, "win32", False),
    ({}, "darwin", False),
])
def test_no_display_is_named_before_qt_starts(env, platform, problem) -> None:
    message = display_problem(env, platform)
    assert bool(message) is problem
    if message:
        assert "DISPLAY" in message and "mla-writer --help" in message


def test_the_application_without_display_says_so(monkeypatch, capsys) -> None:
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr("sys.platform", "linux")
    assert main([]) == 2
    assert "no display" in capsys.readouterr().err


def test_a_draft_never_overwrites_the_final_documents(tmp_path) -> None:
    case = storage.load(ROOT / "examples" / "mla-bank-records.json")
    final = build_documents(case, tmp_path, formats=("pdf",), languages=["en"], clock=CLOCK)
    before = {p: p.read_bytes() for p in final}
    drafts = build_documents(case, tmp_path, formats=("pdf",), languages=["en"], clock=CLOCK,
                             draft=True)
    assert not set(drafts) & set(final)
    assert all(p.name.endswith("-draft.pdf") for p in drafts)
    assert {p: p.read_bytes() for p in final} == before


@pytest.mark.parametrize("to", ["Thailand", "XQ", "T", "th1"])
def test_basis_with_a_state_that_is_not_a_code_is_a_usage_error(to, capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["basis", "--from", "VN", "--to", to, "--kind", "mla"])
    assert exc.value.code == 2
    assert "ISO 3166" in capsys.readouterr().err


def test_basis_accepts_lower_case_codes(capsys) -> None:
    assert main(["basis", "--from", "vn", "--to", "th", "--kind", "mla"]) == 0
    assert "from VN to TH" in capsys.readouterr().out
