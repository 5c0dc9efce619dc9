"""Rules that read the requested state's profile data: basis, languages, channels, deadlines."""

# lazy imports (start-up cost): babel
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from ..domain.freetext import (
    missing_by_language,
    outdated_translations,
    source_language,
    translatable_texts,
)
from ..domain.issues import Issue, Items, Name, Severity, Text
from ..i18n.names import is_state_code
from ..i18n.text import N_
from ..profiles.fieldpaths import field_title
from ..profiles.resolver import RECIPROCITY, BasisOption, option_name, profile_kind
from ..profiles.schema import (
    DOCUMENT_LANGUAGES,
    LanguageRule,
    RuleSpec,
    StateProfile,
    TimeLimit,
)
from .local_names import language_name, missing_local_names
from .registry import (
    REPORT,
    Context,
    NoParams,
    field_text,
    issue,
    profile_text,
    rule,
    sourced_issue,
)

#: how a request travels, as the findings say it ("Send the request to X <route>.")
_CHANNEL = {"central_authority": N_("directly to the central authority"),
            "diplomatic": N_("through the diplomatic channel"),
            "interpol": N_("through INTERPOL"), "police": N_("police to police"),
            "oral": N_("orally (urgent cases)"), "email": N_("by e-mail"),
            "other": N_("by another route")}




def _state(state: StateProfile) -> Name:
    return Name("state", state.code, state.name_en)


def _language(code: str) -> Name:
    return Name("language", code, language_name(code))


def _sentences(*parts: Text | None) -> Text | Items:
    """Sentences one after the other (empty ones left out)."""
    kept = tuple(part for part in parts if part is not None)
    return kept[0] if len(kept) == 1 else Items(kept, "sentences")


def _note(text: str) -> Text | None:
    return profile_text(text) if text else None


@rule("no_profile_notice", targets=lambda p: ["$.request.requested_state"], meaning=REPORT)
def no_profile_notice(ctx: Context, spec: RuleSpec, p: NoParams) -> Iterator[Issue]:
    """The requested state has no profile: only the baseline applies (a code that names no
    state is the STATE-CODE error instead, see case_checks)."""
    code = ctx.request.requested_state.strip().upper()
    if ctx.state is None and code and is_state_code(code):
        yield issue(spec, "$.request.requested_state",
                    N_("No legal profile for %(state)s: only the baseline requirements of the"
                       " conventions and model treaties were checked.",
                       state=Name("state", code, code)))


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
        usable = ", ".join(o.instrument_id for o in options if o.usable)
        yield _coded(issue(spec, "$.request.legal_basis.kind", N_(
            "Choose the legal basis of the request (a treaty, a convention or reciprocity)."
            " Usable: %(usable)s.", usable=usable) if usable else N_(
            "Choose the legal basis of the request (a treaty, a convention or reciprocity)."),
            Severity.WARNING), "MISSING")
        return
    option = next((o for o in options if o.instrument_id == wanted), None)
    follow = N_("The other checks assume that no treaty applies.") \
        if ctx.basis_rejected else None
    # the resolver's reason is translatable too (BasisOption.text; English: option.reason)
    if option is None:
        yield _coded(issue(spec, path, _sentences(N_(
            "Unknown instrument %(instrument)s: it is not in the legal profiles, or does not"
            " bind these two states.", instrument=repr(wanted)), follow)), "UNKNOWN")
    elif not option.usable:
        found = sourced_issue(spec.code, Severity(spec.severity), path, _sentences(
            N_("%(instrument)s cannot be used: %(reason)s", instrument=option_name(option),
               reason=_reason(option)), follow), option)
        # doubt about the instrument's own record (e.g. whether it exists) never makes a basis
        # that does not govern the request, or is not in force, usable: it still blocks
        yield replace(found, severity=Severity(spec.severity)) if option.firm else found
    elif option.status == "unverified":
        yield sourced_issue(f"{spec.code}-UNVERIFIED", Severity.WARNING, path,
                            N_("%(instrument)s: %(reason)s", instrument=option_name(option),
                               reason=_reason(option)), option)


def _reason(option: BasisOption) -> Text | Items | str:
    """The resolver's reason for an option, translatable (its English text if it has none)."""
    return option.text if option.text is not None else option.reason


def _coded(found: Issue, suffix: str) -> Issue:
    return replace(found, code=f"{found.code}-{suffix}")


_KIND_WORDS = {"mla": N_("MLA"), "extradition": N_("extradition"),
               "provisional_arrest": N_("provisional arrest")}
