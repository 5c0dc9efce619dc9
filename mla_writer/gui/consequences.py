"""What a change of kind, requested state or legal basis does to answers already given (no Qt).

The wizard asks before such a change when answers would stop applying, and says afterwards
what changed; the same function serves a script that edits a case (`consequences(case, ...)`).
"""

# lazy imports (start-up cost): gui, profiles

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any

from ..domain.model import CaseFile, RequestKind
from ..i18n import _

#: the JSON paths whose change can make earlier answers stop applying
WATCHED = ("$.request.kind", "$.request.requested_state", "$.request.requesting_state",
           "$.request.legal_basis.kind", "$.request.legal_basis.instrument_id")
_SURRENDER = {RequestKind.EXTRADITION, RequestKind.PROVISIONAL_ARREST}


def _kind(value: Any) -> RequestKind | None:
    with contextlib.suppress(ValueError):
        return RequestKind(value.value if isinstance(value, RequestKind) else value)
    return None


def _usable(case: CaseFile, requesting: str, requested: str, kind: RequestKind) -> set[str]:
    """Ids of the legal bases usable for these states and kind ('reciprocity' included)."""
    from ..profiles import resolve_basis

    with contextlib.suppress(Exception):  # unknown states or broken profiles: nothing usable
        return {o.instrument_id for o in resolve_basis(
            requesting, requested, kind.value, case.request.request_date or dt.date.today())
            if o.usable}
    return set()


def basis_name(instrument_id: str) -> str:
    from ..profiles import load_registry

    with contextlib.suppress(Exception):
        inst = load_registry().instruments.get(instrument_id)
        if inst is not None:
            return str(inst.name)
    return instrument_id


def consequences(case: CaseFile, path: str, value: Any) -> list[str]:
    """Sentences (interface language) naming the answers that stop applying if the value at
    `path` becomes `value`; empty when nothing already answered is affected."""
    from .texts import choice_text, state_name

    req = case.request
    out: list[str] = []
    kind, requesting, requested = req.kind, req.requesting_state, req.requested_state
    if path == "$.request.kind":
        new = _kind(value)
        if new is None or new == kind:
            return []
        if kind in _SURRENDER and new not in _SURRENDER and req.extradition is not None \
                and req.extradition.model_dump() != type(req.extradition)().model_dump():
            out.append(_("The answers about the person sought and the warrant are kept, but a"
                         " %(kind)s request does not use them.", kind=choice_text(new)))
        if kind is RequestKind.SUPPLEMENTARY and new is not RequestKind.SUPPLEMENTARY \
                and req.supplementary is not None and req.supplementary.earlier_reference:
            out.append(_("The details of the earlier request are kept, but a %(kind)s request"
                         " does not use them.", kind=choice_text(new)))
        if req.assistance and new in _SURRENDER:
            out.append(_("The %(n)d measures of assistance asked for are kept, but a %(kind)s"
                         " request does not print them.", n=len(req.assistance),
                         kind=choice_text(new)))
        kind = new
    elif path in ("$.request.requested_state", "$.request.requesting_state"):
        new_state = str(value or "")
        old_state = requested if path.endswith("requested_state") else requesting
        if new_state == old_state:
            return []
        if path.endswith("requested_state"):
            requested = new_state
            if case.translations and old_state:
                out.append(_("Translations made for %(old)s are kept; %(new)s may need its own"
                             " language.", old=state_name(old_state),
                             new=state_name(new_state) or "—"))
        else:
            requesting = new_state
    elif path == "$.request.legal_basis.kind":
        if value != "reciprocity" and req.legal_basis.kind == "reciprocity" \
                and req.legal_basis.reciprocity_undertaking.strip():
            out.append(_("The reciprocity undertaking you wrote is kept, but a treaty basis does"
                         " not print it."))
        return out
    else:
        return []
    basis = req.legal_basis
    if basis.kind == "instrument" and basis.instrument_id and requesting and requested \
            and basis.instrument_id not in _usable(case, requesting, requested, kind):
        out.append(_("The chosen legal basis, %(basis)s, does not apply to this request any"
                     " more: choose another on this page.", basis=basis_name(basis.instrument_id)))
    return out


def change_note(case: CaseFile, path: str, old: Any, new: Any) -> str:
    """One sentence saying what was changed (shown on the page after the change)."""
    from .texts import choice_text, state_name

    if path == "$.request.kind":
        return _("Kind of request changed from %(old)s to %(new)s.",
                 old=choice_text(old), new=choice_text(new))
    if path == "$.request.requested_state":
        return _("Requested state changed from %(old)s to %(new)s.",
                 old=state_name(old) or "—", new=state_name(new) or "—")
    if path == "$.request.requesting_state":
        return _("Requesting state changed from %(old)s to %(new)s.",
                 old=state_name(old) or "—", new=state_name(new) or "—")
    if path == "$.request.legal_basis.instrument_id":
        return _("Legal basis changed from %(old)s to %(new)s.",
                 old=basis_name(str(old)) if old else "—", new=basis_name(str(new)) or "—")
    return ""
