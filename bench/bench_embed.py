"""Time the embedded signature written by the renderer, part by part.

For the bank-records example's request and transmittal in English and Thai (warm process,
median of several runs each): render_pdf without and with a signature field (CPU time,
alternating, and the median of the paired differences); then per PDF pdf_embed.prepare,
digest and fill, and the PAdES CMS (cms_build.sign_digest).
Run: `python bench/bench_embed.py [runs]`.
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mla_writer import storage
from mla_writer.domain.clock import fixed_clock
from mla_writer.render.build import build_document
from mla_writer.render.pdf_signature import SignatureField
from mla_writer.render.pdf_writer import render_pdf
from mla_writer.signing import create_identity, pdf_embed, pdf_sign
from mla_writer.signing.cms_build import PADES, max_size, sign_digest

ROOT = Path(__file__).resolve().parent.parent
WHEN = dt.datetime(2026, 11, 20, 8, 0, tzinfo=dt.UTC)


def median_ms(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def cpu_ms(fn: Callable[[], object]) -> float:
    """The process's CPU time for one call (less disturbed by other processes)."""
    start = time.process_time()
    fn()
    return (time.process_time() - start) * 1000


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    clock = fixed_clock(WHEN)
    identity = create_identity(None, "Sok Dara", "Director", "Ministry (fictional)",
                               "bench passphrase", key_type="ec", clock=clock)
    field = SignatureField(pdf_sign.FIELD_NAME, tuple(pdf_sign.stamp_lines(identity, WHEN)),
                           identity.name, "", "", WHEN, max_size(PADES, identity))
    case = storage.load(ROOT / "examples" / "mla-bank-records.json")
    print(f"{'document':<18}{'plain':>8}{'+field':>8}{'delta':>8}{'prepare':>9}{'digest':>8}"
          f"{'fill':>7}{'CMS':>7}  (ms, median of {runs};"
          " render: CPU time, delta: median of paired runs)")
    for lang in ("en", "th"):
        for template in (None, "transmittal"):
            doc = build_document(case, lang=lang, template=template, clock=clock)
            render_pdf(doc), render_pdf(doc, field)  # warm: fonts, shaping caches
            plain_ms, field_ms = [], []
            for _ in range(runs):  # alternate, so that noise hits both alike; CPU time
                plain_ms.append(cpu_ms(lambda d=doc: render_pdf(d)))
                field_ms.append(cpu_ms(lambda d=doc: render_pdf(d, field)))
            plain, with_field = statistics.median(plain_ms), statistics.median(field_ms)
            delta = statistics.median(b - a for a, b in zip(plain_ms, field_ms, strict=True))
            data = render_pdf(doc, field)
            prepared, place = pdf_embed.prepare(data)
            digest = pdf_embed.digest(prepared, place)
            cms = sign_digest(PADES, digest, identity)
            t_prepare = median_ms(lambda d=data: pdf_embed.prepare(d), runs)
            t_digest = median_ms(lambda d=prepared, p=place: pdf_embed.digest(d, p), runs)
            t_fill = median_ms(lambda d=prepared, p=place, c=cms: pdf_embed.fill(d, p, c), runs)
            t_cms = median_ms(lambda g=digest: sign_digest(PADES, g, identity), runs)
            name = f"{template or 'request'}_{lang}"
            print(f"{name:<18}{plain:8.1f}{with_field:8.1f}"
                  f"{delta:8.1f}{t_prepare:9.2f}{t_digest:8.2f}"
                  f"{t_fill:7.2f}{t_cms:7.2f}")


if __name__ == "__main__":
    main()
