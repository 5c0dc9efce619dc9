"""Shared helpers for the script tests: the corpus, a sample PDF, and the extraction score."""

from __future__ import annotations

import contextlib
import difflib
import io
import re
import subprocess
import zlib
from collections import Counter
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate

from mla_writer.render import pdf_text
from mla_writer.render.document import Run
from mla_writer.render.scripts import char_script

CORPUS_DIR = Path(__file__).resolve().parent / "corpus"
LANGS = ("km", "th", "lo", "my", "zh", "vi", "en")
LANG_SCRIPT = {"km": "khmer", "th": "thai", "lo": "lao", "my": "myanmar", "zh": "han",
               "vi": "latin", "en": "latin"}


def corpus(lang: str) -> list[str]:
    return [line for line in (CORPUS_DIR / f"{lang}.txt").read_text("utf-8").splitlines()
            if line.strip()]


def body_style(size: float = 11, **kw) -> ParagraphStyle:
    kw.setdefault("fontName", pdf_text.base_font_name())
    return ParagraphStyle("body", fontSize=size, leading=size * 1.6, spaceAfter=4, **kw)


def build_pdf(paragraphs: list[list[Run]], *, style: ParagraphStyle | None = None,
              compress: bool = True, width_mm: float = 150) -> bytes:
    """A deterministic A4 PDF of `paragraphs` (lists of runs)."""
    style = style or body_style()
    buf = io.BytesIO()
    side = (210 - width_mm) / 2 * mm
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=side, rightMargin=side,
                            topMargin=20 * mm, bottomMargin=20 * mm, invariant=1,
                            pageCompression=1 if compress else 0)
    doc.build([pdf_text.paragraph(runs, style) for runs in paragraphs])
    return buf.getvalue()


def pdftotext(pdf: bytes, *options: str) -> str:
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", *options, "-", "-"], input=pdf,
                          capture_output=True, check=True)
    return done.stdout.decode("utf-8")


def extraction_scores(source: str, extracted: str) -> dict[str, float]:
    """Per script: share of the source's characters found again, in order, in `extracted`
    (whitespace ignored on both sides)."""
    src = "".join(source.replace("\u200b", " ").split())  # a zero width space is not drawn
    out = "".join(extracted.split())
    matcher = difflib.SequenceMatcher(None, src, out, autojunk=False)
    found: Counter[str] = Counter()
    total: Counter[str] = Counter(char_script(c) for c in src)
    for block in matcher.get_matching_blocks():
        found.update(char_script(c) for c in src[block.a:block.a + block.size])
    return {script: found[script] / n for script, n in total.items()}


def content_streams(pdf: bytes) -> bytes:
    """The text-drawing content streams of a PDF, decompressed."""
    out = []
    for m in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        raw = m.group(1)
        with contextlib.suppress(zlib.error):
            raw = zlib.decompress(raw)
        if b"BT" in raw:
            out.append(raw)
    return b"\n".join(out)


def spurious_spaces(source: str, extracted: str) -> list[str]:
    """Spaces inside an extracted line where the source has none (extractors put a space
    between words drawn as separate pieces). Returns some context for each."""
    gaps = set()  # whitespace-free positions preceded by whitespace in the source
    pos = 0
    for ch in source:
        if ch.isspace():
            gaps.add(pos)
        else:
            pos += 1
    bad = []
    pos = 0
    for line in extracted.splitlines():
        stripped = line.strip()
        for j, ch in enumerate(stripped):
            if ch.isspace():
                if pos not in gaps and not stripped[j - 1].isspace():
                    bad.append(stripped[max(0, j - 6):j + 6])
            else:
                pos += 1
    return bad
