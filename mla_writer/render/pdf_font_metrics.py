"""The Ascent and Descent the PDF font descriptors give for the Lao and Burmese faces: the
extents of the script's letters and digits, without the marks stacked above and below them
(PDF 32000-1, 9.8.1: "the height of glyphs for accented characters shall be excluded").

reportlab writes the font's line-spacing metrics instead, which leave room for the tallest
stacks (Noto Sans Myanmar: 1324 and -860 per 1000). Text extractors take these as the height
of every word: pdftotext then sees the words of one table row reach into the next and reads
a wrapped cell's second line after the following rows (Lao and Burmese documents lost about
1% of their text in the default reading order). What is drawn does not change. The Thai and
Khmer faces' own metrics are small enough (1061/-450, 1069/-293) and are kept.

The extents are measured with fontTools (some 100 ms for a face's outlines) and kept in the
user's cache folder, keyed by the font file (path, size, modification time) and the render code,
so a process reads two numbers instead (`cachefiles`: an entry another account could have
written is ignored and measured again).
"""

# lazy imports (start-up cost): fontTools

from __future__ import annotations

import json
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

from .. import cachefiles
from .scripts import char_script


@cache
def letter_extents(path: str, subfont: int, script: str) -> tuple[int, int]:
    """(ascent, descent) in 1/1000 em of the font's letters and digits of `script` (kept in
    the cache folder between processes)."""
    entry = _entry_path(path, subfont, script)
    raw = cachefiles.read(entry) if entry is not None else None
    if raw is not None:
        try:
            kept = json.loads(raw)
        except ValueError:
            kept = None
        if isinstance(kept, list) and len(kept) == 2 and all(type(v) is int for v in kept):
            return kept[0], kept[1]
    extents = measure_letter_extents(path, subfont, script)
    if entry is not None and cachefiles.write(entry, json.dumps(list(extents)).encode()):
        cachefiles.prune(entry.parent, "*.extents", keep=16)
    return extents


def _entry_path(path: str, subfont: int, script: str) -> Path | None:
    return cachefiles.file_entry("pdf-fonts", path, ".extents",
                                 cachefiles.source_stamp("render"), str(subfont), script)


def measure_letter_extents(path: str, subfont: int, script: str) -> tuple[int, int]:
    """`letter_extents` measured from the font's outlines."""
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

    font = TTFont(path, fontNumber=subfont, lazy=True)
    scale = 1000 / font["head"].unitsPerEm
    glyf = font["glyf"]
    top, bottom = 0, 0
    for code, name in font.getBestCmap().items():
        ch = chr(code)
        if char_script(ch) == script and unicodedata.category(ch)[0] in "LN":
            glyph = glyf[name]
            if glyph.numberOfContours:
                top, bottom = max(top, glyph.yMax), min(bottom, glyph.yMin)
    return round(top * scale), round(bottom * scale)


def describe_letters_only(font: Any, script: str, path: str, subfont: int = 0) -> None:
    """Make the FontDescriptor reportlab writes for `font` (a reportlab TTFont) carry the
    letter extents of `script` as its Ascent and Descent."""
    face = font.face
    if getattr(face, "_mla_letter_extents", None):
        return
    ascent, descent = letter_extents(path, subfont, script)
    if ascent <= 0:
        return
    add_subset = face.addSubsetObjects

    def add_subset_objects(doc: Any, fontname: str, subset: Any) -> Any:
        ref = add_subset(doc, fontname, subset)
        descriptor = doc.idToObject.get("fontDescriptor:" + fontname)
        if descriptor is not None:
            descriptor.dict["Ascent"] = ascent
            descriptor.dict["Descent"] = descent
        return ref

    face.addSubsetObjects = add_subset_objects
    face._mla_letter_extents = (ascent, descent)
