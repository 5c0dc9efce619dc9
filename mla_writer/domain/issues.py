"""What the rules engine yields: one finding about a request, with its legal source."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@dataclass(frozen=True, slots=True)
class Issue:
    """A finding: stable code, severity, JSON path of the field, message, citation, source status.

    `verified` is False when the rule's source is only a placeholder; the user is then told to
    confirm with the central authority instead of the rule being presented as certain.
    """

    code: str
    severity: Severity
    path: str
    message: str
    citation: str = ""
    verified: bool = True
    source: str = ""
    status: str = "treaty-text"

    def as_json(self) -> dict[str, object]:
        data = asdict(self)
        data["severity"] = str(self.severity)
        return data

    @property
    def blocking(self) -> bool:
        return self.severity is Severity.ERROR


def issue_order(issue: Issue) -> tuple[int, str, str]:
    """Errors first, then by field path and code."""
    return SEVERITY_ORDER[issue.severity], issue.path, issue.code


def sort_issues(issues: list[Issue]) -> list[Issue]:
    return sorted(issues, key=issue_order)
