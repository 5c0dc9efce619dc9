"""A/B whole-process timing of two checkouts, interleaved (A, B, A, B ...) so that both see the
same machine load: `mla-writer build --lang en` (request + transmittal, DOCX + PDF) and
`mla-writer check`, and importing the request model alone (the `check` target's yardstick).
Medians of wall-clock and of CPU time (which moves less with other processes' load).

  python bench/bench_build_ab.py --a /work/main --b . [--runs 15]

Each checkout runs with its own bytecode and cache folders (private, made once by an untimed
warm-up run), as a user's second and later runs do. Prints the median of each and B's speed-up.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

try:
    import resource
except ImportError:  # Windows: wall-clock figures only
    resource = None  # type: ignore[assignment]

EXAMPLE = "mla-bank-records"
NOW = "2026-11-02T09:30+07:00"


def checkout_env(checkout: Path, tmp: Path) -> dict[str, str]:
    """The environment of a run of `checkout`'s code with its own bytecode, cache, data and
    settings folders under `tmp` (as bench_process runs the installed program)."""
    env = dict(os.environ, PYTHONPATH=str(checkout), PYTHONPYCACHEPREFIX=str(tmp / "pyc"),
               MLA_WRITER_CACHE_DIR=str(tmp / "cache"), MLA_WRITER_DATA_DIR=str(tmp / "data"),
               XDG_CONFIG_HOME=str(tmp / "config"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _commands(tmp: Path) -> dict[str, list[str]]:
    mla = [sys.executable, "-m", "mla_writer"]
    return {
        "build --lang en": [*mla, "build", f"example:{EXAMPLE}", "--lang", "en", "--out",
                            str(tmp / "out"), "--now", NOW],
        "check": [*mla, "check", f"example:{EXAMPLE}"],
        "import model": [sys.executable, "-c", "import mla_writer.domain.model"],
    }


def _cpu() -> float:
    """CPU seconds (user + system) used by the finished child processes so far."""
    if resource is None:
        return 0.0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _time(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall-clock, CPU) seconds of one run of `cmd`; CPU time moves less with the load of
    other processes on a shared machine."""
    t0, c0 = time.perf_counter(), _cpu()
    # run from a neutral folder: `python -m` puts the current folder before PYTHONPATH
    done = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          check=False, cwd=env["MLA_WRITER_DATA_DIR"])
    elapsed, cpu = time.perf_counter() - t0, _cpu() - c0
    if done.returncode not in (0, 1):  # check exits 1 when it finds problems
        raise SystemExit(f"{' '.join(cmd)} failed ({done.returncode}):"
                         f" {done.stderr.decode(errors='replace')}")
    return elapsed, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--a", type=Path, required=True, help="checkout A (e.g. main)")
    parser.add_argument("--b", type=Path, required=True, help="checkout B (e.g. your branch)")
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args()
    if hasattr(os, "getloadavg"):
        print(f"load average at start: {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory(prefix="bench-ab-") as folder:
        sides = {}
        for name, checkout in (("A", args.a), ("B", args.b)):
            tmp = Path(folder) / name
            (tmp / "data").mkdir(parents=True)
            sides[name] = (checkout_env(checkout.resolve(), tmp), _commands(tmp))
        times: dict[tuple[str, str], list[tuple[float, float]]] = {}
        for label in sides["A"][1]:
            for env, cmds in sides.values():
                _time(cmds[label], env)  # warm-up: bytecode, caches
            for _ in range(args.runs):
                for name, (env, cmds) in sides.items():
                    times.setdefault((name, label), []).append(_time(cmds[label], env))

        def median(name: str, label: str, which: int) -> float:
            return statistics.median(t[which] for t in times[(name, label)])

        for which, kind in ((0, "wall-clock"), (1, "CPU")):
            print(f"median {kind} seconds of {args.runs} runs each:")
            for label in sides["A"][1]:
                a, b = median("A", label, which), median("B", label, which)
                print(f"  {label:16s} A {a:.3f}   B {b:.3f}   B is {a / b:.2f}x as fast")
            for name in "AB":
                ratio = median(name, "check", which) / median(name, "import model", which)
                print(f"  {name}: check costs {ratio:.2f}x importing the request model")
    if hasattr(os, "getloadavg"):
        print(f"load average at end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
