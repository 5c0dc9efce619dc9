"""From a case to documents: render a template into the document model, then write the files."""

# lazy imports (start-up cost): render
from __future__ import annotations

import contextlib
import hashlib
import re
import unicodedata
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from .. import i18n
from ..domain.clock import SYSTEM_CLOCK, Clock
from ..domain.model import CaseFile, RequestKind
from .context import _registry, build_context, language_name
from .document import Block, Columns, Document, Heading, Paragraph, Run, runs_text
from .environment import checked_gettext, environment
from .parse import parse_markup
from .text import clean

if TYPE_CHECKING:
    from .pdf_signature import SignatureField

#: templates a caller may ask for: one per request kind, plus the transmittal note
TEMPLATES = (*(k.value for k in RequestKind), "transmittal")
FORMATS = ("docx", "pdf")
DOC_NAMES = ("request", "transmittal")


def build_document(case: CaseFile, *, template: str | None = None, lang: str = "en",
                   clock: Clock | None = None, draft: bool = False) -> Document:
    """Render one document of `case` in `lang` (template None = the request for its kind)."""
    clock = clock or SYSTEM_CLOCK
    name = template or case.request.kind.value
    if name not in TEMPLATES:
        raise ValueError(f"unknown document template {name!r}; expected one of {TEMPLATES}")
    if lang not in i18n.LANGUAGES:
        raise ValueError(f"unknown document language {lang!r}; expected one of {i18n.LANGUAGES}")
    translations = i18n.document_translations(lang)
    env = environment(lang)
    ctx = build_context(case, lang=lang, clock=clock, draft=draft, translations=translations)
    tmpl = env.get_template(f"{name}.html")
    untranslated: set[str] = set()
    blocks = parse_markup(tmpl.render(ctx), lang, untranslated)
    title = next((runs_text(b.runs) for b in blocks if isinstance(b, Heading) and b.level == 1),
                 name)
    gettext = checked_gettext(translations.gettext)
    marks = []
    if draft:
        marks.append(gettext("DRAFT"))
    if case.training:
        marks.append(gettext("TRAINING — NOT A REAL REQUEST"))
    if untranslated:  # never silently mixed: marked on every page and explained on the first
        marks.append(gettext("UNTRANSLATED TEXT"))
        count = i18n.format_number(len(untranslated), lang)
        if case.drafting_language == "en":
            note = gettext("Not final: %(count)s passage(s) of case text have no translation into"
                           " this language yet; they are printed in English, in italics.") % {
                "count": count}
        else:  # printed in the language the case is drafted in
            note = gettext("Not final: %(count)s passage(s) of case text have no translation into"
                           " this language yet; they are printed in %(language)s, in"
                           " italics.") % {"count": count, "language": clean(language_name(
                               case.drafting_language, lang))}
        blocks.insert(_after_letterhead(blocks), Paragraph([Run(note, lang, bold=True)], "note"))
    reference = clean(case.request.case_reference).replace("\n", " ")
    confidential = gettext("CONFIDENTIAL") if case.request.confidentiality.required else ""
    return Document(
        title=title, lang=lang, blocks=blocks, reference=reference,
        marking=" / ".join(marks), confidential=confidential, template=name,
        template_version=_template_version(env, name),
        created=clock.now(), author=clean(case.request.requesting_authority.name),
        subject=f"{title} {reference}".strip(), page_label=gettext("Page %(page)s of %(pages)s"),
        untranslated=sorted(untranslated))


def _bilingual(case: CaseFile, *, lang: str, clock: Clock, draft: bool) -> Document:
    """The request in `lang` and in the drafting language side by side."""
    return bilingual_document(
        build_document(case, lang=lang, clock=clock, draft=draft),
        build_document(case, lang=case.drafting_language, clock=clock, draft=draft))


def _after_letterhead(blocks: list[Block]) -> int:
    """Where a notice goes: right after the title (or at the top when there is none)."""
    for i, block in enumerate(blocks):
        if isinstance(block, Heading) and block.level == 1:
            return i + 1
    return 0


def _template_version(env: object, name: str) -> str:
    """A short hash of the template files that made the document (for the audit trail)."""
    digest = hashlib.sha256()
    loader = env.loader  # type: ignore[attr-defined]
    for part in (f"{name}.html", "_macros.html", "_labels.html", "_extradition.html"):
        source, _, _ = loader.get_source(env, part)
        digest.update(source.encode("utf-8"))
    return digest.hexdigest()[:12]


def _sections(blocks: list[Block]) -> list[list[Block]]:
    """Blocks grouped from one level-1/2 heading to the next (the letterhead is the first)."""
    out: list[list[Block]] = [[]]
    for block in blocks:
        if isinstance(block, Heading) and block.level <= 2 and out[-1]:
            out.append([])
        out[-1].append(block)
    return out


def bilingual_document(first: Document, second: Document) -> Document:
    """Two language versions side by side, section by section (same template, same blocks)."""
    left, right = _sections(first.blocks), _sections(second.blocks)
    if len(left) == len(right):
        blocks = [Columns([a, b]) for a, b in zip(left, right, strict=True)]
    else:
        blocks = [Columns([first.blocks, second.blocks])]
    return Document(
        title=f"{first.title} / {second.title}", lang=first.lang, blocks=blocks,  # type: ignore[arg-type]
        reference=first.reference, marking=first.marking, confidential=first.confidential,
        template=first.template,
        template_version=first.template_version, created=first.created, author=first.author,
        subject=first.subject, page_label=first.page_label)


