"""The long fuzzing run: N fuzzed case files (default 100 000) through the loader, `check`,
every review command, and every BUILD_EVERY-th one through a draft build; prints progress and
the figures, and each crash's traceback (exit 1 when there was one).

    PYTHONPATH=. python scripts/fuzz_long.py [N] [--build-every K] [--seed S] [--jobs J]

The harness is tests/model/fuzzing.py: the CI test draws inputs with hypothesis; this run
draws the same kinds of input with a seeded random.Random (hypothesis's bookkeeping would
cost more than the program under test), in J processes.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _work(job: tuple[int, int, int, int]) -> tuple[dict[str, int], dict[str, str]]:
    """Run `count` inputs from seed `seed` (process `index`); counts and distinct crashes."""
    index, count, seed, build_every = job
    sys.path.insert(0, str(ROOT))
    from mla_writer import storage
    from tests.model.fuzzing import exercise, random_case_text

    rng = random.Random(seed)  # noqa: S311 - reproducible test inputs, not secrets
    out = Path(tempfile.mkdtemp(prefix=f"mla-fuzz-{index}-"))
    counts = {"inputs": 0, "loaded": 0, "built": 0, "crashes": 0}
    crashes: dict[str, str] = {}
    started = time.monotonic()
    build_due = False
    for n in range(1, count + 1):
        text = random_case_text(rng)
        counts["inputs"] += 1
        build_due = build_due or n % build_every == 0
        try:
            storage.loads(text)
            counts["loaded"] += 1
            build = build_due  # the next input that loads after every BUILD_EVERY-th
        except storage.CaseFileError:
            build = False
        found = exercise(text, build_to=out if build else None)
        counts["built"] += build
        build_due = build_due and not build
        if found:
            counts["crashes"] += 1
            for crash in found:
                crashes.setdefault(crash.strip().splitlines()[-1],
                                   crash + f"\ninput: {text[:500]!r}")
        if n % 2000 == 0:
            print(f"[{index}] {n} inputs, {counts['loaded']} loaded, {counts['built']} built,"
                  f" {counts['crashes']} crashing ({n / (time.monotonic() - started):.0f}/s)",
                  flush=True)
    return counts, crashes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, nargs="?", default=100_000)
    parser.add_argument("--build-every", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=20261206)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    started = time.monotonic()
    share = [args.n // args.jobs + (i < args.n % args.jobs) for i in range(args.jobs)]
    jobs = [(i, share[i], args.seed + i, args.build_every) for i in range(args.jobs)]
    with multiprocessing.Pool(args.jobs) as pool:
        results = pool.map(_work, jobs)
    total = {k: sum(r[0][k] for r in results) for k in results[0][0]}
    crashes: dict[str, str] = {}
    for _counts, found in results:
        crashes.update(found)
    for crash in crashes.values():
        print("CRASH", crash, sep="\n")
    print(f"done: {total['inputs']} fuzzed inputs, {total['loaded']} loaded as case files,"
          f" {total['built']} draft builds, {total['crashes']} crashing inputs"
          f" ({len(crashes)} distinct crashes) in {time.monotonic() - started:.0f} s")
    return 1 if crashes else 0


if __name__ == "__main__":
    raise SystemExit(main())
