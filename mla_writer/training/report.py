"""The trainer's report: a score table (CSV) and a PDF with a chart of the most missed items
and a per-criterion summary. The PDF uses the documents' own layout and fonts (every script
prints) and carries the training marking on every page.
"""

# lazy imports (start-up cost): render, reportlab

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

from ..domain.clock import SYSTEM_CLOCK, Clock
from ..domain.issues import DOC_DOMAIN, Date, Text
from ..i18n.formatting import format_number
from ..i18n.text import N_, render_text
from ..render.document import Block, Document, Heading, Paragraph, Run, Table
from .exercise import Exercise, localized
from .score import Score, missed_counts

MARKING = N_("TRAINING — NOT A REAL REQUEST")
#: the footer the request documents print (their catalog has it in every language)
PAGE_LABEL = Text("Page %(page)s of %(pages)s", domain=DOC_DOMAIN)


def _t(text: Text, lang: str) -> str:
    return render_text(text, lang)


def _percent(value: float, lang: str) -> str:
    return f"{format_number(round(value, 1), lang)} %"


def criterion_numbers(exercise: Exercise) -> dict[str, str]:
    """Criterion id -> its short name in tables and the chart (C1, C2 ...)."""
    return {c.id: f"C{n}" for n, c in enumerate(exercise.criteria, 1)}


