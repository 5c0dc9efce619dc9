"""Review state of a case file: status, reviewer comments and the audit log entries.

The behaviour (status transitions, hash chaining, verification) lives in mla_writer.review;
this module only holds the data so that the case-file schema stays derived from one model.

A damaged review part (a wrong type somewhere, e.g. `"seq": "one"`) must not make the whole
case unreadable: the request still loads and storage builds the review with `Review.damaged`:
empty, status draft (so nothing can be signed), keeping the original JSON, which is written
back unchanged on save, so no evidence is lost. `review repair-log` starts a new log that
records it.
"""

from __future__ import annotations

import datetime as dt
import json
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    model_serializer,
)
from pydantic_core import SchemaValidator, core_schema

from .factories import new_dict, new_list


def _not_a_number(value: Any) -> Any:
    """A review time from a case file: ISO 8601 text, parsed as pydantic parses JSON. Never a
    number: pydantic would read 3 or "20260101" as seconds since 1970, and in a case file that
    is damage, not a time (the schema's date-time format refuses it too)."""
    if value is None or isinstance(value, dt.datetime):
        return value
    if not isinstance(value, str) or value.strip().lstrip("+-").replace(".", "", 1).isdigit():
        raise ValueError("a time is written as an ISO 8601 date and time, not a number")
    global _PARSE
    if _PARSE is None:
        _PARSE = SchemaValidator(core_schema.datetime_schema(strict=True))
    return _PARSE.validate_json(json.dumps(value))  # as the case file's JSON is read


_PARSE: Any = None


#: a date and time as case files write it (ISO 8601); never a number of seconds
Timestamp = Annotated[dt.datetime, BeforeValidator(_not_a_number)]


class _Model(BaseModel):
    """Base of the review models: as `model._Model`, validators built on first use."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, defer_build=True)


class Status(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    APPROVED = "approved"
    SIGNED = "signed"
    TRANSMITTED = "transmitted"


class Comment(_Model):
    id: str = ""
    path: str = Field(default="", description="JSON path of the field or section commented on.")
    author: str = ""
    created: Timestamp | None = None
    text: str = ""
    resolved: bool = False
    resolved_by: str = ""
    resolved_at: Timestamp | None = None


class AuditEntry(_Model):
    seq: int = 0
    time: Timestamp | None = None
    actor: str = ""
    action: str = ""
    detail: dict[str, str] = Field(default_factory=new_dict)
    prev_hash: str = ""
    hash: str = ""


def _where(loc: tuple[Any, ...]) -> str:
    out = "$.review"
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


class Review(_Model):
    status: Status = Status.DRAFT
    comments: list[Comment] = Field(default_factory=new_list)
    audit_log: list[AuditEntry] = Field(default_factory=new_list)
    #: the original JSON of a review part that did not validate (see the module docstring)
    _damaged_raw: Any = PrivateAttr(default=None)
    _damage: list[str] = PrivateAttr(default_factory=new_list)

    @classmethod
    def damaged(cls, raw: Any, problems: list[str]) -> Review:
        """An empty review (status draft) that keeps `raw`, the review part's original JSON
        that did not validate, and says why (`problems`, each naming its JSON path)."""
        review = cls()
        review._damaged_raw = raw
        review._damage = list(problems) or ["$.review: not a valid review part"]
        return review

    @model_serializer(mode="wrap")
    def _keep_damaged(self, handler: Any) -> Any:
        return self._damaged_raw if self._damage else handler(self)

    @property
    def damage(self) -> list[str]:
        """Why the review part could not be read ([] when it was read normally)."""
        return list(self._damage)

    @property
    def damaged_raw(self) -> Any:
        """The review part's original JSON when it was damaged, else None."""
        return self._damaged_raw
