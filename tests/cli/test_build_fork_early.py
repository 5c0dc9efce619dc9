"""`mla-writer build` forks its PDF process before it imports pydantic and the request model:
the PDF process needs neither, and the two imports then run side by side."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# runs a whole `build` in a fresh interpreter, noting what was imported when it first forked
PROBE = """
import os, sys
seen = []
real_fork = os.fork
def fork():
    if not seen:
        seen.append(sorted(m for m in ('pydantic', 'mla_writer.domain.model') if m in sys.modules))
    return real_fork()
os.fork = fork
from mla_writer.cli import main
code = main(['build', 'example:mla-bank-records', '--lang', 'en', '--out', sys.argv[1],
             '--now', '2026-11-02T09:30+07:00'])
print(code, seen)
"""


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the PDF process is forked (POSIX)")
def test_the_pdf_process_is_forked_before_the_request_model_is_imported(tmp_path):
    env = dict(os.environ, PYTHONPATH=str(ROOT), MLA_WRITER_CACHE_DIR=str(tmp_path / "cache"))
    env.pop("MLA_WRITER_BUILD_FORK", None)
    done = subprocess.run([sys.executable, "-c", PROBE, str(tmp_path / "out")], env=env,
                          capture_output=True, text=True, check=True, cwd=tmp_path)
    assert done.stdout.strip().splitlines()[-1] == "0 [[]]", done.stderr
    assert sorted(p.suffix for p in (tmp_path / "out").iterdir()).count(".pdf") == 2
