"""Which legal bases a request can rely on: bilateral, ASEAN MLAT, conventions, reciprocity.

The order follows practice: a bilateral treaty first, then a regional treaty among its parties,
then the multilateral conventions where the requested state accepts them for this kind of
request, then reciprocity. Bases that do not apply are returned too, with the reason.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields, replace

from ..domain.issues import PROFILES_DOMAIN, Date, Items, Name, Text, english
from ..i18n.text import N_
from .loader import Registry, load_registry
from .schema import STATUSES_WEAKEST_FIRST, Instrument, Sourced, StateProfile, reached

RECIPROCITY = "reciprocity"
#: the name the resolver gives the reciprocity option (instruments keep their own names)
RECIPROCITY_NAME = N_("Reciprocity")
_ORDER = {"bilateral": 0, "regional": 1, "multilateral": 2, "reciprocity": 3, "model": 4}
_GROUP = {"bilateral": 0, "regional": 1, "multilateral": 1, "reciprocity": 2, "model": 3}
#: a request kind as the reasons name it ("covers extradition only")
_KIND = {"mla": N_("mutual legal assistance"), "extradition": N_("extradition"),
         "provisional_arrest": N_("provisional arrest"),
         "supplementary": N_("mutual legal assistance")}
#: the same in English, for the records an option cites (citations are not translated)
_KIND_WORD = {kind: text.english() for kind, text in _KIND.items()}

Reason = Text | Items


@dataclass(frozen=True)
class BasisOption:
    """One possible legal basis and whether it can be used, with the reason and source.

    `text` is the reason as message ids with parameters, shown in the reader's language with
    `i18n.render_text`; `reason` is its English text (command line, JSON, logs)."""

    instrument_id: str
    name: str
    category: str
    usable: bool
    reason: str
    citation: str
    status: str
    source: str = ""
    #: not usable for a reason that rests on the instrument's own record only (it does not
    #: govern this kind, is not (known to be) in force, or does not list the state among its
    #: parties): doubt about that record never makes it usable, so the refusal stands firm
    firm: bool = False
    text: Reason | None = field(default=None, compare=False, repr=False)

    def as_json(self) -> dict[str, object]:
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "text"}


def option_name(option: BasisOption) -> Text | str:
    """The name to show for an option: an instrument's own name (data, not translated), or
    the translatable word for reciprocity."""
    return RECIPROCITY_NAME if option.instrument_id == RECIPROCITY else option.name


def _quoted(text: str) -> Text:
    """A text of the legal profiles quoted in a reason (a declaration, a condition, a note):
    translated from the catalog mla_writer_profiles when shown."""
    return Text(text, domain=PROFILES_DOMAIN)


def _state(state: StateProfile | None, code: str) -> Name:
    """A state named in the reader's language (CLDR); a state without profile by its code."""
    return Name("state", code, state.name_en if state else code)


def _sentences(*parts: Text | None) -> Reason:
    """Sentences one after the other (empty ones left out)."""
    kept = tuple(part for part in parts if part is not None)
    return kept[0] if len(kept) == 1 else Items(kept, "sentences")


def profile_kind(kind: str) -> str:
    """A supplementary request whose original kind is not known follows the MLA rules (see
    `effective.request_kind` for one that records what it supplements)."""
    kind = str(getattr(kind, "value", kind))
    return "mla" if kind == "supplementary" else kind


#: instrument type -> the condition category of a basis of that type (schema.BasisCategory)
CATEGORY_OF_TYPE = {"bilateral": "treaty", "regional": "treaty", "multilateral": "convention"}


def basis_category(registry: Registry, legal_basis_kind: str, instrument_id: str) -> str:
    """The category of a chosen basis: a treaty (bilateral or regional) that regulates the
    point itself, a convention used as the basis, reciprocity, or none."""
    if legal_basis_kind == "reciprocity":
        return RECIPROCITY
    inst = registry.instruments.get(instrument_id) if instrument_id else None
    if inst is None:
        return "none"
    return CATEGORY_OF_TYPE.get(inst.type, "none")


def _weakest(*statuses: str) -> str:
    for s in STATUSES_WEAKEST_FIRST:
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


def _option(inst: Instrument, category: str, usable: bool, reason: Reason,
            records: list[_Record]) -> BasisOption:
    """An option whose citation and status describe the same records (status: the weakest)."""
    own = {_rec(inst)}
    if inst.scope is not None:
        own.add(_rec(inst.scope))
    if inst.not_in_force is not None:
        own.add(_Record(inst.not_in_force.citation, inst.not_in_force.source, inst.status))
    option = _make(inst.id, inst.name, category, usable, reason, records)
    if not usable and records and all(r in own for r in records):
        return replace(option, firm=True)
    return option


