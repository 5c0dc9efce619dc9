"""Produce: what a build of the documents checks first, and the build itself, for the CLI's
`build` and the GUI's Produce alike (the same case is refused for the same reasons by both).

A final build is refused on the blocking findings of `preflight.findings` (the rules' for the
request date and the review's: a broken audit log, a change after the approval); a draft is
built despite them, every page marked DRAFT.

The `build` command (a process of its own) writes the PDFs in a second process while it writes
the other formats (`signing.forked`: Linux, one thread, no Qt; MLA_WRITER_BUILD_FORK=0 turns
it off). That process is forked before the case is even loaded (`start_pdf_process`): it loads
reportlab and the fonts meanwhile. Each document is then handed to it as JSON as soon as it is
made (`send_early`), BEFORE the findings are evaluated: it lays out the PDFs while this process
makes the next document and checks the case, and writes them only once `produce` commits the
build (`pdf_process`'s commit protocol); a refused final build ends it and nothing is written.
The documents depend on the case, the languages (the user's or the case's, never the
findings), the clock and --draft/--bilingual only: they are the ones the build would make
after the check. Where they cannot all be made before the check (a case so broken that
rendering raises), the check comes first, as before, and its refusal is reported. Where the
process could not start (or was ended), `parallel` forks after the documents are made. The
documents are made once, from a stopped clock, so each document's DOCX and PDF carry the same
creation time, as when one process writes both; whether each crossed as JSON unchanged is
checked once all are handed over, and any difference or failure of that process and the PDFs
are written here instead, so the files are the same either way.
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

__all__ = ["FORK_ENV", "BuildCheck", "BuildRefused", "EarlyBuild", "PdfProcess", "build_languages",
           "check_build", "produce", "send_early", "start_pdf_process"]

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


def build_languages(case: CaseFile, languages: Sequence[str] = ()) -> list[str]:
    """The languages a build writes: `languages` (empty: the case's default languages),
    each once. The findings play no part: `send_early` makes the documents before them."""
    from ..render import default_languages

    return list(dict.fromkeys(languages or default_languages(case)))


@dataclass(frozen=True)
class EarlyBuild:
    """Documents handed to the PDF process before the check (`send_early`): it lays out
    their PDFs, and `produce` has it write them (or ends it, for a refused build)."""

    process: PdfProcess
    out_dir: Path
    languages: list[str]
    formats: tuple[str, ...]
    bilingual: bool
    draft: bool
    jobs: list[Any] = field(repr=False)
    pdfs: list[Path] = field(repr=False)

    def fits(self, out_dir: Path, check: BuildCheck, formats: tuple[str, ...], *,
             bilingual: bool, draft: bool) -> bool:
        """Whether these are the documents `produce` is asked for."""
        return (self.out_dir, self.languages, self.formats, self.bilingual, self.draft) == (
            Path(out_dir), check.languages, formats, bilingual, draft)


def send_early(case: CaseFile, out_dir: Path, process: PdfProcess, *,
               languages: Sequence[str] = (), formats: Sequence[str] = ("docx", "pdf"),
               bilingual: bool = False, draft: bool = False,
               clock: Clock | None = None) -> EarlyBuild | None:
    """Make the documents a build of `case` writes and hand them to `process`, before the
    check (see the module's note); None when they cannot all be made now or `process`
    cannot be given them (it is then ended, unless it was handed nothing): the build goes
    on without, the check first. `clock` is stopped here, as `produce` stops it."""
    fmts = tuple(dict.fromkeys(formats))
    if "pdf" not in fmts or len(fmts) < 2 or process.sent:
        return None
    langs = build_languages(case, languages)
    try:  # a case too broken to render is refused by the check, not by a traceback here
        handed = _make_and_hand_over(case, Path(out_dir), process, languages=langs,
                                     bilingual=bilingual, draft=draft,
                                     clock=_stopped(clock or SYSTEM_CLOCK))
    except Exception:
        if process.sent:
            process.stop()
        return None
    if handed is None:
        return None
    return EarlyBuild(process, Path(out_dir), langs, fmts, bilingual, draft, *handed)


def check_build(case: CaseFile, *, registry: Any = None, languages: Sequence[str] = (),
                clock: Clock | None = None, case_path: Path | str | None = None) -> BuildCheck:
    """Check `case` for a build in `languages` (empty: the case's default languages), law as
    on the request date (else today), with the profiles `registry` (None: the installed);
    `case_path`: where the case file is (its annex files are read from its folder)."""
    on = case.request.request_date or (clock or SYSTEM_CLOCK).today()
    issues = findings(case, on=on, registry=registry, case_path=case_path)
    langs = build_languages(case, languages)
    warning = language_warning(case, langs, registry, on) if registry is not None else None
    return BuildCheck(on=on, issues=issues, languages=langs, language_warning=warning,
                      registry=registry)


def produce(case: CaseFile, out_dir: Path, check: BuildCheck, *,
            formats: Sequence[str] = ("docx", "pdf"), bilingual: bool = False,
            draft: bool = False, clock: Clock | None = None,
            progress: Progress | None = None, parallel: bool = False,
            pdf_process: PdfProcess | None = None,
            early: EarlyBuild | None = None) -> list[Path]:
    """Write the documents `check` was made for; raise BuildRefused for a final build of a
    case with blocking findings (nothing is written then). Returns the paths written.
    `parallel`: PDFs in a forked child where that is possible; `pdf_process`: the PDFs
    written by that process, started before; `early`: the documents handed to it before
    the check (see the module's note). Either process is stopped here."""
    from ..render import build_documents

    if check.errors and not draft:
        if early is not None:
            early.process.stop()  # it has written nothing: it waits for the commit
        if pdf_process is not None:
            pdf_process.stop()  # it has written nothing: it waits for the documents
        raise BuildRefused(check.errors)
    fmts = tuple(dict.fromkeys(formats))
    if early is not None:
        try:
            if progress is None and early.fits(Path(out_dir), check, fmts, bilingual=bilingual,
                                               draft=draft):
                return _write_with(case, early.out_dir, early.jobs, early.pdfs, fmts,
                                   draft=draft, process=early.process)
        finally:
            early.process.stop()
    if pdf_process is not None:
        try:
            if progress is None and "pdf" in fmts and len(fmts) > 1 and not pdf_process.sent:
                paths = _produce_early(case, Path(out_dir), check, fmts,
                                       bilingual=bilingual, draft=draft,
                                       clock=_stopped(clock or SYSTEM_CLOCK),
                                       process=pdf_process)
                if paths is not None:
                    return paths
        finally:
            pdf_process.stop()
    if parallel and progress is None and "pdf" in fmts and len(fmts) > 1 \
            and os.environ.get(FORK_ENV, "1") != "0":
        stopped = _stopped(clock or SYSTEM_CLOCK)
        paths = _produce_forked(case, Path(out_dir), check, fmts,
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
    """The documents, the PDFs written by `process` (handed them after the check); None when
    it cannot be given them."""
    handed = _make_and_hand_over(case, out_dir, process, languages=check.languages,
                                 bilingual=bilingual, draft=draft, clock=clock)
    if handed is None:
        return None
    jobs, pdfs = handed
    return _write_with(case, out_dir, jobs, pdfs, formats, draft=draft, process=process)


def _make_and_hand_over(case: CaseFile, out_dir: Path, process: PdfProcess, *,
                        languages: list[str], bilingual: bool, draft: bool,
                        clock: Clock) -> tuple[list[Any], list[Path]] | None:
    """Make each document and hand it to `process` as soon as it is made (it lays out the
    first while the next is made); the jobs (each returning its document) and where their
    PDFs go. None, `process` ended, when a document would not cross as JSON unchanged or
    the process is gone. A document that cannot be made raises, as `write_documents`."""
    from ..render.build import document_jobs, document_path, slug
    from ..render.document import from_data, to_data

    base = slug(case.request.case_reference)
    jobs, pdfs, sent = [], [], []
    try:
        for name, lang, make in document_jobs(case, languages=languages, bilingual=bilingual,
                                              draft=draft, clock=clock):
            doc = make()
            jobs.append((name, lang, functools.partial(_made, doc)))
            pdfs.append(document_path(out_dir, base, name, lang, "pdf", draft=draft))
            sent.append(to_data(doc))
            process.send(json.dumps([str(pdfs[-1]), sent[-1]]).encode())
        # checked once all are handed over (off the PDF process's way): were one to change,
        # the PDFs are written here
        if any(from_data(data) != make() for data, (_n, _l, make) in zip(sent, jobs,
                                                                          strict=True)):
            raise TypeError("a document does not cross to the PDF process unchanged")
    except (TypeError, OSError):
        process.stop()
        return None
    return jobs, pdfs


def _write_with(case: CaseFile, out_dir: Path, jobs: list[Any], pdfs: list[Path],
                formats: tuple[str, ...], *, draft: bool, process: PdfProcess) -> list[Path]:
    """Commit `process` (handed the documents of `jobs`) to write the PDFs, write the other
    formats here meanwhile; where it fails, the PDFs are written here instead."""
    from ..render.build import write_documents

    try:
        process.commit()  # the build goes ahead: each PDF is written as soon as laid out
        committed = True
    except OSError:
        committed = False
    mine = write_documents(case, out_dir, jobs, formats=tuple(f for f in formats if f != "pdf"),
                           draft=draft)
    try:
        if not committed:
            raise forked.ChildFailed("the PDF process is gone")
        if [Path(line) for line in process.child.reports()] != pdfs:
            raise forked.ChildFailed("the PDF process reported other files")
    except forked.ChildFailed:  # written here instead (each file replaced atomically)
        write_documents(case, out_dir, jobs, formats=("pdf",), draft=draft)
    stems = list(dict.fromkeys(p.with_suffix("") for p in mine))
    return [stem.with_suffix(f".{fmt}") for stem in stems for fmt in formats]
