"""The words shaped in each face are kept in the cache folder for the next process
(`pdf_shape_cache`): the PDFs are the same bytes without the cache, with an empty one and with
one a previous process wrote; a word with a glyph that has no character (a private code, given
in order of first use) is never kept; a damaged entry is ignored."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from mla_writer.render import pdf_shape_cache, pdf_text
from mla_writer.render.pdf_text_hooks import ttfonts

ROOT = Path(__file__).resolve().parents[2]

# In a fresh process (the shaping caches live as long as the process): the SHA-256 of the
# request's and the transmittal note's PDFs per language.
_CHILD = r"""
import datetime as dt, hashlib, json, sys
from pathlib import Path
from mla_writer.domain.clock import fixed_clock
from mla_writer.render import build_document, pdf_shape_cache, pdf_writer
from mla_writer.storage import load

case = load(Path(sys.argv[2]))
clock = fixed_clock(dt.datetime(2026, 11, 2, 9, 30, tzinfo=dt.UTC))
out = {}
for lang in sys.argv[1].split(","):
    for template in (None, "transmittal"):
        doc = build_document(case, template=template, lang=lang, clock=clock)
        out[f"{lang}/{template}"] = hashlib.sha256(pdf_writer.render_pdf(doc)).hexdigest()
pdf_shape_cache.save()
print(json.dumps(out))
"""


def _digests(cache: str, langs: str = "th,en,my") -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MLA_WRITER_CACHE_DIR": cache}
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, langs, str(ROOT / "examples" / "mla-bank-records.json")],
        capture_output=True, text=True, check=True, cwd=ROOT, env=env)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def test_pdfs_are_the_same_bytes_with_and_without_kept_words(tmp_path: Path) -> None:
    without = _digests("")
    first = _digests(str(tmp_path))  # shapes every word and keeps them
    entries = sorted((tmp_path / "pdf-shapes").glob("*.shapes"))
    assert len(entries) >= 3  # Latin, Thai and Burmese faces at least
    written = {p: p.stat().st_mtime_ns for p in entries}
    again = _digests(str(tmp_path))  # reads them: nothing new to shape
    assert first == without and again == without
    assert {p: p.stat().st_mtime_ns for p in entries} == written  # not written again


def test_a_word_with_a_private_code_is_not_kept() -> None:
    pdf_text.register_fonts()
    font = ttfonts.pdfmetrics.getFont("MLA-latin")
    word = "private-code-test-word"
    pdf_shape_cache.keep(font, word, ("a\ue000", [(0, 500, 0, 0, 0, 500)] * 2, None, (500, 500)))
    assert pdf_shape_cache.stored(font, word) is pdf_shape_cache.MISSING
    pdf_shape_cache.keep(font, word, None)
    assert pdf_shape_cache.stored(font, word) is None


def test_a_damaged_entry_is_ignored(tmp_path: Path) -> None:
    good = _digests(str(tmp_path), "en")
    for entry in (tmp_path / "pdf-shapes").glob("*.shapes"):
        data = bytearray(entry.read_bytes())
        data[-10:] = b"0123456789"
        entry.write_bytes(bytes(data))
    assert _digests(str(tmp_path), "en") == good
