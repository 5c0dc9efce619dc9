"""The package's documents rendered in a forked child while the key is decrypted
(signing.forked, keys.PendingIdentity): the same valid package as in one process, a fallback
to one process on any failure of the child, and a wrong passphrase leaves nothing behind."""

from __future__ import annotations

import hashlib
import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from mla_writer.signing import KeyFileError, WrongPassphrase, forked, verify_package
from mla_writer.signing.keys import PendingIdentity
from mla_writer.workflow.package import build_package

from .conftest import CLOCK, PASSPHRASE, approved_case

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork: Linux only")


@pytest.fixture(autouse=True)
def _as_in_the_cli(fork_as_in_the_cli) -> None:
    """Forking as in the `mla-writer sign` process (tests/conftest.py)."""


def test_the_child_reports_lines_then_finishes(children) -> None:
    def job(report) -> None:
        report("a.pdf")
        report("b.docx")

    child = forked.start(job)
    assert child is not None
    assert list(child.reports()) == ["a.pdf", "b.docx"]
    child.stop()
    assert children.reaped()


@pytest.mark.parametrize("how", ["raises", "dies", "multi-line"])
def test_a_failing_child_is_reported(how: str, children) -> None:
    def job(report) -> None:
        report("a.pdf")
        if how == "raises":
            raise RuntimeError("render failed")
        if how == "dies":
            os._exit(3)
        report("two\nlines")

    child = forked.start(job)
    assert child is not None
    seen = []
    with pytest.raises(forked.ChildFailed):
        seen.extend(child.reports())
    assert seen == ["a.pdf"]
    child.stop()
    assert children.reaped()


def test_all_reports_come_as_each_child_reports(children) -> None:
    """The parent reads whichever child reports first (it signs while the other renders)."""
    import time

    def slow(report) -> None:
        time.sleep(0.5)
        report("slow.pdf")

    def fast(report) -> None:
        report("fast.pdf")
        report("x" * 100_000)  # longer than one read of the pipe

    started = [forked.start(slow), forked.start(fast)]
    assert None not in started
    assert list(forked.all_reports(started)) == ["fast.pdf", "x" * 100_000, "slow.pdf"]
    for child in started:
        child.stop()
    assert children.reaped()


@pytest.mark.parametrize("how", ["raises", "dies"])
def test_all_reports_fail_when_a_child_fails(how: str, children) -> None:
    def good(report) -> None:
        report("a.pdf")

    def bad(report) -> None:
        report("b.pdf")
        if how == "raises":
            raise RuntimeError("render failed")
        os._exit(3)  # how == "dies"

    started = [forked.start(good), forked.start(bad)]
    seen: list[str] = []
    with pytest.raises(forked.ChildFailed):
        seen.extend(forked.all_reports(started))
    assert "a.pdf" in seen or "b.pdf" in seen
    for child in started:
        child.stop()
    assert children.reaped()


def test_fork_only_with_one_thread_and_no_qt_and_not_switched_off() -> None:
    code = ("import os, sys, threading\n"
            "from mla_writer.signing import forked\n"
            "seen = [forked.available()]\n"
            "os.environ[forked.ENV] = '0'\n"
            "seen.append(forked.available())\n"
            "del os.environ[forked.ENV]\n"
            "stop = threading.Event()\n"
            "worker = threading.Thread(target=stop.wait)\n"
            "worker.start()\n"
            "seen.append(forked.available())\n"
            "stop.set(); worker.join()\n"
            "sys.modules['PySide6'] = sys\n"
            "seen.append(forked.available())\n"
            "print(seen)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env={k: v for k, v in os.environ.items()
                                          if k != forked.ENV})
    assert out.stdout.strip() == "[True, False, False, False]"


def _digests(folder: Path, suffix: str) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.glob(f"*{suffix}"))}


