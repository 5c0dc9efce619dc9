"""Time to build DOCX + PDF for each example case (target: a 5-page request under 0.15 s).

Run: python bench/bench_build.py [--repeat N]. Prints, per example: pages, the median time to
render the document model, to write the DOCX and to write the PDF, the total, and a verdict
against the target (scaled by pages for longer requests: 0.03 s a page). Run it on a quiet
machine (load average under 1.5): the figures are wall-clock times.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout

from mla_writer.domain.clock import fixed_clock
from mla_writer.render import build_document
from mla_writer.render.docx_writer import render_docx
from mla_writer.render.pdf_writer import render_pdf
from mla_writer.storage import load

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ("mla-bank-records", "mla-freezing-electronic", "extradition-accused",
            "provisional-arrest")
CLOCK = fixed_clock(dt.datetime(2026, 11, 2, 9, 30, tzinfo=dt.UTC))
TARGET_S, TARGET_PAGES = 0.15, 5  # issue 2: a 5-page request in DOCX+PDF under 0.15 s


def _pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type /Page[^s]", pdf))


def _median(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    warm = load(ROOT / "examples" / f"{EXAMPLES[0]}.json")
    render_pdf(build_document(warm, clock=CLOCK))  # font registration, imports
    render_docx(build_document(warm, clock=CLOCK))
    if hasattr(os, "getloadavg") and os.getloadavg()[0] >= 1.5:
        print(f"note: load average {os.getloadavg()[0]:.2f}: the machine is busy, "
              "figures are pessimistic")
    print(f"{'example':26} {'pages':>5} {'model':>8} {'docx':>8} {'pdf':>8} {'total':>8}"
          "  verdict")
    for name in EXAMPLES:
        case = load(ROOT / "examples" / f"{name}.json")
        t_model, doc = _median(lambda c=case: build_document(c, clock=CLOCK), args.repeat)
        t_docx, _ = _median(lambda d=doc: render_docx(d), args.repeat)
        t_pdf, pdf = _median(lambda d=doc: render_pdf(d), args.repeat)
        total = t_model + t_docx + t_pdf
        pages = _pages(pdf)
        target = TARGET_S * max(pages, TARGET_PAGES) / TARGET_PAGES
        verdict = "OK" if total < target else "SLOW"
        print(f"{name:26} {pages:>5} {t_model * 1000:>6.1f}ms {t_docx * 1000:>6.1f}ms"
              f" {t_pdf * 1000:>6.1f}ms {total * 1000:>6.1f}ms  [{verdict}, target <"
              f" {target * 1000:.0f} ms for {pages} pages]")


if __name__ == "__main__":
    main()
