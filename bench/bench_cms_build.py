"""What a CMS signature costs now that signing.cms_build makes it (no pyHanko), beside what
pyHanko's signer cost for the same signature (the manifest's, before cms_build).

Each run is a fresh process (imports are the larger part): the import of cms_build after
signing.keys (which signing loads anyway), the first and a later `sign_digest` (EC and RSA,
detached and PAdES shapes), `max_size`, and — for comparison — importing pyHanko's signer and
making the same detached signature with it. Medians of N processes, in milliseconds.
Run: `python bench/bench_cms_build.py [--runs N]`.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = r"""
import asyncio, datetime as dt, hashlib, json, sys, time
from mla_writer.signing.keys import create_identity
ident = create_identity(None, "Sok Dara", "Director", "Ministry (fictional)", "x",
                        key_type=sys.argv[1])
digest = hashlib.sha256(b"manifest").digest()
out = {}
t = time.perf_counter()
from mla_writer.signing import cms_build
out["import cms_build"] = time.perf_counter() - t
for kind in (cms_build.DETACHED, cms_build.PADES):
    t = time.perf_counter()
    cms_build.sign_digest(kind, digest, ident)
    out[f"first sign_digest {kind}"] = time.perf_counter() - t
    t = time.perf_counter()
    for _ in range(20):
        cms_build.sign_digest(kind, digest, ident)
    out[f"sign_digest {kind}"] = (time.perf_counter() - t) / 20
    t = time.perf_counter()
    for _ in range(20):
        cms_build.max_size(kind, ident)
    out[f"max_size {kind}"] = (time.perf_counter() - t) / 20
if sys.argv[2] == "pyhanko":
    t = time.perf_counter()
    from asn1crypto import keys, x509
    from cryptography.hazmat.primitives import serialization as s
    from pyhanko.sign.signers import SimpleSigner
    from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes
    from pyhanko_certvalidator.registry import SimpleCertificateStore
    out["import pyHanko's signer"] = time.perf_counter() - t
    signer = SimpleSigner(
        signing_cert=x509.Certificate.load(ident.certificate.public_bytes(s.Encoding.DER)),
        signing_key=keys.PrivateKeyInfo.load(ident.private_key.private_bytes(
            s.Encoding.DER, s.PrivateFormat.PKCS8, s.NoEncryption())),
        cert_registry=SimpleCertificateStore())
    t = time.perf_counter()
    asyncio.run(signer.async_sign_general_data(
        b"manifest", "sha256", detached=True,
        signed_attr_settings=PdfCMSSignedAttributes(signing_time=dt.datetime.now(dt.UTC))))
    out["pyHanko detached signature"] = time.perf_counter() - t
print(json.dumps(out))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--no-pyhanko", action="store_true", help="skip the comparison")
    args = parser.parse_args()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    for key_type in ("ec", "rsa"):
        runs: list[dict[str, float]] = []
        for _ in range(args.runs):
            done = subprocess.run(
                [sys.executable, "-c", CHILD, key_type,
                 "none" if args.no_pyhanko else "pyhanko"],
                capture_output=True, text=True, check=True, env=env, cwd=ROOT)
            runs.append(json.loads(done.stdout))
        print(f"{key_type.upper()} key, median of {args.runs} processes:")
        for name in runs[0]:
            print(f"  {name:32} {1000 * statistics.median(r[name] for r in runs):9.3f} ms")


if __name__ == "__main__":
    main()