def _make(ident: str, name: str, category: str, usable: bool, reason: Reason,
          records: list[_Record]) -> BasisOption:
    def join(values: list[str]) -> str:
        """Each clause once: two states' records often cite the same status list."""
        return "; ".join(dict.fromkeys(part.strip() for v in values for part in v.split("; ")
                                       if part.strip()))

    return BasisOption(ident, name, category, usable, english(reason),
                       join([r.citation for r in records]), _weakest(*(r.status for r in records)),
                       join([r.source for r in records]), text=reason)


def _window(item: Sourced) -> Text | str:
    """When a record applies (`Sourced.window`), translatable."""
    start, end = item.effective_from, item.effective_until
    if start and end:
        return N_("%(start)s to %(end)s", start=Date(start), end=Date(end))
    if start:
        return N_("from %(start)s", start=Date(start))
    if end:
        return N_("until %(end)s", end=Date(end))
    return ""


def _not_yet(inst: Instrument, on: dt.date) -> tuple[Reason, list[_Record]] | None:
    """Why the instrument itself cannot apply on `on` (not in force, not yet signed), or None."""
    short = inst.short_name or inst.name
    signed = inst.signed
    if signed is not None and reached(on, signed) is False:  # never "signed" after the request
        return (N_("%(instrument)s was only signed or adopted in %(year)s, after %(on)s.",
                   instrument=short, year=Date(signed), on=Date(on))
                if isinstance(signed, int) else
                N_("%(instrument)s was only signed or adopted on %(date)s, after %(on)s.",
                   instrument=short, date=Date(signed), on=Date(on))), [_rec(inst)]
    if inst.not_in_force is not None:
        status = N_("%(instrument)s was signed on %(date)s but is not known to be in force.",
                    instrument=short, date=Date(inst.signed)) if inst.signed else \
            N_("%(instrument)s is not known to be in force.", instrument=short)
        condition = inst.not_in_force.condition
        return (_sentences(status, N_("It enters into force %(condition)s.",
                                      condition=_quoted(condition)) if condition else None,
                           N_("Confirm with the central authority.")),
                # not known to be in force: the instrument's own record says so; the quoted
                # entry-into-force rule is cited with it but is only information
                [_rec(inst), _Record(inst.not_in_force.citation, inst.not_in_force.source,
                                     inst.status)])
    if inst.in_force is not None and on < inst.in_force:
        return N_("%(instrument)s entered into force on %(date)s, after %(on)s.",
                  instrument=short, date=Date(inst.in_force), on=Date(on)), [_rec(inst)]
    return None


def _caveat(inst: Instrument, reason: Reason) -> Reason:
    """The instrument's caveat (what is not known about it) follows every usable reason."""
    if not inst.caveat:
        return reason
    return _sentences(*(reason.items if isinstance(reason, Items) and reason.style ==
                        "sentences" else (reason,)), _quoted(inst.caveat))


def _bilateral(inst: Instrument, kind: str, on: dt.date, states: Items) -> BasisOption:
    def opt(usable: bool, reason: Reason, records: list[_Record] | None = None) -> BasisOption:
        return _option(inst, "bilateral", usable, _caveat(inst, reason) if usable else reason,
                       records or [_rec(inst)])

    if kind not in inst.kinds:
        covers = Items(tuple(_KIND[k] for k in inst.kinds if k != "supplementary"))
        scope = [_rec(inst.scope)] if inst.scope else None
        return opt(False, N_("The treaty between %(states)s covers %(kinds)s only.",
                             states=states, kinds=covers), scope)
    if not inst.active(on):
        return opt(False, N_("The treaty is not in effect on %(on)s (%(window)s).",
                             on=Date(on), window=_window(inst)))
    late = _not_yet(inst, on)
    if late is not None:
        return opt(False, late[0], late[1])
    if inst.in_force is None:
        reason = N_("Bilateral treaty between %(states)s (signed %(date)s); its entry into force"
                    " is not recorded: confirm with the central authority.", states=states,
                    date=Date(inst.signed)) if inst.signed else \
            N_("Bilateral treaty between %(states)s; its entry into force is not recorded:"
               " confirm with the central authority.", states=states)
        records = [_rec(inst), _gap("entry into force not recorded", inst.source)]
        if inst.caveat:
            records.append(_gap(inst.caveat, inst.source))
        return opt(True, reason, records)
    return opt(True, N_("Bilateral treaty between %(states)s, in force since %(date)s.",
                        states=states, date=Date(inst.in_force)),
               [_rec(inst)] + ([_gap(inst.caveat, inst.source)] if inst.caveat else []))


