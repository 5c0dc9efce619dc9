"""Every verification problem, note and approval line in the interface language: a
non-English interface shows no English problem text (the data a problem names, such as a file
name or a date, is kept)."""

from __future__ import annotations

import re

import pytest

from mla_writer import i18n
from mla_writer.gui.verifytext import TEXTS, problem_text, technical_detail
from mla_writer.signing.problems import TEMPLATES, Problem

LANGUAGES = ("km", "zh_Hans", "lo", "my", "th", "vi")
#: data a problem names: shown as given in every language
SAMPLE = {"file": "request_th.pdf", "limit": "200 MiB", "format": "'mla-writer-package/9'",
          "reads": "mla-writer-package/1", "signature": "manifest.json.p7s",
          "certificate": "signer.pem", "signed": "2026-11-20 08:00 UTC",
          "start": "2026-01-01 00:00 UTC", "end": "2027-01-01 00:00 UTC", "status": "draft",
          "entry": "{'path': '../x'}", "detail": "an English explanation from a library",
          "what": "the zip", "training": "TRAINING PACKAGE — not a request",
          "fingerprint": "ab12" * 16, "time": "2026-11-20 08:00 UTC", "length": "4",
          "head": "cd34" * 16, "count": "1", "who": "Reviewer Vanna",
          "when": "2026-11-19T10:00:00+00:00", "signer": "Vanna Chea (Senior Prosecutor)"}


def _problem(pid: str) -> Problem:
    names = re.findall(r"%\((\w+)\)s", TEMPLATES[pid])
    return Problem(pid, **{n: SAMPLE[n] for n in names})


def _english_phrases(pid: str) -> set[str]:
    """Three-word runs of the problem's English wordings (without the data)."""
    out = set()
    for text in (TEMPLATES[pid], TEXTS[pid]):
        words = re.findall(r"[A-Za-z][A-Za-z'-]+", re.sub(r"%\(\w+\)s", " | ", text))
        out |= {" ".join(words[i:i + 3]) for i in range(len(words) - 2)}
    return {p for p in out if len(p) > 10}


def test_every_problem_has_a_sentence_of_its_own() -> None:
    assert set(TEXTS) == set(TEMPLATES)
    for pid in TEMPLATES:
        names = set(re.findall(r"%\((\w+)\)s", TEXTS[pid]))
        assert names <= set(re.findall(r"%\((\w+)\)s", TEMPLATES[pid])) - {"detail"}, pid


def test_english_interface_reads_each_problem() -> None:
    assert problem_text(_problem("file-modified")) == (
        "A file was changed after signing: request_th.pdf")
    assert problem_text(_problem("not-approved")).endswith("status Draft.")
    shown = problem_text(_problem("pdf-signature-broken"))
    assert "library" not in shown
    assert technical_detail(_problem("pdf-signature-broken")) == SAMPLE["detail"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_non_english_interface_shows_no_english_problem_text(lang: str) -> None:
    try:
        i18n.set_ui_language(lang)
        for pid in TEMPLATES:
            shown = problem_text(_problem(pid))
            english = [p for p in _english_phrases(pid) if p in shown]
            assert not english, (lang, pid, shown)
            assert SAMPLE["detail"] not in shown and "--" not in shown, (lang, pid)
            for name in re.findall(r"%\((\w+)\)s", TEXTS[pid]):
                if name != "status":
                    assert SAMPLE[name] in shown, (lang, pid, name)
            assert "draft" not in shown.lower(), (lang, pid)
    finally:
        i18n.set_ui_language("en")


def test_the_verify_dialog_text_of_a_tampered_package_in_thai(package_report) -> None:
    from mla_writer import signing
    from mla_writer.gui.signdialog import describe_report

    try:
        i18n.set_ui_language("th")
        _head, lines = describe_report(signing, package_report, True)
        assert len(lines) >= 4
        for line in lines:
            assert "modified" not in line and "changed after" not in line, line
            assert "approved by" not in line and "entries" not in line, line
        assert any("checklist.txt" in line for line in lines)
        assert any("Reviewer Vanna" in line for line in lines)
    finally:
        i18n.set_ui_language("en")


@pytest.fixture
def package_report(tmp_path):
    """A report on a tampered package (one file changed), without signing anything: the
    verifier's report object as the dialog receives it."""
    from mla_writer.signing.verify import VerifyReport

    return VerifyReport(ok=False, problems=[Problem("file-modified", file="checklist.txt")],
                        signer="Sok Dara", files=["checklist.txt"], intact=False,
                        notes=[Problem("note-audit-log", length=4, head="ab" * 32)],
                        approval=Problem("approval-by-name", who="Reviewer Vanna",
                                         when="2026-11-19"))
