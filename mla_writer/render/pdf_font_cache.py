"""The bundled faces as reportlab TTFonts, their parsed tables kept in the user's cache folder.

reportlab reads every face's character map, widths and glyph offsets in Python when a TTFont
is made: some 12 ms per Noto Sans face, some 50 ms for a Latin request's four faces and the
Thai pair before its first page. What that parse produces depends only on the font file and
reportlab's code, so it is kept (marshal, behind a SHA-256 of its bytes) keyed by the file's
path, size and modification time and the reportlab version; the next process rebuilds the face
from the entry and the file's bytes in about a tenth of the time. The font made from an entry
has the same attributes, with the same values, as a parsed one (tests/render/
test_pdf_font_cache.py compares every bundled face), so the PDFs are the same bytes. An entry
another account could have written, or a damaged one, is ignored and the file parsed again
(`cachefiles`); when caches are kept in memory only, every process parses.
"""

from __future__ import annotations

import hashlib
import marshal
from fnmatch import fnmatch
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

import reportlab
from reportlab import rl_config
from reportlab.pdfbase import ttfonts
from reportlab.pdfbase.ttfonts import TTEncoding, TTFNameBytes, TTFont, TTFontFace

from .. import cachefiles

#: bumped when what an entry holds changes
_FORMAT = 1
#: face attributes not kept: the file's bytes (read again) and the scale function (made again)
_NOT_KEPT = ("_ttf_data", "_pdfScale")
#: keeps a TTFNameBytes (a face's names) apart from plain bytes in an entry
_NAME = "TTFNameBytes"


def load_font(name: str, path: str, subfont: int = 0) -> TTFont:
    """`TTFont(name, path, subfontIndex=subfont)`, its face rebuilt from the cache entry when
    there is a good one (and the entry written after a parse when there is none)."""
    entry = _entry_path(path, subfont)
    state = _read(entry) if entry is not None else None
    if state is not None:
        try:
            return _font_from_face(name, _face_from_state(state, path))
        except (KeyError, TypeError, ValueError, OSError):
            pass  # an entry of another shape, or the file went away: parse it
    font = _parse(name, path, subfont)
    if entry is not None:
        _write(entry, font.face)
    return font


def _parse(name: str, path: str, subfont: int) -> TTFont:
    return TTFont(name, path, subfontIndex=subfont)


def _entry_path(path: str, subfont: int) -> Path | None:
    return cachefiles.file_entry("pdf-fonts", path, ".face", str(_FORMAT), reportlab.Version,
                                 str(marshal.version), str(subfont))


def _state(face: TTFontFace) -> dict[str, Any]:
    """The face's attributes as marshal-able values, in their order."""
    out: dict[str, Any] = {}
    for key, value in face.__dict__.items():
        if key in _NOT_KEPT:
            out[key] = None  # keeps the attribute's place
        elif isinstance(value, TTFNameBytes):
            out[key] = (_NAME, bytes(value))
        else:
            out[key] = value
    return out


def _write(entry: Path, face: TTFontFace) -> None:
    try:
        body = marshal.dumps(_state(face))
    except ValueError:  # a value marshal cannot keep (another reportlab): parse every time
        return
    if cachefiles.write(entry, hashlib.sha256(body).hexdigest().encode() + b"\n" + body):
        cachefiles.prune(entry.parent, "*.face", keep=64)


def _read(entry: Path) -> dict[str, Any] | None:
    raw = cachefiles.read(entry)
    if raw is None:
        return None
    digest, _sep, body = raw.partition(b"\n")
    if digest != hashlib.sha256(body).hexdigest().encode():
        return None
    try:
        state = marshal.loads(body)  # noqa: S302 - our private entry (cachefiles.read)
    except (EOFError, ValueError, TypeError):
        return None
    return state if isinstance(state, dict) else None


def _face_from_state(state: dict[str, Any], path: str) -> TTFontFace:
    """The TTFontFace the parse made: its attributes, the file's bytes and the scale
    function reportlab 5.1.0's extractInfo makes."""
    face = TTFontFace.__new__(TTFontFace)
    attrs = face.__dict__
    for key, value in state.items():
        if type(value) is tuple and len(value) == 2 and value[0] == _NAME:
            value = TTFNameBytes(value[1])
        attrs[key] = value
    with open(path, "rb") as fh:
        attrs["_ttf_data"] = fh.read()
    units = state["unitsPerEm"]
    if units == 1000:
        attrs["_pdfScale"] = lambda x: x
    else:
        mult = 1000 / units
        attrs["_pdfScale"] = lambda x: x * mult
    return face


def _font_from_face(name: str, face: TTFontFace) -> TTFont:
    """What reportlab 5.1.0's TTFont.__init__ makes around a face (defaults: no validation,
    ASCII-readable subsets as configured, shaping on unless the name is excluded)."""
    font = TTFont.__new__(TTFont)
    font.fontName = name
    font.face = face
    font.encoding = TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable
    font.shapable = not any(fnmatch(name, glob) for glob in ttfonts.unShapedFontGlob)
    return font
