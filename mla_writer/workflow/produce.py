"""Produce: what a build of the documents checks first, and the build itself, for the CLI's
`build` and the GUI's Produce alike (the same case is refused for the same reasons by both).

A final build is refused on the blocking findings of `preflight.findings` (the rules' for the
request date and the review's: a broken audit log, a change after the approval); a draft is
built despite them, every page marked DRAFT.

The `build` command (a process of its own) writes the PDFs in a second process while it writes
the other formats (`signing.forked`: Linux, one thread, no Qt; MLA_WRITER_BUILD_FORK=0 turns
it off). That process is forked before the case is even loaded (`start_pdf_process`): it loads
reportlab and the fonts meanwhile, then is handed the documents as JSON (`pdf_process`); where
it could not start, `parallel` forks after the documents are made. The documents are made
once, from a stopped clock, so each document's DOCX and PDF carry the same creation time, as
when one process writes both; any failure of that process and the PDFs are written here
instead, so the files are the same either way.
"""

# lazy imports (start-up cost): render, rules
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..domain.clock import SYSTEM_CLOCK, Clock
from ..domain.issues import Issue
from ..domain.model import CaseFile
from ..signing import forked
from .pdf_process import FORK_ENV, PdfProcess, start_pdf_process
from .preflight import findings, language_warning

__all__ = ["FORK_ENV", "BuildCheck", "BuildRefused", "PdfProcess", "check_build", "produce",
           "start_pdf_process"]

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
            progress: Progress | None = None, parallel: bool = False,
            pdf_process: PdfProcess | None = None) -> list[Path]:
    """Write the documents `check` was made for; raise BuildRefused for a final build of a
    case with blocking findings (nothing is written then). Returns the paths written.
    `parallel`: PDFs in a forked child where that is possible; `pdf_process`: the PDFs
    written by that process, started before (see the module's note). It is stopped here."""
    from ..render import build_documents

    if check.errors and not draft:
        if pdf_process is not None:
            pdf_process.stop()  # it has written nothing: it waits for the documents
        raise BuildRefused(check.errors)
    if pdf_process is not None:
        try:
            if progress is None and "pdf" in formats and len(set(formats)) > 1:
                paths = _produce_early(case, Path(out_dir), check, tuple(dict.fromkeys(formats)),
                                       bilingual=bilingual, draft=draft,
                                       clock=_stopped(clock or SYSTEM_CLOCK),
                                       process=pdf_process)
                if paths is not None:
                    return paths
        finally:
            pdf_process.stop()
    if parallel and progress is None and "pdf" in formats and len(set(formats)) > 1 \
            and os.environ.get(FORK_ENV, "1") != "0":
        stopped = _stopped(clock or SYSTEM_CLOCK)
        paths = _produce_forked(case, Path(out_dir), check, tuple(dict.fromkeys(formats)),
                                bilingual=bilingual, draft=draft, clock=stopped)
        if paths is not None:
            return paths
        clock = stopped
    return build_documents(case, out_dir, formats=tuple(formats), languages=check.languages,
                           bilingual=bilingual, draft=draft, clock=clock, progress=progress)


def _stopped(clock: Clock) -> Clock:
    """`clock` stopped at its present time (its ids and time zone kept)."""
    when = clock.now()

    def now() -> dt.datetime:
        return when

    return dataclasses.replace(clock, now=now)




def _produce_forked(case: CaseFile, out_dir: Path, check: BuildCheck, formats: tuple[str, ...],
                    *, bilingual: bool, draft: bool, clock: Clock) -> list[Path] | None:
    """The documents, the PDFs written by a forked child; None when no child could start.
    The documents are made once, before the fork: both processes write the same ones."""
    from ..render.build import document_jobs, write_documents

    jobs = []
    for name, lang, make in document_jobs(case, languages=check.languages, bilingual=bilingual,
                                          draft=draft, clock=clock):
        jobs.append((name, lang, functools.partial(_made, make())))

    def write(fmts: tuple[str, ...]) -> list[Path]:
        return write_documents(case, out_dir, jobs, formats=fmts, draft=draft)

    def job(report: Callable[[str], None]) -> None:
        for path in write(("pdf",)):
            report(str(path))

    child = forked.start(job)
    if child is None:
        return None
    try:
        mine = write(tuple(f for f in formats if f != "pdf"))
        stems = list(dict.fromkeys(p.with_suffix("") for p in mine))
        expected = [stem.with_suffix(".pdf") for stem in stems]
        try:
            if [Path(line) for line in child.reports()] != expected:
                raise forked.ChildFailed("the rendering process reported other files")
        except forked.ChildFailed:  # written here instead (each file replaced atomically)
            write(("pdf",))
    finally:
        child.stop()
    # in the order one process writes them: per document, per format
    return [stem.with_suffix(f".{fmt}") for stem in stems for fmt in formats]


def _made(document: Any) -> Any:
    """A job's function returning a document made before."""
    return document


def _produce_early(case: CaseFile, out_dir: Path, check: BuildCheck, formats: tuple[str, ...],
                   *, bilingual: bool, draft: bool, clock: Clock,
                   process: PdfProcess) -> list[Path] | None:
    """The documents, the PDFs written by `process`; None when it cannot be given them."""
    from ..render.build import document_jobs, document_path, slug, write_documents
    from ..render.document import from_data, to_data

    jobs = []
    for name, lang, make in document_jobs(case, languages=check.languages, bilingual=bilingual,
                                          draft=draft, clock=clock):
        jobs.append((name, lang, functools.partial(_made, make())))
    base = slug(case.request.case_reference)
    pdfs = [document_path(out_dir, base, name, lang, "pdf", draft=draft)
            for name, lang, _make in jobs]
    try:
        batch = [[str(path), to_data(make())] for path, (_n, _l, make) in zip(pdfs, jobs,
                                                                               strict=True)]
        if any(from_data(data) != make() for (_p, data), (_n, _l, make) in zip(batch, jobs,
                                                                                strict=True)):
            return None
        process.send(json.dumps(batch).encode())
    except (TypeError, OSError):
        return None
    mine = write_documents(case, out_dir, jobs, formats=tuple(f for f in formats if f != "pdf"),
                           draft=draft)
    try:
        if [Path(line) for line in process.child.reports()] != pdfs:
            raise forked.ChildFailed("the PDF process reported other files")
    except forked.ChildFailed:  # written here instead (each file replaced atomically)
        write_documents(case, out_dir, jobs, formats=("pdf",), draft=draft)
    stems = list(dict.fromkeys(p.with_suffix("") for p in mine))
    return [stem.with_suffix(f".{fmt}") for stem in stems for fmt in formats]
