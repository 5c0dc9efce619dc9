"""The country brief of a requested state in a reader's language: its authorities and where
they receive letters, the languages and channels it accepts, its key requirements, time limits,
formalities and known gaps, each with its citation and verification status.

Help › Country brief shows it in the interface language; `mla-writer profiles brief CODE --lang
L` prints it. Words of the brief come from the interface catalog (`mla_writer_ui`), the
profile's own texts from the profiles' catalog (`mla_writer_profiles`); every translated
profile text keeps its English original beside it (`BriefEntry.original`), because only the
English text is what the profile's authors checked against the source: the translations of
legal text are unofficial. Names of authorities, citations and addresses are shown as the
profile writes them. No Qt here.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass, field
from typing import Any

from .. import i18n
from ..domain.issues import Text
from ..i18n import N_
from .schema import Sourced, StateProfile

# -- words of the brief (interface catalog) ------------------------------------------------

NOTICE = N_("Translations of legal text in this brief are unofficial; only the English"
            " original is what was checked against the source. Confirm with the central"
            " authority before relying on it.")
UNTRANSLATED = N_("%(text)s (in English)")
SUMMARY = N_("Legal profile version %(version)s; %(review)s; %(weak)s of %(items)s items"
             " unverified.")
REVIEWED = N_("legal review by %(who)s on %(date)s")
NOT_REVIEWED = N_("not yet reviewed by a lawyer")
LAW_ON = N_("Law as on %(date)s.")
SOURCE = N_("Source: %(citation)s")
ORIGINAL = N_("English original: %(text)s")
NOT_RECORDED = N_("not recorded")
NONE_RECORDED = N_("None recorded.")
STATUS = {"verified": N_("Checked against the source"),
          "treaty-text": N_("From the treaty or statute text"),
          "unverified": i18n.UNVERIFIED_SHORT}
SECTIONS = {"authorities": N_("Authorities"), "languages": N_("Languages"),
            "channels": N_("Channels"), "rules": N_("Key requirements"),
            "time_limits": N_("Time limits"), "formalities": N_("Formalities"),
            "facts": N_("Other facts and gaps")}
ROLES = (("central_authority", N_("Central authority")),
         ("extradition_authority", N_("Extradition authority")),
         ("provisional_arrest_authority", N_("Provisional arrest")))
POSTAL_ADDRESS = N_("Postal address")
UNKNOWN_CONTACT = N_("Not found in public sources: %(what)s")
CONTACT_WORDS = {"name": N_("name"), "address": N_("address"), "phone": N_("telephone"),
                 "email": N_("e-mail")}
KINDS = {"mla": N_("mutual legal assistance"), "extradition": N_("extradition"),
         "provisional_arrest": N_("provisional arrest"),
         "supplementary": N_("supplementary request")}
ALL_KINDS = N_("all requests")
BASES = {"treaty": N_("under a treaty"), "convention": N_("under a convention"),
         "reciprocity": N_("on reciprocity"), "none": N_("without a legal basis")}
CHANNELS = {"central_authority": N_("directly to the central authority"),
            "diplomatic": N_("through the diplomatic channel"), "interpol": N_("through INTERPOL"),
            "police": N_("police to police"), "oral": N_("oral request"),
            "email": N_("by e-mail"), "other": N_("other channel")}
ACCEPTED = {True: N_("accepted"), False: N_("NOT accepted"), None: N_("not known")}
CERTIFIED = {True: N_("A certified translation is required."),
             False: N_("The translation need not be certified."),
             None: N_("Whether the translation must be certified is not known.")}
SEVERITY = i18n.SEVERITY_WORDS
DAYS = N_("%(n)s days")
EXTENDABLE = N_("%(length)s, extendable by %(n)s days on request")
MONTHS = N_("%(n)s months")
FACT_TOPICS = {"legal_basis": N_("Legal basis"), "nationals": N_("Own nationals"),
               "death_penalty": N_("Death penalty"), "dual_criminality": N_("Dual criminality"),
               "procedure": N_("Procedure"), "gap": N_("Not known yet")}
FORMALITY_TOPICS = {"signature": N_("Signature"), "seal": N_("Seal"),
                    "certification": N_("Certification"), "apostille": N_("Apostille"),
                    "legalisation": N_("Legalisation"), "copies": N_("Copies"),
                    "translation": N_("Translation"), "other": N_("Other")}


@dataclass(frozen=True)
class BriefEntry:
    """One item of the brief: its text in the brief's language, the English original where
    a profile text was translated (else ""), the citation and whether the source is verified."""

    text: str
    citation: str
    status: str
    verified: bool
    original: str = ""
    #: lines shown under the text (a note, an address), each with its English original
    details: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class BriefSection:
    key: str
    title: str
    entries: tuple[BriefEntry, ...]
    empty: str = ""


@dataclass(frozen=True)
class CountryBrief:
    code: str
    lang: str
    title: str
    summary: str
    notice: str
    sections: tuple[BriefSection, ...] = field(default_factory=tuple)


class _Words:
    """The brief's words in one language: interface text and the profiles' texts."""

    def __init__(self, lang: str) -> None:
        self.lang = i18n.normalize_language(lang) or i18n.SOURCE_LANGUAGE
        self.english = self.lang == i18n.SOURCE_LANGUAGE
        self._profiles = i18n.profile_translations(self.lang)
        #: between a label and its value ("Channels: ...", Khmer "៖ ", Chinese "：")
        self.sep = i18n.label_separator(self.lang)

    def __call__(self, message: Text, **params: object) -> str:
        if params:
            message = Text(message.msgid, tuple(params.items()))
        return i18n.render_text(message, self.lang)

    def profile(self, value: str) -> tuple[str, str]:
        """(the profile text in the brief's language, its English original or "")."""
        if not value or self.english:
            return value, ""
        shown = self._profiles.gettext(value)
        if shown == value:  # not translated yet: say that it is English
            return self(UNTRANSLATED, text=value), ""
        return shown, value

    def join(self, words: list[str]) -> str:
        return ("、" if self.lang == "zh" else ", ").join(words)


def _kinds(w: _Words, kinds: Any) -> str:
    shown = [k for k in ("mla", "extradition", "provisional_arrest") if k in set(kinds)]
    if len(shown) == 3:
        return w(ALL_KINDS)
    return w.join([w(KINDS[k]) for k in shown] or [w(KINDS[k]) for k in kinds])


def _condition(w: _Words, item: Any) -> str:
    parts = [_kinds(w, item.kinds)]
    basis = [w(BASES[b]) for b in getattr(item, "basis", []) if b in BASES]
    if basis:
        parts.append(w.join(basis))
    parts += list(getattr(item, "instruments", []))
    return "; ".join(parts)


def _entry(w: _Words, item: Sourced, text: str, original: str = "",
           details: tuple[tuple[str, str], ...] = ()) -> BriefEntry:
    return BriefEntry(text=text, citation=item.citation, status=w(STATUS[item.status]),
                      verified=item.verified, original=original, details=details)


def _authorities(w: _Words, s: StateProfile, on: dt.date | None) -> list[BriefEntry]:
    out = []
    for role, label in ROLES:
        for a in (x for x in getattr(s, role) if x.active(on)):
            name = a.names.get(w.lang) or a.name or w(NOT_RECORDED)
            native = [v for k, v in a.names.items() if v != name and k != w.lang]
            if a.name and a.name != name:
                native.append(a.name)
            shown = f"{w(label)}{w.sep}{name}" + (f" ({' / '.join(native)})" if native else "")
            details = []
            if a.note:
                details.append(w.profile(a.note))
            unknown = [u for u in a.unknown if u != "name"]
            if unknown:
                details.append((w(UNKNOWN_CONTACT, what=w.join(
                    [w(CONTACT_WORDS[u]) for u in unknown])), ""))
            out.append(_entry(w, a, shown, details=tuple(details)))
            c = a.contact
            if c is not None:
                lines = [line for line in (c.address_in(w.lang) or c.address).splitlines()
                         if line.strip()]
                address = ", ".join(lines)
                text = f"{w(POSTAL_ADDRESS)}{w.sep}{address}" if address else w(POSTAL_ADDRESS)
                extra = [(f"{w(CONTACT_WORDS[k])}{w.sep}{getattr(c, k)}", "")
                         for k in ("phone", "email") if getattr(c, k)]
                if c.note:
                    extra.append(w.profile(c.note))
                out.append(_entry(w, c, text, details=tuple(extra)))
    return out


def _languages(w: _Words, live: list[Any]) -> list[BriefEntry]:
    out = []
    for r in live:
        names = w.join(i18n.language_names(r.languages, w.lang)) or w(NOT_RECORDED)
        text = f"{_condition(w, r)}{w.sep}{names}"
        details = [(w(CERTIFIED[r.certified_translation]), "")]
        if r.note:
            details.append(w.profile(r.note))
        out.append(_entry(w, r, text, details=tuple(details)))
    return out


def _channels(w: _Words, live: list[Any]) -> list[BriefEntry]:
    out = []
    for c in live:
        who = f" ({w.profile(c.recipient)[0]})" if c.recipient else ""
        text = (f"{_condition(w, c)}{w.sep}{w(CHANNELS[c.channel])}{who} —"
                f" {w(ACCEPTED[c.accepted])}")
        out.append(_entry(w, c, text, details=(w.profile(c.note),) if c.note else ()))
    return out


def _rules(w: _Words, live: list[Any]) -> list[BriefEntry]:
    out = []
    for r in live:
        title, original = w.profile(r.title)
        text = f"{w(SEVERITY[r.severity])}{w.sep}{title} ({_condition(w, r)})"
        out.append(_entry(w, r, text, original))
    return out


def _length(w: _Words, t: Any) -> str:
    if t.days is not None:
        length = w(DAYS, n=t.days)
        return w(EXTENDABLE, length=length, n=t.extension_days) if t.extension_days else length
    if t.months is not None:
        return w(MONTHS, n=t.months)
    return w.profile(t.period)[0] if t.period else w(NOT_RECORDED)


def _time_limits(w: _Words, live: list[Any]) -> list[BriefEntry]:
    out = []
    for t in live:
        title, original = w.profile(t.title)
        text = f"{title} ({_condition(w, t)}){w.sep}{_length(w, t)}"
        out.append(_entry(w, t, text, original,
                          details=(w.profile(t.action),) if t.action else ()))
    return out


def _formalities(w: _Words, live: list[Any]) -> list[BriefEntry]:
    out = []
    for f in live:
        text, original = w.profile(f.text)
        out.append(_entry(w, f, f"{w(FORMALITY_TOPICS[f.topic])}{w.sep}{text}", original))
    return out


def _facts(w: _Words, live: list[Any]) -> list[BriefEntry]:
    out = []
    for f in live:
        text, original = w.profile(f.text)
        topic = w(FACT_TOPICS[f.topic]) if f.topic in FACT_TOPICS else f.topic
        out.append(_entry(w, f, f"{topic}{w.sep}{text}", original))
    return out


def country_brief(registry: Any, code: str, lang: str,
                  on: dt.date | None = None) -> CountryBrief:
    """The brief of the state `code` in `lang` (only what applies on `on` when given, else
    every entry in force). KeyError when the registry has no profile of `code`."""
    s: StateProfile = registry.states[code]
    w = _Words(lang)

    def live(items: list[Any]) -> list[Any]:
        return [i for i in items if i.active(on)]

    items = s.sourced_items(on)
    review = w(NOT_REVIEWED) if s.last_reviewed is None else w(
        REVIEWED, who=s.reviewed_by, date=i18n.format_date(s.last_reviewed, w.lang))
    summary = w(SUMMARY, version=s.profile_version, review=review,
                weak=sum(1 for i in items if not i.verified), items=len(items))
    if on is not None:
        summary += " " + w(LAW_ON, date=i18n.format_date(on, w.lang))
    title = i18n.country_name(code, w.lang, s.names) or s.name_en
    sections = [
        ("authorities", _authorities(w, s, on)),
        ("languages", _languages(w, live(s.languages))),
        ("channels", _channels(w, live(s.channels))),
        ("rules", _rules(w, live(s.rules))),
        ("time_limits", _time_limits(w, live(s.time_limits))),
        ("formalities", _formalities(w, live(s.formalities))),
        ("facts", _facts(w, live(s.facts))),
    ]
    return CountryBrief(
        code=code, lang=w.lang, title=f"{title} ({code})", summary=summary, notice=w(NOTICE),
        sections=tuple(BriefSection(key, w(SECTIONS[key]), tuple(entries), w(NONE_RECORDED))
                       for key, entries in sections))


def _status_line(w: _Words, e: BriefEntry) -> str:
    return f"[{w(SOURCE, citation=e.citation)}; {e.status}]"


def brief_text(brief: CountryBrief, english: bool = True) -> str:
    """The brief as plain text; `english` adds the English original under each translated
    profile text."""
    w = _Words(brief.lang)
    out = [brief.title, brief.summary, brief.notice]
    for section in brief.sections:
        out += ["", section.title.upper() if w.english else section.title]
        if not section.entries:
            out.append(f"  {section.empty}")
        for e in section.entries:
            out.append(f"  {e.text}")
            if english and e.original:
                out.append(f"      {w(ORIGINAL, text=e.original)}")
            for text, original in e.details:
                out.append(f"      {text}")
                if english and original:
                    out.append(f"      {w(ORIGINAL, text=original)}")
            out.append(f"      {_status_line(w, e)}")
    return "\n".join(out)


def brief_html(brief: CountryBrief, english: bool = False) -> str:
    """The brief as HTML (every text escaped) for the help window; `english` adds the English
    original under each translated profile text."""
    w = _Words(brief.lang)
    esc = html.escape

    def original(text: str) -> str:
        if not (english and text):
            return ""
        return f'<br><small><i lang="en">{esc(w(ORIGINAL, text=text))}</i></small>'

    parts = [f"<h2>{esc(brief.title)}</h2>", f"<p><small>{esc(brief.summary)}</small></p>",
             f"<p><i>{esc(brief.notice)}</i></p>"]
    for section in brief.sections:
        parts.append(f"<h3>{esc(section.title)}</h3>")
        if not section.entries:
            parts.append(f"<p>{esc(section.empty)}</p>")
            continue
        parts.append("<ul>")
        for e in section.entries:
            lines = [esc(e.text) + original(e.original)]
            lines += [esc(text) + original(orig) for text, orig in e.details]
            mark = "" if e.verified else "⚠ "
            source = f"<small>{esc(mark)}{esc(_status_line(w, e))}</small>"
            parts.append("<li>" + "<br>".join([*lines, source]) + "</li>")
        parts.append("</ul>")
    return "".join(parts)
