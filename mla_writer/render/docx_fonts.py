"""Fonts embedded in the DOCX, so that Word and LibreOffice on a machine without the bundled
Noto and WenQuanYi fonts still show Thai, Lao, Khmer, Burmese and Chinese instead of boxes.

Word's embedded-font parts (ECMA-376 Part 1, 17.8.1 and 17.8.3.3): each face is a part of the
font table (``word/fonts/fontN.odttf``), named by an ``embedRegular`` / ``embedBold`` element of
its ``w:font`` with a GUID ``w:fontKey``; the first 32 bytes of the font file are XORed with
that key (the GUID's 16 bytes in reverse order, twice). ``w:embedTrueTypeFonts`` in the
settings tells Word to keep them when it saves.

The Thai, Lao, Khmer and Burmese faces are small and embedded whole (their shaping tables must
stay complete). The Chinese face is some 5 MB: only the characters the document uses are
embedded (a subset, made with fontTools). Latin text needs nothing: every system has a face
for it. Keys are derived from the font bytes, so a document stays byte-stable.
"""

# lazy imports (start-up cost): fontTools

from __future__ import annotations

import hashlib
import io
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from .scripts import FONTS, HAN, KHMER, LAO, MYANMAR, THAI, char_script

EMBEDDED_SCRIPTS = (THAI, LAO, KHMER, MYANMAR, HAN)
CT_FONT = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
RT_FONT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font"


@dataclass(frozen=True)
class EmbeddedFace:
    """One face to embed: its family, the fontTable element naming it, obfuscated bytes."""

    family: str
    slot: str  # "embedRegular" or "embedBold"
    key: str  # "{GUID}"
    data: bytes  # the obfuscated font file
    subsetted: bool


def font_key(font: bytes) -> str:
    """A GUID in braces, derived from the font's bytes (the same font gets the same key)."""
    return "{" + str(uuid.UUID(bytes=hashlib.sha256(font).digest()[:16])).upper() + "}"


def obfuscate(font: bytes, key: str) -> bytes:
    """XOR the first 32 bytes with the key's bytes in reverse order (the operation is its own
    inverse: `obfuscate(obfuscate(f, k), k) == f`)."""
    guid = bytes.fromhex(key.strip("{}").replace("-", ""))[::-1]
    head = bytes(b ^ guid[i % 16] for i, b in enumerate(font[:32]))
    return head + font[32:]


@lru_cache(maxsize=16)
def _whole(script: str, index: int) -> EmbeddedFace:
    spec = FONTS[script]
    raw = spec.path(bold=index == 1).read_bytes()
    key = font_key(raw)
    return EmbeddedFace(spec.family, "embedBold" if index == 1 else "embedRegular", key,
                        obfuscate(raw, key), False)


@lru_cache(maxsize=32)
def _han_subset(chars: str) -> EmbeddedFace:
    """The CJK face reduced to `chars` (sorted, unique), as a TrueType font."""
    from fontTools import subset  # type: ignore[import-untyped]
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

    spec = FONTS[HAN]
    # the source font's head.modified is kept (fontTools would stamp the time of saving):
    # the same text gives the same bytes, so documents are reproducible
    font = TTFont(str(spec.path()), fontNumber=spec.subfont, lazy=True, recalcTimestamp=False)
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.drop_tables = [*options.drop_tables, "FFTM"]
    sub = subset.Subsetter(options)
    sub.populate(text=chars)
    sub.subset(font)
    buf = io.BytesIO()
    font.save(buf)
    raw = buf.getvalue()
    key = font_key(raw)
    return EmbeddedFace(spec.family, "embedRegular", key, obfuscate(raw, key), True)


def faces_for(text: Iterable[str]) -> list[EmbeddedFace]:
    """The faces a document whose text is `text` needs embedded, in a fixed order."""
    chars: set[str] = set()
    for piece in text:
        chars.update(piece)
    scripts = {char_script(c) for c in chars}
    faces: list[EmbeddedFace] = []
    for script in EMBEDDED_SCRIPTS:
        if script not in scripts:
            continue
        if script == HAN:
            han = "".join(sorted(c for c in chars if not c.isspace()))
            faces.append(_han_subset(han))
        else:
            faces.append(_whole(script, 0))
            if FONTS[script].has_bold:
                faces.append(_whole(script, 1))
    return faces
