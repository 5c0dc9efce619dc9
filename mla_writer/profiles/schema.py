"""The published schema of legal-profile TOML files: every fact carries citation, source, status.

Unknown keys are errors (extra="forbid"), so a typo in a profile fails at load time instead of
silently dropping a legal requirement. `legal_profiles/README.md` documents these classes.
"""

# lazy imports (start-up cost): re, domain
from __future__ import annotations

import datetime as dt
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ..i18n.languages import LANGUAGES

Status = Literal["verified", "treaty-text", "unverified"]
Kind = Literal["mla", "extradition", "provisional_arrest", "supplementary"]
#: the legal basis a request relies on, as a category (see resolver.basis_category). The law
#: tells apart a treaty (bilateral or regional) that itself regulates a point (its channel, its
#: detention period, its contents) from a convention used as the legal basis (UNTOC, the 1988
#: Convention, UNCAC), which leaves such points to the requested state's own law, as where no
#: treaty applies at all.
BasisCategory = Literal["treaty", "convention", "reciprocity", "none"]
#: where the source of an item was read: the official text (published by the state, the
#: depositary or the organisation), an official translation, the text of the law or treaty as a
#: third party reproduces or translates it (a legislation database, an unofficial translation),
#: or a secondary page (news, a law firm, an encyclopaedia, a summary). A verified item needs a
#: source that is not secondary (`profiles lint`).
#: the event a time limit runs from (the register records the date of each)
PeriodStart = Literal["arrest", "decision"]
SourceKind = Literal["official_text", "official_translation", "unofficial_text", "secondary"]
Severity = Literal["error", "warning", "info"]
ALL_KINDS: tuple[Kind, ...] = get_args(Kind)  # = domain.model.RequestKind (tests/test_vocabulary)
#: the statuses of a fact, weakest first (a finding is as sure as its weakest source)
STATUSES_WEAKEST_FIRST: tuple[Status, ...] = ("unverified", "treaty-text", "verified")
#: languages the program can write documents in (what `languages_for` returns)
DOCUMENT_LANGUAGES = frozenset(LANGUAGES)

_CODE = r"^[A-Z0-9][A-Z0-9-]*$"
_STATE = r"^[A-Z]{2}$"
_LANG = r"^[a-z]{2,3}$"
#: a date, or only its year where the source gives no more (e.g. "joined 2009")
DateOrYear = dt.date | int


def _year_ok(value: DateOrYear | None) -> DateOrYear | None:
    if isinstance(value, int) and not 1800 <= value <= 2200:
        raise ValueError(f"{value} is neither a date nor a plausible year")
    return value


def reached(on: dt.date, when: DateOrYear | None) -> bool | None:
    """Whether `on` is on or after `when`; None when only the year is known and it is `on`'s."""
    if when is None:
        return True
    if isinstance(when, int):
        return None if on.year == when else on.year > when
    return on >= when


def show_date(when: DateOrYear | None) -> str:
    return "" if when is None else str(when)


def _names(value: dict[str, str]) -> dict[str, str]:
    import re

    bad = [k for k, v in value.items() if not re.match(_LANG, k) or not v.strip()]
    if bad:
        raise ValueError(f"names: keys must be ISO 639-1 codes with a non-blank name ({bad})")
    return value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Sourced(_Strict):
    """A fact or rule with its legal source and an optional period of validity."""

    citation: str = Field(min_length=1, description="Article and instrument: UNTOC art. 18(15).")
    source: str = Field(min_length=1, description="URL or document where the fact was found.")
    status: Status = Field(description="verified / treaty-text / unverified")
    effective_from: dt.date | None = None
    effective_until: dt.date | None = None
    history: bool = Field(
        default=False, description="Kept on purpose after it expired (for older requests).")
    source_kind: SourceKind | None = Field(
        default=None, description="official_text / official_translation / unofficial_text /"
        " secondary (lint requires it; a verified item needs a source that is not secondary).")
    excerpt: str = Field(default="", description="The words of the source relied on.")
    checked_by: str = Field(default="", description="Who last checked the item against its source.")
    checked_on: dt.date | None = Field(default=None, description="When it was last checked.")
    review_due: dt.date | None = Field(
        default=None, description="Time-sensitive entries: when to check again (lint warns after).")

    @model_validator(mode="after")
    def _window(self) -> Sourced:
        start, end = self.effective_from, self.effective_until
        if start and end and end < start:
            raise ValueError(
                f"effective_until {self.effective_until} is before effective_from"
                f" {self.effective_from}")
        return self

    @property
    def verified(self) -> bool:
        return self.status != "unverified"

    def active(self, on: dt.date | None) -> bool:
        if on is None:
            return self.effective_until is None
        if self.effective_from and on < self.effective_from:
            return False
        return not (self.effective_until and on > self.effective_until)

    def window(self) -> str:
        if self.effective_from and self.effective_until:
            return f"{self.effective_from} to {self.effective_until}"
        if self.effective_from:
            return f"from {self.effective_from}"
        if self.effective_until:
            return f"until {self.effective_until}"
        return ""


