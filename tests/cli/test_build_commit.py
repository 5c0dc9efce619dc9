"""`mla-writer build` hands the documents to its PDF process before it evaluates the findings
(workflow.produce's note): the PDF process lays them out meanwhile but writes nothing until
the build is allowed. A refused build writes nothing and leaves no process behind; a draft of
the same case is built; a case whose documents cannot be made before the check is still
refused with the refusal's message."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sys
from pathlib import Path

import pytest

from mla_writer.cli import main
from mla_writer.domain.clock import fixed_clock
from mla_writer.render import build as render_build
from mla_writer.render.document import to_data
from mla_writer.signing import forked
from mla_writer.storage import load
from mla_writer.workflow import pdf_process, produce
from mla_writer.workflow.produce import FORK_ENV

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork: Linux only")

ROOT = Path(__file__).resolve().parents[2]
NOW = "2026-11-02T09:30+07:00"


@pytest.fixture(autouse=True)
def _as_in_the_cli(fork_as_in_the_cli, monkeypatch) -> None:
    monkeypatch.delenv(FORK_ENV, raising=False)


@pytest.fixture
def no_purpose(tmp_path: Path) -> Path:
    """The bank-records example without its purpose: a blocking finding (MLA-F-PURPOSE)."""
    data = json.loads((ROOT / "examples" / "mla-bank-records.json").read_text("utf-8"))
    data["request"]["purpose"] = ""
    path = tmp_path / "no-purpose.json"
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    return path


@pytest.fixture
def order(monkeypatch) -> list[str]:
    """What the build did, in order: "send" (a document to the PDF process), "check"."""
    seen: list[str] = []
    real_send, real_check = pdf_process.PdfProcess.send, produce.check_build

    def send(self, payload):  # type: ignore[no-untyped-def]
        seen.append("send")
        real_send(self, payload)

    def check(*args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append("check")
        return real_check(*args, **kwargs)

    monkeypatch.setattr(pdf_process.PdfProcess, "send", send)
    monkeypatch.setattr(produce, "check_build", check)
    return seen


def _build(case: Path, out: Path, *more: str) -> int:
    return main(["build", str(case), "--lang", "en", "--out", str(out), "--now", NOW, *more])


def test_a_refused_build_writes_nothing_and_ends_the_pdf_process(
        no_purpose, tmp_path, children, order, capsys) -> None:
    out = tmp_path / "out"
    assert _build(no_purpose, out) == 1
    assert order == ["send", "send", "check"]  # the PDF process had both: refused anyway
    err = capsys.readouterr().err
    assert "refused: 1 blocking issue(s)" in err and "[MLA-F-PURPOSE]" in err
    assert not out.exists()
    assert len(children) == 1 and children[0] is not None and children.reaped()


def test_a_draft_of_the_same_case_is_built_by_the_pdf_process(
        no_purpose, tmp_path, children, order, capsys) -> None:
    out = tmp_path / "out"
    assert _build(no_purpose, out, "--draft") == 0
    assert order == ["send", "send", "check"]  # request, transmittal, then the findings
    names = [Path(line).name for line in capsys.readouterr().out.splitlines()]
    assert names == [f"vkstc-htqt-2026-0417_{doc}_en-draft.{fmt}"
                     for doc in ("request", "transmittal") for fmt in ("docx", "pdf")]
    assert sorted(p.name for p in out.iterdir()) == sorted(names)
    assert len(children) == 1 and children.reaped()


def test_documents_that_cannot_be_made_early_still_get_the_refusal(
        no_purpose, tmp_path, children, order, capsys, monkeypatch) -> None:
    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise ValueError("a template cannot render this case")

    monkeypatch.setattr(render_build, "build_document", broken)
    out = tmp_path / "out"
    assert _build(no_purpose, out) == 1
    assert order == ["check"]  # as before: the check first
    err = capsys.readouterr().err
    assert "refused: 1 blocking issue(s)" in err and "Traceback" not in err
    assert not out.exists()
    assert children.reaped()


def test_an_allowed_build_writes_what_one_process_writes(tmp_path, children, order,
                                                         monkeypatch, capsys) -> None:
    case = tmp_path / "bank.json"
    shutil.copyfile(ROOT / "examples" / "mla-bank-records.json", case)
    assert _build(case, tmp_path / "two") == 0
    assert order == ["send", "send", "check"] and len(children) == 1 and children.reaped()
    early = capsys.readouterr().out
    monkeypatch.setenv(FORK_ENV, "0")
    assert _build(case, tmp_path / "one") == 0
    assert capsys.readouterr().out == early.replace(str(tmp_path / "two"), str(tmp_path / "one"))
    assert len(children) == 1  # no process this time
    files = sorted((tmp_path / "one").iterdir())
    assert [p.name for p in files] == sorted(p.name for p in (tmp_path / "two").iterdir())
    assert all(p.read_bytes() == (tmp_path / "two" / p.name).read_bytes() for p in files)


def test_the_pdf_process_writes_nothing_without_the_commit(tmp_path, children) -> None:
    process = pdf_process.start_pdf_process()
    assert process is not None
    case = load(ROOT / "examples" / "mla-bank-records.json")
    clock = fixed_clock(dt.datetime(2026, 11, 2, 9, 30, tzinfo=dt.UTC))
    (_n, _l, make), *_ = render_build.document_jobs(case, languages=["en"], clock=clock)
    target = tmp_path / "out" / "request.pdf"
    process.send(json.dumps([str(target), to_data(make())]).encode())
    process._close()  # the build ends without a commit: the process lays out, then stops
    with pytest.raises(forked.ChildFailed):
        list(process.child.reports())
    assert not (tmp_path / "out").exists()
    process.stop()
    assert children.reaped()


def test_the_pdf_process_takes_what_arrived_out_of_the_pipe_before_each_layout() -> None:
    """The build hands over its next documents while the PDF process lays one out: the pipe
    is emptied before each layout, so the build never waits on a full pipe."""
    reader, writer = os.pipe()
    inbox = pdf_process._Inbox(reader)
    first, second = b"[1]" + b" " * 30_000 + b"\n", b"[2]" + b" " * 30_000 + b"\n"
    os.write(writer, first)
    assert inbox.next_line() == first
    os.write(writer, second + b"[3")  # sent while the first is to be laid out
    inbox.read_ahead()  # before its layout: the second line and a part of the third
    os.set_blocking(writer, False)
    assert os.write(writer, b" " * 60_000) == 60_000  # room for all of it: nothing waits
    os.write(writer, b"]\n" + pdf_process.COMMIT + b"[4")
    os.close(writer)
    assert inbox.next_line() == second
    assert inbox.next_line() == b"[3" + b" " * 60_000 + b"]\n"
    assert inbox.next_line() == pdf_process.COMMIT
    assert inbox.next_line() == b""  # a line cut short by the end is no line
