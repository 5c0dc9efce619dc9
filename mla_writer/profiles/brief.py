"""The country brief (`profiles show`) and the profile table (`profiles list`) as plain text.

Every item is printed with its citation and status; what the profile does not know is said
once, grouped ("not recorded: ..."), so that a gap is visible instead of silently missing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .. import i18n
from ..domain.kinds import FIRST_KINDS
from .loader import Registry
from .schema import Sourced, StateProfile, show_date

_KIND = {"mla": "MLA", "extradition": "extradition", "provisional_arrest": "provisional arrest",
         "supplementary": "supplementary"}
#: the kinds a reader tells apart (a supplementary request follows the MLA rules)
_SHOWN_KINDS = FIRST_KINDS
_UNKNOWN_CHANNELS = {"oral": "urgent oral requests", "email": "requests by e-mail",
                     "interpol": "INTERPOL"}


def _kinds(kinds: Any) -> str:
    shown = [k for k in _SHOWN_KINDS if k in set(kinds)]
    if len(shown) == len(_SHOWN_KINDS):
        return "all requests"
    return ", ".join(_KIND[k] for k in shown)


def mark(item: Sourced) -> str:
    """'[citation; window; status]', unverified ones saying to confirm."""
    extra = f"; {item.window()}" if item.window() else ""
    if item.source_kind:
        extra += f"; source: {item.source_kind.replace('_', ' ')}"
    if item.checked_on or item.checked_by:
        who = f" by {item.checked_by}" if item.checked_by else ""
        extra += f"; checked{who}" + (f" on {item.checked_on}" if item.checked_on else "")
    if item.review_due:
        extra += f"; review due {item.review_due}"
    status = item.status
    if status == "unverified":
        return f"[{item.citation}{extra}; UNVERIFIED — confirm with the central authority]"
    return f"[{item.citation}{extra}; {status}]"


def _cond(item: Any) -> str:
    parts = [_kinds(item.kinds)]
    if item.basis:
        parts.append("basis: " + "/".join(item.basis))
    if item.instruments:
        parts.append("under " + ", ".join(item.instruments))
    if item.except_instruments:
        parts.append("not under " + ", ".join(item.except_instruments))
    return "; ".join(p for p in parts if p)


def _authorities(label: str, entries: list[Any]) -> list[str]:
    if not entries:
        return [f"  {label}: not recorded"]
    out = []
    for a in entries:
        native = " / ".join(v for v in a.names.values() if v != a.name)
        name = a.name if a.known else "not recorded (unknown)"
        out.append(f"  {label}: {name}" + (f" — {native}" if native else ""))
        missing = [k for k in a.unknown if k != "name"]
        if a.contact is not None:
            for key in ("address", "phone", "email"):
                value = getattr(a.contact, key).replace("\n", ", ")
                if value:
                    out.append(f"      {key.capitalize()}: {value}")
            if a.contact.note:
                out.append(f"      {a.contact.note}")
            out.append(f"      Contact: {mark(a.contact)}")
        if missing:
            out.append(f"      Not found in public sources: {', '.join(missing)}")
        if a.note:
            out.append(f"      {a.note}")
        out.append(f"      {mark(a)}")
    return out


def _uncovered(items: list[Any]) -> list[str]:
    """The request kinds no entry covers (supplementary counts with MLA)."""
    covered = {k for i in items for k in i.kinds}
    return [k for k in _SHOWN_KINDS if k not in covered]


def _languages(s: StateProfile, live: list[Any]) -> list[str]:
    out = []
    for r in live:
        names = " or ".join(i18n.language_names(r.languages, "en")) or "not recorded"
        cert = {True: "Certified translation required.",
                False: "Translation need not be certified.",
                None: "Certified translation: unknown."}[r.certified_translation]
        out.append(f"  {_cond(r)}: {names}. {cert} {r.note}".rstrip())
        out.append(f"      {mark(r)}")
    missing = _uncovered(live)
    if missing:
        out.append(f"  Not recorded for: {_kinds(missing)}")
    return out


def _channels(live: list[Any]) -> list[str]:
    out = []
    for c in live:
        verdict = {True: "accepted", False: "NOT accepted", None: "unknown"}[c.accepted]
        who = f" ({c.recipient})" if c.recipient else ""
        out.append(f"  {_cond(c)}: {c.channel.replace('_', ' ')}{who} — {verdict}. {c.note}"
                   .rstrip())
        out.append(f"      {mark(c)}")
    unknown = []
    for channel, label in _UNKNOWN_CHANNELS.items():
        missing = _uncovered([c for c in live if c.channel == channel])
        if missing:
            unknown.append(f"{label} ({_kinds(missing)})")
    if unknown:
        out.append(f"  Not recorded (unknown): {'; '.join(unknown)}")
    return out


def _memberships(reg: Registry, s: StateProfile, live: list[Any]) -> list[str]:
    out = []
    for m in live:
        inst = reg.instruments.get(m.instrument)
        title = (inst.short_name or inst.name) if inst else m.instrument
        state = "party" if m.party else "NOT a party"
        since = f" since {show_date(m.since)}" if m.since else ""
        notes = "; ".join(m.declarations)
        out.append(f"  {title}: {state}{since}" + (f" — {notes}" if notes else ""))
        out.append(f"      {mark(m)}")
        stance = m.legal_basis
        if stance is not None:
            parts = []
            if stance.not_basis_for:
                parts.append(f"not a legal basis for {_kinds(stance.not_basis_for)}")
            if stance.basis_for:
                parts.append(f"accepted as a legal basis for {_kinds(stance.basis_for)}")
            text = f": {stance.text}" if stance.text else ""
            out.append(f"      Legal basis: {'; '.join(parts)}{text}")
            out.append(f"      {mark(stance)}")
    recorded = {m.instrument for m in s.memberships}
    unknown = [i.short_name or i.name for i in reg.instruments.values()
               if i.type in ("multilateral", "regional") and i.id not in recorded
               and i.not_in_force is None]
    if unknown:
        out.append(f"  Party status not recorded: {', '.join(unknown)}")
    return out


def _treaties(reg: Registry, code: str) -> list[str]:
    out = []
    treaties = [i for i in reg.instruments.values() if i.type == "bilateral" and code in i.parties]
    for t in sorted(treaties, key=lambda t: t.id):
        kinds = _kinds(t.kinds)
        if t.in_force:
            out.append(f"  Bilateral: {t.name} ({kinds}; in force {t.in_force}) {mark(t)}")
            continue
        signed = f"signed {show_date(t.signed)}; " if t.signed else ""
        force = "not known to be in force" if t.not_in_force else "entry into force not recorded"
        known = f"existence {t.status}; " if t.verified else ""
        out.append(f"  Bilateral: {t.name} ({kinds}; {signed}{force}) [{t.citation}; {known}"
                   f"{force}: UNVERIFIED — confirm with the central authority]")
    return out


def _reciprocity(live: list[Any]) -> list[str]:
    out = []
    for r in live:
        verdict = {True: "granted", False: "NOT granted", None: "unknown"}[r.accepted]
        written = "; written undertaking required" if r.written_undertaking else ""
        out.append(f"  Reciprocity ({_cond(r)}): {verdict}{written}. {r.note}".rstrip())
        out.append(f"      {mark(r)}")
    missing = _uncovered(live)
    if missing:
        out.append(f"  Reciprocity ({_kinds(missing)}): not recorded")
    return out


def brief(reg: Registry, code: str, on: dt.date | None = None) -> str:
    """The country brief of `code` as plain text (only what applies on `on` when given)."""
    s = reg.states[code]

    def live(items: list[Any]) -> list[Any]:
        return [i for i in items if on is None or i.active(on)]

    native = " / ".join(v for k, v in s.names.items() if k != "en")
    items = s.sourced_items(on)
    weak = sum(1 for i in items if not i.verified)
    out = [f"{s.name_en.upper()} ({s.code})" + (f" — {native}" if native else ""),
           f"Profile version {s.profile_version}, {legal_review(s)};"
           f" {weak} of {len(items)} item(s) unverified" + (f"; law as on {on}" if on else ""),
           "", "AUTHORITIES"]
    out += _authorities("Central authority (MLA)", live(s.central_authority))
    out += _authorities("Extradition", live(s.extradition_authority))
    out += _authorities("Provisional arrest", live(s.provisional_arrest_authority))
    out += ["", "LANGUAGES", *_languages(s, live(s.languages))]
    out += ["", "CHANNELS", *_channels(live(s.channels))]
    out += ["", "INSTRUMENTS", *_memberships(reg, s, live(s.memberships)),
            *_treaties(reg, code), *_reciprocity(live(s.reciprocity))]
    out += ["", "KEY REQUIREMENTS AND RESTRICTIONS"]
    for rule in live(s.rules):
        out.append(f"  [{rule.severity}] {rule.title} ({_cond(rule)})")
        out.append(f"      {mark(rule)}")
    for ex in live(s.exemptions):
        out.append(f"  Baseline check {ex.code} does not apply ({_cond(ex)}): {ex.reason}")
        out.append(f"      {mark(ex)}")
    out += ["", "TIME LIMITS"]
    for t in live(s.time_limits):
        length = t.length() or "not recorded"
        out.append(f"  {t.title} ({_cond(t)}): {length}. {t.action}".rstrip())
        out.append(f"      {mark(t)}")
    if not live(s.time_limits):
        out.append("  None recorded.")
    out += ["", "FORMALITIES"]
    for f in live(s.formalities):
        out.append(f"  {f.topic.capitalize()} ({_cond(f)}): {f.text}")
        out.append(f"      {mark(f)}")
    if not live(s.formalities):
        out.append("  None recorded.")
    out += ["", "OTHER FACTS AND GAPS"]
    for f in live(s.facts):
        out.append(f"  {f.topic.replace('_', ' ').capitalize()}: {f.text}")
        out.append(f"      {mark(f)}")
    return "\n".join(out)


#: what a profile says when no lawyer's review is recorded (last_reviewed is a legal review)
NOT_REVIEWED = "not yet reviewed by a lawyer"


def legal_review(s: Any) -> str:
    """'reviewed by NAME on DATE', or that no lawyer has reviewed the profile yet."""
    if s.last_reviewed is None:
        return NOT_REVIEWED
    return f"legal review by {s.reviewed_by} on {s.last_reviewed}"


LIST_HEADER = ("CODE", "NAME", "VERSION", "REVIEWED", "ITEMS", "UNVERIFIED", "RULES",
               "UNVERIFIED-RULES")


def list_rows(reg: Registry) -> list[tuple[str, ...]]:
    """One row per state: every sourced item and every rule, each with its unverified count
    (the same count `profiles show` prints)."""
    rows: list[tuple[str, ...]] = [LIST_HEADER]
    for code in sorted(reg.states):
        s = reg.states[code]
        items = s.sourced_items()
        reviewed = f"{s.last_reviewed.isoformat()} ({s.reviewed_by})" if s.last_reviewed \
            else NOT_REVIEWED
        rows.append((code, s.name_en, s.profile_version, reviewed,
                     str(len(items)), str(sum(1 for i in items if not i.verified)),
                     str(len(s.rules)), str(sum(1 for r in s.rules if not r.verified))))
    return rows