class Conditional(Sourced):
    """An item that applies only to some request kinds and legal bases."""

    kinds: list[Kind] = Field(default_factory=lambda: list(ALL_KINDS))
    basis: list[BasisCategory] = Field(
        default_factory=list, description="Legal-basis categories it applies to; empty = any.")
    instruments: list[str] = Field(
        default_factory=list, description="Only when the chosen instrument is one of these.")
    except_instruments: list[str] = Field(
        default_factory=list, description="Not when the chosen instrument is one of these.")

    def applies(self, kind: str, category: str, instrument_id: str, on: dt.date | None, *,
                supplementary: bool = False) -> bool:
        """Whether it applies to a request of `kind` under a basis of `category`.

        `supplementary`: the request supplements an earlier one of `kind`; an entry applies to it
        only if it lists "supplementary" and `kind` too (or "supplementary" alone)."""
        if not self.kind_matches(kind, supplementary) or not self.active(on):
            return False
        if self.basis and category not in self.basis:
            return False
        if self.instruments and instrument_id not in self.instruments:
            return False
        return instrument_id not in self.except_instruments

    def kind_matches(self, kind: str, supplementary: bool = False) -> bool:
        if not supplementary:
            return kind in self.kinds
        return "supplementary" in self.kinds and (kind in self.kinds or set(self.kinds) == {
            "supplementary"})

    @property
    def unconditional(self) -> bool:
        return not (self.basis or self.instruments or self.except_instruments)


class Contact(Sourced):
    """Where an authority receives letters: its postal address (and telephone, e-mail), with a
    source of its own. An address is a fact to check like any rule: a letter sent to a wrong or
    outdated address is lost, so no address is recorded without a citation, a source and a
    status (`[central_authority.contact]` in a profile)."""

    address: str = Field(default="", description="Postal address, lines separated by newlines"
                         " (as the source writes it, in English or transliterated).")
    addresses: dict[str, str] = Field(
        default_factory=dict, description="The postal address as written in the state's own"
        " language(s), by ISO 639-1 code; printed in documents of that language.")
    phone: str = ""
    email: str = ""
    note: str = ""

    @model_validator(mode="after")
    def _something(self) -> Contact:
        if not (self.address.strip() or self.addresses or self.phone.strip()
                or self.email.strip()):
            raise ValueError("a contact needs an address, a telephone number or an e-mail")
        _names(self.addresses)
        return self

    def address_in(self, lang: str) -> str:
        """The postal address as written in `lang` when recorded, else the English one."""
        return self.addresses.get(lang) or self.address


#: keys an authority no longer takes directly: a contact needs its own source
_CONTACT_KEYS = ("address", "phone", "email")


