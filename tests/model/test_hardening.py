"""Hostile data folders, catalogs and files, and what killed runs leave behind: each is a
clear message (or a clean-up), never a hang, a memory blow-up or a traceback."""

from __future__ import annotations

import os
import shutil
import stat
import time
from pathlib import Path

import pytest

from mla_writer import i18n, storage
from mla_writer.cli import main
from mla_writer.datafiles import DataFileError, load_toml, read_regular
from mla_writer.domain.issues import Text
from mla_writer.profiles import scan_profiles

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = "example:mla-bank-records"  # a request from VN to TH


@pytest.fixture
def profiles(tmp_path: Path) -> Path:
    folder = tmp_path / "profiles"
    shutil.copytree(ROOT / "legal_profiles", folder)
    return folder


@pytest.fixture
def catalogs(tmp_path: Path, monkeypatch):
    folder = tmp_path / "translations"
    (folder / "th" / "LC_MESSAGES").mkdir(parents=True)
    monkeypatch.setenv(i18n.TRANSLATIONS_ENV, str(folder))
    i18n.clear_cache()
    yield folder / "th" / "LC_MESSAGES"
    monkeypatch.delenv(i18n.TRANSLATIONS_ENV)
    i18n.clear_cache()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs and /dev/zero")
def test_a_profile_that_is_a_device_a_fifo_or_huge_is_refused(profiles: Path) -> None:
    states = profiles / "states"
    (states / "TH.toml").unlink()
    (states / "TH.toml").symlink_to("/dev/zero")
    (states / "LA.toml").unlink()
    os.mkfifo(states / "LA.toml")  # reading it would wait for a writer for ever
    with (states / "MM.toml").open("r+b") as fh:
        fh.truncate(9 * 2**20)  # sparse: costs no disk
    started = time.monotonic()
    reg = scan_profiles(profiles)
    assert time.monotonic() - started < 30
    assert "not a regular file" in reg.broken["states/TH.toml"][0]
    assert "not a regular file" in reg.broken["states/LA.toml"][0]
    assert "more than the 8388608 allowed" in reg.broken["states/MM.toml"][0]
    assert "KH" in reg.states  # the rest still loads


def test_deeply_nested_toml_is_a_message(profiles: Path, tmp_path: Path) -> None:
    (profiles / "states" / "KH.toml").write_text("a = " + "[" * 50_000 + "]" * 50_000,
                                                 "utf-8")
    (profiles / "states" / "LA.toml").write_text("a = " + "[" * 100 + "]" * 100, "utf-8")
    reg = scan_profiles(profiles)
    assert "nested more than" in reg.broken["states/KH.toml"][0]
    assert "nested more than 32 levels deep" in reg.broken["states/LA.toml"][0]
    with pytest.raises(DataFileError, match="not UTF-8"):
        (tmp_path / "x.toml").write_bytes(b"a = '\xff'")
        load_toml(tmp_path / "x.toml")
    with pytest.raises(DataFileError, match="cannot be read"):
        read_regular(tmp_path / "missing.toml")


def test_an_empty_or_wrong_profiles_folder_is_an_error_not_silence(tmp_path: Path,
                                                                   monkeypatch, capsys) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv("MLA_WRITER_PROFILES", str(empty))
    assert main(["check", EXAMPLE]) == 2
    assert "baseline.toml: missing" in capsys.readouterr().err
    assert main(["build", EXAMPLE, "--out", str(tmp_path / "out")]) == 2
    assert not (tmp_path / "out").exists()
    for step, (states, expected, message) in enumerate((
            ((), 2, "holds no state profile"),
            (("VN",), 2, "has no profile for the requested state TH"),
            (("VN", "TH"), 0, ""))):
        partial = tmp_path / f"partial{step}"
        (partial / "states").mkdir(parents=True)
        shutil.copy(ROOT / "legal_profiles" / "baseline.toml", partial)
        shutil.copytree(ROOT / "legal_profiles" / "instruments", partial / "instruments")
        for code in states:
            shutil.copy(ROOT / "legal_profiles" / "states" / f"{code}.toml", partial / "states")
        monkeypatch.setenv("MLA_WRITER_PROFILES", str(partial))
        assert main(["check", EXAMPLE]) == expected, states
        assert message in capsys.readouterr().err


CITATION = "Citation: %(citation)s (%(status)s)"


def _po(messages: dict[str, str], plural: str = "nplurals=1; plural=0;") -> str:
    head = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
            f'"Plural-Forms: {plural}\\n"\n\n')
    return head + "".join(f'msgid "{k}"\nmsgstr "{v}"\n\n' for k, v in messages.items())


def _citation_th() -> str:
    return i18n.render_text(Text(CITATION, (("citation", "UNTOC art. 18"),
                                            ("status", "treaty-text"))), "th")


@pytest.mark.parametrize(("translation", "why"), [
    ("อ้างอิง: %(citation)900000000s (%(status)s)", "is not in the source text"),
    ("อ้างอิง 100% %(citation)s (%(status)s)", "a stray %"),
    ("อ้างอิง: %(citation)s (%(status)s) %(secret)s", "is not in the source text"),
    ("อ้างอิง: %(citation)s", "of the source text is missing"),
    ("<b>อ้างอิง</b>: %(citation)s (%(status)s)", "markup"),
])
def test_a_catalog_message_that_does_not_fit_its_source_is_not_used(
        catalogs: Path, translation: str, why: str, caplog) -> None:
    (catalogs / "mla_writer_ui.po").write_text(_po({CITATION: translation}), "utf-8")
    assert _citation_th() == "Citation: UNTOC art. 18 (treaty-text)"  # English instead
    problems = i18n.catalog_problems("th", i18n.UI_DOMAIN)
    assert len(problems) == 1 and why in problems[0]
    assert why in caplog.text


