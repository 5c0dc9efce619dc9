"""Byte identity of the built documents before and after a change (speed work must not move a
byte).

Builds every example in every language with complete translations, as DOCX and PDF, with a
fixed clock, through the `mla-writer build` command in a fresh process (cold caches, the way
users run it), and prints one SHA-256 line per file.

  python bench/byte_identity.py --save before.txt     # on the old code
  python bench/byte_identity.py --compare before.txt  # on the new code: exit 1 on a difference
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ("mla-bank-records", "mla-freezing-electronic", "extradition-accused",
            "provisional-arrest")
NOW = "2026-11-02T09:30+07:00"
LANGS = "en,th,km,lo,my,vi,zh_Hans"


def digests() -> dict[str, str]:
    """File name -> SHA-256 of every document built from the examples."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="mla-bytes-") as tmp:
        for name in EXAMPLES:
            folder = Path(tmp) / name
            cmd = [sys.executable, "-m", "mla_writer", "build", f"example:{name}", "--out",
                   str(folder), "--now", NOW, "--draft", "--bilingual"]
            for lang in _ready_languages():
                cmd += ["--lang", lang]
            subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL, cwd=tmp)
            for path in sorted(folder.iterdir()):
                out[f"{name}/{path.name}"] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def _ready_languages() -> list[str]:
    sys.path.insert(0, str(ROOT))
    from mla_writer.render.build import document_languages_ready

    return sorted(document_languages_ready())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--save", type=Path, metavar="FILE")
    group.add_argument("--compare", type=Path, metavar="FILE")
    args = parser.parse_args()
    now = digests()
    lines = [f"{digest}  {name}" for name, digest in sorted(now.items())]
    if args.save:
        args.save.write_text("\n".join(lines) + "\n", "utf-8")
        print(f"{len(lines)} documents saved to {args.save}")
        return 0
    before = dict(reversed(line.split("  ", 1))  # type: ignore[misc]
                  for line in args.compare.read_text("utf-8").splitlines() if line)
    differ = sorted(n for n in before.keys() | now.keys() if before.get(n) != now.get(n))
    for name in differ:
        print(f"DIFFERENT {name}")
    print(f"{len(now)} documents, {len(differ)} different from {args.compare}")
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
