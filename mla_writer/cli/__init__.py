"""The `mla-writer` command line: a stable contract, one module per command group.

Each module in COMMAND_MODULES exposes `register(subparsers)`, which adds its sub-command(s)
and sets `func` (taking the parsed args, returning the exit code). Modules import heavy
libraries inside their handlers so that start-up stays fast.
Exit codes: 0 success, 1 problems found (or refused), 2 input unreadable or usage error,
3 internal error (a bug: the message says where to report it).

Everything printed passes through `safetext.SafeStream`: names, comments and problems come
from files anyone may have written, and a control or bidi character in them must not reach
the terminal raw.

Start-up: only the module of the command named on the command line is imported (`NAME_cmd`
gives the command NAME; OTHER_COMMANDS names the rest); the cyclic garbage collector is off
while the libraries load (in a whole process their objects are then frozen out of later
collections, and `build` and `check` run without it to the end); `entry` (the installed
`mla-writer` script, `python -m mla_writer`) ends the process without the interpreter's
teardown once everything is written.
"""

# lazy imports (start-up cost): gui, storage
from __future__ import annotations

import argparse
import atexit
import contextlib
import gc
import importlib
import os
import sys
import types
from collections.abc import Iterator, Sequence
from importlib.machinery import ModuleSpec
from typing import Any

from .. import __version__
from ..safetext import SafeStream

# Third-party pydantic plugins (found through every installed package's entry points, a scan
# that costs more than our whole model) play no part in this application: off, before pydantic
# is imported. An explicit setting in the environment wins.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")


class _NoPluginLoader:
    """With every plugin off, pydantic's plugin loader returns no plugins, but importing it
    imports `importlib.metadata` (and the email package with it: about 10 ms of every command
    that builds a model). When pydantic imports it, this import hook gives a stand-in module
    with the same answer instead; only while plugins are off by our default."""

    NAME = "pydantic.plugin._loader"

    @classmethod
    def find_spec(cls, name: str, path: Any = None, target: Any = None) -> Any:
        if name != cls.NAME or os.environ.get("PYDANTIC_DISABLE_PLUGINS") != "__all__":
            return None
        return ModuleSpec(name, cls)  # type: ignore[arg-type]

    @staticmethod
    def create_module(spec: Any) -> types.ModuleType:
        return types.ModuleType(spec.name, "pydantic's plugin loader with every plugin off")

    @staticmethod
    def exec_module(module: types.ModuleType) -> None:
        def get_plugins() -> tuple[()]:
            return ()  # what the real loader returns when PYDANTIC_DISABLE_PLUGINS is "__all__"

        module.get_plugins = get_plugins  # type: ignore[attr-defined]
        module.PYDANTIC_ENTRY_POINT_GROUP = "pydantic"  # type: ignore[attr-defined]


if _NoPluginLoader.NAME not in sys.modules:
    sys.meta_path.insert(0, _NoPluginLoader)

#: every command module (`register(subparsers)`); `NAME_cmd` registers the command NAME
COMMAND_MODULES = (
    "schema_cmd", "check_cmd", "build_cmd", "profiles_cmd", "basis_cmd",
    "i18n_cmd", "keys_cmd", "sign_cmd", "review_cmd", "translate_cmd",
    "register_cmd", "intake_cmd", "crypt_cmd", "training_cmd", "examples_cmd",
    "annex_cmd",
)
#: commands registered by a module of another name (tests/cli/test_lazy_parser.py checks both)
OTHER_COMMANDS = {"verify": "sign_cmd", "xliff": "i18n_cmd", "encrypt": "crypt_cmd",
                  "decrypt": "crypt_cmd"}


#: commands whose whole process runs without the cyclic garbage collector (`_run`)
_SHORT_COMMANDS = frozenset({"build", "check"})
#: commands that import the case model (`storage`) themselves, after starting work that does
#: not need it (`sign` forks its key-decrypting child first, `signing.key_child`; `build` its
#: PDF process, `workflow.pdf_process`); every other
#: command has it imported with the command line, while the collector is off (`_run`)
_MODEL_LATER = frozenset({"sign", "build"})
#: set by `entry`: this process runs one command and ends (objects may be frozen, see `_run`)
_whole_process = False


