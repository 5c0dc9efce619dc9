"""Where the visible signature block goes on a page: the one rule, shared by the renderer
(which knows where it drew each line of text) and by `signing.pdf_sign` (which reads the
positions back from a finished PDF's content stream).

The block goes to the right of the document's signature line (a run of underscores), inside
the band between the nearest text above and below it in that horizontal span, so that a long
printed name never runs under its border; a narrow column puts it over the line itself.
Without a signature line on the last page it goes to the foot of the last page.
Pure geometry: no reportlab, no PDF parsing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

BOX_WIDTH, BOX_HEIGHT = 250, 46
MIN_BOX_WIDTH, MIN_BOX_HEIGHT = 160, 30
GAP = 12  # between the signature line (or other text) and the block
RIGHT_MARGIN = 36  # the block keeps this far from the page's right edge
FOOT_MARGIN, FOOT_BOTTOM = 56, 60  # the block at the foot of the page: right margin, bottom
BAND_BELOW, BAND_ABOVE = 60.0, 80.0  # how far the band search looks below / above the line

Box = tuple[int, int, int, int]


@dataclass(frozen=True)
class TextRun:
    """One shown string in page space: baseline start (x0, y), end x1, font size on the page
    (recorded by the renderer as it draws, or read back from a PDF by `signing.pdf_layout`)."""

    text: str
    x0: float
    x1: float
    y: float
    size: float
    #: written along the page's x axis (a diagonal DRAFT/TRAINING marking is not)
    upright: bool = True
    #: drawn as part of the document's n-th signature line (the renderer's record), else 0
    signature_line: int = 0

    @property
    def top(self) -> float:
        return top(self)

    @property
    def bottom(self) -> float:
        return bottom(self)



def top(run: TextRun) -> float:
    """The top of a run's glyphs (an estimate from the font size: ascenders)."""
    return run.y + 0.8 * run.size


def bottom(run: TextRun) -> float:
    """The bottom of a run's glyphs (an estimate from the font size: descenders)."""
    return run.y - 0.25 * run.size


def free_band(runs: Iterable[TextRun], line: TextRun, x0: float, x1: float) -> tuple[float, float]:
    """(lowest, highest) y around `line` with no other text between x0 and x1."""
    low, high = line.y - BAND_BELOW, line.y + BAND_ABOVE
    for run in runs:
        if (run is line or not run.upright or run.x1 <= x0 or run.x0 >= x1
                or not run.text.strip()):
            continue
        if run.y < line.y - 0.5:
            low = max(low, top(run))
        elif run.y > line.y + 0.5:
            high = min(high, bottom(run))
    return low, high


def foot_box(page_width: float) -> Box:
    """The block at the foot of a page (no signature line there)."""
    right = int(page_width - FOOT_MARGIN)
    return (right - BOX_WIDTH, FOOT_BOTTOM, right, FOOT_BOTTOM + BOX_HEIGHT)


def box_beside(line: TextRun, runs: Iterable[TextRun], page_width: float) -> Box:
    """The block right of the signature line `line`, within the free band around it
    (over the line itself in a narrow column; using room below the line when the band
    above is short; never lower than MIN_BOX_HEIGHT)."""
    x1 = line.x1 + GAP
    x2 = min(page_width - RIGHT_MARGIN, x1 + BOX_WIDTH)
    if x2 - x1 < MIN_BOX_WIDTH:  # a narrow column: over the line itself
        x1, x2 = line.x0, min(page_width - RIGHT_MARGIN, line.x0 + BOX_WIDTH)
    low, high = free_band(runs, line, x1, x2)
    low_y = max(low + 2, line.y - 4)
    top_y = min(high - 2, low_y + BOX_HEIGHT)
    if top_y - low_y < BOX_HEIGHT:  # use free room below the line too
        low_y = max(low + 2, top_y - BOX_HEIGHT)
    if top_y - low_y < MIN_BOX_HEIGHT:
        top_y = low_y + MIN_BOX_HEIGHT
    return (round(x1), round(low_y), round(x2), round(top_y))