_CERTIFIED = {True: N_("A certified translation is required."),
              False: N_("The translation need not be certified."),
              None: N_("Whether a translation must be certified is not recorded.")}


def _language_list(codes: list[str]) -> Items:
    """'Thai', 'Khmer or English', 'Lao, Thai or English'."""
    return Items(tuple(_language(c) for c in codes), "or")


@rule("state_languages", targets=lambda p: ["$.request.annexes[*].language",
                                             "$.request.annexes[*].translated_into"],
      meaning=REPORT)
def state_languages(ctx: Context, spec: RuleSpec, p: NoParams) -> Iterator[Issue]:
    """The request must be in a language the requested state accepts.

    Codes: LANGUAGE (what is accepted), -UNKNOWN (nothing recorded), -ANNEX (an annex in
    another language without a translation into an accepted one), -UNTRANSLATED-XX (case text
    without its XX translation).
    """
    state = ctx.state
    kind = profile_kind(ctx.kind)
    entries = [r for r in state.languages
               if r.applies(kind, ctx.category, ctx.instrument_id, ctx.on)] if state else []
    known = [r for r in entries if r.languages]
    if not known or state is None:
        yield _coded(issue(spec, "$.request.requested_state",
                           N_("The languages the requested state accepts are not recorded: ask"
                              " its central authority and attach translations."),
                           Severity.WARNING), "UNKNOWN")
        return
    accepted: set[str] = set()
    for r in known:
        accepted |= set(r.languages)
        accepts = N_("%(state)s accepts %(kind)s requests in %(languages)s.",
                     state=_state(state), kind=_KIND_WORDS.get(kind, kind),
                     languages=_language_list(r.languages))
        # the profile's note qualifies the languages, so it follows them (each a sentence)
        yield sourced_issue(spec.code, Severity.INFO, "$.request.requested_state", _sentences(
            accepts, _note(r.note), _CERTIFIED[r.certified_translation]), r)
    # the findings below restate the accepted languages: never more certain than their record
    weakest = min(known, key=lambda r: _STRENGTH.get(r.status, 0))
    yield from _untranslated(ctx, spec, accepted, weakest)
    yield from missing_local_names(ctx, spec, accepted)
    images = _image_annexes(ctx)
    for i, annex in enumerate(ctx.request.annexes):
        if not annex.language or annex.language in accepted or i in images:
            continue
        if accepted.intersection(annex.translated_into):
            continue  # it comes with a translation into an accepted language
        yield _coded(issue(spec, f"$.request.annexes[{i}].language", N_(
            "Annex '%(annex)s' is in %(language)s and no translation into %(languages)s is"
            " recorded: attach one and enter its language under '%(field)s'.",
            annex=annex.title, language=_language(annex.language),
            languages=_language_list(sorted(accepted)),
            field=field_text(field_title("$.request.annexes[*].translated_into"))),
            Severity.INFO, also=weakest), "ANNEX")


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
    state = _state(ctx.state)
    for ch in ctx.state.channels:
        if not ch.applies(kind, ctx.category, ctx.instrument_id, ctx.on):
            continue
        # TRANSLATORS: a route ("through the diplomatic channel") and who receives it there
        route = N_("%(route)s (%(recipient)s)", route=_CHANNEL[ch.channel],
                   recipient=ch.recipient) if ch.recipient else _CHANNEL[ch.channel]
        code, path = f"{spec.code}-{ch.channel.upper()}", "$.request.requested_state"
        if ch.accepted is False:
            if ctx.request.urgency.urgent:
                path = "$.request.urgency.urgent"
            message = N_("%(state)s does not accept requests sent %(route)s.", state=state,
                         route=route)
        elif ch.accepted:
            message = N_("Send the request to %(state)s %(route)s.", state=state, route=route)
        else:
            message = N_("Whether %(state)s accepts requests %(route)s is not known.",
                         state=state, route=route)
        yield sourced_issue(code, Severity.INFO, path, _sentences(message, _note(ch.note)), ch)


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
        length, title = period_text(tl), profile_text(tl.title)
        text = N_("%(title)s: %(length)s.", title=title, length=length) if length else \
            N_("%(title)s: not recorded; confirm the period with the central authority.",
               title=title)
        yield sourced_issue(tl.code, Severity.INFO, path, _sentences(text, _note(tl.action)), tl)


def period_text(tl: TimeLimit) -> Text | None:
    """The length of a time limit as `TimeLimit.length()` says it in English, translatable:
    '30 days, extendable by 15 days on request', '2 months'; None when unknown."""
    if tl.days is not None:
        if tl.extension_days:
            return N_("%(days)s days, extendable by %(extension)s days on request",
                      days=tl.days, extension=tl.extension_days)
        return N_("%(days)s days", days=tl.days)
    if tl.months is not None:
        return N_("%(months)s month", months=tl.months) if tl.months == 1 else \
            N_("%(months)s months", months=tl.months)
    return profile_text(tl.period) if tl.period else None


