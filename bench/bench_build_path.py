"""Where a whole `mla-writer build --lang en` process spends its critical path, in CPU time of
each of its two processes, for two checkouts side by side (A, B, A, B ...).

On a machine shared with other work, wall-clock time says more about the load than about the
code: a 20 ms change is lost in noise. The build's wall-clock time on an idle two-core machine
is set by its critical path: the main process makes the documents and hands them to the PDF
process (forked at the start, it loads reportlab and the fonts meanwhile), which then lays out
the PDFs while the main process checks the case and writes the DOCX files. So this prints, per
checkout, the medians of these CPU times (milliseconds) and the estimated critical path:

  fork     main process, CPU until it forks the PDF process
  send     main process, CPU until it hands over the (first) document
  ready    PDF process, CPU until the documents reach it (its imports, fonts, warm-up; then
           it waits)
  pdfs     PDF process, CPU from the documents to the last PDF written (waiting for the
           build's commit excluded)
  after    main process, CPU after handing over (the check where it comes after, DOCX files;
           waiting for the PDFs excluded)
  path     max(max(send, fork + ready) + pdfs, send + after): the wall-clock time on an idle
           two-core machine, less the interpreter's start and the files' fsync (the PDFs are
           written once laid out and once the main process, its check and DOCX files done,
           lets the build go ahead)

  python bench/bench_build_path.py --a /work/main --b . [--runs 11]

Each checkout runs with its own bytecode and cache folders (warmed by an untimed first run).
The figures come from wrapping a few functions of the checkout from outside (the PDF process's
start and hand-over, in `workflow.pdf_process` where there is one, else `workflow.produce`; the
fork in `signing.forked`); a checkout that has renamed them is reported as such.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench_build_ab import checkout_env  # this folder is on the path when run as a script

EXAMPLE = "mla-bank-records"
NOW = "2026-11-02T09:30+07:00"
MARK = "@bench-path "
FIELDS = ("fork", "send", "ready", "pdfs", "after")


def _driver(argv: list[str]) -> None:
    """Run `mla-writer build` in this process with the figures reported on stderr."""
    import importlib
    import importlib.util
    import json
    import time

    import mla_writer.cli as cli
    from mla_writer.signing import forked

    # where the checkout keeps the PDF process (imported as the build imports it: a module of
    # its own is imported without the request model, `workflow.produce` with it)
    home = "mla_writer.workflow.pdf_process"
    produce = importlib.import_module(
        home if importlib.util.find_spec(home) is not None else "mla_writer.workflow.produce")

    def cpu() -> float:
        return time.process_time() * 1000

    def say(name: str, value: float) -> None:
        sys.__stderr__.write(f"{MARK}{name} {value:.2f}\n")
        sys.__stderr__.flush()

    start_pdf_process, send, start = produce.start_pdf_process, produce.PdfProcess.send, \
        forked.start

    def timed_start_pdf_process() -> object:
        say("fork", cpu())
        return start_pdf_process()

    def timed_send(self: object, payload: bytes) -> None:
        say("send", cpu())
        send(self, payload)  # type: ignore[arg-type]

    def timed_start(job: object, **kwargs: object) -> object:
        def child_job(report: object, *rest: object) -> None:
            loads = json.loads
            ready: list[float] = []

            def first_loads(data: object, **kw: object) -> object:
                # the first JSON bytes the PDF process reads: its documents, from the pipe
                # (its warm-up reads JSON text files, e.g. the fonts' glyph maps)
                if not ready and isinstance(data, (bytes, bytearray)):
                    ready.append(cpu())
                    say("ready", ready[0])
                return loads(data, **kw)  # type: ignore[arg-type]

            json.loads = first_loads  # type: ignore[assignment]
            job(report, *rest)  # type: ignore[operator]
            if ready:
                say("pdfs", cpu() - ready[0])

        return start(child_job, **kwargs)  # type: ignore[arg-type]

    produce.start_pdf_process = timed_start_pdf_process  # type: ignore[assignment]
    produce.PdfProcess.send = timed_send  # type: ignore[method-assign]
    forked.start = timed_start  # type: ignore[assignment]
    sys.argv = ["mla-writer", *argv]
    try:
        cli.main()
    finally:
        say("end", cpu())


def _run(env: dict[str, str], out: Path) -> dict[str, float]:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--driver", "build",
           f"example:{EXAMPLE}", "--lang", "en", "--out", str(out), "--now", NOW]
    done = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          text=True, check=False, cwd=env["MLA_WRITER_DATA_DIR"])
    figures: dict[str, float] = {}
    for name, value in re.findall(rf"^{MARK}(\w+) ([\d.]+)$", done.stderr, re.MULTILINE):
        figures.setdefault(name, float(value))  # the first: a build handing over each document
    if done.returncode != 0 or {"fork", "send", "ready", "pdfs", "end"} - set(figures):
        raise SystemExit(f"no figures from {env['PYTHONPATH']} (exit {done.returncode}; the"
                         f" functions this bench wraps may have moved):\n{done.stderr[-2000:]}")
    figures["after"] = figures["end"] - figures["send"]
    # the PDFs are written once laid out and once the main process has done its own work
    # (the check, where it comes after the hand-over; the DOCX files) and committed
    figures["path"] = max(max(figures["send"], figures["fork"] + figures["ready"])
                          + figures["pdfs"], figures["end"])
    return figures


def main() -> None:
    if sys.argv[1:2] == ["--driver"]:
        _driver(sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--a", type=Path, required=True, help="checkout A (e.g. main)")
    parser.add_argument("--b", type=Path, required=True, help="checkout B (e.g. your branch)")
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args()
    print(f"load average at start: {os.getloadavg()[0]:.2f}")
    runs: dict[str, list[dict[str, float]]] = {"A": [], "B": []}
    with tempfile.TemporaryDirectory(prefix="bench-path-") as folder:
        sides = {}
        for name, checkout in (("A", args.a), ("B", args.b)):
            tmp = Path(folder) / name
            (tmp / "data").mkdir(parents=True)
            sides[name] = checkout_env(checkout.resolve(), tmp), tmp / "out"
            _run(*sides[name])  # warm-up: bytecode, caches
        for _ in range(args.runs):
            for name, side in sides.items():
                runs[name].append(_run(*side))
    print(f"median CPU milliseconds of {args.runs} runs each (see --help):")
    print("      " + "".join(f"{f:>8s}" for f in (*FIELDS, "path")))
    medians = {name: {f: statistics.median(r[f] for r in rows) for f in (*FIELDS, "path")}
               for name, rows in runs.items()}
    for name, m in medians.items():
        print(f"  {name}   " + "".join(f"{m[f]:8.1f}" for f in (*FIELDS, "path")))
    print("  B-A " + "".join(f"{medians['B'][f] - medians['A'][f]:+8.1f}"
                             for f in (*FIELDS, "path")))
    print(f"load average at end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
