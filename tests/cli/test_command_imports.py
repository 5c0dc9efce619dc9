"""Each command loads what it needs: a plain `check` (the command run at every keystroke of a
script, and in CI) reads no font, writes no document and signs nothing, so it must not pay for
reportlab, HarfBuzz, Pillow, pyHanko, python-docx or Qt at start."""

from __future__ import annotations

import os
import subprocess
import sys

HEAVY = ("reportlab", "uharfbuzz", "PIL", "pyhanko", "docx", "PySide6", "jinja2")


def _imported_by(args: list[str]) -> list[str]:
    code = ("import contextlib, io, sys\n"
            "from mla_writer import cli\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            f"    code = cli.main({args!r})\n"
            f"heavy = {HEAVY!r}\n"
            "print(code, sorted({m.split('.')[0] for m in sys.modules} & set(heavy)))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    return out.stdout.split(" ", 1)[1].strip()


def test_check_imports_no_document_signing_or_gui_library() -> None:
    assert _imported_by(["check", "example:mla-bank-records"]) == "[]"


def test_check_with_a_unicode_case_reads_no_font() -> None:
    """The unprintable-text check of Thai, Khmer and Chinese names uses the precomputed
    character maps (mla_writer/glyph_maps.json), not the fonts."""
    assert _imported_by(["check", "example:extradition-accused"]) == "[]"


def test_check_loads_no_babel_locale_data_once_its_tables_are_cached(tmp_path) -> None:
    """The CLDR names a check prints come from the cache folder (`i18n.cldr_cache`): the second
    check of a case unpickles none of Babel's locale data."""
    code = ("import contextlib, io, sys\n"
            "from mla_writer import cli\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            "    cli.main(['check', 'example:mla-bank-records'])\n"
            "data = sys.modules.get('babel.localedata')\n"
            "print(sorted(data._cache) if data is not None else [])\n")
    env = {**os.environ, "MLA_WRITER_CACHE_DIR": str(tmp_path / "cache")}
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True, env=env).stdout.strip() for _ in range(2)]
    assert runs[0] != "[]"  # the first check asked Babel (and kept what it said)
    assert runs[1] == "[]"


def test_build_loads_no_babel_locale_data_once_its_tables_are_cached(tmp_path) -> None:
    """The documents name languages, states and dates from the same cached tables: the second
    English build (one process: MLA_WRITER_BUILD_FORK=0) unpickles none of Babel's locale
    data either."""
    code = ("import contextlib, io, sys\n"
            "from mla_writer import cli\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            f"    cli.main(['build', 'example:mla-bank-records', '--lang', 'en', '--out',"
            f" {str(tmp_path / 'out')!r}, '--now', '2026-11-02T09:30+07:00'])\n"
            "data = sys.modules.get('babel.localedata')\n"
            "print(sorted(data._cache) if data is not None else [])\n")
    env = {**os.environ, "MLA_WRITER_CACHE_DIR": str(tmp_path / "cache"),
           "MLA_WRITER_BUILD_FORK": "0"}
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True, env=env).stdout.strip() for _ in range(2)]
    assert runs[0] != "[]"
    assert runs[1] == "[]"
