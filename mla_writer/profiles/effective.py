"""The one effective legal basis of a request: what the checklist, the documents, the GUI and
`basis` all act on.

A request names a basis (a treaty, a convention, reciprocity or nothing); the resolver says
whether it can carry this request between these states on this day. When it cannot, every
check and every document proceeds as if no treaty applied (category "none"), so the checklist
and the letter never disagree on the channel, the language or a time limit. A supplementary
request takes the kind of the request it supplements (its rules, channel and language).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from .loader import Registry
from .resolver import RECIPROCITY, BasisOption, basis_category, resolve_basis


def request_kind(request: Any) -> str:
    """The kind whose rules apply: a supplementary request takes the kind of the request it
    supplements (MLA when that is not recorded)."""
    kind = str(getattr(request.kind, "value", request.kind))
    if kind != "supplementary":
        return kind
    details = getattr(request, "supplementary", None)
    earlier = getattr(details, "earlier_kind", "") if details is not None else ""
    earlier = str(getattr(earlier, "value", earlier) or "")
    return earlier if earlier and earlier != "supplementary" else "mla"


@dataclass(frozen=True)
class EffectiveBasis:
    """The basis the request is checked and written under."""

    #: the kind whose rules apply (a supplementary: the original request's kind)
    kind: str
    #: the request supplements an earlier one
    supplementary: bool
    #: condition category: treaty, convention, reciprocity or none
    category: str
    #: the chosen instrument when it can carry the request ("" otherwise)
    instrument_id: str
    #: the resolver's options for this request (empty when a state is missing)
    options: tuple[BasisOption, ...] = ()
    #: the resolver's option for the chosen basis (None: nothing chosen or not known)
    chosen: BasisOption | None = None
    #: a basis was chosen but cannot carry the request: checks follow "no treaty"
    rejected: bool = False


def effective_basis(request: Any, registry: Registry, on: dt.date) -> EffectiveBasis:
    """The effective basis of `request` on `on` (the one function every part uses)."""
    kind = request_kind(request)
    supplementary = str(getattr(request.kind, "value", request.kind)) == "supplementary"
    basis = request.legal_basis
    category = basis_category(registry, basis.kind, basis.instrument_id)
    instrument_id = basis.instrument_id if basis.kind != "reciprocity" else ""
    options: tuple[BasisOption, ...] = ()
    chosen = None
    rejected = False
    if request.requesting_state and request.requested_state:
        options = tuple(resolve_basis(request.requesting_state, request.requested_state, kind,
                                      on, registry))
        wanted = RECIPROCITY if basis.kind == "reciprocity" else instrument_id
        chosen = next((o for o in options if o.instrument_id == wanted), None) if wanted \
            else None
        if instrument_id and (chosen is None or not chosen.usable):
            category, instrument_id, rejected = "none", "", True
    return EffectiveBasis(kind, supplementary, category, instrument_id, options, chosen,
                          rejected)
