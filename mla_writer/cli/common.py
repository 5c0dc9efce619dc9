"""Helpers shared by the command modules: loading a case or the legal profiles with a clear
error, the clock (--now, SOURCE_DATE_EPOCH), dates on the command line."""

# lazy imports (start-up cost): workflow, i18n, rules, resources, storage, domain
from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..domain.clock import SYSTEM_CLOCK, Clock
from .passphrase import NoPassphrase, passphrase_for

if TYPE_CHECKING:
    from ..domain.model import CaseFile

EXIT_OK, EXIT_PROBLEMS, EXIT_UNREADABLE = 0, 1, 2


EXAMPLE_PREFIX = "example:"


def resolve_case_path(arg: str | Path) -> Path:
    """A case-file argument: a path, or `example:NAME` for a bundled example case."""
    text = str(arg)
    if text.startswith(EXAMPLE_PREFIX):
        from ..resources import data_dir

        return data_dir("examples") / f"{text[len(EXAMPLE_PREFIX):]}.json"
    return Path(text)


def load_case_or_exit(path: str | Path) -> CaseFile | None:
    """Load a case file; on failure print the reasons to stderr and return None (exit 2).
    An older file is read through the migrations, with a note that it changes only on save.
    (The case model is imported here, not by importing this module: `sign` starts decrypting
    the key and `build` its PDF process before it, see `cli._MODEL_LATER`.)"""
    from ..domain.model import SCHEMA_VERSION
    from ..storage import CaseFileError, load_with_version

    resolved = resolve_case_path(path)
    try:
        case, version = load_with_version(resolved, passphrase=passphrase_for(resolved))
    except (CaseFileError, NoPassphrase) as exc:
        print(f"mla-writer: {exc}", file=sys.stderr)
        return None
    if version != SCHEMA_VERSION:
        print(f"mla-writer: note: {resolved} is in case-file schema {version}; it was read as"
              f" schema {SCHEMA_VERSION} and is rewritten in it only when saved", file=sys.stderr)
    return case


def parse_date(text: str) -> dt.date:
    """argparse type of a YYYY-MM-DD option."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"expected a date YYYY-MM-DD, got {text!r}") from exc


def parse_now(text: str) -> dt.datetime:
    """argparse type of --now: ISO 8601 date and time; without an offset, local time."""
    try:
        when = dt.datetime.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(
            f"expected a date and time like 2026-11-02T09:30 or 2026-11-02T09:30+07:00,"
            f" got {text!r}") from exc
    return when if when.tzinfo is not None else when.astimezone()


def add_now_option(parser: argparse.ArgumentParser) -> None:
    """--now for commands whose output carries the date or time (build, sign)."""
    parser.add_argument(
        "--now", type=parse_now, metavar="ISO",
        help="take this as the current date and time (e.g. 2026-11-02T09:30+07:00), for"
        " reproducible output; default: $SOURCE_DATE_EPOCH if set, else the system clock")


class ClockError(ValueError):
    """SOURCE_DATE_EPOCH is set but is not a timestamp."""


def cli_clock(args: argparse.Namespace | None = None) -> Clock:
    """The clock of a command: --now, else SOURCE_DATE_EPOCH (the reproducible-builds
    convention: seconds since 1970 UTC, dates taken in UTC), else the system clock (dates in
    the local time zone). Raises ClockError for an unusable SOURCE_DATE_EPOCH."""
    when = getattr(args, "now", None)
    if when is not None:
        return Clock(now=lambda: when, tz=when.tzinfo)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            fixed = dt.datetime.fromtimestamp(int(epoch), dt.UTC)
        except (ValueError, OverflowError, OSError):
            raise ClockError(f"SOURCE_DATE_EPOCH must be a whole number of seconds since"
                             f" 1970-01-01 UTC, got {epoch!r}") from None
        return Clock(now=lambda: fixed, tz=dt.UTC)
    return SYSTEM_CLOCK


def clock_or_exit(command: str, args: argparse.Namespace | None = None) -> Clock | None:
    """`cli_clock`, printing the problem (the caller exits 2) instead of raising."""
    try:
        return cli_clock(args)
    except ClockError as exc:
        print(f"mla-writer {command}: {exc}", file=sys.stderr)
        return None


def profiles_or_exit(command: str, requested_state: str, *, whole: bool) -> Any | None:
    """The legal profiles for a request to `requested_state` (`preflight.profiles_for`);
    None after naming every broken file and problem on stderr (the caller exits 2)."""
    from ..workflow.preflight import ProfilesBroken, profiles_for

    try:
        registry, warnings = profiles_for(requested_state, whole=whole)
    except ProfilesBroken as exc:
        print(f"mla-writer {command}: {exc.why}:", file=sys.stderr)
        for line in exc.lines():
            print(f"  {line}", file=sys.stderr)
        print("Run `mla-writer profiles lint` for every problem.", file=sys.stderr)
        return None
    for warning in warnings:
        print(f"mla-writer {command}: warning: {warning}", file=sys.stderr)
    return registry


def unverified_mark(lang: str) -> str:
    """The mark of an unverified source: upper case in English (as the command line always
    printed it), else in the language `lang`."""
    from ..i18n import UNVERIFIED_SHORT, render_text
    from ..rules.registry import UNVERIFIED_MARK

    return UNVERIFIED_MARK if lang == "en" else render_text(UNVERIFIED_SHORT, lang)


def citation_line(citation: str, status: str, lang: str) -> str:
    """"Citation: <reference> (<status>)" in `lang`: the legal reference as written, its
    source status as a code (`check`, `basis`)."""
    from ..i18n import N_, render_text

    # TRANSLATORS: the legal reference (as written) and its source status (a code)
    return render_text(N_("Citation: %(citation)s (%(status)s)", citation=citation,
                          status=status), lang)