def scores_csv(scores: Sequence[Score]) -> bytes:
    """One row per trainee: name, score, then 1/0 per criterion (by id), then what was missed
    and any problem reading the file. UTF-8 with a byte-order mark, so that spreadsheet
    programs read Khmer, Lao, Burmese, Thai, Chinese and Vietnamese names correctly."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    criteria = scores[0].exercise.criteria if scores else []
    writer.writerow(["trainee", "score_percent", *(c.id for c in criteria), "missed", "problem"])
    for s in scores:
        passed = {r.criterion.id: r.passed for r in s.results}
        writer.writerow([s.trainee, f"{s.percent:g}", *(int(passed[c.id]) for c in criteria),
                         " ".join(r.criterion.id for r in s.missed), s.problem])
    return buf.getvalue().encode("utf-8-sig")


@dataclass(frozen=True)
class _Parts:
    head: list[Block]
    tail: list[Block]
    bars: list[tuple[str, int]]  # (C-number, trainees who missed it), most missed first
    marked: int  # case files that could be read


def _cell(text: str, lang: str) -> list[Paragraph]:
    return [Paragraph([Run(text, lang)])]


def _parts(scores: Sequence[Score], exercise: Exercise, lang: str, clock: Clock) -> _Parts:
    numbers = criterion_numbers(exercise)
    marked = [s for s in scores if not s.problem]
    n = len(marked)
    title = N_("Trainer's report: %(title)s", title=exercise.title_in(lang))
    head: list[Block] = [Heading(1, [Run(_t(title, lang), lang)])]

    def para(text: Text) -> None:
        head.append(Paragraph([Run(_t(text, lang), lang)]))

    para(N_("Exercise %(id)s: %(count)s case file(s) marked on %(date)s, with the law as on"
            " %(law)s.", id=exercise.id, count=format_number(len(scores), lang),
            date=Date(clock.today()), law=Date(exercise.date)))
    unreadable = len(scores) - n
    if unreadable:
        para(N_("%(count)s file(s) could not be read: they score 0 and are left out of the"
                " figures below.", count=format_number(unreadable, lang)))
    if marked:
        values = [s.percent for s in marked]
        para(N_("Average score %(average)s; highest %(high)s; lowest %(low)s.",
                average=_percent(sum(values) / n, lang), high=_percent(max(values), lang),
                low=_percent(min(values), lang)))
    head.append(Heading(2, [Run(_t(N_("Scores"), lang), lang)]))
    rows = [[_cell(_t(N_("Trainee"), lang), lang), _cell(_t(N_("Score"), lang), lang),
             _cell(_t(N_("Missed"), lang), lang)]]
    for s in sorted(scores, key=lambda s: (-s.percent, s.trainee)):
        missed = ", ".join(numbers[r.criterion.id] for r in s.missed)
        if s.problem:
            missed = _t(N_("The case file cannot be read."), lang)
        rows.append([_cell(s.trainee, lang), _cell(_percent(s.percent, lang), lang),
                     _cell(missed or "—", lang)])
    head.append(Table(rows, header_rows=1, widths=[3.2, 1.0, 2.4]))
    head.append(Heading(2, [Run(_t(N_("Most missed items"), lang), lang)]))
    counts = missed_counts(scores)
    bars = [(numbers[c.id], k) for c, k in counts if k]
    if not bars:
        head.append(Paragraph([Run(_t(N_("No item was missed."), lang), lang)]))
    tail: list[Block] = [Heading(2, [Run(_t(N_("Per criterion"), lang), lang)])]
    rows = [[_cell(_t(N_("No."), lang), lang), _cell(_t(N_("Criterion"), lang), lang),
             _cell(_t(N_("Missed by"), lang), lang), _cell(_t(N_("Legal source"), lang), lang),
             _cell(_t(N_("Why it was missed (first case)"), lang), lang)]]
    for c, k in counts:
        first = next((r for s in marked for r in s.missed if r.criterion.id == c.id), None)
        source = first.source.citation if first is not None else ""
        if first is not None and first.source.status == "unverified":
            source = _t(N_("%(citation)s (unverified)", citation=source), lang)
        rows.append([_cell(numbers[c.id], lang), _cell(localized(c.label, lang), lang),
                     _cell(f"{format_number(k, lang)} / {format_number(n, lang)}", lang),
                     [Paragraph([Run(source, "en")])] if source else _cell("—", lang),
                     _cell(first.reason_in(lang) if first is not None else "—", lang)])
    tail.append(Table(rows, header_rows=1, widths=[0.5, 2.0, 0.8, 2.0, 2.8]))
    return _Parts(head, tail, bars, n)


def _chart(bars: list[tuple[str, int]], trainees: int, width: float) -> object:
    """A horizontal bar chart: criterion numbers (Latin, any font prints them) against how
    many trainees missed each."""
    from reportlab.graphics.charts.barcharts import HorizontalBarChart
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib import colors

    from ..render import pdf_text

    font = pdf_text.base_font_name()
    row = 16
    height = row * len(bars) + 40
    drawing = Drawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = 40, 25
    chart.width, chart.height = width - 60, row * len(bars)
    chart.data = [[k for _n, k in reversed(bars)]]
    chart.categoryAxis.categoryNames = [name for name, _k in reversed(bars)]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 8
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 8
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = max(trainees, 1)
    chart.valueAxis.valueStep = max(1, trainees // 10 or 1)
    chart.bars[0].fillColor = colors.HexColor("#b00020")
    chart.bars[0].strokeColor = None
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = 8
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    return drawing


def report_pdf(scores: Sequence[Score], exercise: Exercise, *, lang: str = "en",
               clock: Clock | None = None) -> bytes:
    """The trainer's report as PDF bytes, in `lang`."""

    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

    from ..render import pdf_text
    from ..render.pdf_writer import (
        MARGIN_BOTTOM,
        MARGIN_TOP,
        MARGIN_X,
        _decorator,
        _Layout,
        _NumberedCanvas,
        _styles,
    )

    clock = clock or SYSTEM_CLOCK
    pdf_text.register_fonts()
    parts = _parts(scores, exercise, lang, clock)
    doc = Document(title=render_text(N_("Trainer's report: %(title)s",
                                        title=exercise.title_in(lang)), lang),
                   lang=lang, reference=exercise.id, marking=render_text(MARKING, lang),
                   created=clock.now(), author="mla-writer training",
                   page_label=render_text(PAGE_LABEL, lang))
    width, height = A4
    frame = Frame(MARGIN_X, MARGIN_BOTTOM, width - 2 * MARGIN_X,
                  height - MARGIN_TOP - MARGIN_BOTTOM, id="body", leftPadding=0,
                  rightPadding=0, topPadding=0, bottomPadding=0)
    buf = io.BytesIO()
    template = BaseDocTemplate(buf, pagesize=A4, invariant=1, title=doc.title,
                               author=doc.author, creator="mla-writer", lang=lang,
                               initialFontName=pdf_text.base_font_name())
    styles = _styles()
    before, after = _decorator(doc, styles)
    template.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=before)])
    layout = _Layout(styles, frame._width)
    story = layout.blocks(parts.head)
    if parts.bars:
        story.append(_chart(parts.bars, parts.marked, frame._width))
    story += layout.blocks(parts.tail)
    template.build(story, canvasmaker=partial(_NumberedCanvas, decorate=after,
                                              created=doc.created))
    return buf.getvalue()
