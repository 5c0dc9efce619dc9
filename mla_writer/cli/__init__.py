"""The `mla-writer` command line: a stable contract, one module per command group.

Each module in COMMAND_MODULES exposes `register(subparsers)`, which adds its sub-command(s)
and sets `func` (taking the parsed args, returning the exit code). Modules import heavy
libraries inside their handlers so that start-up stays fast.
Exit codes: 0 success, 1 problems found (or refused), 2 input unreadable or usage error,
3 internal error (a bug: the message says where to report it).

Everything printed passes through `safetext.SafeStream`: names, comments and problems come
from files anyone may have written, and a control or bidi character in them must not reach
the terminal raw.
"""

# lazy imports (start-up cost): gui
from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from .. import __version__
from ..safetext import SafeStream

COMMAND_MODULES = (
    "schema_cmd", "check_cmd", "build_cmd", "profiles_cmd", "basis_cmd",
    "i18n_cmd", "keys_cmd", "sign_cmd", "review_cmd", "translate_cmd",
    "register_cmd", "intake_cmd", "crypt_cmd", "training_cmd", "examples_cmd",
    "annex_cmd",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mla-writer",
        description="Draft, check, produce and sign mutual legal assistance and extradition"
        " requests. Without a command, the desktop application opens.",
    )
    parser.add_argument("--version", action="version", version=f"mla-writer {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(f"{__name__}.{name}").register(sub)
    return parser


def _start_gui() -> int:
    try:
        from ..gui.app import run
    except ImportError as exc:  # Qt missing or the GUI not installed
        print(f"mla-writer: the desktop application cannot start ({exc}).", file=sys.stderr)
        print("Run `mla-writer --help` for the command-line interface.", file=sys.stderr)
        return 2
    return run([])


EXIT_INTERNAL = 3
REPORT_TO = ("this is a bug in mla-writer; please report it to your mla-writer support contact"
             " or the project's issue tracker (README, 'Reporting a problem') with the command"
             " you ran and this message")


def main(argv: Sequence[str] | None = None) -> int:
    if not (sys.argv[1:] if argv is None else argv):
        return _start_gui()  # no command: skip importing every command module (a faster start)
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = SafeStream(out), SafeStream(err)
    try:
        return _run(argv)
    finally:
        sys.stdout, sys.stderr = out, err


def _run(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        return _start_gui()
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # the last line of defence: a message, never a traceback
        print(f"mla-writer: internal error ({type(exc).__name__}: {exc}); {REPORT_TO}",
              file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":
    raise SystemExit(main())