def command_module(command: str) -> str | None:
    """The module (in COMMAND_MODULES) that registers `command`, None for an unknown one."""
    name = f"{command}_cmd"
    return name if name in COMMAND_MODULES else OTHER_COMMANDS.get(command)


def build_parser(modules: Sequence[str] = COMMAND_MODULES) -> argparse.ArgumentParser:
    """The parser of the commands of `modules` (default: all of them)."""
    parser = argparse.ArgumentParser(
        prog="mla-writer",
        description="Draft, check, produce and sign mutual legal assistance and extradition"
        " requests. Without a command, the desktop application opens.",
    )
    parser.add_argument("--version", action="version", version=f"mla-writer {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in modules:
        importlib.import_module(f"{__name__}.{name}").register(sub)
    return parser


def _asks_version(argv: Sequence[str]) -> bool:
    """Whether argparse answers `argv` with the version before reading anything else: its
    first argument is --version (or an abbreviation argparse takes for it)."""
    return bool(argv) and len(argv[0]) > 2 and "--version".startswith(argv[0])


def _parser_for(argv: Sequence[str]) -> argparse.ArgumentParser:
    """Only the named command's module when the first argument names a command; none for
    --version (printed before any command is read: importing every command module costs
    about ten times the rest); the whole parser for --help and anything unknown (its
    message lists every command)."""
    if _asks_version(argv):
        return build_parser(())
    module = command_module(argv[0]) if argv else None
    return build_parser((module,) if module else COMMAND_MODULES)


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


@contextlib.contextmanager
def loading_libraries() -> Iterator[None]:
    """For the imports a command makes after the command line is read (the case model, when
    a case is loaded): no collection while they load and, in a whole process, their objects
    frozen out of later collections, as `_run` does for the imports of the command line."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if _whole_process:
            gc.freeze()
        if collecting:
            gc.enable()


def _run(argv: Sequence[str] | None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    collecting = gc.isenabled()
    gc.disable()  # the libraries' objects live as long as the process: no collection while
    try:          # they load, and none of them traversed again by later collections (freeze)
        args = _parser_for(argv).parse_args(argv)
        if args.command and args.command not in _MODEL_LATER:
            from .. import storage  # noqa: F401 (the case model, loaded with the command line)
    finally:
        if _whole_process:
            gc.freeze()
        # a whole `build` or `check` process loads profiles and lays out a few pages, then
        # ends: its cyclic garbage is small and freed with the process, so no collection runs
        if collecting and not (_whole_process and argv and argv[0] in _SHORT_COMMANDS):
            gc.enable()
    try:
        if not args.command:
            return _start_gui()
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


def entry() -> None:
    """The `mla-writer` console script: `main`, then the process ends without the interpreter's
    teardown (freeing every module and object one by one costs more than a `check`). The exit
    handlers run and the standard streams are flushed first; files are closed by the code that
    writes them (atomic writes), so nothing written is lost. The desktop application (no
    command) ends the ordinary way: Qt saves its settings as its objects are destroyed."""
    global _whole_process
    if not sys.argv[1:]:
        raise SystemExit(main())
    _whole_process = True
    try:
        code = main()
    except SystemExit as exc:  # argparse: --help, --version, a usage error (as Python does)
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        if exc.code is not None and not isinstance(exc.code, int):
            print(exc.code, file=sys.stderr)
    fast_exit(code)


def fast_exit(code: int) -> None:
    """Run the exit handlers, flush the standard streams and end the process with `code`."""
    try:
        atexit._run_exitfuncs()
    finally:
        for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
            try:
                if stream is not None:
                    stream.flush()
            except Exception:  # noqa: S110 (a closed or broken stream: nothing more to write)
                pass
        os._exit(code)


if __name__ == "__main__":
    entry()
