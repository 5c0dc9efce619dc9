"""`mla-writer build` writes the PDFs in a forked child while it writes the DOCX files
(workflow.produce, parallel): the same files, in the same order, as one process writes; any
failure of the child and the PDFs are written in the parent; MLA_WRITER_BUILD_FORK=0 never
forks."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path

import pytest

from mla_writer.domain.clock import fixed_clock
from mla_writer.render import pdf_writer
from mla_writer.render.build import document_jobs
from mla_writer.render.document import from_data, to_data
from mla_writer.storage import load
from mla_writer.workflow.produce import (
    FORK_ENV,
    check_build,
    produce,
    send_early,
    start_pdf_process,
)

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork: Linux only")

ROOT = Path(__file__).resolve().parents[2]
BANK = ROOT / "examples" / "mla-bank-records.json"
CLOCK = fixed_clock(dt.datetime(2026, 11, 2, 9, 30, tzinfo=dt.UTC))


@pytest.fixture(autouse=True)
def _as_in_the_cli(fork_as_in_the_cli, monkeypatch) -> None:
    """Forking as in the `mla-writer build` process (tests/conftest.py), not switched off."""
    monkeypatch.delenv(FORK_ENV, raising=False)


def _build(out: Path, parallel: bool) -> tuple[list[str], dict[str, bytes]]:
    case = load(BANK)
    check = check_build(case, languages=["en", "vi"], clock=CLOCK)
    paths = produce(case, out, check, draft=True, clock=CLOCK, parallel=parallel)
    assert all(p.parent == out for p in paths)
    return [p.name for p in paths], {p.name: p.read_bytes() for p in out.iterdir()}


def test_the_forked_build_writes_what_one_process_writes(tmp_path, children) -> None:
    names, files = _build(tmp_path / "one", parallel=False)
    assert children == []
    forked_names, forked_files = _build(tmp_path / "two", parallel=True)
    assert len(children) == 1 and children[0] is not None  # the PDFs came from a child
    assert forked_names == names and len(names) == 8  # request, transmittal x en, vi x 2
    assert [n.rsplit(".", 1)[1] for n in names[:2]] == ["docx", "pdf"]
    assert forked_files == files
    assert children.reaped()


def test_a_failing_child_leaves_the_pdfs_to_the_parent(tmp_path, children, monkeypatch) -> None:
    names, files = _build(tmp_path / "one", parallel=False)
    parent = os.getpid()
    real = pdf_writer.write_pdf

    def fails_in_the_child(doc, path):  # type: ignore[no-untyped-def]
        if os.getpid() != parent:
            raise OSError("disk full")
        real(doc, path)

    monkeypatch.setattr(pdf_writer, "write_pdf", fails_in_the_child)
    assert _build(tmp_path / "two", parallel=True) == (names, files)
    assert len(children) == 1 and children[0] is not None and children.reaped()


def test_no_fork_when_switched_off(tmp_path, children, monkeypatch) -> None:
    monkeypatch.setenv(FORK_ENV, "0")
    names, _files = _build(tmp_path / "one", parallel=True)
    assert children == [] and len(names) == 8


def _build_early(out: Path, before_check: bool = False) -> tuple[list[str], dict[str, bytes]]:
    process = start_pdf_process()  # before the case is loaded, as `mla-writer build` does
    assert process is not None
    try:
        case = load(BANK)
        early = send_early(case, out, process, languages=["en", "vi"], draft=True,
                           clock=CLOCK) if before_check else None
        assert process.sent == before_check  # (early: None where the process died meanwhile)
        check = check_build(case, languages=["en", "vi"], clock=CLOCK)
        paths = produce(case, out, check, draft=True, clock=CLOCK, pdf_process=process,
                        early=early)
    finally:
        process.stop()
    return [p.name for p in paths], {p.name: p.read_bytes() for p in out.iterdir()}


def test_the_pdf_process_started_first_writes_what_one_process_writes(tmp_path,
                                                                       children) -> None:
    names, files = _build(tmp_path / "one", parallel=False)
    assert _build_early(tmp_path / "two") == (names, files)
    assert len(children) == 1 and children.reaped()


def test_a_failing_pdf_process_leaves_the_pdfs_to_the_parent(tmp_path, children,
                                                             monkeypatch) -> None:
    names, files = _build(tmp_path / "one", parallel=False)
    parent = os.getpid()
    real = pdf_writer.render_pdf

    def fails_in_the_child(doc, signature=None):  # type: ignore[no-untyped-def]
        if os.getpid() != parent:
            os._exit(3)  # dies mid-way
        return real(doc, signature)

    monkeypatch.setattr(pdf_writer, "render_pdf", fails_in_the_child)
    assert _build_early(tmp_path / "two") == (names, files)
    assert len(children) == 1 and children.reaped()
    assert _build_early(tmp_path / "three", before_check=True) == (names, files)
    assert len(children) == 2 and children.reaped()


def test_the_documents_handed_over_before_the_check_make_the_same_files(tmp_path,
                                                                          children) -> None:
    names, files = _build(tmp_path / "one", parallel=False)
    assert _build_early(tmp_path / "two", before_check=True) == (names, files)
    assert len(children) == 1 and children.reaped()


def test_documents_cross_to_the_pdf_process_unchanged() -> None:
    case = load(BANK)
    for _name, _lang, make in document_jobs(case, languages=["en", "th"], bilingual=True,
                                            clock=CLOCK):
        doc = make()
        data = json.loads(json.dumps(to_data(doc)))
        assert from_data(data) == doc and from_data(data).created == doc.created
    with pytest.raises(TypeError):
        to_data(object())
