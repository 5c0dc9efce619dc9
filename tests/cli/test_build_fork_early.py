"""`mla-writer build` forks its PDF process before it imports pydantic and the request model:
the PDF process needs neither, and the two imports then run side by side."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_pdf_process_is_started_before_the_request_model_is_imported():
    code = ("import sys\n"
            "from mla_writer.cli import build_parser\n"
            "build_parser(('build_cmd',))\n"  # what `mla-writer build ...` imports to parse
            "import mla_writer.workflow.pdf_process\n"
            "print(sorted(m for m in ('pydantic', 'mla_writer.domain.model') if m in sys.modules))")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                          check=True, cwd=ROOT)
    assert done.stdout.strip() == "[]"
