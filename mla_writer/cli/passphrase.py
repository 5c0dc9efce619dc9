"""The case-file passphrase for commands: from a file, the environment (read once, then
removed so that no program this run starts inherits it) or a silent prompt."""

# lazy imports (start-up cost): casecrypt
from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

#: the environment variable's value, read once and then taken out of the environment so that
#: no program this run starts inherits it
_FROM_ENV: list[str] = []


class NoPassphrase(Exception):
    """No passphrase could be obtained (the message never contains one)."""


def _read_file(name: str) -> str:
    try:
        lines = Path(name).read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise NoPassphrase(f"cannot read the passphrase file {name}:"
                           f" {getattr(exc, 'strerror', None) or type(exc).__name__}") from None
    if not lines or not lines[0]:
        raise NoPassphrase(f"the passphrase file {name} is empty")
    return lines[0]


def case_passphrase(file: str | None = None, *, confirm: bool = False,
                    prompt: str = "Case-file passphrase: ", file_option: bool = True) -> str:
    """The case passphrase from `file`, $MLA_WRITER_CASE_PASSPHRASE, or a silent prompt
    (`file_option`: the command offers --case-passphrase-file, so the error may name it)."""
    from ..casecrypt import PASSPHRASE_ENV

    if file:
        return _read_file(file)
    env = os.environ.pop(PASSPHRASE_ENV, None)
    if env:
        _FROM_ENV[:] = [env]
    if _FROM_ENV:
        return _FROM_ENV[0]
    if not sys.stdin.isatty():
        option = "--case-passphrase-file or " if file_option else ""
        raise NoPassphrase(f"the case file is encrypted: give its passphrase with {option}"
                           f"{PASSPHRASE_ENV}, or run in a terminal to be asked")
    first = getpass.getpass(prompt)
    if confirm and getpass.getpass("Repeat the passphrase: ") != first:
        raise NoPassphrase("the two passphrases differ")
    return first


def passphrase_for(path: Path, file: str | None = None, *, file_option: bool = False) -> str | None:
    """The passphrase to open `path` with: None for a plain file (nothing asked)."""
    from ..casecrypt import file_is_encrypted

    return case_passphrase(file, file_option=file_option) if file_is_encrypted(path) else None