def _party(state: StateProfile | None, code: str, inst: Instrument,
           on: dt.date) -> tuple[bool | None, Text | None, list[_Record]]:
    """(is a party on `on` / None unknown, why: a sentence when not a party, a clause for
    the central authority to confirm when unknown, the records that say so)."""
    short = inst.short_name or inst.id
    name = _state(state, code)
    if inst.type == "regional" and code not in inst.parties:
        # a regional treaty has a closed list of parties: a state not on it is not a party
        # (the state's own record of it is cited where it has one)
        own = state.membership(inst.id) if state is not None else None
        return (False, N_("%(state)s is not a party to %(instrument)s.", state=name,
                          instrument=short),
                [_rec(own) if own is not None and not own.party else _rec(inst)])
    if state is None:
        return (None, N_("%(state)s has no legal profile: its party status is not recorded",
                         state=name),
                [_gap(f"{code}: no legal profile", "legal_profiles")])
    m = state.membership(inst.id)
    if m is None and inst.type == "regional":
        # on the treaty's closed list: a party, the day it took effect for the state unknown
        return True, None, [_rec(inst)]
    if m is None:
        return (None, N_("%(state)s's party status in %(instrument)s is not recorded (unknown,"
                         " not necessarily a non-party)", state=name, instrument=short),
                [_gap(f"{state.name_en}: party status in {short} not recorded",
                      f"legal_profiles/states/{state.code}.toml")])
    if not m.party:
        return (False, N_("%(state)s is not a party to %(instrument)s.", state=name,
                          instrument=short), [_rec(m)])
    if not m.active(on):
        return (False, N_("%(instrument)s is not in force for %(state)s on %(on)s.",
                          instrument=short, state=name, on=Date(on)), [_rec(m)])
    since = reached(on, m.since)
    if since is False and m.since is not None:
        return (False, N_("%(instrument)s is in force for %(state)s only since %(date)s.",
                          instrument=short, state=name, date=Date(m.since)), [_rec(m)])
    if since is None and m.since is not None:
        return (None, N_("%(instrument)s took effect for %(state)s in %(year)s (day not"
                         " recorded)", instrument=short, state=name, year=Date(m.since)),
                [_rec(m), _gap(f"{state.name_en}: day of entry into force in {m.since} not"
                               " recorded", m.source)])
    return True, None, [_rec(m)]


def _convention(inst: Instrument, kind: str, on: dt.date, requesting: str, requested: str,
                reg: Registry) -> BasisOption:
    short = inst.short_name or inst.id

    def opt(usable: bool, reason: Reason, records: list[_Record]) -> BasisOption:
        return _option(inst, inst.type, usable, reason, records)

    if kind not in inst.kinds:
        reason = N_("%(instrument)s does not govern %(kind)s requests (%(scope)s).",
                    instrument=short, kind=_KIND[kind], scope=_quoted(inst.scope.text)) \
            if inst.scope else N_("%(instrument)s does not govern %(kind)s requests.",
                                  instrument=short, kind=_KIND[kind])
        return opt(False, reason, [_rec(inst.scope or inst)])
    late = _not_yet(inst, on)
    if late is not None:
        return opt(False, late[0], late[1])
    ok_to, why_to, rec_to = _party(reg.state(requested), requested, inst, on)
    ok_from, why_from, rec_from = _party(reg.state(requesting), requesting, inst, on)
    for ok, why, recs in ((ok_to, why_to, rec_to), (ok_from, why_from, rec_from)):
        if ok is False and why is not None:
            return opt(False, why, recs)
    state_to = reg.state(requested)
    m_to = state_to.membership(inst.id) if state_to else None
    stance = m_to.legal_basis if m_to else None
    if state_to is not None and stance is not None and kind in stance.not_basis_for \
            and stance.verified:
        name = _state(state_to, requested)
        reason = N_("%(state)s does not accept %(instrument)s as a legal basis for %(kind)s:"
                    " %(declaration)s.", state=name, instrument=short, kind=_KIND[kind],
                    declaration=_quoted(stance.text)) if stance.text else \
            N_("%(state)s does not accept %(instrument)s as a legal basis for %(kind)s.",
               state=name, instrument=short, kind=_KIND[kind])
        return opt(False, reason, [_rec(stance)])
    records, notes = [_rec(inst), *rec_to, *rec_from], []
    if ok_to is None and why_to is not None:
        notes.append(why_to)
    elif state_to is not None and stance is not None and kind in stance.not_basis_for:
        # reported but unverified: an unverified fact never rules a basis out on its own
        notes.append(N_("%(state)s reportedly does not accept it as a basis for %(kind)s"
                        " (%(declaration)s; unverified)", state=_state(state_to, requested),
                        kind=_KIND[kind], declaration=_quoted(stance.text or short)))
        records.append(_rec(stance))
    elif state_to is not None and kind not in ("mla", "supplementary"):
        if stance is not None and kind in stance.basis_for:
            records.append(_rec(stance))
        else:
            notes.append(N_("whether %(state)s accepts it as a basis for %(kind)s is not"
                            " recorded", state=_state(state_to, requested), kind=_KIND[kind]))
            records.append(_gap(f"{state_to.name_en}: acceptance of {short} as a basis for"
                                f" {_KIND_WORD[kind]} not recorded",
                                f"legal_profiles/states/{requested}.toml"))
    if ok_from is None and why_from is not None:
        notes.append(why_from)
    multilateral = inst.type == "multilateral"
    if ok_to is True and ok_from is True:
        reason = N_("Both states are parties to %(instrument)s; it covers the offences within"
                    " its scope.", instrument=short) if multilateral else \
            N_("Both states are parties to %(instrument)s.", instrument=short)
    else:
        reason = N_("%(instrument)s may apply; it covers the offences within its scope.",
                    instrument=short) if multilateral else \
            N_("%(instrument)s may apply.", instrument=short)
    confirm = N_("Confirm with the central authority: %(notes)s.",
                 notes=Items(tuple(notes), "semicolon")) if notes else None
    return opt(True, _caveat(inst, _sentences(reason, confirm)), records)