def test_forked_package_is_the_same_valid_package(tmp_path: Path, key_file: Path,
                                                  identity, monkeypatch, children) -> None:
    pending = PendingIdentity(key_file, PASSPHRASE)
    out = tmp_path / "forked"
    result = build_package(approved_case(), out, pending, languages=["th", "en"], clock=CLOCK)
    assert children and children[0] is not None  # really rendered in a child
    assert children.reaped()
    report = verify_package(out, trust=identity.certificate)
    assert report.ok, report.problems
    assert len(list(out.glob("*.pdf"))) == 4
    monkeypatch.setenv(forked.ENV, "0")
    here = tmp_path / "here"
    in_process = build_package(approved_case(), here, PendingIdentity(key_file, PASSPHRASE),
                               languages=["th", "en"], clock=CLOCK)
    assert _digests(out, ".docx") == _digests(here, ".docx")
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in here.iterdir())
    assert result.manifest["templates"] == in_process.manifest["templates"]
    assert result.manifest["files"] != [] and [f["path"] for f in result.manifest["files"]] \
        == [f["path"] for f in in_process.manifest["files"]]


@pytest.mark.parametrize("failure", ["dies", "bad-report", "unsigned-pdf", "half-written",
                                     "gone-before-the-field"])
def test_a_failing_child_falls_back_to_rendering_here(tmp_path: Path, key_file: Path,
                                                      identity, monkeypatch, children,
                                                      failure: str) -> None:
    real_start = forked.start

    def broken(job, **options):
        def wrapped(report, receive) -> None:
            if failure == "dies":
                job(report, receive)  # every document written and reported, then it dies
                os._exit(7)
            if failure == "gone-before-the-field":  # ends without asking for the signer
                os._exit(0)
            if failure == "bad-report":
                report("../outside.pdf")
            if failure == "half-written":  # killed while writing: a temporary file is left
                (work,) = tmp_path.glob(".package.*")
                (work / ".request.pdf.tmp").write_bytes(b"%PDF-1.4 half")
                os._exit(9)
            if failure == "unsigned-pdf":  # a PDF without the signature field's place
                (work,) = tmp_path.glob(".package.*")
                (work / "request.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
                report("request.pdf")

        return real_start(wrapped, **options)

    monkeypatch.setattr(forked, "start", broken)
    out = tmp_path / "package"
    build_package(approved_case(), out, PendingIdentity(key_file, PASSPHRASE),
                  languages=["th", "en"], clock=CLOCK)
    assert children and children[0] is not None and children.reaped()
    report = verify_package(out, trust=identity.certificate)
    assert report.ok, report.problems
    assert not (tmp_path / "outside.pdf").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["package"]  # no partial folder left
    assert not list(out.glob(".*")) and len(list(out.glob("*.pdf"))) == 4


def test_wrong_passphrase_while_the_child_renders_leaves_nothing(tmp_path: Path,
                                                                  key_file: Path,
                                                                  children) -> None:
    case = approved_case()
    before = case.model_dump_json()
    with pytest.raises(WrongPassphrase, match="wrong passphrase"):
        build_package(case, tmp_path / "pkg", PendingIdentity(key_file, "not the passphrase"),
                      languages=["th", "en"], clock=CLOCK)
    assert list(tmp_path.iterdir()) == []  # neither the package nor a partial folder
    assert children and children[0] is not None and children.reaped()
    assert case.model_dump_json() == before  # `signed` not recorded


def test_an_unreadable_key_file_is_a_key_file_error(tmp_path: Path) -> None:
    missing = PendingIdentity(tmp_path / "none.p12", PASSPHRASE)
    with pytest.raises(KeyFileError, match="cannot read the key file"):
        build_package(approved_case(), tmp_path / "pkg", missing, clock=CLOCK)
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(KeyFileError):  # the error is kept, the file not read again
        missing.resolve()


def test_the_package_namespace_is_loaded_on_use() -> None:
    """`mla_writer.signing` names its public API without importing every module."""
    import mla_writer.signing as signing

    assert sorted(signing.__all__) == sorted(signing._HOMES)
    for name in signing.__all__:
        home = importlib.import_module(f"mla_writer.signing.{signing._HOMES[name]}")
        assert getattr(signing, name) is getattr(home, name)
    with pytest.raises(AttributeError):
        signing.no_such_name  # noqa: B018


def test_renderers_share_the_files_each_written_once(tmp_path: Path) -> None:
    """Renderers taking files by claim write every file exactly once between them, and
    a file another renderer has claimed is left to it."""
    from mla_writer.signing import package

    work = tmp_path / "work"
    work.mkdir()
    first = {0, 3, 4, 7}  # the files renderer "a" reaches first
    seen: dict[str, list[str]] = {"a": [], "b": []}
    for who in ("a", "b"):
        def claim(n: int, who: str = who) -> bool:
            return (n in first) == (who == "a") and package._claim(work, n)

        package._render(approved_case(), work, ["th", "en"], draft=False, clock=CLOCK,
                        report=seen[who].append, claim=claim)
    assert package._claim(work, 0) is False  # taken already
    assert len(seen["a"]) == len(seen["b"]) == 4
    assert len(set(seen["a"] + seen["b"])) == 8
    package._unclaim(work)
    assert sorted(p.name for p in work.iterdir()) == sorted(seen["a"] + seen["b"])


@pytest.fixture()
def signer_cache(tmp_path: Path, monkeypatch) -> Path:
    """A cache folder of this test's own (the remembered signers of `signing.signer_cache`)."""
    from mla_writer import cachefiles

    folder = tmp_path / "cache"
    monkeypatch.setenv(cachefiles.CACHE_ENV, str(folder))
    return folder


def test_the_remembered_signer_gives_the_keys_own_field(tmp_path: Path, old_key_file: Path,
                                                        key_file: Path, identity,
                                                        signer_cache) -> None:
    """The field laid out before the key is decrypted is the one the decrypted key gives:
    remembered for a key file that encrypts its certificate, read from one that does not."""
    from mla_writer.signing import package
    from mla_writer.signing import signer_cache as cache

    assert cache.recall(old_key_file) is None
    case = approved_case()
    when = CLOCK.now()
    real = package.signature_field(identity, when, case)
    cache.remember(old_key_file, identity, real.contents_size)
    pending = PendingIdentity(old_key_file, PASSPHRASE)
    assert package._remembered_field(pending, when, case) == real
    assert package._remembered_field(identity, when, case) is None  # decrypted already
    assert cache._entry(key_file) is not None and not cache._entry(key_file).exists()
    in_clear = package._remembered_field(PendingIdentity(key_file, PASSPHRASE), when, case)
    assert in_clear == real  # the same name, place and room, from the file itself


def test_an_unreadable_remembered_signer_is_none(tmp_path: Path, old_key_file: Path,
                                                 signer_cache) -> None:
    from mla_writer import cachefiles
    from mla_writer.signing import signer_cache as cache

    entry = cache._entry(old_key_file)
    for junk in (b"not json", b'{"certificate": "AAAA", "chain": [], "contents_size": 9}',
                 b'{"certificate": "", "chain": [], "contents_size": -1}'):
        assert cachefiles.write(entry, junk)
        assert cache.recall(old_key_file) is None


@pytest.fixture()
def sent(monkeypatch) -> list[str]:
    """The signature fields handed to rendering children (none when they knew it at once)."""
    from mla_writer.signing import package

    handed: list[str] = []
    real_text = package.field_text
    monkeypatch.setattr(package, "field_text",
                        lambda f: handed.append(real_text(f)) or handed[-1])
    return handed


def test_a_package_laid_out_for_the_remembered_signer(tmp_path: Path, old_key_file: Path,
                                                      identity, signer_cache, sent,
                                                      children) -> None:
    """The first forked package remembers its signer; the next one's children lay out their
    PDFs with it before the key is decrypted: the same valid package."""
    from mla_writer.signing import package
    from mla_writer.signing import signer_cache as cache

    first = tmp_path / "first"
    build_package(approved_case(), first, PendingIdentity(old_key_file, PASSPHRASE),
                  languages=["th", "en"], clock=CLOCK)
    assert len(sent) == package.RENDERERS  # nothing known: the children waited for the key
    known = cache.recall(old_key_file)
    assert known is not None and known.certificate == identity.certificate
    sent.clear()
    forked_out = tmp_path / "second"
    build_package(approved_case(), forked_out, PendingIdentity(old_key_file, PASSPHRASE),
                  languages=["th", "en"], clock=CLOCK)
    assert sent == []  # the children had the field from the start: nothing to wait for
    assert children.reaped() and all(c is not None for c in children)
    report = verify_package(forked_out, trust=identity.certificate)
    assert report.ok, report.problems
    assert _digests(first, ".docx") == _digests(forked_out, ".docx")


def test_a_key_file_with_its_certificate_in_clear_needs_nothing_remembered(
        tmp_path: Path, key_file: Path, identity, signer_cache, sent, children) -> None:
    """A key file mla-writer wrote names its signer in clear: the first package's children
    lay out their PDFs with it at once, and the package is valid."""

    out = tmp_path / "package"
    build_package(approved_case(), out, PendingIdentity(key_file, PASSPHRASE),
                  languages=["th", "en"], clock=CLOCK)
    assert sent == []
    assert children.reaped() and all(c is not None for c in children)
    report = verify_package(out, trust=identity.certificate)
    assert report.ok, report.problems


def test_a_stale_remembered_signer_is_rendered_again(tmp_path: Path, key_file: Path,
                                                     identity, other_identity, signer_cache,
                                                     children) -> None:
    """A copy naming another signer (a replaced or altered cache entry) is caught when the
    key is decrypted: the documents are rendered again for the key's own signer, and the
    right signer is remembered."""
    from mla_writer.signing import signer_cache as cache
    from mla_writer.signing.cms_build import PADES, max_size

    cache.remember(key_file, other_identity, max_size(PADES, identity))  # the key's CMS fits
    out = tmp_path / "package"
    build_package(approved_case(), out, PendingIdentity(key_file, PASSPHRASE),
                  languages=["th", "en"], clock=CLOCK)
    assert children and all(c is not None for c in children) and children.reaped()
    report = verify_package(out, trust=identity.certificate)
    assert report.ok, report.problems
    for pdf in out.glob("*.pdf"):  # the signature dictionary names the key's signer
        assert b"/Name (Sok Dara)" in pdf.read_bytes(), pdf.name
        assert b"Someone Else" not in pdf.read_bytes(), pdf.name
    assert [p.name for p in tmp_path.iterdir() if p.name != "cache"] == ["package"]
    known = cache.recall(key_file)
    assert known is not None and known.certificate == identity.certificate


def test_with_the_field_known_the_second_renderer_begins_with_the_pdfs(tmp_path: Path,
                                                                         identity) -> None:
    from mla_writer.signing import package

    assert package._renderer_formats(0, field_known=True) == ("docx", "pdf")
    assert package._renderer_formats(1, field_known=True) == ("pdf", "docx")
    assert package._renderer_formats(1, field_known=False) == ("docx", "pdf")  # waits: DOCX
    case = approved_case()
    field = package.signature_field(identity, CLOCK.now(), case)
    seen: list[str] = []
    package._render(case, tmp_path, ["en"], draft=False, clock=CLOCK, report=seen.append,
                    signature=lambda: field, formats=("pdf", "docx"))
    assert [name.rsplit(".", 1)[1] for name in seen] == ["pdf", "pdf", "docx", "docx"]
