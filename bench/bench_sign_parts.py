"""Where the time of `mla-writer sign` goes: each part of the signing run timed in sequence,
in one fresh process (as `bench_process.py` runs it: EC key, 2 languages, DOCX + PDF).

Parts: imports (the command line and the modules `sign` loads before its work), profiles and
refusal (load the legal profiles, check the review and the case), key decrypt (PBKDF2 and
the PKCS#12 MAC), render (the documents, each PDF with its signature field, imports of the
renderers included), sign (every PDF: hash, CMS, written into its place), manifest
(checklist, hashes, CMS signature), exit (from the end of the work to the process's end, as
the parent sees it; the process ends as `mla-writer` does, `cli.fast_exit`, without the
interpreter's teardown). `mla-writer sign` overlaps these on Linux (signing.key_child,
signing.forked): the whole process is printed beside the sum.

`--timeline` instead prints where the time of one real `mla-writer sign` process goes: for
the process and each child it forks, wall and CPU milliseconds since the command started at
each step (imports, case, profiles, refusal, forks, each document written, key decrypted,
each PDF signed, manifest, exit), to see which parts run one after the other and when a core
is idle.
Run: `python bench/bench_sign_parts.py [--runs N] [--timeline]`.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench_process import environment, mla, signing_setup  # noqa: E402

PARTS = ("imports", "profiles+refusal", "key decrypt", "render", "sign", "manifest", "exit")

CHILD = r"""
import json, sys, time
t0 = time.perf_counter()
marks = {}
def mark(name):
    global t0
    now = time.perf_counter(); marks[name] = now - t0; t0 = now
from pathlib import Path
from mla_writer.cli import build_parser
from mla_writer import review, storage
from mla_writer.cli.common import profiles_or_exit
from mla_writer.signing.keys import load_identity
from mla_writer.signing import package as pkg
from mla_writer.signing.pdf_sign import sign_rendered_file
from mla_writer.workflow.package import checklist, refusal, review_record
build_parser()
mark("imports")
case_path, key, out, secret = sys.argv[1:5]
case = storage.load(case_path)
registry = profiles_or_exit("sign", case.request.requested_state, whole=True)
assert refusal(case, False, review.SYSTEM_CLOCK, registry) == ""
issues = checklist(case, review.SYSTEM_CLOCK)
mark("profiles+refusal")
identity = load_identity(key, Path(secret).read_text("utf-8").splitlines()[0])
mark("key decrypt")
work = Path(out); work.mkdir()
names = []
now = review.SYSTEM_CLOCK.now()
field = pkg.signature_field(identity, now, case)
pkg._render(case, work, ["th", "en"], draft=False, clock=review.SYSTEM_CLOCK,
            report=names.append, signature=lambda: field)
mark("render")
for name in names:
    if name.endswith(".pdf"):
        sign_rendered_file(work / name, identity)
mark("sign")
manifest = pkg.skeleton(case, ["th", "en"], review.SYSTEM_CLOCK, False,
                        review_record(case), review.content_hash(case))
(work / pkg.CHECKLIST_TXT).write_text(pkg.checklist_text(case, issues, now), "utf-8")
manifest["files"] = [pkg.file_entry(work, n, pkg._kind(n))
                     for n in sorted(p.name for p in work.iterdir())]
data = pkg.manifest_bytes(manifest)
(work / pkg.SIGNATURE).write_bytes(pkg.sign_detached(data, identity, now))
mark("manifest")
print(json.dumps(marks), flush=True)
print(time.time(), flush=True)
from mla_writer.cli import fast_exit
fast_exit(0)
"""

#: `--timeline`: `mla-writer sign` with a mark (pid, wall and CPU ms) on stderr at each step
TIMELINE = r"""
import functools, importlib.abc, importlib.machinery, os, sys, time
START = float(sys.argv.pop(1))
def mark(label):
    os.write(2, f"@@ {os.getpid()} {(time.time() - START) * 1000:8.1f}"
                f" {time.process_time() * 1000:7.1f} {label}\n".encode())
mark("interpreter started")
STEPS = {
    "mla_writer.cli.sign_cmd": ["load_case_or_exit", "profiles_or_exit"],
    "mla_writer.workflow.package": ["clear"],
    "mla_writer.signing.package": ["write_package", "skeleton", "sign_detached"],
    "mla_writer.signing.forked": ["start"],
    "mla_writer.signing.keys": ["load_identity"],
    "mla_writer.render.build": ["write_documents"],
    "mla_writer.signing.pdf_sign": ["sign_rendered_file"],
    "mla_writer.storage": ["save"],
}
def traced(f, label):
    @functools.wraps(f)
    def step(*a, **k):
        what = ""
        if f.__name__ == "write_documents":
            what = f" {[j[0] + '_' + j[1] for j in a[2]]} {k.get('formats')}"
        mark(f"> {label}{what}")
        try:
            return f(*a, **k)
        finally:
            mark(f"< {label}")
    return step