def _reciprocity(state: StateProfile | None, requested: str, kind: str, on: dt.date) -> BasisOption:
    def opt(usable: bool, reason: Reason, records: list[_Record]) -> BasisOption:
        return _make(RECIPROCITY, RECIPROCITY_NAME.english(), RECIPROCITY, usable, reason,
                     records)

    name = _state(state, requested)
    if state is None:
        return opt(True, N_("%(state)s has no legal profile; whether it acts on reciprocity is"
                            " unknown: confirm with the central authority.", state=name),
                   [_gap(f"{requested}: no legal profile (comity and reciprocity)",
                         "legal_profiles")])
    where = f"legal_profiles/states/{state.code}.toml"
    entries = [r for r in state.reciprocity if r.applies(kind, RECIPROCITY, "", on)]
    if not entries:
        return opt(True, N_("Whether %(state)s grants %(kind)s on reciprocity is not recorded:"
                            " confirm with the central authority.", state=name,
                            kind=_KIND[kind]),
                   [_gap(f"{state.name_en}: reciprocity for {_KIND_WORD[kind]} not recorded",
                         where)])
    r = entries[0]
    if r.accepted is False:
        return opt(False, N_("%(state)s does not grant %(kind)s without a treaty (%(note)s).",
                             state=name, kind=_KIND[kind], note=_quoted(r.note)) if r.note else
                   N_("%(state)s does not grant %(kind)s without a treaty.", state=name,
                      kind=_KIND[kind]), [_rec(r)])
    records = [_rec(r)]
    if r.accepted is None:
        reason = N_("Whether %(state)s acts on reciprocity where no treaty applies is not"
                    " confirmed: confirm with the central authority; a written reciprocity"
                    " undertaking is required.", state=name) if r.written_undertaking else \
            N_("Whether %(state)s acts on reciprocity where no treaty applies is not"
               " confirmed: confirm with the central authority.", state=name)
        records.append(_gap(f"{state.name_en}: acceptance of reciprocity not confirmed", where))
    else:
        reason = N_("%(state)s may act on reciprocity where no treaty applies; a written"
                    " reciprocity undertaking is required.", state=name) \
            if r.written_undertaking else \
            N_("%(state)s may act on reciprocity where no treaty applies.", state=name)
    return opt(True, _sentences(reason, _quoted(r.note) if r.note else None), records)


def resolve_basis(requesting: str, requested: str, kind: str, on: dt.date,
                  registry: Registry | None = None) -> list[BasisOption]:
    """Usable bases first (bilateral, regional, multilateral, reciprocity), then the others."""
    reg = registry or load_registry()
    kind = profile_kind(kind)
    requesting, requested = (requesting or "").upper(), (requested or "").upper()
    states = Items(tuple(_state(reg.state(c), c) for c in (requesting, requested)), "and")
    options = []
    for inst in reg.instruments.values():
        if inst.type == "bilateral":
            if set(inst.parties) == {requesting, requested}:
                options.append(_bilateral(inst, kind, on, states))
        elif inst.type in ("multilateral", "regional"):
            options.append(_convention(inst, kind, on, requesting, requested, reg))
        elif kind in inst.kinds:
            options.append(BasisOption(
                inst.id, inst.name, "model", False, _MODEL.english(), inst.citation,
                inst.status, inst.source, text=_MODEL))
    options.append(_reciprocity(reg.state(requested), requested, kind, on))
    # usable first; a bilateral treaty, then the regional treaty and the conventions, then
    # reciprocity; among the regional treaty and the conventions, one whose party status is
    # confirmed before one resting on an unknown or unverified record
    return sorted(options, key=lambda o: (not o.usable, _GROUP[o.category],
                                          o.status == "unverified", _ORDER[o.category],
                                          o.instrument_id))


_MODEL = N_("A model treaty, not binding on any state; its contents serve as the baseline"
            " checklist.")
