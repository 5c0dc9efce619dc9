"""Time signing and verifying a package of the bank-records example.

Prints: key creation and loading (PBKDF2, 600 000 rounds; PKCS#12 MAC, 1 200 000 rounds),
the cost of one wrong passphrase guess (what slows an offline guesser), one PDF signature, a
whole package (documents in the default languages, every PDF signed, manifest CMS) and its
verification.
Run: `python bench/bench_sign.py`.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mla_writer import review, storage
from mla_writer.signing import (
    WrongPassphrase,
    create_identity,
    load_identity,
    verify_package,
)
from mla_writer.signing.pdf_sign import sign_document
from mla_writer.workflow.package import build_package

ROOT = Path(__file__).resolve().parent.parent
PASSPHRASE = "bench passphrase"


def timed(fn: Callable[[], object], runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def approved_case():
    case = storage.load(ROOT / "examples" / "mla-bank-records.json")
    review.submit(case, "Drafter")
    review.approve(case, "Reviewer")
    return case


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        t, _ = timed(lambda: create_identity(work / "rsa.p12", "Bench Signer", "Director",
                                             "Ministry", PASSPHRASE, key_type="rsa"), 3)
        print(f"create RSA-3072 identity + encrypted PKCS#12: {t * 1000:7.0f} ms")
        t, _ = timed(lambda: create_identity(work / "ec.p12", "Bench Signer", "Director",
                                             "Ministry", PASSPHRASE, key_type="ec"), 3)
        print(f"create EC P-256 identity + encrypted PKCS#12: {t * 1000:7.0f} ms")
        def wrong_guess(path: Path) -> None:
            try:
                load_identity(path, "a wrong guess here")
            except WrongPassphrase:
                return
            raise AssertionError("a wrong passphrase opened the key")

        for kind in ("rsa", "ec"):
            t, ident = timed(lambda k=kind: load_identity(work / f"{k}.p12", PASSPHRASE), 3)
            print(f"load {kind:3} key file (passphrase check):    {t * 1000:7.0f} ms")
            t, _ = timed(lambda k=kind: wrong_guess(work / f"{k}.p12"), 5)
            print(f"one wrong passphrase guess ({kind}):         {t * 1000:7.1f} ms"
                  f"  (~{1 / t:,.0f} guesses/s)")
            from mla_writer.render import build_document

            doc = build_document(approved_case(), lang="en")
            t, _ = timed(lambda i=ident, d=doc: sign_document(
                d, i, review.SYSTEM_CLOCK.now()), 5)
            print(f"render + sign request PDF ({kind}, visible block): {t * 1000:7.0f} ms")
            runs = 3
            counter = iter(range(runs))
            t, result = timed(lambda i=ident, k=kind, n=counter: build_package(
                approved_case(), work / f"pkg-{k}-{next(n)}", i, make_zip=True), runs)
            files = len(result.manifest["files"])  # type: ignore[attr-defined]
            langs = ",".join(result.manifest["languages"])  # type: ignore[attr-defined]
            print(f"build + sign package ({kind}, {files} files, {langs}): {t * 1000:7.0f} ms")
            folder = result.directory  # type: ignore[attr-defined]
            t, report = timed(lambda f=folder, i=ident: verify_package(f, trust=i.certificate), 5)
            assert report.ok, report.problems  # type: ignore[attr-defined]
            print(f"verify package folder ({kind}):                {t * 1000:7.0f} ms")
            zipped = result.zip_path  # type: ignore[attr-defined]
            t, report = timed(lambda z=zipped, i=ident: verify_package(z, trust=i.certificate), 5)
            assert report.ok
            print(f"verify package zip ({kind}):                   {t * 1000:7.0f} ms")


if __name__ == "__main__":
    main()
