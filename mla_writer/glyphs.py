"""The fonts bundled for the PDF, and which characters they can draw (from their character maps).

The PDF writer sets every piece of text in one of these faces (mla_writer.render.scripts picks
the face per script, and a character its script's face lacks goes to a face that has it), so
a character none of them maps prints as an empty box. The checks read this module to say so
(`printable`, `unprintable_chars`) without loading the renderer. Each face's map is read once.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .resources import data_dir

LATIN, THAI, LAO, KHMER, MYANMAR, HAN = "latin", "thai", "lao", "khmer", "myanmar", "han"
#: the scripts with a bundled font, in the order a character's font is looked for
SCRIPTS = (LATIN, THAI, LAO, KHMER, MYANMAR, HAN)


@dataclass(frozen=True, slots=True)
class FontSpec:
    """The bundled faces for one script, their PDF names, and how DOCX tags text in it."""

    script: str
    family: str  # font family name as Word and LibreOffice know it
    files: tuple[str, str, str, str]  # regular, bold, italic, bold italic (file names in fonts/)
    subfont: int  # face index inside a .ttc collection
    docx_slot: str  # "ascii" (Latin), "eastAsia" (Chinese) or "cs" (complex scripts)
    lang_tag: str  # w:lang value for this script's text
    has_bold: bool  # False: the family has no bold face; writers embolden another way

    def pdf_name(self, bold: bool = False, italic: bool = False) -> str:
        """The name under which `pdf_text.register_fonts` registers this face."""
        suffix = {(False, False): "", (True, False): "-Bold", (False, True): "-Italic",
                  (True, True): "-BoldItalic"}[(bold, italic)]
        return f"MLA-{self.script}{suffix}"

    def path(self, bold: bool = False, italic: bool = False) -> Path:
        index = (2 if italic else 0) + (1 if bold else 0)
        return data_dir("fonts") / self.files[index]


def _spec(script: str, family: str, stem: str, slot: str, tag: str) -> FontSpec:
    files = (f"{stem}-Regular.ttf", f"{stem}-Bold.ttf", f"{stem}-Regular.ttf", f"{stem}-Bold.ttf")
    return FontSpec(script, family, files, 0, slot, tag, True)


FONTS: dict[str, FontSpec] = {
    LATIN: FontSpec(LATIN, "Noto Sans", ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf",
                    "NotoSans-Italic.ttf", "NotoSans-BoldItalic.ttf"), 0, "ascii", "en-GB", True),
    THAI: _spec(THAI, "Noto Sans Thai", "NotoSansThai", "cs", "th-TH"),
    LAO: _spec(LAO, "Noto Sans Lao", "NotoSansLao", "cs", "lo-LA"),
    KHMER: _spec(KHMER, "Noto Sans Khmer", "NotoSansKhmer", "cs", "km-KH"),
    MYANMAR: _spec(MYANMAR, "Noto Sans Myanmar", "NotoSansMyanmar", "cs", "my-MM"),
    HAN: FontSpec(HAN, "WenQuanYi Micro Hei", ("wqy-microhei.ttc",) * 4, 0, "eastAsia", "zh-CN",
                  False),
}


def font_for_script(script: str) -> FontSpec:
    """The bundled font for `script` (one of SCRIPTS); unknown scripts get the Latin font."""
    return FONTS.get(script, FONTS[LATIN])


@cache
def coverage(script: str) -> frozenset[int]:
    """Code points the script's regular face maps (read once from the bundled font)."""
    from reportlab.pdfbase.ttfonts import TTFontFile

    spec = font_for_script(script)
    face = TTFontFile(str(spec.path()), subfontIndex=spec.subfont)
    return frozenset(face.charToGlyph)


def covers(script: str, ch: str) -> bool:
    """Whether the font chosen for `script` has a glyph for `ch`."""
    return ord(ch) in coverage(script)


def covering_script(ch: str) -> str | None:
    """The first script (in SCRIPTS order) whose bundled font has a glyph for `ch`."""
    cp = ord(ch)
    return next((s for s in SCRIPTS if cp in coverage(s)), None)


_PRINTABLE: dict[str, bool] = {}


def printable(ch: str) -> bool:
    """Whether the PDF can draw `ch`: some bundled font has a glyph for it (the script
    splitter of mla_writer.render.scripts gives it that font), or it is an ASCII space or
    control (a line feed, a tab). The faces are read in SCRIPTS order, the large CJK face
    last, so text the small faces cover never reads it."""
    found = _PRINTABLE.get(ch)
    if found is None:
        if ch.isascii():
            found = ch.isspace() or not ch.isprintable() or covers(LATIN, ch)
        else:
            found = covering_script(ch) is not None
        if len(_PRINTABLE) < 100_000:
            _PRINTABLE[ch] = found
    return found


#: characters found printable so far: most texts are then checked by one set operation
_SEEN_PRINTABLE: set[str] = set()


def unprintable_chars(text: str) -> set[str]:
    """The distinct characters of `text` that no bundled font can draw (see `printable`)."""
    if text.isascii() or _SEEN_PRINTABLE.issuperset(text):
        return set()
    new = set(text).difference(_SEEN_PRINTABLE)
    bad = {ch for ch in new if not printable(ch)}
    if len(_SEEN_PRINTABLE) < 100_000:
        _SEEN_PRINTABLE.update(new - bad)
    return bad
