"""Take one criterion's element out of a case (or put a forbidden claim in): a key whose
criterion still passes afterwards cannot fail, and `training lint` says so. The tests use the
same operation on every shipped exercise's model answer."""

# lazy imports (start-up cost): profiles

from __future__ import annotations

import re
from typing import Any

from ..domain.kinds import FIRST_KINDS
from ..domain.model import CaseFile
from ..storage import case_from_dict, case_to_dict
from .exercise import Criterion

_INDEX = re.compile(r"\[(\d+)\]$")


def _steps(path: str) -> list[str | int]:
    """'$.request.persons[0].sex' -> ['request', 'persons', 0, 'sex']."""
    out: list[str | int] = []
    for seg in path[2:].split("."):
        m = _INDEX.search(seg)
        if m:
            out += [seg[: m.start()], int(m.group(1))]
        else:
            out.append(seg)
    return out


def _emptied(value: Any) -> Any:
    if isinstance(value, bool):
        return False
    if isinstance(value, str):
        return ""
    if isinstance(value, list):
        return []
    return None


def _set(data: dict[str, Any], path: str, make: Any) -> None:
    """Replace the value at a concrete JSON path with make(old value)."""
    steps = _steps(path)
    node: Any = data
    for step in steps[:-1]:
        node = node[step]
        if node is None:
            return
    node[steps[-1]] = make(node[steps[-1]])


def _concrete(case: CaseFile, pattern: str) -> list[str]:
    from ..profiles.fieldpaths import expand

    return [p for p, _v in expand(case, pattern)]


def remove_element(case: CaseFile, c: Criterion, requested: str = "") -> CaseFile:
    """A copy of `case` without what criterion `c` looks for (with the claim it forbids)."""
    data = case_to_dict(case)
    if c.type in ("element", "finding"):
        for path in _concrete(case, c.path):
            _set(data, path, _emptied)
    elif c.type == "legal_basis":
        data["request"]["legal_basis"] = {"kind": "", "instrument_id": "",
                                          "reciprocity_undertaking": ""}
    elif c.type == "channel":
        others = [k for k in FIRST_KINDS if k != case.request.kind]
        data["request"]["kind"] = others[0]
    elif c.type == "language":
        for annex in data["request"]["annexes"]:
            annex["translated_into"] = []
            if annex["language"] in c.languages:
                annex["language"] = "fr"  # an annex in a language the state does not take
        for pattern in c.translations:
            for path in _concrete(case, pattern):
                data["translations"].pop(path, None)
        if not data["request"]["annexes"] and not c.translations:
            data["request"]["annexes"] = [{"title": "Annex", "language": "fr"}]
    elif c.type == "not_claim":
        claim = c.equals if c.equals is not None else c.contains or "claimed"
        for path in _concrete(case, c.path):
            _set(data, path, lambda old: [*old, claim] if isinstance(old, list) else
                 (f"{old} {claim}".strip() if c.contains and isinstance(old, str) else claim))
    return case_from_dict(data, "exercise case")
