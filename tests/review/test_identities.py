"""Four-eyes against look-alike names: 0 of the attempts to approve one's own submission pass.

The submitter is "Dara Sok"; each attempt approves under a name that a person reading the
log would take for Dara Sok (or that hides what it is). Every one must be refused, by the
four-eyes rule (same person after normalisation and confusable folding) or because the name
holds invisible or bidi-control characters. Fictional people only.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from mla_writer import review, storage
from mla_writer.cli import main
from mla_writer.domain.clock import fixed_clock
from mla_writer.domain.model import CaseFile
from mla_writer.identities import identity_key, lookalike_pairs, name_problem, same_person

ROOT = Path(__file__).resolve().parents[2]
CLOCK = fixed_clock(dt.datetime(2026, 11, 2, 9, 30, tzinfo=dt.UTC))
SUBMITTER = "Dara Sok"

#: (what the attempt is, the approver's name)
ATTEMPTS = [
    ("identical", "Dara Sok"),
    ("lower case", "dara sok"),
    ("upper case", "DARA SOK"),
    ("mixed case", "dArA sOk"),
    ("double space", "Dara  Sok"),
    ("surrounding spaces", "  Dara Sok  "),
    ("tab", "Dara\tSok"),
    ("no-break space", "Dara\u00a0Sok"),
    ("ideographic space", "Dara\u3000Sok"),
    ("thin space", "Dara\u2009Sok"),
    ("zero-width space at the end", "Dara Sok\u200b"),
    ("zero-width space inside", "Da\u200bra Sok"),
    ("zero-width joiner", "Da\u200dra Sok"),
    ("zero-width non-joiner", "Da\u200cra Sok"),
    ("byte-order mark", "\ufeffDara Sok"),
    ("word joiner", "Dara Sok\u2060"),
    ("soft hyphen", "Da\u00adra Sok"),
    ("right-to-left override", "\u202eDara Sok"),
    ("pop directional formatting", "Dara Sok\u202c"),
    ("directional isolates", "\u2066Dara Sok\u2069"),
    ("right-to-left mark", "\u200fDara Sok"),
    ("combining grapheme joiner", "Dara Sok\u034f"),
    ("Hangul filler", "Dara Sok\u3164"),
    ("Mongolian vowel separator", "Dara\u180eSok"),
    ("line separator", "Dara\u2028Sok"),
    ("Cyrillic a", "D\u0430ra Sok"),
    ("Cyrillic S", "Dara \u0405ok"),
    ("Cyrillic o", "Dara S\u043ek"),
    ("Greek omicron", "Dara S\u03bfk"),
    ("Greek capital alpha", "D\u0391R\u0391 SOK"),
    ("all Cyrillic look-alikes", "D\u0430r\u0430 \u0405\u043ek"),
    ("fullwidth letters", "\uff24\uff41\uff52\uff41 \uff33\uff4f\uff4b"),
    ("mathematical bold",
     "\U0001d403\U0001d41a\U0001d42b\U0001d41a \U0001d412\U0001d428\U0001d424"),
    ("full stop", "Dara Sok."),
    ("hyphen between names", "Dara-Sok"),
    ("comma between names", "Dara, Sok"),
    ("accent", "D\u00e0ra Sok"),
    ("combining accent", "Da\u0301ra Sok"),
    ("variation selector", "Dara\ufe0f Sok"),
    ("control character", "Dara Sok\x1b[0m"),
]


@pytest.fixture
def case() -> CaseFile:
    case = storage.load(ROOT / "examples" / "mla-bank-records.json")
    review.submit(case, SUBMITTER, CLOCK)
    return case


def test_the_table_has_at_least_35_attempts() -> None:
    assert len(ATTEMPTS) >= 35
    assert len({name for _what, name in ATTEMPTS}) == len(ATTEMPTS)


@pytest.mark.parametrize(("what", "name"), ATTEMPTS, ids=[w for w, _n in ATTEMPTS])
def test_no_lookalike_of_the_submitter_can_approve(case: CaseFile, what: str,
                                                   name: str) -> None:
    with pytest.raises(review.ReviewError) as info:
        review.approve(case, name, CLOCK)
    message = str(info.value)
    assert "four-eyes" in message or "invisible or text-direction" in message, (what, message)
    assert case.review.status.value == "submitted"  # nothing was recorded


def test_another_person_still_approves(case: CaseFile) -> None:
    review.approve(case, "Vanna Reviewer", CLOCK)
    assert case.review.status.value == "approved"


def test_different_people_stay_different() -> None:
    for a, b in [("Dara Sok", "Dara Som"), ("Dara Sok", "Sok Dara"), ("Dara Sok", "Dara"),
                 ("สมชาย ใจดี", "สมศักดิ์ ใจดี"), ("Nguyễn Văn An", "Nguyễn Văn Anh")]:
        assert not same_person(a, b), (a, b)


def test_keys_written_in_other_scripts_are_compared_too() -> None:
    # Thai and Lao look-alikes, and a Khmer name with a zero-width space (refused)
    assert same_person("\u0e9e\u0ead\u0e99", "\u0e9e\u0ead\u0e99")
    assert name_problem("សុខ\u200bដារ៉ា")
    assert not name_problem("សុខ ដារ៉ា")
    assert identity_key("Nguyễn Văn An") == identity_key("NGUYEN VAN AN")


def test_a_signing_key_named_with_a_zero_width_space_cannot_approve(case: CaseFile) -> None:
    from mla_writer.signing import KeyFileError, create_identity

    with pytest.raises(KeyFileError, match="invisible"):
        create_identity(None, "Dara\u200b Sok", "Prosecutor", "Ministry (fictional)", "x")
    forged = create_identity(None, "Vanna Reviewer", "Prosecutor", "Ministry (fictional)", "x",
                             key_type="ec", clock=CLOCK)
    object.__setattr__(forged, "certificate", _renamed(forged, "Dara\u200b Sok"))
    with pytest.raises(review.ReviewError, match="invisible"):
        review.approve(case, "", CLOCK, identity=forged)


def test_a_key_named_like_the_submitter_cannot_approve(case: CaseFile) -> None:
    from mla_writer.signing import create_identity

    key = create_identity(None, "D\u0430ra Sok", "Prosecutor", "Ministry (fictional)", "x",
                          key_type="ec", clock=CLOCK)
    with pytest.raises(review.ReviewError, match="four-eyes"):
        review.approve(case, "", CLOCK, identity=key)
    with pytest.raises(review.ReviewError, match="four-eyes"):
        review.approve(case, "Vanna Reviewer", CLOCK, identity=key)


def _renamed(identity, name: str):
    """The identity's certificate re-issued (self-signed) under another common name."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.x509.oid import NameOID

    old = identity.certificate
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    return (x509.CertificateBuilder().subject_name(subject).issuer_name(subject)
            .public_key(identity.private_key.public_key()).serial_number(old.serial_number)
            .not_valid_before(old.not_valid_before_utc).not_valid_after(old.not_valid_after_utc)
            .sign(identity.private_key, hashes.SHA256()))


