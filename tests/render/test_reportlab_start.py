"""reportlab loads without compiling its start-up patterns (render/reportlab_start.py); they
compile on first use and match as before, and `re.compile` is left as it was."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from mla_writer.render.reportlab_start import LazyPattern, _compile, deferred_patterns

ROOT = Path(__file__).resolve().parents[2]


def test_a_lazy_pattern_behaves_as_the_compiled_one() -> None:
    lazy = LazyPattern(r"(\d+)-(\w+)", re.I)
    assert lazy._compiled is None
    assert lazy.match("12-ab").groups() == ("12", "ab")
    assert lazy.sub(r"\2", "12-ab") == "ab" and lazy.pattern == r"(\d+)-(\w+)"
    assert lazy.split("a 12-x b") == re.compile(r"(\d+)-(\w+)", re.I).split("a 12-x b")


def test_only_reportlab_modules_get_lazy_patterns() -> None:
    with deferred_patterns():
        mine = re.compile("x")
    assert isinstance(mine, re.Pattern)
    assert re.compile is _compile and re.compile("y").match("y")


def test_reportlab_loads_with_its_url_pattern_uncompiled() -> None:
    code = ("import re\nimport mla_writer.render.pdf_writer\n"
            "from reportlab.platypus import paragraph\n"
            "from mla_writer.render.reportlab_start import _compile\n"
            "assert re.compile is _compile\n"
            "print(type(paragraph.uri_pat).__name__, paragraph.uri_pat._compiled is None,"
            " bool(paragraph.uri_pat.match('https://example.org/a')),"
            " paragraph.uri_pat.match('not a url'))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env={"PYTHONPATH": str(ROOT)})
    assert out.stdout.split() == ["LazyPattern", "True", "True", "None"]
