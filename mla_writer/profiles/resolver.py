"""Which legal bases a request can rely on: bilateral, ASEAN MLAT, conventions, reciprocity.

The order follows practice: a bilateral treaty first, then a regional treaty among its parties,
then the multilateral conventions where the requested state accepts them for this kind of
request, then reciprocity. Bases that do not apply are returned too, with the reason.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from .loader import Registry, load_registry
from .schema import Instrument, Membership, StateProfile

RECIPROCITY = "reciprocity"
_ORDER = {"bilateral": 0, "regional": 1, "multilateral": 2, "reciprocity": 3, "model": 4}
_KIND_WORD = {"mla": "mutual legal assistance", "extradition": "extradition",
              "provisional_arrest": "provisional arrest",
              "supplementary": "mutual legal assistance"}


@dataclass(frozen=True)
class BasisOption:
    """One possible legal basis and whether it can be used, with the reason and source."""

    instrument_id: str
    name: str
    category: str
    usable: bool
    reason: str
    citation: str
    status: str
    source: str = ""

    def as_json(self) -> dict[str, object]:
        return asdict(self)


def profile_kind(kind: str) -> str:
    """A supplementary request follows the MLA rules on legal basis."""
    kind = str(getattr(kind, "value", kind))
    return "mla" if kind == "supplementary" else kind


def basis_category(registry: Registry, legal_basis_kind: str, instrument_id: str) -> str:
    """The category of a chosen basis: bilateral/regional/multilateral, reciprocity or none."""
    if legal_basis_kind == "reciprocity":
        return RECIPROCITY
    inst = registry.instruments.get(instrument_id) if instrument_id else None
    if inst is None:
        return "none"
    return "none" if inst.type == "model" else inst.type


def _weakest(*statuses: str) -> str:
    for s in ("unverified", "treaty-text", "verified"):
        if s in statuses:
            return s
    return "unverified"


def _bilateral(inst: Instrument, kind: str, on: dt.date, names: str) -> BasisOption:
    def opt(usable: bool, reason: str, status: str = inst.status) -> BasisOption:
        return BasisOption(inst.id, inst.name, "bilateral", usable, reason, inst.citation, status,
                           inst.source)

    if kind not in inst.kinds:
        covers = ", ".join(_KIND_WORD[k] for k in inst.kinds if k != "supplementary")
        return opt(False, f"The treaty between {names} covers {covers} only.")
    if not inst.active(on):
        return opt(False, f"The treaty is not in effect on {on} ({inst.window()}).")
    if inst.in_force is None:
        signed = f" (signed {inst.signed})" if inst.signed else ""
        return opt(True, f"Bilateral treaty between {names}{signed}; its entry into force is not"
                   " confirmed: confirm with the central authority.", "unverified")
    if on < inst.in_force:
        return opt(False, f"The treaty enters into force on {inst.in_force}, after {on}.")
    return opt(True, f"Bilateral treaty between {names}, in force since {inst.in_force}.")


def _party(state: StateProfile | None, code: str, inst: Instrument,
           on: dt.date) -> tuple[bool | None, str, Membership | None]:
    """(is a party on `on` / None unknown, reason, membership)."""
    if state is None:
        return None, f"{code} has no legal profile: its party status is not recorded", None
    m = state.membership(inst.id)
    if m is None or not m.party:
        return False, f"{state.name_en} is not a party to {inst.short_name or inst.id}", m
    if not m.active(on) or (m.since and on < m.since):
        return False, f"{inst.short_name or inst.id} is not in force for {state.name_en} on {on}", m
    return True, "", m


def _convention(inst: Instrument, kind: str, on: dt.date, requesting: str, requested: str,
                reg: Registry) -> BasisOption:
    short = inst.short_name or inst.id
    category = inst.type

    def opt(usable: bool, reason: str, citation: str, status: str) -> BasisOption:
        source = m_to.source if m_to is not None and citation == m_to.citation else inst.source
        return BasisOption(inst.id, inst.name, category, usable, reason, citation, status, source)

    m_to: Membership | None = None
    if kind not in inst.kinds:
        return opt(False, f"{short} does not govern {_KIND_WORD[kind]} requests.",
                   inst.citation, inst.status)
    ok_to, why_to, m_to = _party(reg.state(requested), requested, inst, on)
    ok_from, why_from, m_from = _party(reg.state(requesting), requesting, inst, on)
    citation = m_to.citation if m_to else inst.citation
    status = _weakest(*(m.status for m in (m_to, m_from) if m), inst.status)
    for ok, why in ((ok_to, why_to), (ok_from, why_from)):
        if ok is False:
            return opt(False, why + ".", citation, status)
    notes = []
    if m_to is None:
        status = "unverified"
        notes.append(why_to)
    elif kind in m_to.not_basis_for:
        decl = "; ".join(m_to.declarations) or "its declaration"
        return opt(False, f"{reg.state(requested).name_en} does not accept {short} as a legal"
                   f" basis for {_KIND_WORD[kind]} ({decl}).", m_to.citation, m_to.status)
    elif kind not in m_to.basis_for and kind not in ("mla", "supplementary"):
        name_to = reg.state(requested).name_en
        status = "unverified"
        notes.append(f"whether {name_to} accepts it as a basis for {_KIND_WORD[kind]} is not"
                     " recorded")
    if ok_from is None:
        status = "unverified"
        notes.append(why_from)
    scope = "; it covers the offences within its scope" if category == "multilateral" else ""
    both = m_to is not None and ok_from is True
    reason = (f"Both states are parties to {short}{scope}." if both
              else f"{short} may apply{scope}.")
    if notes:
        reason += " Confirm with the central authority: " + "; ".join(notes) + "."
    return opt(True, reason, citation, status)


def _reciprocity(state: StateProfile | None, requested: str, kind: str, on: dt.date) -> BasisOption:
    def opt(usable: bool, reason: str, citation: str, status: str,
            source: str = "legal-facts brief") -> BasisOption:
        return BasisOption(RECIPROCITY, "Reciprocity", RECIPROCITY, usable, reason, citation,
                           status, source)

    if state is None:
        return opt(True, f"{requested} has no legal profile; whether it acts on reciprocity is"
                   " unknown: confirm with the central authority.",
                   "Comity and reciprocity (no treaty)", "unverified")
    entries = [r for r in state.reciprocity if r.applies(kind, RECIPROCITY, "", on)]
    if not entries:
        return opt(True, f"Whether {state.name_en} grants {_KIND_WORD[kind]} on reciprocity is"
                   " not recorded: confirm with the central authority.",
                   "Comity and reciprocity (no treaty)", "unverified")
    r = entries[0]
    if r.accepted is False:
        return opt(False, f"{state.name_en} does not grant {_KIND_WORD[kind]} without a treaty"
                   + (f" ({r.note})" if r.note else "") + ".", r.citation, r.status, r.source)
    reason = f"{state.name_en} may act on reciprocity where no treaty applies"
    if r.written_undertaking:
        reason += "; a written reciprocity undertaking is required"
    if r.accepted is None:
        reason += "; not confirmed"
    reason += "." + (f" {r.note}" if r.note else "")
    status = r.status if r.accepted else "unverified"
    return opt(True, reason, r.citation, status, r.source)


def resolve_basis(requesting: str, requested: str, kind: str, on: dt.date,
                  registry: Registry | None = None) -> list[BasisOption]:
    """Usable bases first (bilateral, regional, multilateral, reciprocity), then the others."""
    reg = registry or load_registry()
    kind = profile_kind(kind)
    requesting, requested = (requesting or "").upper(), (requested or "").upper()
    names = " and ".join(
        (reg.state(c).name_en if reg.state(c) else c) for c in (requesting, requested))
    options = []
    for inst in reg.instruments.values():
        if inst.type == "bilateral":
            if set(inst.parties) == {requesting, requested}:
                options.append(_bilateral(inst, kind, on, names))
        elif inst.type in ("multilateral", "regional"):
            options.append(_convention(inst, kind, on, requesting, requested, reg))
        elif kind in inst.kinds:
            options.append(BasisOption(
                inst.id, inst.name, "model", False,
                "A model treaty, not binding on any state; its contents serve as the baseline"
                " checklist.", inst.citation, inst.status, inst.source))
    options.append(_reciprocity(reg.state(requested), requested, kind, on))
    return sorted(options, key=lambda o: (not o.usable, _ORDER[o.category], o.instrument_id))