def _forge_entry(case: CaseFile, actor: str, action: str) -> None:
    """Append an entry the way an old version (or a hand-edited file) could have: the chain
    stays consistent, the name is whatever was written."""
    from mla_writer.domain.review import AuditEntry, Status

    log = case.review.audit_log
    detail = {"content_sha256": review.content_hash(case)}
    entry = AuditEntry(seq=len(log) + 1, time=CLOCK.now(), actor=actor, action=action,
                       detail=detail, prev_hash=review.head_hash(case))
    entry.hash = review.entry_hash(entry)
    log.append(entry)
    case.review.status = Status.APPROVED if action == "approve" else case.review.status


def test_review_check_flags_an_old_lookalike_self_approval(case: CaseFile, tmp_path: Path,
                                                           capsys) -> None:
    _forge_entry(case, "Dara Sok\u200b", "approve")
    path = tmp_path / "case.json"
    storage.save(case, path)
    assert main(["review", "check", str(path)]) == 1
    out = capsys.readouterr().out
    assert "four-eyes" in out
    assert "invisible or text-direction characters (U+200B ZERO WIDTH SPACE)" in out


def test_review_check_flags_lookalike_pairs(case: CaseFile, tmp_path: Path, capsys) -> None:
    review.add_comment(case, "$.request.purpose", "Vanna Reviewer", "Name the court.", CLOCK)
    review.add_comment(case, "$.request.subject", "V\u0430nna Reviewer", "Shorter.", CLOCK)
    path = tmp_path / "case.json"
    storage.save(case, path)
    main(["review", "check", str(path)])
    out = capsys.readouterr().out
    assert "WARNING: the names 'Vanna Reviewer' and 'V\u0430nna Reviewer' are written" \
        " differently but count as the same person" in out
    assert lookalike_pairs(["A B", "a  b", "A B"]) == [("A B", "a  b")]
    info = json.loads(_show_json(path, capsys))
    assert info["lookalike_names"]


def _show_json(path: Path, capsys) -> str:
    main(["review", "show", str(path), "--json"])
    return capsys.readouterr().out
