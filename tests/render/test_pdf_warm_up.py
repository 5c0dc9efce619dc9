"""The PDF process lays out a small sample document while it waits for its documents
(`pdf_writer.warm_up`): the PDFs written afterwards are the same bytes as a cold process's,
the sample gives no glyph a private code (which would move the codes the real text gets), and
a warm-up that fails is ignored."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from mla_writer.render import pdf_writer

ROOT = Path(__file__).resolve().parents[2]

# Builds the request and the transmittal note of an example in each language, in a fresh
# process (the shaping caches and the fonts' private codes live as long as the process), with
# or without a warm-up first, and prints their SHA-256 and the fonts' private glyphs.
_CHILD = r"""
import datetime as dt, hashlib, json, sys
from pathlib import Path
from reportlab.pdfbase import pdfmetrics
from mla_writer.domain.clock import fixed_clock
from mla_writer.render import build_document, pdf_text, pdf_writer
from mla_writer.storage import load

mode, langs, example = sys.argv[1], sys.argv[2].split(","), sys.argv[3]
pdf_text.register_fonts()
if mode in ("warm", "sample-only"):
    pdf_writer.warm_up(langs)


def private_glyphs():
    return {name: dict(getattr(pdfmetrics.getFont(name), "_TTFont__hbUnis", None) or {})
            for name in pdfmetrics.getRegisteredFontNames() if name.startswith("MLA-")}


after_warm_up = private_glyphs()
case = load(Path(example))
clock = fixed_clock(dt.datetime(2026, 11, 2, 9, 30, tzinfo=dt.UTC))
digests = {}
if mode != "sample-only":
    for lang in langs:
        for template in (None, "transmittal"):
            doc = build_document(case, template=template, lang=lang, clock=clock)
            digests[f"{lang}/{template}"] = hashlib.sha256(
                pdf_writer.render_pdf(doc)).hexdigest()
print(json.dumps({"digests": digests, "private": after_warm_up}))
"""


def _run(mode: str, langs: str, example: str = "mla-bank-records") -> dict:
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, mode, langs, str(ROOT / "examples" / f"{example}.json")],
        capture_output=True, text=True, check=True, cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "MLA_WRITER_CACHE_DIR": ""})
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


@pytest.mark.parametrize("langs", ["en", "th,my,km,lo,vi,zh"])
def test_pdfs_after_a_warm_up_are_the_same_bytes(langs: str) -> None:
    cold, warm = _run("cold", langs), _run("warm", langs)
    assert len(cold["digests"]) == 2 * len(langs.split(","))
    assert warm["digests"] == cold["digests"]


def test_the_sample_gives_no_glyph_a_private_code() -> None:
    """A Thai tone mark's small form has no character: shaping gives it the next private code
    of its font. The sample is shaped in the Latin faces only, which take none; the other
    languages' faces are loaded, not used."""
    private = _run("sample-only", "en,vi,th,lo,km,my,zh")["private"]
    assert any(name.startswith("MLA-thai") for name in private)  # their faces are loaded
    assert private and not any(private.values())


def test_a_failing_warm_up_is_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []

    def broken(*args: object, **kwargs: object) -> None:
        calls.append(args)
        raise RuntimeError("no layout")

    monkeypatch.setattr(pdf_writer, "_render", broken)
    assert pdf_writer.warm_up(["en", "th"]) is None
    assert calls  # it did try


def test_the_warm_up_stops_when_the_documents_are_there(monkeypatch: pytest.MonkeyPatch
                                                        ) -> None:
    """The documents go first: a warm-up whose pipe already holds them lays out no sample."""
    laid_out = []
    monkeypatch.setattr(pdf_writer, "_render", lambda *args, **kw: laid_out.append(args))
    reader, writer = os.pipe()
    try:
        pdf_writer.warm_up(["en"], waiting_on=reader)
        assert len(laid_out) == 1  # nothing to read yet: the whole warm-up
        os.write(writer, b"[]")
        pdf_writer.warm_up(["en"], waiting_on=reader)
        assert len(laid_out) == 1
    finally:
        os.close(reader)
        os.close(writer)
