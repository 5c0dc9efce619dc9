"""Names a letter prints from the legal profiles, checked for each document language: the
requested state's authority and the instrument the request is made under. Where a profile
records no official name in a document's language, the document prints the English name; the
checklist says so (code LANGUAGE-NAME-XX), so that no English name passes silently."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from functools import cache

from ..domain.freetext import source_language
from ..domain.issues import Issue, Items, Name, Severity
from ..i18n.cldr_cache import cldr_table
from ..i18n.text import N_
from ..profiles.schema import DOCUMENT_LANGUAGES, RuleSpec
from .registry import Context, issue


@cache
def language_name(code: str) -> str:
    """The English name of a language code (CLDR, through the cache of `cldr_cache`), the
    code itself when CLDR does not know it."""
    try:
        return cldr_table("en", "languages").get(code) or code
    except Exception:  # babel data missing: the code is still meaningful
        return code


def english_names(ctx: Context, lang: str) -> list[tuple[str, str]]:
    """(JSON path, English name) of each profile name the `lang` document would print in
    English because no official `lang` name is recorded."""
    if lang == "en":
        return []
    out: list[tuple[str, str]] = []
    if ctx.state is not None:
        authority = ctx.state.authority(ctx.kind, ctx.on)
        if authority is not None and authority.name and not authority.names.get(lang):
            out.append(("$.request.requested_state", authority.name))
    basis = ctx.request.legal_basis
    instrument = ctx.registry.instruments.get(basis.instrument_id) \
        if basis.kind != "reciprocity" and basis.instrument_id else None
    if instrument is not None and instrument.name and not instrument.names.get(lang):
        out.append(("$.request.legal_basis.instrument_id", instrument.name))
    return out


def document_languages(ctx: Context, accepted: set[str]) -> list[str]:
    """The languages the case's documents are made in: the drafting language and the
    languages the requested state accepts (those the program writes)."""
    source = source_language(ctx.case)
    return [source, *sorted(c for c in accepted if c != source and c in DOCUMENT_LANGUAGES)]


def missing_local_names(ctx: Context, spec: RuleSpec, accepted: set[str]) -> Iterator[Issue]:
    """One note per document language whose letter would print a profile name in English."""
    for lang in document_languages(ctx, accepted):
        names = english_names(ctx, lang)
        if not names:
            continue
        language = Name("language", lang, _english_language(lang))
        found = issue(spec, names[0][0], N_(
            "The %(language)s document names %(names)s in English: the legal profiles record no"
            " official %(language)s name. Ask the central authority for the official name and"
            " have it added to the legal profile.", language=language,
            names=Items(tuple(f"“{name}”" for _path, name in names), "and")), Severity.INFO)
        yield replace(found, code=f"{found.code}-NAME-{lang.upper()}")


def _english_language(code: str) -> str:

    return language_name(code)
