"""Who may do what in the register: drafter, reviewer, head of authority.

The model (documented in the README, enforced by `Register` for every read and change):

- a **drafter** sees the requests they registered or are assigned to, registers requests,
  submits their drafts and records the dates and acknowledgments of their own requests;
- a **reviewer** sees every request, approves or returns submitted drafts, records
  acknowledgments, execution and refusals, assigns requests to officers;
- the **head of authority** may do everything a reviewer may, and alone signs, transmits and
  withdraws requests, adds officers and sets the office's policy.

The first officer of a new register is enrolled as head of authority (so a register is never
without one); every later officer is added by a head.
"""

from __future__ import annotations

from ..domain.kinds import REQUEST_KINDS

DRAFTER, REVIEWER, HEAD = "drafter", "reviewer", "head"
ROLES = (DRAFTER, REVIEWER, HEAD)
ROLE_TITLES = {DRAFTER: "drafter", REVIEWER: "reviewer", HEAD: "head of authority"}

STATUSES = ("draft", "submitted", "approved", "signed", "transmitted", "acknowledged",
            "executed", "refused", "withdrawn")
#: statuses after which nothing runs any more (no deadline, no reminder)
CLOSED = ("executed", "refused", "withdrawn")
KINDS = REQUEST_KINDS
DIRECTIONS = ("outgoing", "incoming")

_ALL = frozenset(ROLES)
_REVIEW = frozenset({REVIEWER, HEAD})
_HEAD = frozenset({HEAD})

#: (from, to) -> roles allowed; a drafter only on a request they may see
TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    ("draft", "submitted"): _ALL,
    ("submitted", "draft"): _REVIEW,
    ("submitted", "approved"): _REVIEW,
    ("approved", "draft"): _REVIEW,
    ("approved", "signed"): _HEAD,
    ("signed", "transmitted"): _HEAD,
    ("transmitted", "acknowledged"): _ALL,
    ("transmitted", "executed"): _REVIEW,
    ("transmitted", "refused"): _REVIEW,
    ("acknowledged", "executed"): _REVIEW,
    ("acknowledged", "refused"): _REVIEW,
    **{(s, "withdrawn"): _HEAD for s in STATUSES if s not in CLOSED},
}

#: what each role may do besides status changes
ACTIONS: dict[str, frozenset[str]] = {
    "register": _ALL,        # register a request (outgoing or incoming)
    "edit": _ALL,            # dates, package, case file (a drafter: on their own requests)
    "assign": _REVIEW,
    "officers": _HEAD,
    "policy": _HEAD,
}
ACTION_TITLES = {"register": "register requests", "edit": "edit requests",
                 "assign": "assign requests", "officers": "add or change officers",
                 "policy": "set the office policy"}


def sees_everything(role: str) -> bool:
    return role in _REVIEW


def may(role: str, action: str) -> bool:
    return role in ACTIONS.get(action, frozenset())


def may_change(role: str, old: str, new: str) -> bool:
    return role in TRANSITIONS.get((old, new), frozenset())


def next_statuses(role: str, old: str) -> list[str]:
    """The statuses `role` may move a request in `old` to, in workflow order."""
    return [new for new in STATUSES if may_change(role, old, new)]