class Steps(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name not in STEPS:
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path, target)
        run = spec.loader.exec_module
        def exec_module(module):
            run(module)
            for fn in STEPS[name]:
                setattr(module, fn, traced(getattr(module, fn), fn))
            mark(f"imported {name}")
        spec.loader.exec_module = exec_module
        return spec
sys.meta_path.insert(0, Steps())
real_exit = os._exit
def _exit(code):
    mark(f"exit {code}")
    real_exit(code)
os._exit = _exit
sys.argv[0] = "mla-writer"
from mla_writer.cli import entry
mark("command line imported")
entry()
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--timeline", action="store_true",
                        help="the steps of one `mla-writer sign` process and its children")
    args = parser.parse_args()
    if hasattr(os, "getloadavg"):
        print(f"load average {os.getloadavg()[0]:.2f}")
    from mla_writer import storage

    with tempfile.TemporaryDirectory(prefix="bench-sign-parts-") as folder:
        tmp = Path(folder)
        env = environment(tmp)
        key, secret, case_path, case = signing_setup(tmp, env)
        if args.timeline:
            timeline(tmp, env, key, secret, case_path, case)
            return
        rows: dict[str, list[float]] = {p: [] for p in PARTS}
        whole: list[float] = []
        for i in range(args.runs + 1):
            out = tmp / f"pkg-{i}"
            start = time.perf_counter()
            proc = subprocess.run([sys.executable, "-c", CHILD, str(case_path), str(key),
                                   str(out), str(secret)], env=env, check=True,
                                  capture_output=True, text=True)
            end = time.perf_counter()
            lines = proc.stdout.split("\n")
            marks = json.loads(lines[0])
            marks["exit"] = max(0.0, time.time() - float(lines[1]))
            shutil.rmtree(out)
            if i == 0:
                continue  # warm-up: bytecode and template caches
            for p in PARTS:
                rows[p].append(marks[p])
            whole.append(end - start)
            # the real command, overlapped
            pkg_dir = tmp / f"sign-{i}"
            t = time.perf_counter()
            subprocess.run(mla("sign", str(case_path), "--key", str(key), "--out",
                               str(pkg_dir), "--lang", "th,en", "--passphrase-file",
                               str(secret)), env=env, check=True, capture_output=True)
            rows.setdefault("mla-writer sign", []).append(time.perf_counter() - t)
            shutil.rmtree(pkg_dir)
            storage.save(case, case_path)  # signing records `signed`: start from approval
        total = 0.0
        for p in PARTS:
            m = statistics.median(rows[p])
            total += m
            print(f"{p:18} {m * 1000:7.0f} ms")
        print(f"{'sum of parts':18} {total * 1000:7.0f} ms  (process as timed from outside:"
              f" {statistics.median(whole) * 1000:.0f} ms; interpreter start-up is the rest)")
        sign = statistics.median(rows["mla-writer sign"])
        print(f"{'mla-writer sign':18} {sign * 1000:7.0f} ms  (whole process, parts overlapped)")


def timeline(tmp: Path, env: dict[str, str], key: Path, secret: Path, case_path: Path,
             case: Any) -> None:
    """Print the steps of one `mla-writer sign` (after a warm-up run: caches, bytecode)."""
    from mla_writer import storage

    for i in range(2):
        out = tmp / f"timeline-{i}"
        start = time.time()
        proc = subprocess.run([sys.executable, "-c", TIMELINE, repr(start), "sign",
                               str(case_path), "--key", str(key), "--out", str(out), "--lang",
                               "th,en", "--passphrase-file", str(secret)], env=env, check=False,
                              capture_output=True, text=True)
        if proc.returncode:
            raise SystemExit(f"mla-writer sign failed: {proc.stderr[-2000:]}")
        end = (time.time() - start) * 1000
        storage.save(case, case_path)  # signing records `signed`: start from approval
    print(f"{'pid':>7} {'wall ms':>8} {'cpu ms':>7}  step (one `mla-writer sign`; children"
          " have their own pid and CPU)")
    for line in proc.stderr.splitlines():
        if line.startswith("@@ "):
            print(line[3:])
    print(f"{'':7} {end:8.1f} {'':7}  process ended (as the caller saw it)")


if __name__ == "__main__":
    main()