def test_a_good_catalog_message_is_used(catalogs: Path) -> None:
    (catalogs / "mla_writer_ui.po").write_text(
        _po({CITATION: "อ้างอิง: %(citation)s (%(status)s)"}), "utf-8")
    assert _citation_th() == "อ้างอิง: UNTOC art. 18 (treaty-text)"
    assert i18n.catalog_problems("th", i18n.UI_DOMAIN) == []


def _mo(data: bytes):
    """A .mo file with its .po older beside it (so the .mo is the one read)."""
    def write(folder: Path) -> None:
        po = folder / "mla_writer_ui.po"
        po.write_text(_po({}), "utf-8")
        os.utime(po, (time.time() - 3600, time.time() - 3600))
        (folder / "mla_writer_ui.mo").write_bytes(data)
    return write


@pytest.mark.parametrize(("write", "why"), [
    (_mo(b"\xde\x12\x04\x95" + b"\xff" * 40), "not a usable catalog"),
    (_mo(b"not a catalog at all"), "not a usable catalog"),
    (lambda d: (d / "mla_writer_ui.po").write_text(
        _po({CITATION: "x %(citation)s (%(status)s)"}, "nplurals=2; plural=n/0;"), "utf-8"),
     "the plural rule fails"),
    (lambda d: (d / "mla_writer_ui.po").write_text(
        _po({CITATION: "x %(citation)s (%(status)s)"}, "nplurals=2; plural=__import__;"),
        "utf-8"), "not a usable catalog"),
])
def test_a_broken_catalog_falls_back_to_english(catalogs: Path, write, why: str) -> None:
    write(catalogs)
    assert _citation_th() == "Citation: UNTOC art. 18 (treaty-text)"
    problems = i18n.catalog_problems("th", i18n.UI_DOMAIN)
    assert problems and why in problems[0]


def test_the_bundled_catalogs_pass_the_load_checks() -> None:
    i18n.clear_cache()
    for lang in i18n.LANGUAGES:
        for domain in i18n.DOMAINS:
            assert i18n.catalog_problems(lang, domain) == [], (lang, domain)


def test_a_catalog_check_knows_plurals_and_percent_signs() -> None:
    assert i18n.message_problem("%(num)d file", "%(num)d ไฟล์", plural=True) == ""
    assert i18n.message_problem("one file", "%(num)d ไฟล์", plural=True) == ""
    assert i18n.message_problem("100% done", "100% เสร็จ") == ""  # not a format string
    assert i18n.message_problem("%(n)s%% done", "%(n)s%% เสร็จ") == ""
    assert i18n.message_problem("Done", "เสร็จ %(x)s")  # a placeholder out of nowhere


def _old(path: Path, seconds: float = storage.STALE_SECONDS + 60) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_stale_temporary_copies_and_partial_packages_are_cleaned(tmp_path: Path) -> None:
    case_path = tmp_path / "case.json"
    shutil.copy(ROOT / "examples" / "mla-bank-records.json", case_path)
    stale = tmp_path / ".case.json.k3j2h1.tmp"
    fresh = tmp_path / ".case.json.a1b2c3.tmp"
    other = tmp_path / ".other.json.zz.tmp"
    for p in (stale, fresh, other):
        p.write_text("{", "utf-8")
    _old(stale)
    _old(other)
    storage.load(case_path)
    assert not stale.exists() and fresh.exists() and other.exists()
    partial = tmp_path / f".package.{storage.PARTIAL}x1y2"
    (partial / "inner").mkdir(parents=True)
    (partial / "inner" / "doc.pdf").write_bytes(b"%PDF")
    _old(partial)
    assert storage.clean_stale(tmp_path / "package") == [partial]
    assert not partial.exists()


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_the_settings_file_is_made_private(tmp_path: Path) -> None:
    folder = tmp_path / "mla-writer"
    folder.mkdir(mode=0o755)
    settings = folder / "mla-writer.conf"
    settings.write_text("[files]\nrecent=/home/dara/cases/secret.json\n", "utf-8")
    os.chmod(settings, 0o644)
    storage.make_private(settings, folder=True)
    assert stat.S_IMODE(settings.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    storage.make_private(tmp_path / "absent.conf")  # nothing to do, no error


def test_a_huge_xliff_is_refused_before_it_is_read(tmp_path: Path, capsys) -> None:
    from mla_writer import xliff

    huge = tmp_path / "huge.xlf"
    with huge.open("wb") as fh:
        fh.truncate(2 * 2**30)  # 2 GB, sparse
    with pytest.raises(xliff.XliffError, match="more than the 20971520 allowed"):
        xliff.read_file(huge)
    case_path = tmp_path / "case.json"
    shutil.copy(ROOT / "examples" / "mla-bank-records.json", case_path)
    assert main(["xliff", "import", str(case_path), str(huge)]) == 2
    assert "more than the 20971520 allowed" in capsys.readouterr().err


def test_an_internal_error_has_its_own_exit_code_and_says_where_to_report(
        monkeypatch, capsys) -> None:
    from mla_writer.cli import EXIT_INTERNAL, check_cmd

    def broken(args):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(check_cmd, "run", broken)
    assert main(["check", EXAMPLE]) == EXIT_INTERNAL == 3
    err = capsys.readouterr().err
    assert "internal error (ZeroDivisionError: division by zero)" in err
    assert "please report it" in err and "Traceback" not in err
