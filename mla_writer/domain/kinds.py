"""The kinds of request: one definition, cheap to import (the command line's options list them
at start-up, before the request model and pydantic are loaded)."""

from __future__ import annotations

from enum import StrEnum


class RequestKind(StrEnum):
    MLA = "mla"
    EXTRADITION = "extradition"
    PROVISIONAL_ARREST = "provisional_arrest"
    SUPPLEMENTARY = "supplementary"


#: every kind, as written in case files, profiles and on the command line
REQUEST_KINDS: tuple[str, ...] = tuple(k.value for k in RequestKind)
#: the kinds a first request can be (a supplementary request follows one of them and its rules)
FIRST_KINDS: tuple[str, ...] = tuple(k for k in REQUEST_KINDS if k != RequestKind.SUPPLEMENTARY)
