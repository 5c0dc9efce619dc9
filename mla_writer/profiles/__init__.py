"""Legal profiles: what each requested state and instrument demands, loaded from TOML data."""

from __future__ import annotations

from .loader import ProfileError, Registry, load_registry, scan_profiles
from .resolver import BasisOption, basis_category, profile_kind, resolve_basis
from .schema import AuthorityInfo, Baseline, Instrument, RuleSpec, StateProfile

__all__ = [
    "AuthorityInfo", "Baseline", "BasisOption", "Instrument", "ProfileError", "Registry",
    "RuleSpec", "StateProfile", "basis_category", "load_registry", "profile_kind",
    "resolve_basis", "scan_profiles",
]
