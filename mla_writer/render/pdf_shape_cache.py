"""The words shaped in each bundled face, kept in the user's cache folder for the next process.

Shaping a word (harfbuzz, then reportlab's glyph data) costs some 20 µs; a request shapes
about a thousand distinct words, most of them the templates' own, again in every build. What
shaping gives depends only on the face file, the text, harfbuzz and our shaping code
(`pdf_text_hooks._shape_units`, in font units: the same at every size), so each face's words
are kept (marshal, behind a SHA-256 of the bytes) keyed by the file's path, size and
modification time, harfbuzz's and reportlab's versions and the render code's stamp; the next
process reads them (the build's PDF process while it waits: `pdf_writer.warm_up`) and shapes
only the words it has not seen.

A word whose glyphs include one without a character of its own is never kept: such a glyph
gets a private code from its font in order of first use in the process, and that code is
written into the PDF. Every other result is the same whatever was shaped before, so the PDFs
are the same bytes with or without the cache (tests/render/test_pdf_shape_cache.py). An entry
another account could have written, or a damaged one, is ignored (`cachefiles`).
"""

from __future__ import annotations

import hashlib
import marshal
from functools import cache
from pathlib import Path
from typing import Any

import reportlab
from reportlab.pdfbase import ttfonts

from .. import cachefiles

#: bumped when what an entry holds changes
_FORMAT = 1
#: the most words kept per face (a new start beyond it)
MAX_WORDS = 50_000
#: the private-use code points fonts give glyphs without a character (reportlab: E000-F800)
_PRIVATE = (0xE000, 0xF8FF)

#: a word's stored shaping: None (shaping changes nothing) or (glyph characters, shape data
#: as tuples, the first glyph's (actual text, length) when it carries them, x advances)
Stored = tuple[str, list[tuple[Any, ...]], tuple[str, int] | None, tuple[Any, ...]] | None
MISSING: Any = object()


class _FaceWords:
    """One face's kept words: those read from its entry and those shaped since."""

    def __init__(self, entry: Path | None) -> None:
        self.entry = entry
        self.words: dict[str, Stored] = _read(entry) if entry is not None else {}
        self.added = 0


_faces: dict[tuple[str, bytes], _FaceWords] = {}


def _face_words(font: Any) -> _FaceWords:
    face = font.face
    key = (str(getattr(face, "filename", "")), bytes(getattr(face, "subfontNameX", b"")))
    found = _faces.get(key)
    if found is None:
        found = _faces[key] = _FaceWords(_entry_path(*key) if key[0] else None)
    return found


def load(font: Any) -> None:
    """Read `font`'s kept words now (else on its first word)."""
    _face_words(font)


def stored(font: Any, text: str) -> Stored:
    """The kept shaping of `text` in `font` (see `Stored`), MISSING when there is none."""
    return _face_words(font).words.get(text, MISSING)


def keep(font: Any, text: str, value: Stored) -> None:
    """Keep the shaping of `text` in `font` (never one with a private code: see the module)."""
    if value is not None and any(_PRIVATE[0] <= ord(c) <= _PRIVATE[1] for c in value[0]):
        return
    words = _face_words(font)
    if text not in words.words:
        words.words[text] = value
        words.added += 1


def save() -> None:
    """Write the entries of the faces that shaped new words (a new start past MAX_WORDS)."""
    for words in _faces.values():
        if not words.added or words.entry is None:
            continue
        kept = words.words
        if len(kept) > MAX_WORDS:
            kept = dict(list(kept.items())[-MAX_WORDS // 2:])
        try:
            body = marshal.dumps(kept)
        except ValueError:
            words.added = 0
            continue
        if cachefiles.write(words.entry, hashlib.sha256(body).hexdigest().encode() + b"\n"
                            + body):
            cachefiles.prune(words.entry.parent, "*.shapes", keep=64)
        words.added = 0


def _entry_path(path: str, subfont: bytes) -> Path | None:
    return cachefiles.file_entry("pdf-shapes", path, ".shapes", *_code_key(),
                                 subfont.decode("latin-1"))


@cache
def _code_key() -> tuple[str, ...]:
    """What else shaped the words: our code (the render package), harfbuzz, reportlab."""
    hb = ttfonts.uharfbuzz
    versions = f"{getattr(hb, '__version__', '?')} {hb.version_string()}" if hb else "-"
    return (str(_FORMAT), reportlab.Version, versions, str(marshal.version),
            cachefiles.source_stamp("render"))


def _read(entry: Path) -> dict[str, Stored]:
    raw = cachefiles.read(entry)
    if raw is None:
        return {}
    digest, _sep, body = raw.partition(b"\n")
    if digest != hashlib.sha256(body).hexdigest().encode():
        return {}
    try:
        words = marshal.loads(body)  # noqa: S302 - our private entry (cachefiles.read)
    except (EOFError, ValueError, TypeError):
        return {}
    return words if isinstance(words, dict) else {}