class AuthorityInfo(Sourced):
    """An authority that receives requests; its postal address and contacts, when public,
    in `contact` with their own source.

    A profile may list several entries with effective dates (a law that moves the role); an
    authority that is not known has `unknown = ["name", ...]` and no name.
    """

    name: str = ""
    names: dict[str, str] = Field(
        default_factory=dict, description="Official name in the state's own language(s), by"
        " ISO 639-1 code; printed in documents of that language (absent: the English name).")
    contact: Contact | None = Field(
        default=None, description="Postal address, telephone and e-mail, with their own"
        " citation, source and status.")
    note: str = ""
    unknown: list[Literal["name", "address", "phone", "email"]] = Field(
        default_factory=list, description="Facts not found in public sources.")

    @model_validator(mode="before")
    @classmethod
    def _contact_has_source(cls, data: Any) -> Any:
        if isinstance(data, dict):
            bare = [k for k in _CONTACT_KEYS if k in data]
            if bare:
                raise ValueError(
                    f"{', '.join(bare)} given without a source of its own: write it in a"
                    " contact table ([central_authority.contact] or the like) with citation,"
                    " source and status")
        return data

    @model_validator(mode="after")
    def _name(self) -> AuthorityInfo:
        if not self.name.strip() and "name" not in self.unknown:
            raise ValueError('name is required (or list "name" in unknown)')
        if self.name.strip() and "name" in self.unknown:
            raise ValueError('name is given but also listed as unknown')
        _names(self.names)
        if self.contact is not None:
            given = [k for k in _CONTACT_KEYS if getattr(self.contact, k)
                     or (k == "address" and self.contact.addresses)]
            both = [k for k in given if k in self.unknown]
            if both:
                raise ValueError(f"{', '.join(both)} is given but also listed as unknown")
        return self

    @property
    def address(self) -> str:
        """The postal address in English ("" when not recorded)."""
        return self.contact.address if self.contact else ""

    @property
    def phone(self) -> str:
        return self.contact.phone if self.contact else ""

    @property
    def email(self) -> str:
        return self.contact.email if self.contact else ""

    def address_in(self, lang: str) -> str:
        """The postal address as written in `lang` when recorded, else in English."""
        return self.contact.address_in(lang) if self.contact else ""

    @property
    def known(self) -> bool:
        return "name" not in self.unknown

    def name_in(self, lang: str) -> str:
        """The official name in `lang` when recorded, else the English name."""
        return self.names.get(lang) or self.name


class LanguageRule(Conditional):
    """Languages accepted for a kind of request, in order of preference."""

    languages: list[str] = Field(description="ISO 639-1 codes; empty = unknown.")
    certified_translation: bool | None = Field(
        default=None, description="Whether a translation must be certified; None = unknown.")
    unknown: list[Literal["certified_translation"]] = Field(
        default_factory=list, description="Facts looked for and not found (stated explicitly).")
    note: str = ""

    @model_validator(mode="after")
    def _certified(self) -> LanguageRule:
        if self.certified_translation is not None and "certified_translation" in self.unknown:
            raise ValueError("certified_translation is given but also listed as unknown")
        return self


class Channel(Conditional):
    """A transmission route and whether it is accepted."""

    channel: Literal["central_authority", "diplomatic", "interpol", "police", "oral", "email",
                     "other"]
    accepted: bool | None = Field(default=None, description="None = unknown")
    recipient: str = ""
    note: str = ""


class BasisStance(Sourced):
    """Whether a party takes an instrument as a legal basis (e.g. a UNTOC art. 16(5) declaration).

    Sourced on its own: a membership may be verified while the declaration is only reported.
    """

    basis_for: list[Kind] = Field(
        default_factory=list,
        description="Kinds of request for which it is known to accept the instrument as a legal"
        " basis (MLA among parties needs no acceptance: the conventions oblige).")
    not_basis_for: list[Kind] = Field(
        default_factory=list,
        description="Kinds for which it declared that it does not accept the instrument as a"
        " basis (e.g. extradition); kinds in neither list are unknown.")
    text: str = Field(default="", description="The declaration, in a few words.")


class Membership(Sourced):
    """Party status in a multilateral or regional instrument, with declarations."""

    instrument: str = Field(pattern=_CODE)
    party: bool = True
    since: DateOrYear | None = Field(
        default=None, description="In force for this state (a date, or a year when only the"
        " year is known); None = unknown.")
    legal_basis: BasisStance | None = Field(
        default=None, description="Declared stance on the instrument as a legal basis.")
    declarations: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _since(self) -> Membership:
        _year_ok(self.since)
        return self

    @property
    def basis_for(self) -> list[str]:
        return list(self.legal_basis.basis_for) if self.legal_basis else []

    @property
    def not_basis_for(self) -> list[str]:
        return list(self.legal_basis.not_basis_for) if self.legal_basis else []


