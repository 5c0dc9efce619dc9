"""The office's signing policy: whether approvals must be signed with a reviewer's key.

An approval recorded by name only can be forged by whoever holds the case file, and a signed
one can be stripped back to a name-only one (the log has no key). An office that wants
approvals it can rely on sets, in a policy file:

    [approvals]
    must_be_key_signed = true
    # the reviewers' certificates, or the certificate authority that issues their keys
    # (PEM, one or more; a relative path is taken from the policy file's folder)
    trusted_reviewers = "reviewers.pem"

The file is named by `--policy FILE` (sign, verify, review check) or, for every command, by
the environment variable MLA_WRITER_POLICY (set it for all users of an office's machines).
With it, `sign` refuses and `verify` and `review check` report as an error an approval that
is not signed with a key, or signed with a key that does not chain to `trusted_reviewers`
(a forger's own key named like the reviewer). A policy file that cannot be read is an error,
never a silent "no policy".
"""

from __future__ import annotations

import base64
import datetime as dt
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography import x509

from ..datafiles import DataFileError, read_regular
from .cms import check_detached
from .source import PackageReadError
from .trust import _describe_signer, _moment_inside, load_trust, trusted_by

POLICY_ENV = "MLA_WRITER_POLICY"
MAX_POLICY_BYTES = 64 * 1024


class PolicyError(Exception):
    """The policy file cannot be read or says something this version does not understand."""


@dataclass(frozen=True)
class Policy:
    """What the office requires of approvals (the default: nothing beyond the review log)."""

    approvals_key_signed: bool = False
    reviewer_anchors: tuple[x509.Certificate, ...] = field(default=(), repr=False)
    source: str = ""


def _anchors(value: Any, base: Path, where: str) -> tuple[x509.Certificate, ...]:
    if value in (None, ""):
        return ()
    paths = value if isinstance(value, list) else [value]
    certs: list[x509.Certificate] = []
    for item in paths:
        if not isinstance(item, str) or not item.strip():
            raise PolicyError(f"{where}: approvals.trusted_reviewers must be a file name or a"
                              " list of file names")
        path = Path(item).expanduser()
        try:
            certs += load_trust(path if path.is_absolute() else base / path)
        except PackageReadError as exc:
            raise PolicyError(f"{where}: approvals.trusted_reviewers: {exc}") from None
    return tuple(certs)


def load_policy(path: str | os.PathLike[str] | None = None) -> Policy:
    """The policy of `path`, else of $MLA_WRITER_POLICY, else the default (no requirement).
    Raises PolicyError naming the file and the problem."""
    chosen = str(path) if path else os.environ.get(POLICY_ENV, "").strip()
    if not chosen:
        return Policy()
    file = Path(chosen).expanduser()
    try:
        text = read_regular(file, MAX_POLICY_BYTES).decode("utf-8")
        data = tomllib.loads(text)
    except DataFileError as exc:
        raise PolicyError(f"signing policy {exc}") from None
    except UnicodeDecodeError:
        raise PolicyError(f"signing policy {file}: not UTF-8 text") from None
    except (tomllib.TOMLDecodeError, RecursionError) as exc:
        raise PolicyError(f"signing policy {file}: not valid TOML ({exc})") from None
    unknown = sorted(set(data) - {"approvals"})
    section = data.get("approvals", {})
    if unknown or not isinstance(section, dict):
        raise PolicyError(f"signing policy {file}: unknown section(s) {', '.join(unknown)};"
                          " expected [approvals]" if unknown else
                          f"signing policy {file}: [approvals] must be a table")
    extra = sorted(set(section) - {"must_be_key_signed", "trusted_reviewers"})
    if extra:
        raise PolicyError(f"signing policy {file}: approvals: unknown key(s)"
                          f" {', '.join(extra)}")
    required = section.get("must_be_key_signed", False)
    if not isinstance(required, bool):
        raise PolicyError(f"signing policy {file}: approvals.must_be_key_signed must be true"
                          " or false")
    anchors = _anchors(section.get("trusted_reviewers"), file.parent, f"signing policy {file}")
    if required and not anchors:
        raise PolicyError(f"signing policy {file}: approvals.must_be_key_signed needs"
                          " approvals.trusted_reviewers (the reviewers' certificates or their"
                          " certificate authority), or a forger's own key would pass")
    return Policy(approvals_key_signed=required, reviewer_anchors=anchors, source=str(file))


def approval_policy_problem(policy: Policy, signature_b64: str, message: bytes,
                            when: dt.datetime | None) -> str:
    """Why an approval (its base64 CMS signature over `message`, '' when unsigned) does not
    meet the policy ('' when it does, or when the policy asks nothing)."""
    if not policy.approvals_key_signed:
        return ""
    rule = f"the office policy ({policy.source}) requires approvals signed with a reviewer's key"
    if not signature_b64:
        return f"the approval is not signed with a key, and {rule}"
    try:
        p7s = base64.b64decode(signature_b64, validate=True)
    except ValueError:
        p7s = b""
    check = check_detached(message, p7s, "the approval signature")
    if not check.intact or check.certificate is None:
        return f"the approval signature does not hold ({check.problem}), and {rule}"
    cert = check.certificate
    moment = _moment_inside(cert, when or dt.datetime.now(dt.UTC))
    if not trusted_by(cert, check.others, list(policy.reviewer_anchors), moment):
        return (f"the approval is signed with a key that is not one of the trusted reviewers'"
                f" ({_describe_signer(cert)}), and {rule}")
    return ""
