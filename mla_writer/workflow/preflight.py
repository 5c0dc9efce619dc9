"""What stands between a case and its final documents: one answer for check, build and sign.

`blocking_findings` is what a final build or a signature is refused on: the errors of the
rules for the requested state, and of the review (a broken audit log, a change after the
approval). `profiles_for` loads the legal profiles a command needs or says which file is
broken; `language_warning` says when no output language is one the requested state accepts.
The domain's own modules only: the CLI, the GUI and signing import this, never the reverse.
"""

# lazy imports (start-up cost): rules, review, profiles, i18n, resources, workflow
from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..domain.issues import Issue
from ..domain.model import CaseFile


@dataclass(frozen=True)
class Findings:
    """`findings` by where they come from, so that a caller that also needs the rules' or
    the review's findings alone (the package's checklist) does not evaluate them again."""

    rules: list[Issue]
    review: list[Issue]
    annexes: list[Issue]

    @property
    def all(self) -> list[Issue]:
        return [*self.rules, *self.review, *self.annexes]

    @property
    def blocking(self) -> list[Issue]:
        """The findings that refuse a final (non-draft) build or a signature."""
        return [i for i in self.all if i.blocking]


def findings_by_source(case: CaseFile, *, on: dt.date, registry: Any = None,
                       case_path: str | os.PathLike[str] | None = None) -> Findings:
    """`findings`, kept apart by where they come from."""
    from .. import rules
    from ..review import review_issues
    from .annexes import findings as annex_findings

    return Findings(rules=list(rules.evaluate(case, on=on, registry=registry)),
                    review=review_issues(case), annexes=annex_findings(case, case_path))


def findings(case: CaseFile, *, on: dt.date, registry: Any = None,
             case_path: str | os.PathLike[str] | None = None) -> list[Issue]:
    """Every finding about `case` on the date `on`: the rules', the review's, then the
    annex files' (`annexes.findings`: read from the folder of `case_path`)."""
    return findings_by_source(case, on=on, registry=registry, case_path=case_path).all


def blocking_findings(case: CaseFile, *, on: dt.date, registry: Any = None,
                      case_path: str | os.PathLike[str] | None = None) -> list[Issue]:
    """The findings that refuse a final (non-draft) build or a signature."""
    return findings_by_source(case, on=on, registry=registry, case_path=case_path).blocking


class ProfilesBroken(Exception):
    """Legal profiles a command needs failed to load; `files` maps each to its problems."""

    def __init__(self, directory: Path, files: dict[str, list[str]], why: str) -> None:
        super().__init__(why)
        self.directory, self.files, self.why = directory, files, why

    def lines(self) -> list[str]:
        out = []
        for name, problems in sorted(self.files.items()):
            out.append(f"{self.directory / name}:" if name != "." else f"{self.directory}:")
            out += [f"  - {p}" for p in problems]
        return out


def profiles_for(requested_state: str, *, whole: bool) -> tuple[Any, list[str]]:
    """The profiles registry for a request to `requested_state`, and warnings.

    `whole=False` (check): only the requested state's profile and the baseline must load; other
    broken files are a warning. `whole=True` (build, sign): every file must load, because the
    documents take authorities, state names and instruments from all of them. Raises
    `ProfilesBroken` naming the files that stop the command.
    """
    from .. import profiles

    try:
        registry = profiles.load_registry()
    except profiles.ProfileError:
        registry = profiles.scan_profiles()
    else:
        missing = _missing_state(registry, requested_state)
        if missing:
            raise ProfilesBroken(registry.directory, {".": [missing]},
                                 "the legal profiles folder cannot serve this request")
        return registry, []
    own = f"states/{(requested_state or '').upper()}.toml"
    stopping = {name: probs for name, probs in registry.broken.items()
                if whole or name in (own, "baseline.toml", ".")}
    if stopping:
        if whole:
            why = ("legal profiles are broken; the documents take the requested authority,"
                   " state names and instruments from them, so nothing was written")
        else:
            why = (f"the legal profile {' and '.join(sorted(stopping))} is broken, so the case"
                   " cannot be checked")
        raise ProfilesBroken(registry.directory, stopping, why)
    return registry, [f"some legal profiles are broken and were not loaded"
                      f" ({', '.join(sorted(registry.broken))}); run `mla-writer profiles lint`"]


def _missing_state(registry: Any, requested_state: str) -> str:
    """Why the profiles folder cannot serve a request to `requested_state` ('' when it can):
    it holds no state profile at all, or it is another folder than the bundled one
    ($MLA_WRITER_PROFILES) and lacks a profile the bundled folder has: the rules of that
    state would be silently off."""
    from ..profiles.loader import PROFILES_ENV, profiles_dir
    from ..resources import data_dir

    if not registry.states:
        return (f"the legal profiles folder {registry.directory} holds no state profile"
                f" (states/*.toml); is {PROFILES_ENV} set to the right folder?")
    code = (requested_state or "").strip().upper()
    bundled = data_dir("legal_profiles")
    if (not code or registry.state(code) is not None or profiles_dir() == bundled
            or not (bundled / "states" / f"{code}.toml").is_file()):
        return ""
    return (f"the legal profiles folder {registry.directory} (set by {PROFILES_ENV}) has no"
            f" profile for the requested state {code}, which the bundled profiles have: its"
            " rules would be silently left out; point the variable at a complete folder")


def accepted_languages(case: CaseFile, registry: Any, on: dt.date) -> list[str]:
    """Languages the requested state's profile accepts for this request (empty = unknown)."""
    from ..profiles import effective_basis

    state = registry.state(case.request.requested_state) if registry is not None else None
    if state is None:
        return []
    eff = effective_basis(case.request, registry, on)  # the basis the checklist uses too
    return list(state.accepted_languages(eff.kind, on, category=eff.category,
                                         instrument_id=eff.instrument_id))


def language_warning(case: CaseFile, languages: Sequence[str], registry: Any,
                     on: dt.date) -> str | None:
    """A warning when none of `languages` is accepted by the requested state (None if one is,
    or if the profile does not record the accepted languages: `check` reports that)."""
    from ..i18n import LANGUAGES
    from ..rules.state_info import language_name

    accepted = accepted_languages(case, registry, on)
    if not accepted or any(lang in accepted for lang in languages):
        return None
    state = registry.state(case.request.requested_state)
    chosen = ", ".join(language_name(c) for c in languages) or "none"
    wanted = " or ".join(language_name(c) for c in accepted)
    usable = [c for c in accepted if c in LANGUAGES]
    fix = f"build in {language_name(usable[0])} (--lang {usable[0]})" if usable else ""
    text = (f"{state.name_en} does not accept this request in {chosen}: its legal profile"
            f" accepts {wanted}; {fix + ' or ' if fix else ''}attach a translation into an accepted"
            " language.")
    # it restates the profile's language records: never more certain than they are
    from ..i18n import UNVERIFIED_NOTE
    from ..profiles import effective_basis

    eff = effective_basis(case.request, registry, on)
    records = [r for r in state.languages if r.languages
               and r.applies(eff.kind, eff.category, eff.instrument_id, on)]
    if any(not r.verified for r in records):
        text += f" {UNVERIFIED_NOTE}"
    return text
