"""reportlab's line breaking (`Paragraph.breakLines`, 5.1.0, the fragment-word branch) for the
paragraphs `pdf_text` builds, with the same lines and the same numbers, at less cost.

Why: breaking lines was about a fifth of the CPU of rendering a request. reportlab's loop
takes each word off the front of a list (the square of the paragraph's length), asks the
font registry for the width of a space and the font's ascent and descent once per word, and
once more per fragment already on the line for the space shrinkage. Here the words are
walked by index and each (font, size) is asked once per paragraph; the comparisons, the
sums and their order are reportlab's, so every line, width and fragment is the same
(tests/render/test_line_breaking.py compares the two on text in every script).

Only the case our paragraphs are in is handled (no bidi, no hyphenation, no long-word
splitting by reportlab, shaping on, fragment words made by `pdf_text`); `break_lines`
returns None otherwise and the caller uses reportlab's own.
"""

from __future__ import annotations

# isort: off
from . import reportlab_start  # noqa: F401  (first: reportlab loads without its start-up cost)
# isort: on
from collections.abc import Callable
from typing import Any

from reportlab.pdfbase.pdfmetrics import getAscentDescent, getFont, stringWidth
from reportlab.platypus import paragraph as rl_paragraph
from reportlab.platypus.paragraph import (
    _FK_BREAK,
    _FK_IMG,
    _FK_TEXT,
    FragLine,
    ParaLines,
    _getFragWords,
    _handleBulletWidth,
    _HSFrag,
    _InjectedFrag,
    _processed_frags,
    _SHYWord,
    _SplitFrag,
    imgNormV,
    imgVRange,
)


def _clone(f: Any) -> Any:
    """`f.clone()` (ABag: a new instance with a copy of the attributes), without its call."""
    g = object.__new__(type(f))
    g.__dict__ = dict(f.__dict__)
    return g


def handles(para: Any) -> bool:
    """Whether `break_lines` reproduces reportlab's breaking of `para` (else None from it)."""
    style = para.style
    if style.wordWrap or getattr(style, "hyphenationLang", "") or style.uriWasteReduce \
            or style.embeddedHyphenation or style.splitLongWords or not style.shaping:
        return False
    frags = para.frags
    if not frags or not _processed_frags(frags) or not getFont(style.fontName).shapable:
        return False
    return not any(isinstance(w, (_SHYWord, _SplitFrag)) for w in frags)