class Reciprocity(Conditional):
    """Whether assistance or extradition is granted on reciprocity without a treaty."""

    accepted: bool | None = Field(default=None, description="None = unknown")
    written_undertaking: bool = False
    note: str = ""


class TimeLimit(Conditional):
    """A deadline the requesting state must meet (e.g. formal request after provisional arrest)."""

    code: str = Field(pattern=_CODE)
    title: str = Field(min_length=1, description="What the period is, without its length.")
    days: int | None = Field(default=None, ge=0, description="None = unknown.")
    months: int | None = Field(default=None, ge=0, description="When the law counts in months.")
    period: str = Field(default="", description="When the period is not a number (e.g. 'as the"
                        " treaty provides'); none of days/months/period = unknown.")
    extension_days: int | None = Field(default=None, ge=0)
    action: str = Field(default="", description="What the requesting state must do in time.")
    starts: PeriodStart | None = Field(
        default=None, description="What starts the period, as the cited law says: 'arrest' (the"
        " provisional arrest) or 'decision' (the order or decision on extradition, e.g. committal"
        " or the surrender order). None = not recorded: the register counts no date from it.")

    @model_validator(mode="after")
    def _one_period(self) -> TimeLimit:
        if sum(x is not None and x != "" for x in (self.days, self.months, self.period)) > 1:
            raise ValueError("give the period once: days, months or period")
        return self

    def length(self) -> str | None:
        """'30 days, extendable by 15 days on request', '2 months', ...; None when unknown."""
        if self.days is not None:
            ext = f", extendable by {self.extension_days} days on request" \
                if self.extension_days else ""
            return f"{self.days} days{ext}"
        if self.months is not None:
            return f"{self.months} month{'s' if self.months != 1 else ''}"
        return self.period or None


class Formality(Conditional):
    """Signature, seal, certification, apostille, legalisation, copies."""

    topic: Literal["signature", "seal", "certification", "apostille", "legalisation", "copies",
                   "translation", "other"]
    text: str = Field(min_length=1)
    available: bool | None = None


class Fact(Sourced):
    """A fact for the country brief that no rule checks (or that is recorded as unknown)."""

    topic: Literal["legal_basis", "nationals", "death_penalty", "dual_criminality",
                   "refusal_grounds", "provisional_arrest", "procedure", "gap", "other"]
    text: str = Field(min_length=1)


class Exemption(Conditional):
    """A baseline rule that does not apply to this state, and why (with the source of why)."""

    code: str = Field(pattern=_CODE, description="Code of the baseline rule.")
    reason: str = Field(min_length=1)


class RuleSpec(Conditional):
    """One rule chosen and parameterised by a profile; `rule` names a registered rule function."""

    code: str = Field(pattern=_CODE, description="Stable issue code.")
    rule: str = Field(min_length=1)
    title: str = Field(min_length=1, description="What the rule requires, in one line.")
    severity: Severity = "error"
    message: str = Field(default="", description="Finding text; the rule has a default.")
    params: dict[str, Any] = Field(default_factory=dict)
    scope: Literal["all", "no_profile", "with_profile", "unrecorded"] = Field(
        default="all", description="Baseline only: for every state, only for states without"
        " (or with) a profile of their own, or (unrecorded) for states with a profile that has"
        " no rule of its own with the same rule function (its position is not recorded).")

    @model_validator(mode="after")
    def _error_needs_source(self) -> RuleSpec:
        # an unverified fact never blocks a request on its own: it warns and says so
        if self.severity == "error" and self.status == "unverified":
            raise ValueError("severity \"error\" needs a verified or treaty-text source; an"
                             " unverified requirement is a warning (it says it is unverified)")
        return self


