"""Rules that read the requested state's profile data: basis, languages, channels, deadlines."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from ..domain.freetext import missing_by_language
from ..domain.issues import Issue, Severity
from ..profiles.resolver import RECIPROCITY, profile_kind, resolve_basis
from ..profiles.schema import RuleSpec
from .registry import Context, NoParams, issue, rule, sourced_issue

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


@rule("no_profile_notice", targets=lambda p: ["$.request.requested_state"])
def no_profile_notice(ctx: Context, spec: RuleSpec, p: NoParams) -> Iterator[Issue]:
    """The requested state has no profile: only the baseline applies."""
    if ctx.state is None and ctx.request.requested_state:
        yield issue(spec, "$.request.requested_state",
                    f"No legal profile for {ctx.request.requested_state.upper()}: only the"
                    " baseline requirements of the conventions and model treaties were checked.")


@rule("legal_basis", targets=lambda p: ["$.request.legal_basis.instrument_id"])
def legal_basis(ctx: Context, spec: RuleSpec, p: NoParams) -> Iterator[Issue]:
    """The chosen legal basis must exist and be usable between the two states for this kind."""
    req = ctx.request
    if not req.requesting_state or not req.requested_state:
        return
    options = resolve_basis(req.requesting_state, req.requested_state, req.kind.value, ctx.on,
                            ctx.registry)
    chosen = req.legal_basis
    if chosen.kind == "reciprocity":
        wanted, path = RECIPROCITY, "$.request.legal_basis.kind"
    elif chosen.instrument_id:
        wanted, path = chosen.instrument_id, "$.request.legal_basis.instrument_id"
    else:
        usable = [o for o in options if o.usable]
        hint = f" Usable: {', '.join(o.instrument_id for o in usable)}." if usable else ""
        yield issue(spec, "$.request.legal_basis.kind",
                    "Choose the legal basis of the request (a treaty, a convention or"
                    f" reciprocity).{hint}", Severity.WARNING)
        return
    option = next((o for o in options if o.instrument_id == wanted), None)
    if option is None:
        yield issue(spec, path, f"Unknown instrument {wanted!r}: it is not in the legal"
                    " profiles, or does not bind these two states.")
    elif not option.usable:
        yield sourced_issue(spec.code, Severity(spec.severity), path,
                            f"{option.name} cannot be used: {option.reason}", option)


_KIND_WORDS = {"mla": "MLA", "extradition": "extradition",
               "provisional_arrest": "provisional arrest"}


def _language_list(codes: list[str]) -> str:
    names = [language_name(c) for c in codes]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


@rule("state_languages", targets=lambda p: ["$.request.annexes[*].language"])
def state_languages(ctx: Context, spec: RuleSpec, p: NoParams) -> Iterator[Issue]:
    """The request must be in a language the requested state accepts."""
    state = ctx.state
    kind = profile_kind(ctx.kind)
    entries = [r for r in state.languages
               if r.applies(kind, ctx.category, ctx.instrument_id, ctx.on)] if state else []
    known = [r for r in entries if r.languages]
    if not known:
        yield issue(spec, "$.request.requested_state",
                    "The languages the requested state accepts are not recorded: ask its central"
                    " authority and attach translations.", Severity.WARNING)
        return
    accepted: set[str] = set()
    for r in known:
        accepted |= set(r.languages)
        cert = {True: " A certified translation is required.",
                False: " The translation need not be certified.", None: ""}[r.certified_translation]
        yield sourced_issue(spec.code, Severity.INFO, "$.request.requested_state",
                            f"{state.name_en} accepts {_KIND_WORDS.get(kind, kind)} requests in"
                            f" {_language_list(r.languages)}.{cert}"
                            + (f" {r.note}" if r.note else ""), r)
    yield from _untranslated(ctx, spec, accepted)
    for i, annex in enumerate(ctx.request.annexes):
        if annex.language and annex.language not in accepted:
            yield issue(spec, f"$.request.annexes[{i}].language",
                        f"Annex '{annex.title}' is in {language_name(annex.language)}: unless it"
                        " already comes with one, attach a translation into"
                        f" {_language_list(sorted(accepted))}.", Severity.INFO)


@rule("state_channels", targets=lambda p: ["$.request.urgency.urgent"])
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


@rule("state_time_limits", targets=lambda p: ["$.request.extradition.undertaking_full_request"])
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
        if tl.days is None:
            text = f"{tl.title}: the period is not known; confirm it with the central authority."
        else:
            ext = f", extendable by {tl.extension_days} days on request" \
                if tl.extension_days else ""
            text = f"{tl.title} ({tl.days} days{ext})."
        if tl.action:
            text += f" {tl.action}"
        yield sourced_issue(tl.code, Severity.INFO, path, text, tl)


@rule("state_formalities", targets=lambda p: ["$.request.signatory"])
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
    """Where English is not accepted, the case's own text must be translated too (not only the
    fixed wording): warn when no accepted language has every prose field translated."""
    if "en" in accepted or not accepted:
        return
    missing = missing_by_language(ctx.case, sorted(accepted))
    lang, paths = min(missing.items(), key=lambda item: len(item[1]))
    if not paths:
        return
    yield issue(spec, paths[0],
                f"The request must be in {_language_list(sorted(accepted))}: {len(paths)} text"
                f" field(s) typed in English have no {language_name(lang)} translation yet; the"
                f" {language_name(lang)} document prints them in English, marked as untranslated."
                " Enter the translations or send them to a translator"
                " (mla-writer xliff export).", Severity.WARNING)