@rule("state_formalities", targets=lambda p: ["$.request.signatory"], meaning=REPORT)
def state_formalities(ctx: Context, spec: RuleSpec, p: NoParams) -> Iterator[Issue]:
    """Signature, seal, certification, apostille or legalisation the state expects."""
    if ctx.state is None:
        return
    kind = profile_kind(ctx.kind)
    for f in ctx.state.formalities:
        if f.applies(kind, ctx.category, ctx.instrument_id, ctx.on):
            yield sourced_issue(f"{spec.code}-{f.topic.upper()}", Severity.INFO,
                                "$.request.signatory", profile_text(f.text), f)


_STRENGTH = {"unverified": 0, "treaty-text": 1, "verified": 2}


def _untranslated(ctx: Context, spec: RuleSpec, accepted: set[str],
                  record: LanguageRule) -> Iterator[Issue]:
    """The case's own text untranslated into a document language the state accepts: that
    document prints it in the drafting language, marked as untranslated. A warning when the
    drafting language is not accepted and no accepted language is complete (the request would
    not be in an accepted language), else a note per language. The accepted languages count,
    whatever the drafting language."""
    source = source_language(ctx.case)
    langs = sorted(c for c in accepted if c != source and c in DOCUMENT_LANGUAGES)
    if not langs:
        return
    texts = translatable_texts(ctx.case)  # walked once for both questions
    missing = {lang: paths for lang, paths in missing_by_language(ctx.case, langs, texts).items()
               if paths}
    if not missing:
        return
    blocking = source not in accepted and len(missing) == len(langs)
    best = min(missing, key=lambda lang: len(missing[lang])) if blocking else ""
    for lang, paths in missing.items():
        name = _language(lang)
        yield _coded(issue(spec, paths[0], _missing_text(
            source, lang, len(paths), sorted(accepted) if lang == best else None),
            Severity.WARNING if lang == best else Severity.INFO, also=record),
                     f"UNTRANSLATED-{lang.upper()}")
        outdated = outdated_translations(ctx.case, lang, texts)
        if outdated:
            fields = Items(tuple(dict.fromkeys(
                field_text(field_title(re.sub(r"\[\d+\]", "[*]", p))) for p in outdated[:5])))
            text = N_(
                "%(count)s text field(s) were changed in English after their %(language)s"
                " translation was made (%(fields)s): the old translation is not printed."
                " Translate them again (mla-writer xliff export).", count=len(outdated),
                language=name, fields=fields) if source == "en" else N_(
                "%(count)s text field(s) were changed in %(source)s after their %(language)s"
                " translation was made (%(fields)s): the old translation is not printed."
                " Translate them again (mla-writer xliff export).", count=len(outdated),
                source=_language(source), language=name, fields=fields)
            yield _coded(issue(spec, outdated[0], text, Severity.WARNING),
                         f"OUTDATED-{lang.upper()}")


def _missing_text(source: str, lang: str, count: int, accepted: list[str] | None) -> Text:
    """The finding for `count` fields without their `lang` translation; `accepted`: the
    accepted languages when none is complete (the request must be in one of them)."""
    name = _language(lang)
    if source == "en":  # the words of files drafted in English, as before
        if accepted is not None:
            return N_("The request must be in %(languages)s: %(count)s text field(s) typed in"
                      " English have no %(language)s translation yet; the %(language)s document"
                      " prints them in English, marked as untranslated. Enter the translations"
                      " or send them to a translator (mla-writer xliff export).",
                      languages=_language_list(accepted), count=count, language=name)
        return N_("The %(language)s document will print %(count)s text field(s) in"
                  " English, marked as untranslated, until they are translated (mla-writer"
                  " xliff export).", language=name, count=count)
    if accepted is not None:
        return N_("The request must be in %(languages)s: %(count)s text field(s) typed in"
                  " %(source)s have no %(language)s translation yet; the %(language)s document"
                  " prints them in %(source)s, marked as untranslated. Enter the translations"
                  " or send them to a translator (mla-writer xliff export).",
                  languages=_language_list(accepted), count=count, language=name,
                  source=_language(source))
    return N_("The %(language)s document will print %(count)s text field(s) in %(source)s,"
              " marked as untranslated, until they are translated (mla-writer xliff export).",
              language=name, count=count, source=_language(source))
