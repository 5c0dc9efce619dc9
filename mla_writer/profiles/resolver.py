"""Which legal bases a request can rely on: bilateral, ASEAN MLAT, conventions, reciprocity.

The order follows practice: a bilateral treaty first, then a regional treaty among its parties,
then the multilateral conventions where the requested state accepts them for this kind of
request, then reciprocity. Bases that do not apply are returned too, with the reason.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from .loader import Registry, load_registry
from .schema import Instrument, Sourced, StateProfile, reached, show_date

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


@dataclass(frozen=True)
class _Record:
    """A sourced record an option relies on; a gap (nothing recorded) is an unverified one."""

    citation: str
    source: str
    status: str


def _rec(item: Sourced) -> _Record:
    return _Record(item.citation, item.source, item.status)


def _gap(what: str, where: str) -> _Record:
    return _Record(what, where, "unverified")


def _option(inst: Instrument, category: str, usable: bool, reason: str,
            records: list[_Record]) -> BasisOption:
    """An option whose citation and status describe the same records (status: the weakest)."""
    def join(values: list[str]) -> str:
        return "; ".join(dict.fromkeys(v for v in values if v))

    return BasisOption(inst.id, inst.name, category, usable, reason,
                       join([r.citation for r in records]), _weakest(*(r.status for r in records)),
                       join([r.source for r in records]))


def _not_yet(inst: Instrument, on: dt.date) -> tuple[str, list[_Record]] | None:
    """Why the instrument itself cannot apply on `on` (not in force, not yet signed), or None."""
    short = inst.short_name or inst.name
    if inst.not_in_force is not None:
        signed = f" was signed on {show_date(inst.signed)} but" if inst.signed else ""
        cond = f" It enters into force {inst.not_in_force.condition}." \
            if inst.not_in_force.condition else ""
        return (f"{short}{signed} is not known to be in force.{cond} Confirm with the central"
                " authority.", [_rec(inst), _rec(inst.not_in_force)])
    if inst.in_force is not None and on < inst.in_force:
        return f"{short} entered into force on {inst.in_force}, after {on}.", [_rec(inst)]
    if inst.in_force is None and reached(on, inst.signed) is False:
        when = f"in {inst.signed}" if isinstance(inst.signed, int) else f"on {inst.signed}"
        return f"{short} was only signed or adopted {when}, after {on}.", [_rec(inst)]
    return None


def _bilateral(inst: Instrument, kind: str, on: dt.date, names: str) -> BasisOption:
    def opt(usable: bool, reason: str, records: list[_Record] | None = None) -> BasisOption:
        return _option(inst, "bilateral", usable, reason, records or [_rec(inst)])

    if kind not in inst.kinds:
        covers = ", ".join(_KIND_WORD[k] for k in inst.kinds if k != "supplementary")
        scope = [_rec(inst.scope)] if inst.scope else None
        return opt(False, f"The treaty between {names} covers {covers} only.", scope)
    if not inst.active(on):
        return opt(False, f"The treaty is not in effect on {on} ({inst.window()}).")
    late = _not_yet(inst, on)
    if late is not None:
        return opt(False, late[0], late[1])
    if inst.in_force is None:
        signed = f" (signed {show_date(inst.signed)})" if inst.signed else ""
        return opt(True, f"Bilateral treaty between {names}{signed}; its entry into force is not"
                   " recorded: confirm with the central authority.",
                   [_rec(inst), _gap("entry into force not recorded", inst.source)])
    return opt(True, f"Bilateral treaty between {names}, in force since {inst.in_force}.")


def _party(state: StateProfile | None, code: str, inst: Instrument,
           on: dt.date) -> tuple[bool | None, str, list[_Record]]:
    """(is a party on `on` / None unknown, reason, the records that say so)."""
    short = inst.short_name or inst.id
    if state is None:
        return (None, f"{code} has no legal profile: its party status is not recorded",
                [_gap(f"{code}: no legal profile", "legal_profiles")])
    m = state.membership(inst.id)
    if m is None:
        return (None, f"{state.name_en}'s party status in {short} is not recorded (unknown, not"
                " necessarily a non-party)",
                [_gap(f"{state.name_en}: party status in {short} not recorded",
                      f"legal_profiles/states/{state.code}.toml")])
    if not m.party:
        return False, f"{state.name_en} is not a party to {short}", [_rec(m)]
    if not m.active(on):
        return False, f"{short} is not in force for {state.name_en} on {on}", [_rec(m)]
    since = reached(on, m.since)
    if since is False:
        return False, f"{short} is in force for {state.name_en} only since {m.since}", [_rec(m)]
    if since is None:
        return (None, f"{short} took effect for {state.name_en} in {m.since} (day not recorded)",
                [_rec(m), _gap(f"{state.name_en}: day of entry into force in {m.since} not"
                               " recorded", m.source)])
    return True, "", [_rec(m)]


def _convention(inst: Instrument, kind: str, on: dt.date, requesting: str, requested: str,
                reg: Registry) -> BasisOption:
    short = inst.short_name or inst.id

    def opt(usable: bool, reason: str, records: list[_Record]) -> BasisOption:
        return _option(inst, inst.type, usable, reason, records)

    if kind not in inst.kinds:
        scope = f" ({inst.scope.text})" if inst.scope else ""
        return opt(False, f"{short} does not govern {_KIND_WORD[kind]} requests{scope}.",
                   [_rec(inst.scope or inst)])
    late = _not_yet(inst, on)
    if late is not None:
        return opt(False, late[0], late[1])
    ok_to, why_to, rec_to = _party(reg.state(requested), requested, inst, on)
    ok_from, why_from, rec_from = _party(reg.state(requesting), requesting, inst, on)
    for ok, why, recs in ((ok_to, why_to, rec_to), (ok_from, why_from, rec_from)):
        if ok is False:
            return opt(False, why + ".", recs)
    state_to = reg.state(requested)
    m_to = state_to.membership(inst.id) if state_to else None
    stance = m_to.legal_basis if m_to else None
    if stance is not None and kind in stance.not_basis_for:
        decl = f": {stance.text}" if stance.text else ""
        return opt(False, f"{state_to.name_en} does not accept {short} as a legal basis for"
                   f" {_KIND_WORD[kind]}{decl}.", [_rec(stance)])
    records, notes = [_rec(inst), *rec_to, *rec_from], []
    if ok_to is None:
        notes.append(why_to)
    elif kind not in ("mla", "supplementary"):
        if stance is not None and kind in stance.basis_for:
            records.append(_rec(stance))
        else:
            notes.append(f"whether {state_to.name_en} accepts it as a basis for"
                         f" {_KIND_WORD[kind]} is not recorded")
            records.append(_gap(f"{state_to.name_en}: acceptance of {short} as a basis for"
                                f" {_KIND_WORD[kind]} not recorded",
                                f"legal_profiles/states/{requested}.toml"))
    if ok_from is None:
        notes.append(why_from)
    scope = "; it covers the offences within its scope" if inst.type == "multilateral" else ""
    both = ok_to is True and ok_from is True
    reason = (f"Both states are parties to {short}{scope}." if both
              else f"{short} may apply{scope}.")
    if notes:
        reason += " Confirm with the central authority: " + "; ".join(notes) + "."
    return opt(True, reason, records)


def _reciprocity(state: StateProfile | None, requested: str, kind: str, on: dt.date) -> BasisOption:
    def opt(usable: bool, reason: str, records: list[_Record]) -> BasisOption:
        status = _weakest(*(r.status for r in records))
        return BasisOption(RECIPROCITY, "Reciprocity", RECIPROCITY, usable, reason,
                           "; ".join(dict.fromkeys(r.citation for r in records)), status,
                           "; ".join(dict.fromkeys(r.source for r in records)))

    if state is None:
        return opt(True, f"{requested} has no legal profile; whether it acts on reciprocity is"
                   " unknown: confirm with the central authority.",
                   [_gap(f"{requested}: no legal profile (comity and reciprocity)",
                         "legal_profiles")])
    where = f"legal_profiles/states/{state.code}.toml"
    entries = [r for r in state.reciprocity if r.applies(kind, RECIPROCITY, "", on)]
    if not entries:
        return opt(True, f"Whether {state.name_en} grants {_KIND_WORD[kind]} on reciprocity is"
                   " not recorded: confirm with the central authority.",
                   [_gap(f"{state.name_en}: reciprocity for {_KIND_WORD[kind]} not recorded",
                         where)])
    r = entries[0]
    if r.accepted is False:
        return opt(False, f"{state.name_en} does not grant {_KIND_WORD[kind]} without a treaty"
                   + (f" ({r.note})" if r.note else "") + ".", [_rec(r)])
    records = [_rec(r)]
    if r.accepted is None:
        reason = (f"Whether {state.name_en} acts on reciprocity where no treaty applies is not"
                  " confirmed: confirm with the central authority")
        records.append(_gap(f"{state.name_en}: acceptance of reciprocity not confirmed", where))
    else:
        reason = f"{state.name_en} may act on reciprocity where no treaty applies"
    if r.written_undertaking:
        reason += "; a written reciprocity undertaking is required"
    reason += "." + (f" {r.note}" if r.note else "")
    return opt(True, reason, records)


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
