"""Review state of a case file: status, reviewer comments and the audit log entries.

The behaviour (status transitions, hash chaining, verification) lives in mla_writer.review;
this module only holds the data so that the case-file schema stays derived from one model.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


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
    created: dt.datetime | None = None
    text: str = ""
    resolved: bool = False
    resolved_by: str = ""
    resolved_at: dt.datetime | None = None


class AuditEntry(_Model):
    seq: int = 0
    time: dt.datetime | None = None
    actor: str = ""
    action: str = ""
    detail: dict[str, str] = Field(default_factory=dict)
    prev_hash: str = ""
    hash: str = ""


class Review(_Model):
    status: Status = Status.DRAFT
    comments: list[Comment] = Field(default_factory=list)
    audit_log: list[AuditEntry] = Field(default_factory=list)