def break_lines(para: Any, width: Any) -> Any:
    """reportlab's `Paragraph.breakLines(para, width)` for a paragraph `handles` accepts:
    the same ParaLines, `para.frags` replaced by the processed words, `_width_max` set."""
    shape_frag_word = rl_paragraph.shapeFragWord  # as patched by pdf_text_hooks
    same_frag = rl_paragraph.sameFrag
    para._width_max = 0
    maxWidths = [width] if not isinstance(width, (tuple, list)) else width
    lines: list[Any] = []
    para.height = lineno = 0
    maxlineno = len(maxWidths) - 1
    style = para.style
    spaceShrinkage = style.spaceShrinkage
    para._splitLongWordCount = para._hyphenations = 0
    _handleBulletWidth(para.bulletText, style, maxWidths)
    maxWidth = maxWidths[0]
    autoLeading = getattr(para, "autoLeading", getattr(style, "autoLeading", ""))
    calcBounds = autoLeading not in ("", "off")
    frags = para.frags

    spaces: dict[tuple[str, float], float] = {}
    extents: dict[tuple[str, float], tuple[float, float]] = {}

    def space_width(font_name: str, font_size: float) -> float:
        key = (font_name, font_size)
        w = spaces.get(key)
        if w is None:
            w = spaces[key] = stringWidth(" ", font_name, font_size)
        return w

    def ascent_descent(font_name: str, font_size: float) -> tuple[float, float]:
        key = (font_name, font_size)
        ad = extents.get(key)
        if ad is None:
            ad = extents[key] = getAscentDescent(font_name, font_size)
        return ad

    njlbv = not style.justifyBreaks
    words: list[Any] = []
    counts: list[int] = []  # counts[i]: the spaces in words[i].text (kept as the texts grow)
    FW: list[Any] = []
    aFW = FW.append
    _words = [shape_frag_word(w) for w in _getFragWords(frags, maxWidth)]
    sFW = 0
    n = 0
    spaceWidth = currentWidth = 0.0
    maxSize = maxAscent = minDescent = 0.0
    g: Any = None
    for w in _words:
        aFW(w)
        f = w[-1][0]
        fontName = f.fontName
        fontSize = f.fontSize

        if not words:
            n = spaceWidth = currentWidth = 0
            maxSize = fontSize
            maxAscent, minDescent = ascent_descent(fontName, fontSize)

        wordWidth = w[0]
        f = w[1][0]
        newWidth = currentWidth + spaceWidth + wordWidth if wordWidth > 0 else currentWidth

        lineBreak = f._fkind == _FK_BREAK
        limWidth = maxWidth
        if spaceShrinkage:
            spaceShrink = spaceWidth
            for wi, ns in zip(words, counts, strict=True):
                if ns and wi._fkind == _FK_TEXT:
                    spaceShrink += ns * space_width(wi.fontName, wi.fontSize)
            spaceShrink *= spaceShrinkage
            limWidth += spaceShrink
        # (reportlab's hyphenation and long-word splitting would act here: both are off)
        endLine = (newWidth > limWidth and n > 0) or lineBreak
        if not endLine:
            if lineBreak:
                continue
            nText = w[1][1]
            if nText:
                n += 1
            fontSize = f.fontSize
            if calcBounds and f._fkind == _FK_IMG:
                descent, ascent = imgVRange(imgNormV(f.cbDefn.height, fontSize),
                                            f.cbDefn.valign, fontSize)
            else:
                ascent, descent = ascent_descent(f.fontName, fontSize)
            maxSize = max(maxSize, fontSize)
            maxAscent = max(maxAscent, ascent)
            minDescent = min(minDescent, descent)
            if not words:
                g = _clone(f)
                words = [g]
                g.text = nText
                counts = [nText.count(" ")]
            elif not same_frag(g, f):
                if spaceWidth:
                    i = len(words) - 1
                    while i >= 0:
                        wi = words[i]
                        i -= 1
                        if wi._fkind == _FK_TEXT:
                            if not wi.text.endswith(" "):
                                wi.text += " "
                                counts[i + 1] += 1
                            break
                g = _clone(f)
                words.append(g)
                g.text = nText
                counts.append(nText.count(" "))
            elif spaceWidth:
                if not g.text.endswith(" "):
                    g.text += " " + nText
                    counts[-1] += 1 + nText.count(" ")
                else:
                    g.text += nText
                    counts[-1] += nText.count(" ")
            else:
                g.text += nText
                counts[-1] += nText.count(" ")

            spaceWidth = space_width(fontName, fontSize) if isinstance(w, _HSFrag) else 0

            if len(w) > 2:
                g, ni, maxSize, maxAscent, minDescent = _more_fragments(
                    w, words, counts, calcBounds, ascent_descent, g, maxSize, maxAscent,
                    minDescent)
                if not nText and ni:
                    n += 1
            currentWidth = newWidth
        else:
            if lineBreak:
                g = _clone(f)
                words.append(g)
                llb = njlbv and not isinstance(w, _InjectedFrag)
            else:
                llb = False

            if currentWidth > para._width_max:
                para._width_max = currentWidth
            lines.append(FragLine(extraSpace=maxWidth - currentWidth, wordCount=n,
                                  lineBreak=llb, words=words, fontSize=maxSize,
                                  ascent=maxAscent, descent=minDescent, maxWidth=maxWidth,
                                  sFW=sFW))
            sFW = len(FW) - 1

            lineno += 1
            maxWidth = maxWidths[min(maxlineno, lineno)]

            if lineBreak:
                words = []
                counts = []
                continue

            spaceWidth = space_width(fontName, fontSize) if isinstance(w, _HSFrag) else 0
            currentWidth = wordWidth
            n = 1
            g = _clone(f)
            maxSize = g.fontSize
            if calcBounds and g._fkind == _FK_IMG:
                descent, ascent = imgVRange(imgNormV(g.cbDefn.height, fontSize),
                                            g.cbDefn.valign, fontSize)
            else:
                maxAscent, minDescent = ascent_descent(g.fontName, maxSize)
            words = [g]
            g.text = w[1][1]
            counts = [g.text.count(" ")]

            if len(w) > 2:
                g, _ni, maxSize, maxAscent, minDescent = _more_fragments(
                    w, words, counts, calcBounds, ascent_descent, g, maxSize, maxAscent,
                    minDescent)

    if words:
        if currentWidth > para._width_max:
            para._width_max = currentWidth
        lines.append(FragLine(extraSpace=(maxWidth - currentWidth), wordCount=n,
                              lineBreak=False, words=words, fontSize=maxSize,
                              ascent=maxAscent, descent=minDescent, maxWidth=maxWidth,
                              sFW=sFW))
    para.frags = FW
    return ParaLines(kind=1, lines=lines)


def _more_fragments(w: Any, words: list[Any], counts: list[int], calcBounds: bool,
                    ascent_descent: Callable[[str, float], tuple[float, float]], g: Any,
                    maxSize: float, maxAscent: float,
                    minDescent: float) -> tuple[Any, bool, float, float, float]:
    """A word's fragments after its first, added to the line (reportlab's inner loop, which it
    writes twice): (the last fragment added, whether any has text, the line's largest size,
    ascent and smallest descent so far)."""
    ni = False
    for i in w[2:]:
        g = _clone(i[0])
        g.text = i[1]
        if g.text:
            ni = True
        words.append(g)
        counts.append(g.text.count(" "))
        fontSize = g.fontSize
        if calcBounds and g._fkind == _FK_IMG:
            descent, ascent = imgVRange(imgNormV(g.cbDefn.height, fontSize),
                                        g.cbDefn.valign, fontSize)
        else:
            ascent, descent = ascent_descent(g.fontName, fontSize)
        maxSize = max(maxSize, fontSize)
        maxAscent = max(maxAscent, ascent)
        minDescent = min(minDescent, descent)
    return g, ni, maxSize, maxAscent, minDescent
