"""Whole-process figures against the targets of issue 13, measured side by side in one run.

  1. `mla-writer build --lang en` (request + transmittal, DOCX + PDF) against LibreOffice
     converting the same two DOCX files to PDF (target: at least 3x faster). Skipped with a
     message when `soffice` is not installed (Debian: libreoffice-writer-nogui).
  2. `mla-writer check` against importing the request model alone (target: at most 2x).
  3. A full signed package (2 languages, DOCX + PDF, PAdES + manifest) with an EC key, whole
     `mla-writer sign` process (target: at most 0.5 s).

Every figure is the median of --runs fresh processes after one untimed warm-up run, as a user
runs them: Python's bytecode compiled (into a private folder; nothing is written into the
source tree) and the compiled templates in a private cache folder. The first, cold figure is
printed too. Run: `python bench/bench_process.py [--runs N]` on a quiet machine.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
EXAMPLE = "mla-bank-records"
NOW = "2026-11-02T09:30+07:00"
PASSPHRASE = "bench passphrase for a test key"


def environment(tmp: Path) -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONPYCACHEPREFIX=str(tmp / "pyc"),
               MLA_WRITER_CACHE_DIR=str(tmp / "cache"), MLA_WRITER_DATA_DIR=str(tmp / "data"),
               XDG_CONFIG_HOME=str(tmp / "config"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def timed(cmd: list[str], env: dict[str, str], runs: int,
          before: Callable[[int], None] | None = None) -> tuple[float, float]:
    """(first run, median of the next `runs`) wall-clock seconds of `cmd`."""
    times = []
    for i in range(runs + 1):
        if before is not None:
            before(i)
        t0 = time.perf_counter()
        subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE)
        times.append(time.perf_counter() - t0)
    return times[0], statistics.median(times[1:])


def mla(*args: str) -> list[str]:
    return [sys.executable, "-m", "mla_writer", *args]


def verdict(ok: bool) -> str:
    return "OK" if ok else "MISSED"


def build_vs_libreoffice(tmp: Path, env: dict[str, str], runs: int) -> None:
    out = tmp / "build"
    first, ours = timed(mla("build", f"example:{EXAMPLE}", "--lang", "en", "--out", str(out),
                            "--now", NOW), env, runs)
    print(f"mla-writer build --lang en (2 documents, DOCX + PDF): median {ours:.3f} s"
          f" (first run {first:.3f} s)")
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        print("LibreOffice: skipped (soffice not found; Debian: apt-get install"
              " libreoffice-writer-nogui)")
        return
    docx = sorted(str(p) for p in out.glob("*.docx"))
    profile = (tmp / "lo-profile").as_uri()
    lo_first, lo = timed([soffice, f"-env:UserInstallation={profile}", "--headless",
                          "--convert-to", "pdf", "--outdir", str(tmp / "lo"), *docx], env, runs)
    print(f"LibreOffice converting the same {len(docx)} DOCX files to PDF: median {lo:.3f} s"
          f" (first run, profile creation: {lo_first:.3f} s)")
    print(f"  -> mla-writer is {lo / ours:.2f}x as fast as LibreOffice"
          f" [{verdict(lo / ours >= 3)}, target >= 3x]")


def check_vs_model(tmp: Path, env: dict[str, str], runs: int) -> None:
    first, check = timed(mla("check", f"example:{EXAMPLE}"), env, runs)
    _first, model = timed([sys.executable, "-c", "import mla_writer.domain.model"], env, runs)
    print(f"mla-writer check: median {check:.3f} s (first run {first:.3f} s); importing the"
          f" request model alone: {model:.3f} s")
    print(f"  -> check costs {check / model:.2f}x the model import"
          f" [{verdict(check / model <= 2)}, target <= 2x]")


def signing_setup(tmp: Path, env: dict[str, str]) -> tuple[Path, Path, Path, Any]:
    """(EC key file, passphrase file, approved case file, the case) for timing `sign`."""
    from mla_writer import review, storage

    secret = tmp / "passphrase.txt"
    secret.write_text(PASSPHRASE + "\n", "utf-8")
    key = tmp / "ec.p12"
    subprocess.run(mla("keys", "new", "--name", "Sok Dara", "--role", "Director",
                       "--authority", "Fictional Central Authority", "--key-type", "ec",
                       "--out", str(key), "--passphrase-file", str(secret)),
                   env=env, check=True, stdout=subprocess.DEVNULL)
    approved = storage.load(ROOT / "examples" / f"{EXAMPLE}.json")
    review.submit(approved, "Drafter")
    review.approve(approved, "Reviewer")
    master = tmp / "approved.json"
    storage.save(approved, master)
    return key, secret, master, approved


def signed_package(tmp: Path, env: dict[str, str], runs: int) -> None:
    key, secret, master, _approved = signing_setup(tmp, env)
    case = tmp / "case.json"

    def fresh(i: int) -> None:  # signing records `signed` in the case: start from approval
        shutil.copyfile(master, case)
        shutil.rmtree(tmp / "package", ignore_errors=True)

    first, median = timed(mla("sign", str(case), "--key", str(key), "--out",
                              str(tmp / "package"), "--lang", "th,en", "--passphrase-file",
                              str(secret)), env, runs, before=fresh)
    pdfs = len(list((tmp / "package").rglob("*.pdf")))
    print(f"mla-writer sign (EC key, 2 languages, DOCX + PDF, {pdfs} signed PDFs, manifest"
          f" CMS): median {median:.3f} s (first run {first:.3f} s)"
          f" [{verdict(median <= 0.5)}, target <= 0.5 s]")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if hasattr(os, "getloadavg") and os.getloadavg()[0] >= 1.5:
        print(f"note: load average {os.getloadavg()[0]:.2f}: the machine is busy, figures"
              " are pessimistic")
    with tempfile.TemporaryDirectory(prefix="bench-process-") as folder:
        tmp = Path(folder)
        env = environment(tmp)
        build_vs_libreoffice(tmp, env, args.runs)
        check_vs_model(tmp, env, args.runs)
        signed_package(tmp, env, args.runs)


if __name__ == "__main__":
    main()
