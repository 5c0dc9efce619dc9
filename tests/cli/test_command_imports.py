"""Each command loads what it needs: a plain `check` (the command run at every keystroke of a
script, and in CI) reads no font, writes no document and signs nothing, so it must not pay for
reportlab, HarfBuzz, Pillow, pyHanko, python-docx or Qt at start."""

from __future__ import annotations

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
