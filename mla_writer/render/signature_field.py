"""What the renderer writes for an embedded signature: the contract between the signing side
(which knows the signer, the time and the size of its CMS) and the PDF writer
(`pdf_signature`, which draws the field). Plain data, no reportlab: a process that hands the
field to the PDF process does not load the PDF library."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class SignatureField:
    """An embedded-signature field as the signing side fills it in."""

    field_name: str  # the field's /T ("CentralAuthoritySignature": pdf_sign.FIELD_NAME)
    lines: tuple[str, ...]  # the visible block's text, the first line bold
    name: str  # /Name: the signer
    reason: str  # /Reason ('' = omitted)
    location: str  # /Location ('' = omitted)
    when: dt.datetime  # /M (an aware datetime; written in UTC)
    contents_size: int  # bytes of DER reserved for the CMS (/Contents: twice as many hex digits)

    def __post_init__(self) -> None:
        if self.when.tzinfo is None:
            raise ValueError("the signing time must be an aware datetime")
        if self.contents_size <= 0:
            raise ValueError("the room reserved for the signature must be positive")

    def to_data(self) -> dict[str, Any]:
        """JSON data that `from_data` turns back into an equal field (for another process)."""
        return {"field_name": self.field_name, "lines": list(self.lines), "name": self.name,
                "reason": self.reason, "location": self.location,
                "when": self.when.isoformat(), "contents_size": self.contents_size}

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> SignatureField:
        return cls(field_name=str(data["field_name"]), lines=tuple(map(str, data["lines"])),
                   name=str(data["name"]), reason=str(data["reason"]),
                   location=str(data["location"]),
                   when=dt.datetime.fromisoformat(data["when"]),
                   contents_size=int(data["contents_size"]))


def pdf_date(when: dt.datetime) -> str:
    """A PDF date in UTC: D:YYYYMMDDHHmmSSZ."""
    if when.tzinfo is None:
        raise ValueError("the signing time must be an aware datetime")
    return when.astimezone(dt.UTC).strftime("D:%Y%m%d%H%M%SZ")