class _Versioned(_Strict):
    profile_version: str = Field(min_length=1)
    last_reviewed: dt.date | None = Field(
        default=None, description="Date of the last legal review by a lawyer (`profiles review"
        " CODE --by NAME`); absent: not yet reviewed by a lawyer.")
    reviewed_by: str = Field(default="", description="Who made that legal review.")

    @model_validator(mode="after")
    def _review(self) -> _Versioned:
        if bool(self.reviewed_by.strip()) != (self.last_reviewed is not None):
            raise ValueError("last_reviewed and reviewed_by go together: a legal review records"
                             " who made it and when (mla-writer profiles review CODE --by NAME)")
        return self


def _as_list(value: Any) -> Any:
    """A TOML table (one entry) or an array of tables (entries with effective dates)."""
    return [value] if isinstance(value, dict) else value


#: request kind -> the authority roles that receive it, most specific first
AUTHORITY_ROLES: dict[str, tuple[str, ...]] = {
    "provisional_arrest": ("provisional_arrest_authority", "extradition_authority",
                           "central_authority"),
    "extradition": ("extradition_authority", "central_authority"),
    "mla": ("central_authority",), "supplementary": ("central_authority",)}


class StateProfile(_Versioned):
    """What one requested state's law demands, with sources."""

    code: str = Field(pattern=_STATE)
    name_en: str = Field(min_length=1)
    names: dict[str, str] = Field(default_factory=dict)
    central_authority: list[AuthorityInfo] = Field(min_length=1)
    extradition_authority: list[AuthorityInfo] = Field(default_factory=list)
    provisional_arrest_authority: list[AuthorityInfo] = Field(default_factory=list)
    languages: list[LanguageRule] = Field(default_factory=list)
    channels: list[Channel] = Field(default_factory=list)
    memberships: list[Membership] = Field(default_factory=list)
    reciprocity: list[Reciprocity] = Field(default_factory=list)
    time_limits: list[TimeLimit] = Field(default_factory=list)
    formalities: list[Formality] = Field(default_factory=list)
    facts: list[Fact] = Field(default_factory=list)
    exemptions: list[Exemption] = Field(default_factory=list)
    rules: list[RuleSpec] = Field(default_factory=list)

    @field_validator("central_authority", "extradition_authority",
                     "provisional_arrest_authority", mode="before")
    @classmethod
    def _authorities(cls, value: Any) -> Any:
        return _as_list(value)

    @field_validator("names")
    @classmethod
    def _state_names(cls, value: dict[str, str]) -> dict[str, str]:
        return _names(value)

    def authorities(self, role: str, on: dt.date | None = None) -> list[AuthorityInfo]:
        """The entries of `role` (e.g. 'extradition_authority') in effect on `on`."""
        return [a for a in getattr(self, role) if a.active(on)]

    def authority(self, kind: str, on: dt.date | None = None) -> AuthorityInfo | None:
        """Who receives a request of `kind` on `on`: the most specific known authority."""
        kind = str(getattr(kind, "value", kind))
        for role in AUTHORITY_ROLES.get(kind, ("central_authority",)):
            known = [a for a in self.authorities(role, on) if a.known]
            if known:
                return known[0]
        return None

    def accepted_languages(self, kind: str, on: dt.date | None = None, *, category: str = "",
                           instrument_id: str = "") -> list[str]:
        """Every accepted language code for `kind` (unconditional entries when no basis given)."""
        out: list[str] = []
        for rule in self.languages:
            if not (category or instrument_id) and not rule.unconditional:
                continue
            if (category or instrument_id) and not rule.applies(
                    kind, category, instrument_id, on):
                continue
            if kind in rule.kinds and rule.active(on):
                out += [code for code in rule.languages if code not in out]
        return out

    def languages_for(self, kind: str, on: dt.date | None = None) -> list[str]:
        """Document languages (from the program's set) accepted for `kind`, preferred first."""
        kind = str(getattr(kind, "value", kind))
        return [c for c in self.accepted_languages(kind, on) if c in DOCUMENT_LANGUAGES]

    def membership(self, instrument_id: str) -> Membership | None:
        return next((m for m in self.memberships if m.instrument == instrument_id), None)

    def sourced_items(self, on: dt.date | None = None) -> list[Sourced]:
        """Every sourced item of the profile (nested ones too); only those in effect on `on`
        when a date is given."""
        return [item for item in _walk_sourced(self) if on is None or item.active(on)]

    def unverified_count(self, on: dt.date | None = None) -> int:
        """Unverified items of every kind (authorities, languages, ..., rules), not only rules."""
        return sum(1 for item in self.sourced_items(on) if not item.verified)


