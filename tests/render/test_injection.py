"""User text is data: an injection corpus in every free-text field comes back literally."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from mla_writer.domain.clock import fixed_clock
from mla_writer.domain.model import RequestKind
from mla_writer.render import build_document
from mla_writer.render.docx_writer import write_docx
from mla_writer.render.pdf_writer import write_pdf
from mla_writer.render.text import clean

from .helpers import docx_text, full_case, norm, pdf_text, squash

CLOCK = fixed_clock(dt.datetime(2026, 11, 2, 9, 30, tzinfo=dt.UTC))
CORPUS = (
    "{{ 7*7 }}", "{% for x in y %}", "{# c #}", "<font color=red>", "&amp;", "&lt;", "</para>",
    "<", ">", '"', "'", "<br/>", "<b>b</b>", "%(state)s", "%s", "${x}", "\\n",
    "\x00", "\x07", "\x1b[31m", "\x7f", "\u0085", "\r\n", "\t",
)
LONG_WORD = "Antidisestablishmentarianism" * 8  # 224 letters, no break opportunity

#: parts of the model a kind of request does not print (they belong to another kind)
NOT_FOR_KIND = {
    RequestKind.MLA: ("$.request.extradition.", "$.request.supplementary."),
    RequestKind.SUPPLEMENTARY: ("$.request.extradition.",),
    RequestKind.EXTRADITION: ("$.request.supplementary.",
                              "$.request.extradition.urgency_reason"),
    RequestKind.PROVISIONAL_ARREST: ("$.request.supplementary.",),
}


def _case(kind: RequestKind, payload: str):
    """A full case of `kind` whose every str field is `<unique tag> <payload>`."""
    counter = itertools.count(1)
    fields: dict[str, str] = {}

    def make_str(path: str) -> str:
        value = f"Zq{next(counter):04d} {payload}"
        fields[path] = value
        return value

    case = full_case(kind, make_str)
    # ids link persons to assistance items and the person sought: keep the first person's id
    case.request.extradition.person_id = case.request.persons[0].id
    fields.pop("$.request.extradition.person_id")
    printed = {p: v for p, v in fields.items() if not p.startswith(NOT_FOR_KIND[kind])
               and not p.endswith("].id")}  # internal ids ("O1", "P2") are not printed
    return case, printed


def _without_repeated_headers(text: str, doc) -> str:
    """PDF text without the header rows a table repeats on a new page: a row split by a page
    break then reads as one piece, as in the DOCX."""
    from mla_writer.render.document import Table, _block_text

    headers = {_block_text(Table(b.rows[:b.header_rows])) for b in doc.blocks
               if isinstance(b, Table) and b.header_rows}
    heads = {" ".join(h.replace(" | ", " ").split()) for h in headers}
    return "\n".join(line for line in text.split("\n") if " ".join(line.split()) not in heads)


@pytest.mark.parametrize("kind", list(RequestKind))
def test_injection_corpus_in_every_free_text_field_renders_literally(kind, tmp_path) -> None:
    payload = " ".join(CORPUS)
    case, fields = _case(kind, payload)
    assert len(fields) > 150
    doc = build_document(case, clock=CLOCK)
    write_docx(doc, tmp_path / "x.docx")
    write_pdf(doc, tmp_path / "x.pdf")
    model_text = norm(doc.plain_text())
    files = {"docx": squash(docx_text(tmp_path / "x.docx")),
             "pdf": squash(_without_repeated_headers(pdf_text(tmp_path / "x.pdf"), doc))}
    expected_payload = clean(payload)
    assert "\x00" not in expected_payload and "{{ 7*7 }}" in expected_payload
    for path, value in fields.items():
        expected = clean(value)
        assert norm(expected) in model_text, f"model: {path}"
        for fmt, text in files.items():
            assert squash(expected) in text, f"{fmt}: {path}"


def test_very_long_words_are_kept_whole(tmp_path) -> None:
    case, fields = _case(RequestKind.MLA, LONG_WORD)
    case.request.assistance = case.request.assistance[:2]
    fields = {p: v for p, v in fields.items() if "assistance[" not in p
              or p.startswith(("$.request.assistance[0]", "$.request.assistance[1]"))}
    doc = build_document(case, clock=CLOCK)
    write_docx(doc, tmp_path / "x.docx")
    write_pdf(doc, tmp_path / "x.pdf")
    docx_body = squash(docx_text(tmp_path / "x.docx"))
    pdf_body = squash(_without_repeated_headers(pdf_text(tmp_path / "x.pdf"), doc))
    for path, value in fields.items():
        assert squash(value) in docx_body, path
        assert squash(value) in pdf_body, path


@pytest.mark.parametrize("kind", list(RequestKind))
def test_empty_strings_everywhere_render_without_blanks(kind, tmp_path) -> None:
    case = full_case(kind, lambda path: "")
    for template in (None, "transmittal"):
        doc = build_document(case, template=template, clock=CLOCK)
        write_docx(doc, tmp_path / "e.docx")
        write_pdf(doc, tmp_path / "e.pdf")
        text = docx_text(tmp_path / "e.docx")
        assert "None" not in text
        assert "Zq" not in text


def test_a_table_cell_longer_than_a_page_flows_over_pages(tmp_path) -> None:
    from mla_writer.domain.model import CaseFile

    from .helpers import pdf_page_count, words

    case = CaseFile()
    case.request.requesting_authority.address = " ".join(
        f"Address line number {i}." for i in range(600))
    doc = build_document(case, clock=CLOCK)
    write_docx(doc, tmp_path / "l.docx")
    write_pdf(doc, tmp_path / "l.pdf")
    assert pdf_page_count(tmp_path / "l.pdf") >= 3
    assert words(docx_text(tmp_path / "l.docx")) == words(pdf_text(tmp_path / "l.pdf"))


NATIVE = {
    "th": "พิมพ์ชนก วงศ์สวัสดิ์", "km": "សុខ ដារា ព្រះរាជាណាចក្រកម្ពុជា", "lo": "ສົມສັກ ແກ້ວມະນີ",
    "my": "မောင်မောင် ရန်ကုန်", "zh": "王小明 云南省昆明市", "vi": "Đoàn Minh Quang, Hà Nội",
}


def test_names_in_every_script_survive_both_formats(tmp_path) -> None:
    from mla_writer.domain.model import CaseFile, Person

    case = CaseFile()
    case.request.persons = [Person(id=f"P{i}", family_name=lang.upper(), native_script_name=text)
                            for i, (lang, text) in enumerate(NATIVE.items())]
    doc = build_document(case, clock=CLOCK)
    write_docx(doc, tmp_path / "s.docx")
    write_pdf(doc, tmp_path / "s.pdf")
    docx_body = docx_text(tmp_path / "s.docx")
    pdf_body = squash(pdf_text(tmp_path / "s.pdf"))
    for text in NATIVE.values():
        assert text in docx_body
        assert squash(text) in pdf_body


@pytest.mark.parametrize("kind", list(RequestKind))
def test_blank_or_control_only_text_counts_as_empty(kind) -> None:
    from mla_writer.render.document import Heading

    case = full_case(kind, lambda path: " \t\n\x00\x07 ")
    doc = build_document(case, clock=CLOCK)
    # (an assistance item of a given type is information even with no details: h3 may stay)
    for before, after in zip(doc.blocks, [*doc.blocks[1:], None], strict=True):
        if isinstance(before, Heading) and before.level == 2:
            assert not (isinstance(after, Heading) and after.level <= 2), before.runs
