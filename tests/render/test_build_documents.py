"""`build_documents`: file names, languages, progress, bilingual layout, atomic writes."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from mla_writer import i18n
from mla_writer.domain.clock import fixed_clock
from mla_writer.domain.freetext import missing_translations
from mla_writer.domain.model import CaseFile
from mla_writer.render import build, build_document, build_documents, default_languages
from mla_writer.render.build import bilingual_document, slug
from mla_writer.render.document import Columns

from .helpers import docx_text, pdf_text, squash, words

CLOCK = fixed_clock(dt.datetime(2026, 11, 2, 9, 30, tzinfo=dt.UTC))


def _case() -> CaseFile:
    case = CaseFile()
    case.request.case_reference = "VKS/2026/7 – Đặc biệt"
    case.request.requested_state = "TH"
    case.request.facts_summary = "Facts."
    return case


@pytest.mark.parametrize(("reference", "expected"), [
    ("VKSTC-HTQT/2026/0417", "vkstc-htqt-2026-0417"),
    ("VKS/2026/7 – Đặc biệt", "vks-2026-7-dac-biet"),
    ("", "request"), ("../../etc", "etc"), ("ลำดับ", "request"),
])
def test_slug(reference: str, expected: str) -> None:
    assert slug(reference) == expected


def test_files_per_language_and_format_with_progress(tmp_path) -> None:
    seen = []
    paths = build_documents(_case(), tmp_path, languages=["en"], clock=CLOCK,
                            progress=lambda i, n, label: seen.append((i, n, label)))
    assert [p.name for p in paths] == [
        "vks-2026-7-dac-biet_request_en.docx", "vks-2026-7-dac-biet_request_en.pdf",
        "vks-2026-7-dac-biet_transmittal_en.docx", "vks-2026-7-dac-biet_transmittal_en.pdf"]
    assert [s[0] for s in seen] == [0, 1, 2, 3, 4] and {s[1] for s in seen} == {4}
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in paths)


def test_rewriting_replaces_files_and_leaves_no_temporary_files(tmp_path) -> None:
    build_documents(_case(), tmp_path, languages=["en"], formats=["docx"], clock=CLOCK)
    case = _case()
    case.request.facts_summary = "Changed facts."
    paths = build_documents(case, tmp_path, languages=["en"], formats=["docx"], clock=CLOCK)
    assert "Changed facts." in docx_text(paths[0])
    assert len(list(tmp_path.iterdir())) == 2


def test_unknown_format_is_refused(tmp_path) -> None:
    with pytest.raises(ValueError, match="unknown output format"):
        build_documents(_case(), tmp_path, formats=["odt"])


def test_default_languages_are_english_without_complete_catalogs(monkeypatch) -> None:
    state = SimpleNamespace(languages_for=lambda kind, on=None: ["th", "en"])
    monkeypatch.setattr(build, "_registry", lambda: SimpleNamespace(state=lambda code: state))
    monkeypatch.setattr(build, "document_languages_ready", lambda: {"en"})
    assert default_languages(_case()) == ["en"]
    monkeypatch.setattr(build, "document_languages_ready", lambda: {"en", "th"})
    assert default_languages(_case()) == ["th", "en"]


def test_catalog_readiness_comes_from_i18n(monkeypatch) -> None:
    monkeypatch.setattr(i18n, "complete_document_languages", lambda: ["km"], raising=False)
    assert build.document_languages_ready() == {"en", "km"}


def test_bilingual_pairs_sections_side_by_side(tmp_path) -> None:
    case = _case()
    for path in missing_translations(case, "th"):  # no UNTRANSLATED watermark in the text
        case.translations.setdefault(path, {})["th"] = "คำแปล " + path[-12:]
    paths = build_documents(case, tmp_path, languages=["th"], bilingual=True, clock=CLOCK)
    names = [p.name for p in paths]
    assert "vks-2026-7-dac-biet_request_th-en.docx" in names
    assert "vks-2026-7-dac-biet_request_th-en.pdf" in names
    doc = bilingual_document(build_document(case, lang="th", clock=CLOCK),
                             build_document(case, lang="en", clock=CLOCK))
    assert doc.blocks and all(isinstance(b, Columns) for b in doc.blocks)
    pair = next(p for p in paths if p.name.endswith("th-en.docx"))
    # Thai has no spaces between words: the PDF may break a line inside a "word" of the DOCX,
    # so compare the two texts without whitespace (same characters, same order)
    assert squash(" ".join(words(docx_text(pair)))) == squash(
        " ".join(words(pdf_text(pair.with_suffix(".pdf")))))


def test_a_broken_profile_stops_the_document_instead_of_a_generic_addressee(
        tmp_path, monkeypatch) -> None:
    """With a broken profile the addressee, state names and instruments would be guessed:
    nothing is written (the CLI and the GUI report the broken file)."""
    import shutil

    from mla_writer.profiles import ProfileError, loader
    from mla_writer.resources import data_dir

    broken = tmp_path / "profiles"
    shutil.copytree(data_dir("legal_profiles"), broken)
    th = broken / "states" / "TH.toml"
    th.write_text(th.read_text("utf-8").replace("[central_authority", "[central_authoritty", 1),
                  "utf-8")
    monkeypatch.setenv(loader.PROFILES_ENV, str(broken))
    case = _case()
    with pytest.raises(ProfileError):
        build_document(case, lang="en", clock=CLOCK)
    with pytest.raises(ProfileError):
        build_documents(case, tmp_path / "out", languages=["en"], clock=CLOCK)
    out = tmp_path / "out"
    assert not out.exists() or not any(out.iterdir())


def test_a_confidential_request_is_marked_at_the_top_and_foot_of_every_page(tmp_path) -> None:
    import docx

    from mla_writer.resources import data_dir
    from mla_writer.storage import load
    from tests.render.helpers import pdf_text

    case = load(data_dir("examples") / "mla-bank-records.json")
    case.request.confidentiality.required = True
    case.request.confidentiality.reason = "Suspects are not yet aware of the investigation."
    paths = build_documents(case, tmp_path / "on", languages=["en"], clock=CLOCK, draft=True)
    pdf = next(p for p in paths if p.name.endswith("request_en-draft.pdf"))
    pages = pdf_text(pdf, body_only=False).split("\f")
    pages = [p for p in pages if p.strip()]
    assert len(pages) >= 2 and all(p.count("CONFIDENTIAL") >= 2 for p in pages)
    section = docx.Document(pdf.with_suffix(".docx")).sections[0]
    assert section.header.paragraphs[0].text == "CONFIDENTIAL"
    assert section.footer.paragraphs[-1].text == "CONFIDENTIAL"
    case.request.confidentiality.required = False
    paths = build_documents(case, tmp_path / "off", languages=["en"], clock=CLOCK, draft=True)
    pdf = next(p for p in paths if p.name.endswith("request_en-draft.pdf"))
    assert "CONFIDENTIAL" not in pdf_text(pdf, body_only=False)