def _walk_sourced(obj: Any) -> list[Sourced]:
    out: list[Sourced] = []
    if isinstance(obj, Sourced):
        out.append(obj)
    if isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            out += _walk_sourced(getattr(obj, name))
    elif isinstance(obj, list):
        for item in obj:
            out += _walk_sourced(item)
    return out


class ScopeNote(Sourced):
    """What an instrument does not govern, with the article that says so."""

    text: str = Field(min_length=1)


class NotInForce(Sourced):
    """A signed instrument that is not (known to be) in force, and its entry-into-force rule."""

    condition: str = Field(default="", description="When it will enter into force.")


class Instrument(Sourced):
    """A treaty, convention or model treaty that may serve as a legal basis."""

    id: str = Field(pattern=_CODE)
    name: str = Field(min_length=1)
    short_name: str = ""
    type: Literal["multilateral", "regional", "bilateral", "model"]
    kinds: list[Kind] = Field(description="Request kinds the instrument governs.")
    parties: list[str] = Field(
        default_factory=list, description="Bilateral treaties: the two state codes; regional"
        " treaties: the closed list of parties (a state not on it is not a party).")
    caveat: str = Field(default="", description="A limit of what is known about it, shown with"
                        " every reason the resolver gives (e.g. its criminal scope unconfirmed).")
    names: dict[str, str] = Field(
        default_factory=dict, description="Official titles in other languages, by ISO 639-1"
        " code (only where the official title is known; absent: the English name).")
    signed: DateOrYear | None = Field(
        default=None, description="Signed or adopted (a date, or the year only).")
    in_force: dt.date | None = Field(default=None, description="None = not known.")
    not_in_force: NotInForce | None = Field(
        default=None, description="Signed but not (known to be) in force: not offered as a"
        " basis; the condition says when it will be.")
    scope: ScopeNote | None = Field(
        default=None, description="Source of what it does not govern (kinds it lacks).")
    note: str = ""

    @property
    def title(self) -> str:
        return self.name

    def name_in(self, lang: str) -> str:
        """The official title in `lang` when recorded, else the English name."""
        return self.names.get(lang) or self.name

    @model_validator(mode="after")
    def _parties(self) -> Instrument:
        if self.type == "bilateral" and len(set(self.parties)) != 2:
            raise ValueError("a bilateral treaty lists exactly two parties")
        if self.type == "regional" and not self.parties:
            raise ValueError("a regional treaty lists its parties (a closed list: a state not on"
                             " it is not a party)")
        if self.type in ("multilateral", "model") and self.parties:
            raise ValueError("party status in a convention is in each state's memberships")
        if self.not_in_force is not None and self.in_force is not None:
            raise ValueError("not_in_force and in_force exclude each other")
        _year_ok(self.signed)
        _names(self.names)
        return self


class CoerciveAssistance(Sourced):
    """Which assistance types involve coercive measures (dual criminality is most often a
    condition for them; UNCAC art. 46(9)(b)-(c) speaks of assistance not involving coercion)."""

    types: list[str] = Field(min_length=1)

    @field_validator("types")
    @classmethod
    def _types(cls, value: list[str]) -> list[str]:
        from ..domain.model import known_assistance_types

        return known_assistance_types(value)


class Baseline(_Versioned):
    """Rules applied to every request whatever the requested state (UNTOC, 1988, model treaties)."""

    coercive_assistance: CoerciveAssistance | None = None
    rules: list[RuleSpec] = Field(default_factory=list)


class InstrumentFile(_Strict):
    """A TOML file of instruments: `[[instrument]]` tables."""

    instrument: list[Instrument] = Field(default_factory=list)
