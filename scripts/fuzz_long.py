"""The long fuzzing run: N fuzzed case files (default 100 000) through the loader, `check`,
every review command, and every BUILD_EVERY-th one through a draft build; prints progress and
the figures, and each crash's traceback (exit 1 when there was one).

    PYTHONPATH=. python scripts/fuzz_long.py [N] [--build-every K] [--seed S]

The harness is tests/model/fuzzing.py (the CI test runs the same on a few hundred inputs).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hypothesis import HealthCheck, Phase, given, seed, settings

from tests.model.fuzzing import exercise, mutated_case_text

CHUNK = 2000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, nargs="?", default=100_000)
    parser.add_argument("--build-every", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=20261206)
    args = parser.parse_args()
    counts = {"inputs": 0, "loaded": 0, "built": 0, "crashes": 0}
    crashes: dict[str, str] = {}
    started = time.monotonic()
    out = Path(tempfile.mkdtemp(prefix="mla-fuzz-"))

    def one(text: str) -> None:
        from mla_writer import storage

        counts["inputs"] += 1
        try:
            storage.loads(text)
            counts["loaded"] += 1
        except storage.CaseFileError:
            pass
        build = counts["inputs"] % args.build_every == 0
        found = exercise(text, build_to=out if build else None)
        counts["built"] += build
        if found:
            counts["crashes"] += 1
            for crash in found:
                key = crash.strip().splitlines()[-1]
                crashes.setdefault(key, crash + f"\ninput: {text[:500]!r}")

    chunk = 0
    while counts["inputs"] < args.n:
        size = min(CHUNK, args.n - counts["inputs"])

        @seed(args.seed + chunk)
        @settings(max_examples=size, deadline=None, database=None, phases=[Phase.generate],
                  suppress_health_check=list(HealthCheck))
        @given(mutated_case_text())
        def run(text: str) -> None:
            one(text)

        before = counts["inputs"]
        run()
        chunk += 1
        if counts["inputs"] == before:  # hypothesis found nothing new to try
            break
        rate = counts["inputs"] / (time.monotonic() - started)
        print(f"{counts['inputs']} inputs, {counts['loaded']} loaded as case files,"
              f" {counts['built']} built, {counts['crashes']} crashing ({rate:.0f}/s)",
              flush=True)
    for crash in crashes.values():
        print("CRASH", crash, sep="\n")
    print(f"done: {counts['inputs']} fuzzed inputs, {counts['loaded']} loaded,"
          f" {counts['built']} draft builds, {counts['crashes']} crashes"
          f" ({len(crashes)} distinct) in {time.monotonic() - started:.0f} s")
    return 1 if crashes else 0


if __name__ == "__main__":
    raise SystemExit(main())
