"""The command line imports only the named command's module: `command_module` must name, for
every command of the whole parser, the module that registers it (a new command module that
registers a command of another name than its own goes into OTHER_COMMANDS)."""

from __future__ import annotations

import argparse
import contextlib
import importlib
import io
import os
import subprocess
import sys
from pathlib import Path

import mla_writer
from mla_writer import cli

ROOT = Path(__file__).resolve().parents[2]


def _commands(modules: tuple[str, ...]) -> set[str]:
    parser = cli.build_parser(modules)
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return set(sub.choices)


def test_every_command_is_found_in_the_module_that_registers_it() -> None:
    for module in cli.COMMAND_MODULES:
        importlib.import_module(f"mla_writer.cli.{module}")
        for command in _commands((module,)):
            assert cli.command_module(command) == module, command
    assert set(cli.OTHER_COMMANDS.values()) <= set(cli.COMMAND_MODULES)


def test_unknown_command_and_options_use_the_whole_parser() -> None:
    assert cli.command_module("nosuch") is None
    assert _commands(cli.COMMAND_MODULES) == {
        c for m in cli.COMMAND_MODULES for c in _commands((m,))}


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "mla_writer", *args], capture_output=True,
                          text=True, env=env, check=False)


def test_a_command_imports_only_its_own_module() -> None:
    code = ("import sys\nfrom mla_writer import cli\ncli.main(['schema'])\n"
            "print(sorted(m for m in sys.modules if m.startswith('mla_writer.cli.')"
            " and m.endswith('_cmd')), file=sys.stderr)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT)}, check=True)
    assert out.stderr.strip() == "['mla_writer.cli.schema_cmd']"


def test_the_process_entry_keeps_exit_codes_and_output() -> None:
    unknown = _run("nosuch")
    assert unknown.returncode == 2 and "invalid choice" in unknown.stderr
    assert "verify" in unknown.stderr  # the whole parser's list of commands
    version = _run("--version")
    assert version.returncode == 0 and version.stdout.startswith("mla-writer ")
    missing = _run("check", str(ROOT / "no-such-case.json"))
    assert missing.returncode == 2 and missing.stderr
    schema = _run("schema")
    assert schema.returncode == 0 and schema.stdout.rstrip().endswith("}")  # flushed whole


def _answer(parser: argparse.ArgumentParser, argv: list[str]) -> tuple[object, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            parser.parse_args(argv)
            code: object = "parsed"
        except SystemExit as exc:
            code = exc.code
    return code, out.getvalue(), err.getvalue()


def test_version_is_answered_as_the_whole_parser_answers_it() -> None:
    whole = cli.build_parser(cli.COMMAND_MODULES)
    for argv in (["--version"], ["--vers"], ["--version", "check", "x"], ["--version", "--help"],
                 ["--version", "nosuch"], ["--version=1"], ["--", "--version"]):
        assert _answer(cli._parser_for(argv), argv) == _answer(whole, argv), argv
    assert cli._asks_version(["--version"]) and not cli._asks_version(["--version=1"])


def test_version_imports_no_command_module() -> None:
    code = ("import sys\nfrom mla_writer import cli\ntry:\n    cli.main(['--version'])\n"
            "except SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.startswith('mla_writer.cli.')"
            " or m == 'pydantic'), file=sys.stderr)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT)}, check=True)
    assert out.stdout.strip() == "mla-writer " + mla_writer.__version__
    assert out.stderr.strip() == "[]"
