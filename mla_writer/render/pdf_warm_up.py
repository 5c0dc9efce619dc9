"""The small document the PDF writer lays out, in memory, while its process waits for the real
documents (`pdf_writer.warm_up`).

A process pays for the first use of each path through reportlab and our text code (the
styles' prepared variants and prototype fragments, the ICU break iterators, the harfbuzz
faces, the script splitter's tables, modules imported on first use): some 10 ms of CPU of a
request's first layout. The build's PDF process is forked before the case is even loaded
and then waits for its documents on an otherwise idle core: laying out this sample there moves
that cost off the build's critical path.

The sample touches every kind of block and paragraph style the templates use, in the faces
of the Latin script (regular, bold, italic, bold italic). Text in other scripts is only
segmented (ICU, script splitting) and its faces loaded, never shaped: shaping a glyph that
has no character of its own (a Thai tone mark's small form) gives it a private code in the
font, in order of first use, and that code is written into the PDF's text map, so a sample
must not take one before a real document does (tests/render/test_pdf_warm_up.py checks that
the Latin sample takes none). What the sample leaves behind (registered faces, prepared
styles, shaped Latin words) is the same whichever document comes first, so the real PDFs
are the same bytes.
"""

from __future__ import annotations

import datetime as dt

from .document import (
    Columns,
    Document,
    Heading,
    ListBlock,
    Paragraph,
    Run,
    SignatureBlock,
    Table,
)

#: common words, digits and punctuation of a request, with Vietnamese letters (Latin faces)
_TEXT = ("The requesting authority asks, under Article 18(3) of the Treaty of 12/03/2026, "
         "for copies of the “account statements” held by Ngân hàng Đông Á — see § 4.1; "
         "amount: USD 12,500.00 (7.5%) and e-mail: office@example.org.")

#: a few words per language, segmented and split by script while the process waits (their
#: ICU dictionaries and break rules load on first use)
SEGMENT_SAMPLES = {
    "en": "Mutual legal assistance request",
    "vi": "Yêu cầu tương trợ tư pháp về hình sự",
    "th": "คำร้องขอความช่วยเหลือทางกฎหมายในเรื่องทางอาญา",
    "lo": "ຄຳຮ້ອງຂໍການຊ່ວຍເຫຼືອທາງດ້ານກົດໝາຍ",
    "km": "សំណើសុំជំនួយទៅវិញទៅមកផ្នែកច្បាប់",
    "my": "ရာဇဝတ်မှုဆိုင်ရာ ဥပဒေအကူအညီ တောင်းခံချက်",
    "zh": "刑事司法协助请求书",
}


def sample_document() -> Document:
    """A one-page document with every kind of block, paragraph style and run formatting."""
    runs = [Run(_TEXT), Run(" Bold text,", bold=True), Run(" italic text", italic=True),
            Run(" and", bold=True, italic=True), Run(" underlined.", underline=True)]
    body = Paragraph(runs)

    def short(text: str, style: str = "body") -> Paragraph:
        return Paragraph([Run(text)], style)  # type: ignore[arg-type]

    return Document(
        title="Sample", lang="en", reference="SAMPLE/2026/0001", confidential="CONFIDENTIAL",
        template="sample", created=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        blocks=[
            short("Request for mutual legal assistance", "title"),
            Heading(1, [Run("1. Requesting authority")]),
            Heading(2, [Run("1.1 Facts")]),
            Heading(3, [Run("Offences")]),
            body,
            short("Label:", "label"),
            short("A note in smaller text.", "note"),
            short("Small print.", "small"),
            short("Street 1, City", "address"),
            short("Hanoi, 2 November 2026", "right"),
            short("Centred line", "center"),
            ListBlock([[short("First item.")], [short("Second item.")]], ordered=True),
            ListBlock([[short("A bullet.")]]),
            Table([[[short("Name")], [short("Date")]],
                   [[body], [short("01/02/2026")]]], header_rows=1, widths=[3, 1]),
            Table([[[short("Reference")], [short("SAMPLE/2026/0001")]]], widths=[1, 2]),
            Columns([[short("Left column.")], [short("Right column.")]]),
            SignatureBlock([[Run("Hanoi, 2 November 2026")], [Run("____________")],
                            [Run("Name Surname", bold=True)]]),
        ])
