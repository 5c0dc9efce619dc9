"""Legal profiles: what each requested state and instrument demands, loaded from TOML data."""

from __future__ import annotations

from .effective import EffectiveBasis, effective_basis, request_kind
from .loader import ProfileError, Registry, load_registry, scan_profiles
from .resolver import BasisOption, basis_category, profile_kind, resolve_basis
from .schema import AuthorityInfo, Baseline, Instrument, RuleSpec, StateProfile

__all__ = [
    "AuthorityInfo", "Baseline", "BasisOption", "EffectiveBasis", "Instrument", "ProfileError",
    "Registry", "RuleSpec", "StateProfile", "basis_category", "effective_basis", "load_registry",
    "profile_kind", "request_kind", "resolve_basis", "scan_profiles",
]