#: Latin letters that NFKD does not reduce to ASCII (Vietnamese đ above all)
_NO_DECOMPOSITION = str.maketrans({"đ": "d", "Đ": "D", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L",
                                   "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE"})


def slug(text: str) -> str:
    """A file-name-safe form of a case reference: ASCII letters, digits and hyphens."""
    text = text.translate(_NO_DECOMPOSITION)
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    out = re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-").lower()
    return out[:60].strip("-") or "request"


def document_languages_ready() -> set[str]:
    """Languages whose document catalogs i18n reports as complete (English always)."""
    ready = {"en"}
    for attr in ("complete_document_languages", "document_languages"):
        fn = getattr(i18n, attr, None)
        if fn is not None:
            with contextlib.suppress(Exception):  # unknown shape: English only
                ready |= set(fn())
            break
    return ready


def default_languages(case: CaseFile) -> list[str]:
    """The requested state's accepted languages for this kind (from its profile) plus the
    drafting language (English for most cases), keeping only languages with complete document
    catalogs."""
    wanted: list[str] = []
    registry = _registry()
    state = registry.state(case.request.requested_state) if registry is not None else None
    if state is not None:
        with contextlib.suppress(Exception):  # a profile gap leaves English
            wanted += list(state.languages_for(case.request.kind.value,
                                               case.request.request_date))
    wanted.append(case.drafting_language)
    ready = document_languages_ready()
    out: list[str] = []
    for lang in wanted:
        if lang in ready and lang not in out:
            out.append(lang)
    return out


def build_documents(
        case: CaseFile, out_dir: Path, *, formats: Sequence[str] = FORMATS,
        languages: Sequence[str] | None = None, bilingual: bool = False, draft: bool = False,
        clock: Clock | None = None,
        progress: Callable[[int, int, str], None] | None = None) -> list[Path]:
    """Write the request and the transmittal note per language and format; return the paths.

    File names: `<case_reference-slug>_<request|transmittal>_<lang>.<ext>`; with `bilingual`,
    each language other than the drafting language also gets `<slug>_request_<lang>-<drafting
    language>.<ext>` (the two side by side; `_th-en` for a case drafted in English).
    A draft's names end in `-draft` (`<slug>_request_<lang>-draft.<ext>`): a draft never
    overwrites the final documents of the same request.
    """
    jobs = document_jobs(case, languages=languages, bilingual=bilingual, draft=draft,
                         clock=clock)
    return write_documents(case, out_dir, jobs, formats=formats, draft=draft, progress=progress)


Job = tuple[str, str, Callable[[], Document]]


def document_jobs(case: CaseFile, *, languages: Sequence[str] | None = None,
                  bilingual: bool = False, draft: bool = False,
                  clock: Clock | None = None) -> list[Job]:
    """(document name, language label, function making the document) of each document
    `build_documents` writes, in its order."""
    clock = clock or SYSTEM_CLOCK
    langs = list(dict.fromkeys(languages or default_languages(case)))
    jobs: list[Job] = []
    source = case.drafting_language  # a bilingual document pairs each language with it
    for lang in langs:
        for doc_name in DOC_NAMES:
            template = None if doc_name == "request" else "transmittal"
            jobs.append((doc_name, lang, partial(
                build_document, case, template=template, lang=lang, clock=clock, draft=draft)))
        if bilingual and lang != source:
            jobs.append(("request", f"{lang}-{source}", partial(
                _bilingual, case, lang=lang, clock=clock, draft=draft)))
    return jobs


def write_documents(
        case: CaseFile, out_dir: Path, jobs: Sequence[Job], *,
        formats: Sequence[str] = FORMATS, draft: bool = False,
        progress: Callable[[int, int, str], None] | None = None,
        signature: Callable[[], SignatureField] | None = None) -> list[Path]:
    """Make each job's document and write it in each format (`build_documents`); a job's
    function may return a document made before. `signature`: the signature field each PDF
    is written with (asked for just before each PDF is made; signing's packages)."""
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ValueError(f"unknown output format(s) {unknown}; expected docx or pdf")
    writers: dict[str, Callable[[Document, Path], object]] = {}
    if "docx" in formats:  # each writer's libraries only when its format is written
        from .docx_writer import write_docx

        writers["docx"] = write_docx
    if "pdf" in formats:
        from .pdf_writer import write_pdf

        writers["pdf"] = write_pdf
        if signature is not None:
            def write_signed_pdf(doc: Document, path: Path) -> None:
                write_pdf(doc, path, signature=signature())

            writers["pdf"] = write_signed_pdf
    base = slug(case.request.case_reference)
    total = len(jobs) * len(formats)
    paths: list[Path] = []
    step = 0
    for doc_name, lang, make in jobs:
        doc = make()
        for fmt in formats:
            path = document_path(out_dir, base, doc_name, lang, fmt, draft=draft)
            if progress is not None:
                progress(step, total, path.name)
            writers[fmt](doc, path)
            paths.append(path)
            step += 1
    if progress is not None:
        progress(total, total, "")
    return paths


def document_path(out_dir: Path, base: str, doc_name: str, lang: str, fmt: str, *,
                  draft: bool = False) -> Path:
    """Where `write_documents` writes a document (`base`: the case reference's slug)."""
    return Path(out_dir) / f"{base}_{doc_name}_{lang}{'-draft' if draft else ''}.{fmt}"


def template_version(case: CaseFile, *, template: str | None = None, lang: str = "en") -> str:
    """The `template_version` `build_document` gives the document, without rendering it."""
    name = template or case.request.kind.value
    if name not in TEMPLATES:
        raise ValueError(f"unknown document template {name!r}; expected one of {TEMPLATES}")
    return _template_version(environment(lang), name)
