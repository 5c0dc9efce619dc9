"""Rules that read the requested state's profile data: basis, languages, channels, deadlines."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from functools import cache

from ..domain.freetext import missing_by_language
from ..domain.issues import Issue, Severity
from ..profiles.resolver import RECIPROCITY, profile_kind
from ..profiles.schema import DOCUMENT_LANGUAGES, RuleSpec
from .registry import REPORT, Context, NoParams, issue, rule, sourced_issue

_CHANNEL = {"central_authority": "directly to the central authority",
            "diplomatic": "through the diplomatic channel", "interpol": "through INTERPOL",
            "police": "police to police", "oral": "orally (urgent cases)", "email": "by e-mail",
            "other": "by another route"}


@cache
def language_name(code: str) -> str:
    try:
        from babel import Locale

        return str(Locale("en").languages.get(code) or code)
    except Exception:  # babel data missing: the code is still meaningful
        return code


@rule("no_profile_notice", targets=lambda p: ["$.request.requested_state"], meaning=REPORT)
def no_profile_notice(ctx: Context, spec: RuleSpec, p: NoParams) -> Iterator[Issue]:
    """The requested state has no profile: only the baseline applies."""
    if ctx.state is None and ctx.request.requested_state:
        yield issue(spec, "$.request.requested_state",
                    f"No legal profile for {ctx.request.requested_state.upper()}: only the"
                    " baseline requirements of the conventions and model treaties were checked.")


@rule("legal_basis", targets=lambda p: ["$.request.legal_basis.instrument_id"])
def legal_basis(ctx: Context, spec: RuleSpec, p: NoParams) -> Iterator[Issue]:
    """The chosen legal basis must exist and be usable between the two states for this kind.

    Codes: BASIS (cannot be used), -UNKNOWN (not in the profiles or not between these states),
    -MISSING (nothing chosen), -UNVERIFIED (usable, but its source or status is unconfirmed).
    """
    req = ctx.request
    if not req.requesting_state or not req.requested_state:
        return
    options = ctx.basis_options
    chosen = req.legal_basis
    if chosen.kind == "reciprocity":
        wanted, path = RECIPROCITY, "$.request.legal_basis.kind"
    elif chosen.instrument_id:
        wanted, path = chosen.instrument_id, "$.request.legal_basis.instrument_id"
    else:
        usable = [o for o in options if o.usable]
        hint = f" Usable: {', '.join(o.instrument_id for o in usable)}." if usable else ""
        yield _coded(issue(spec, "$.request.legal_basis.kind",
                           "Choose the legal basis of the request (a treaty, a convention or"
                           f" reciprocity).{hint}", Severity.WARNING), "MISSING")
        return
    option = next((o for o in options if o.instrument_id == wanted), None)
    follow = " The other checks assume that no treaty applies." if ctx.basis_rejected else ""
    if option is None:
        yield _coded(issue(spec, path, f"Unknown instrument {wanted!r}: it is not in the legal"
                           f" profiles, or does not bind these two states.{follow}"), "UNKNOWN")
    elif not option.usable:
        yield sourced_issue(spec.code, Severity(spec.severity), path,
                            f"{option.name} cannot be used: {option.reason}{follow}", option)
    elif option.status == "unverified":
        yield sourced_issue(f"{spec.code}-UNVERIFIED", Severity.WARNING, path,
                            f"{option.name}: {option.reason}", option)


def _coded(found: Issue, suffix: str) -> Issue:
    return replace(found, code=f"{found.code}-{suffix}")


_KIND_WORDS = {"mla": "MLA", "extradition": "extradition",
               "provisional_arrest": "provisional arrest"}


def _language_list(codes: list[str]) -> str:
    names = [language_name(c) for c in codes]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


@rule("state_languages", targets=lambda p: ["$.request.annexes[*].language"], meaning=REPORT)
def state_languages(ctx: Context, spec: RuleSpec, p: NoParams) -> Iterator[Issue]:
    """The request must be in a language the requested state accepts.

    Codes: LANGUAGE (what is accepted), -UNKNOWN (nothing recorded), -ANNEX (an annex in
    another language), -UNTRANSLATED-XX (case text without its XX translation).
    """
    state = ctx.state
    kind = profile_kind(ctx.kind)
    entries = [r for r in state.languages
               if r.applies(kind, ctx.category, ctx.instrument_id, ctx.on)] if state else []
    known = [r for r in entries if r.languages]
    if not known:
        yield _coded(issue(spec, "$.request.requested_state",
                           "The languages the requested state accepts are not recorded: ask its"
                           " central authority and attach translations.", Severity.WARNING),
                     "UNKNOWN")
        return
    accepted: set[str] = set()
    for r in known:
        accepted |= set(r.languages)
        cert = {True: " A certified translation is required.",
                False: " The translation need not be certified.",
                None: " Whether a translation must be certified is not recorded."}[
                    r.certified_translation]
        yield sourced_issue(spec.code, Severity.INFO, "$.request.requested_state",
                            f"{state.name_en} accepts {_KIND_WORDS.get(kind, kind)} requests in"
                            f" {_language_list(r.languages)}.{cert}"
                            + (f" {r.note}" if r.note else ""), r)
    yield from _untranslated(ctx, spec, accepted)
    images = _image_annexes(ctx)
    for i, annex in enumerate(ctx.request.annexes):
        if annex.language and annex.language not in accepted and i not in images:
            yield _coded(issue(spec, f"$.request.annexes[{i}].language",
                               f"Annex '{annex.title}' is in {language_name(annex.language)}:"
                               " unless it already comes with one, attach a translation into"
                               f" {_language_list(sorted(accepted))}.", Severity.INFO),
                         "ANNEX")


def _image_annexes(ctx: Context) -> set[int]:
    """Indexes of annexes that a person's photograph or fingerprints reference points to
    ('Annex 3' = the third annex): images need no translation."""
    out: set[int] = set()
    titles = {a.title.strip().lower(): i for i, a in enumerate(ctx.request.annexes)}
    for person in ctx.request.persons:
        for ref in (person.photo_reference, person.fingerprints_reference):
            ref = ref.strip()
            if not ref:
                continue
            m = re.fullmatch(r"(?:annex|no\.?)?\s*(\d+)", ref, re.IGNORECASE)
            if m and 1 <= int(m.group(1)) <= len(ctx.request.annexes):
                out.add(int(m.group(1)) - 1)
            elif ref.lower() in titles:
                out.add(titles[ref.lower()])
    return out


@rule("state_channels", targets=lambda p: ["$.request.urgency.urgent"], meaning=REPORT)
def state_channels(ctx: Context, spec: RuleSpec, p: NoParams) -> Iterator[Issue]:
    """How the request must travel (central authority, diplomatic channel, INTERPOL)."""
    if ctx.state is None:
        return
    kind = profile_kind(ctx.kind)
    for ch in ctx.state.channels:
        if not ch.applies(kind, ctx.category, ctx.instrument_id, ctx.on):
            continue
        route = _CHANNEL[ch.channel] + (f" ({ch.recipient})" if ch.recipient else "")
        note = f" {ch.note}" if ch.note else ""
        if ch.accepted is False:
            path = "$.request.urgency.urgent" if ctx.request.urgency.urgent \
                else "$.request.requested_state"
            yield sourced_issue(f"{spec.code}-{ch.channel.upper()}", Severity.INFO, path,
                                f"{ctx.state.name_en} does not accept requests sent {route}.{note}",
                                ch)
        elif ch.accepted:
            yield sourced_issue(f"{spec.code}-{ch.channel.upper()}", Severity.INFO,
                                "$.request.requested_state",
                                f"Send the request to {ctx.state.name_en} {route}.{note}", ch)
        else:
            yield sourced_issue(f"{spec.code}-{ch.channel.upper()}", Severity.INFO,
                                "$.request.requested_state",
                                f"Whether {ctx.state.name_en} accepts requests {route} is not"
                                f" known.{note}", ch)


@rule("state_time_limits", targets=lambda p: ["$.request.extradition.undertaking_full_request"],
      meaning=REPORT)
def state_time_limits(ctx: Context, spec: RuleSpec, p: NoParams) -> Iterator[Issue]:
    """Deadlines the requesting state must meet (e.g. after a provisional arrest)."""
    if ctx.state is None:
        return
    kind = profile_kind(ctx.kind)
    path = "$.request.extradition.undertaking_full_request" if kind == "provisional_arrest" \
        else "$.request.requested_state"
    for tl in ctx.state.time_limits:
        if not tl.applies(kind, ctx.category, ctx.instrument_id, ctx.on):
            continue
        length = tl.length()
        text = f"{tl.title}: {length}." if length else \
            f"{tl.title}: not recorded; confirm the period with the central authority."
        if tl.action:
            text += f" {tl.action}"
        yield sourced_issue(tl.code, Severity.INFO, path, text, tl)


@rule("state_formalities", targets=lambda p: ["$.request.signatory"], meaning=REPORT)
def state_formalities(ctx: Context, spec: RuleSpec, p: NoParams) -> Iterator[Issue]:
    """Signature, seal, certification, apostille or legalisation the state expects."""
    if ctx.state is None:
        return
    kind = profile_kind(ctx.kind)
    for f in ctx.state.formalities:
        if f.applies(kind, ctx.category, ctx.instrument_id, ctx.on):
            yield sourced_issue(f"{spec.code}-{f.topic.upper()}", Severity.INFO,
                                "$.request.signatory", f.text, f)


def _untranslated(ctx: Context, spec: RuleSpec, accepted: set[str]) -> Iterator[Issue]:
    """The case's own text untranslated into a document language the state accepts: that
    document prints it in English, marked as untranslated. A warning when English is not
    accepted and no accepted language is complete (the request would not be in an accepted
    language), else a note per language."""
    langs = sorted(c for c in accepted if c != "en" and c in DOCUMENT_LANGUAGES)
    if not langs:
        return
    missing = {lang: paths for lang, paths in missing_by_language(ctx.case, langs).items()
               if paths}
    if not missing:
        return
    blocking = "en" not in accepted and len(missing) == len(langs)
    best = min(missing, key=lambda lang: len(missing[lang])) if blocking else ""
    for lang, paths in missing.items():
        name = language_name(lang)
        if lang == best:
            text = (f"The request must be in {_language_list(sorted(accepted))}: {len(paths)}"
                    f" text field(s) typed in English have no {name} translation yet; the {name}"
                    " document prints them in English, marked as untranslated. Enter the"
                    " translations or send them to a translator (mla-writer xliff export).")
        else:
            text = (f"The {name} document will print {len(paths)} text field(s) in English,"
                    " marked as untranslated, until they are translated (mla-writer xliff"
                    " export).")
        yield _coded(issue(spec, paths[0], text,
                           Severity.WARNING if lang == best else Severity.INFO),
                     f"UNTRANSLATED-{lang.upper()}")
