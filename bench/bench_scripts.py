"""Speed of script-aware PDF text: a 5-page, six-script document built in-process.

Run: `python bench/bench_scripts.py` (target: median under ~0.15 s after warm-up).
Prints the median and best build time, the page count, and the pdftotext extraction score
per script for the same document.
"""

from __future__ import annotations

import io
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "scripts"))

from reportlab.lib.enums import TA_JUSTIFY  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.units import mm  # noqa: E402
from reportlab.platypus import SimpleDocTemplate  # noqa: E402
from scripts_support import body_style, corpus, extraction_scores  # noqa: E402

from mla_writer.render import pdf_text  # noqa: E402
from mla_writer.render.document import Run  # noqa: E402

LANGS = ("km", "th", "lo", "my", "zh", "vi")
TARGET_S = 0.15


def paragraphs() -> list[list[Run]]:
    """About 60 paragraphs, 10 per language, mixing English names and bold runs."""
    out = []
    for lang in LANGS:
        lines = corpus(lang)
        for i in range(10):
            text = " ".join(lines[(i + k) % len(lines)] for k in range(3 if i % 2 else 2))
            out.append([Run(f"{i + 1}. Mr Sok Dara ", "en", bold=i % 3 == 0), Run(text, lang),
                        Run(" (ref. 2026/17)", "en", italic=True)])
    return out


def build(paras: list[list[Run]]) -> bytes:
    style = body_style(10.5, alignment=TA_JUSTIFY)
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4, leftMargin=25 * mm, rightMargin=25 * mm,
                      topMargin=25 * mm, bottomMargin=25 * mm).build(
        [pdf_text.paragraph(runs, style) for runs in paras])
    return buf.getvalue()


def main(rounds: int = 15) -> None:
    paras = paragraphs()
    t0 = time.perf_counter()
    pdf = build(paras)  # warm-up: font loading, ICU dictionaries
    first = time.perf_counter() - t0
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        build(paras)
        times.append(time.perf_counter() - t0)
    pages = len(re.findall(rb"/Type /Page\b", pdf))
    print(f"paragraphs: {len(paras)}  pdf bytes: {len(pdf)}  pages: {pages}")
    print(f"first build (cold): {first:.3f} s")
    median = statistics.median(times)
    verdict = "OK" if median < TARGET_S else "SLOW"
    print(f"build median: {median:.3f} s  best: {min(times):.3f} s "
          f"[{verdict}, target < {TARGET_S} s]")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf,
                              capture_output=True, check=True).stdout.decode()
        source = "\n".join("".join(r.text for r in p) for p in paras)
        scores = extraction_scores(source, text)
        print("pdftotext score per script: " +
              ", ".join(f"{k} {v * 100:.2f}%" for k, v in sorted(scores.items())))


if __name__ == "__main__":
    main()
