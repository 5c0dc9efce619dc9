"""The published schema of legal-profile TOML files: every fact carries citation, source, status.

Unknown keys are errors (extra="forbid"), so a typo in a profile fails at load time instead of
silently dropping a legal requirement. `legal_profiles/README.md` documents these classes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Status = Literal["verified", "treaty-text", "unverified"]
Kind = Literal["mla", "extradition", "provisional_arrest", "supplementary"]
#: the legal basis a request relies on, as a category (see resolver.basis_category)
BasisCategory = Literal["bilateral", "regional", "multilateral", "reciprocity", "none"]
Severity = Literal["error", "warning", "info"]
ALL_KINDS: tuple[str, ...] = ("mla", "extradition", "provisional_arrest", "supplementary")
#: languages the program can write documents in (what `languages_for` returns)
DOCUMENT_LANGUAGES = frozenset({"en", "km", "zh", "lo", "my", "th", "vi"})

_CODE = r"^[A-Z0-9][A-Z0-9-]*$"
_STATE = r"^[A-Z]{2}$"


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

    def applies(self, kind: str, category: str, instrument_id: str, on: dt.date | None) -> bool:
        if kind not in self.kinds or not self.active(on):
            return False
        if self.basis and category not in self.basis:
            return False
        if self.instruments and instrument_id not in self.instruments:
            return False
        return instrument_id not in self.except_instruments

    @property
    def unconditional(self) -> bool:
        return not (self.basis or self.instruments or self.except_instruments)


class AuthorityInfo(Sourced):
    """An authority that receives requests (address and contacts as far as public)."""

    name: str = Field(min_length=1)
    address: str = ""
    phone: str = ""
    email: str = ""
    note: str = ""
    unknown: list[Literal["name", "address", "phone", "email"]] = Field(
        default_factory=list, description="Facts not found in public sources.")


class LanguageRule(Conditional):
    """Languages accepted for a kind of request, in order of preference."""

    languages: list[str] = Field(description="ISO 639-1 codes; empty = unknown.")
    certified_translation: bool | None = Field(
        default=None, description="Whether a translation must be certified; None = unknown.")
    note: str = ""


class Channel(Conditional):
    """A transmission route and whether it is accepted."""

    channel: Literal["central_authority", "diplomatic", "interpol", "police", "oral", "email",
                     "other"]
    accepted: bool | None = Field(default=None, description="None = unknown")
    recipient: str = ""
    note: str = ""


class Membership(Sourced):
    """Party status in a multilateral or regional instrument, with declarations."""

    instrument: str = Field(pattern=_CODE)
    party: bool = True
    since: dt.date | None = Field(
        default=None, description="In force for this state; None = unknown.")
    basis_for: list[Kind] = Field(
        default_factory=list,
        description="Kinds of request for which it is known to accept the instrument as a legal"
        " basis (MLA among parties needs no acceptance: the conventions oblige).")
    not_basis_for: list[Kind] = Field(
        default_factory=list,
        description="Kinds for which it declared that it does not accept the instrument as a"
        " basis (e.g. extradition); kinds in neither list are unknown.")
    declarations: list[str] = Field(default_factory=list)


class Reciprocity(Conditional):
    """Whether assistance or extradition is granted on reciprocity without a treaty."""

    accepted: bool | None = Field(default=None, description="None = unknown")
    written_undertaking: bool = False
    note: str = ""


class TimeLimit(Conditional):
    """A deadline the requesting state must meet (e.g. formal request after provisional arrest)."""

    code: str = Field(pattern=_CODE)
    title: str = Field(min_length=1)
    days: int | None = Field(default=None, ge=0, description="None = unknown.")
    extension_days: int | None = Field(default=None, ge=0)
    action: str = Field(default="", description="What the requesting state must do in time.")


class Formality(Conditional):
    """Signature, seal, certification, apostille, legalisation, copies."""

    topic: Literal["signature", "seal", "certification", "apostille", "legalisation", "copies",
                   "translation", "other"]
    text: str = Field(min_length=1)
    available: bool | None = None


class Fact(Sourced):
    """A fact for the country brief that no rule checks (or that is recorded as unknown)."""

    topic: Literal["legal_basis", "nationals", "death_penalty", "dual_criminality",
                   "provisional_arrest", "procedure", "gap", "other"]
    text: str = Field(min_length=1)


class RuleSpec(Conditional):
    """One rule chosen and parameterised by a profile; `rule` names a registered rule function."""

    code: str = Field(pattern=_CODE, description="Stable issue code.")
    rule: str = Field(min_length=1)
    title: str = Field(min_length=1, description="What the rule requires, in one line.")
    severity: Severity = "error"
    message: str = Field(default="", description="Finding text; the rule has a default.")
    params: dict[str, Any] = Field(default_factory=dict)
    scope: Literal["all", "no_profile", "with_profile"] = Field(
        default="all", description="Baseline only: for every state or only for states without"
        " (or with) a profile of their own.")


class _Versioned(_Strict):
    profile_version: str = Field(min_length=1)
    last_reviewed: dt.date


class StateProfile(_Versioned):
    """What one requested state's law demands, with sources."""

    code: str = Field(pattern=_STATE)
    name_en: str = Field(min_length=1)
    names: dict[str, str] = Field(default_factory=dict)
    central_authority: AuthorityInfo
    extradition_authority: AuthorityInfo | None = None
    provisional_arrest_authority: AuthorityInfo | None = None
    languages: list[LanguageRule] = Field(default_factory=list)
    channels: list[Channel] = Field(default_factory=list)
    memberships: list[Membership] = Field(default_factory=list)
    reciprocity: list[Reciprocity] = Field(default_factory=list)
    time_limits: list[TimeLimit] = Field(default_factory=list)
    formalities: list[Formality] = Field(default_factory=list)
    facts: list[Fact] = Field(default_factory=list)
    rules: list[RuleSpec] = Field(default_factory=list)

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

    def unverified_count(self) -> int:
        items: list[Sourced] = [self.central_authority, *self.languages, *self.channels,
                                *self.memberships, *self.reciprocity, *self.time_limits,
                                *self.formalities, *self.facts, *self.rules]
        items += [a for a in (self.extradition_authority, self.provisional_arrest_authority) if a]
        return sum(1 for item in items if not item.verified)


class Instrument(Sourced):
    """A treaty, convention or model treaty that may serve as a legal basis."""

    id: str = Field(pattern=_CODE)
    name: str = Field(min_length=1)
    short_name: str = ""
    type: Literal["multilateral", "regional", "bilateral", "model"]
    kinds: list[Kind] = Field(description="Request kinds the instrument governs.")
    parties: list[str] = Field(
        default_factory=list, description="Bilateral treaties: the two state codes.")
    signed: dt.date | None = None
    in_force: dt.date | None = Field(default=None, description="None = not known.")
    note: str = ""

    @property
    def title(self) -> str:
        return self.name

    @model_validator(mode="after")
    def _parties(self) -> Instrument:
        if self.type == "bilateral" and len(set(self.parties)) != 2:
            raise ValueError("a bilateral treaty lists exactly two parties")
        return self


class Baseline(_Versioned):
    """Rules applied to every request whatever the requested state (UNTOC, 1988, model treaties)."""

    rules: list[RuleSpec] = Field(default_factory=list)


class InstrumentFile(_Strict):
    """A TOML file of instruments: `[[instrument]]` tables."""

    instrument: list[Instrument] = Field(default_factory=list)
