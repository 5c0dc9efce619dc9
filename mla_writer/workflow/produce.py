"""Produce: what a build of the documents checks first, and the build itself, for the CLI's
`build` and the GUI's Produce alike (the same case is refused for the same reasons by both).

A final build is refused on the blocking findings of `preflight.findings` (the rules' for the
request date and the review's: a broken audit log, a change after the approval); a draft is
built despite them, every page marked DRAFT.
"""

# lazy imports (start-up cost): render, rules
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..domain.clock import SYSTEM_CLOCK, Clock
from ..domain.issues import Issue
from ..domain.model import CaseFile
from .preflight import findings, language_warning

Progress = Callable[[int, int, str], None]


class BuildRefused(Exception):
    """A final build refused: `errors` are the blocking findings (build a draft, or fix them)."""

    def __init__(self, errors: Sequence[Issue]) -> None:
        super().__init__(f"refused: {len(errors)} blocking issue(s); fix them or build a draft")
        self.errors = list(errors)


@dataclass(frozen=True)
class BuildCheck:
    """What stands between `case` and its documents: every finding, the languages the build
    will write, and the warning when the requested state accepts none of them."""

    on: dt.date
    issues: list[Issue]
    languages: list[str]
    language_warning: str | None = None
    registry: Any = field(default=None, repr=False, compare=False)

    @property
    def errors(self) -> list[Issue]:
        """The findings a final build is refused on."""
        return [i for i in self.issues if i.blocking]

    def unprintable(self, formats: Sequence[str]) -> list[Issue]:
        """Findings of text a PDF would print as empty boxes (none without a PDF)."""
        from ..rules.case_checks import UNPRINTABLE

        return [i for i in self.issues if i.code == UNPRINTABLE] if "pdf" in formats else []


def check_build(case: CaseFile, *, registry: Any = None, languages: Sequence[str] = (),
                clock: Clock | None = None, case_path: Path | str | None = None) -> BuildCheck:
    """Check `case` for a build in `languages` (empty: the case's default languages), law as
    on the request date (else today), with the profiles `registry` (None: the installed);
    `case_path`: where the case file is (its annex files are read from its folder)."""
    from ..render import default_languages

    on = case.request.request_date or (clock or SYSTEM_CLOCK).today()
    issues = findings(case, on=on, registry=registry, case_path=case_path)
    langs = list(dict.fromkeys(languages or default_languages(case)))
    warning = language_warning(case, langs, registry, on) if registry is not None else None
    return BuildCheck(on=on, issues=issues, languages=langs, language_warning=warning,
                      registry=registry)


def produce(case: CaseFile, out_dir: Path, check: BuildCheck, *,
            formats: Sequence[str] = ("docx", "pdf"), bilingual: bool = False,
            draft: bool = False, clock: Clock | None = None,
            progress: Progress | None = None) -> list[Path]:
    """Write the documents `check` was made for; raise BuildRefused for a final build of a
    case with blocking findings (nothing is written then). Returns the paths written."""
    from ..render import build_documents

    if check.errors and not draft:
        raise BuildRefused(check.errors)
    return build_documents(case, out_dir, formats=tuple(formats), languages=check.languages,
                           bilingual=bilingual, draft=draft, clock=clock, progress=progress)
