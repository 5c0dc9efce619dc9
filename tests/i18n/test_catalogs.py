"""The shipped catalogs: complete, compiled, switchable at run time, checked by `i18n check`."""

from __future__ import annotations

import gettext
import io
import shutil
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from mla_writer import i18n
from mla_writer.cli import main
from mla_writer.cli.i18n_cmd import model_field_titles, template_drift
from mla_writer.resources import data_dir

TRANSLATIONS = data_dir("translations")
PO_FILES = sorted(TRANSLATIONS.glob("*/LC_MESSAGES/*.po"))
TARGETS = [code for code in i18n.LANGUAGES if code != "en"]


pytestmark = pytest.mark.usefixtures("fresh_catalogs")


def test_every_locale_has_both_domains() -> None:
    found = {(p.parent.parent.name, p.stem) for p in PO_FILES}
    expected = {(i18n.CATALOG_LOCALES[c], d) for c in TARGETS for d in i18n.DOMAINS}
    assert expected <= found


@pytest.mark.parametrize("po", PO_FILES, ids=lambda p: f"{p.parent.parent.name}-{p.stem}")
def test_compiled_catalog_is_up_to_date(po: Path) -> None:
    """The committed .mo says exactly what its .po says (run `mla-writer i18n compile`)."""
    mo = po.with_suffix(".mo")
    assert mo.is_file(), f"{mo} missing: run `mla-writer i18n compile`"
    with po.open("rb") as fh:
        buf = io.BytesIO()
        write_mo(buf, read_po(fh))
    buf.seek(0)
    fresh = gettext.GNUTranslations(buf)
    with mo.open("rb") as fh:
        shipped = gettext.GNUTranslations(fh)
    assert shipped._catalog == fresh._catalog, f"{mo} is stale: run `mla-writer i18n compile`"


@pytest.mark.parametrize("domain", i18n.DOMAINS)
def test_templates_match_the_sources(domain: str) -> None:
    """translations/<domain>.pot lists every message of the code and templates (run
    `mla-writer i18n update` after adding or changing a message)."""
    new, gone = template_drift(domain)
    assert new == [], "new messages: run `mla-writer i18n update` and translate them"
    assert gone == [], "removed messages: run `mla-writer i18n update`"


def test_check_fails_when_the_sources_have_an_untranslated_message(monkeypatch, capsys):
    from mla_writer.cli import i18n_cmd

    real = i18n_cmd.extract

    def with_new_message(domain: str):
        catalog = real(domain)
        catalog.add("A message added to the code after the last update")
        return catalog

    monkeypatch.setattr(i18n_cmd, "extract", with_new_message)
    assert main(["i18n", "check", "--domain", "mla_writer_ui"]) == 1
    assert "A message added to the code after the last update" in capsys.readouterr().out
    assert main(["i18n", "check", "--domain", "mla_writer_ui", "--no-sources"]) == 0


def test_field_titles_of_the_model_are_in_the_document_template() -> None:
    with (TRANSLATIONS / "mla_writer_doc.pot").open("rb") as fh:
        ids = {m.id for m in read_po(fh)}
    titles = model_field_titles()
    assert "Dual criminality" in titles and "Family name" in titles
    assert set(titles) <= ids


def test_check_command_passes_on_the_shipped_catalogs(capsys) -> None:
    assert main(["i18n", "check"]) == 0
    out = capsys.readouterr().out
    rows = {tuple(line.split()[:2]) for line in out.splitlines() if line.startswith("mla_")}
    for code in TARGETS:
        for domain in i18n.DOMAINS:
            assert (domain, code) in rows
    assert "100%" in out


def test_every_document_language_is_complete() -> None:
    assert i18n.complete_document_languages() == set(i18n.LANGUAGES)


def test_a_broken_replacement_catalog_is_reported(tmp_path, monkeypatch, capsys) -> None:
    """A catalog whose translation renames a placeholder, or is fuzzy, fails the check and
    drops the language from the complete ones; the source text is used instead."""
    src = TRANSLATIONS / "th" / "LC_MESSAGES" / "mla_writer_doc.po"
    dest = tmp_path / "th" / "LC_MESSAGES" / "mla_writer_doc.po"
    dest.parent.mkdir(parents=True)
    text = src.read_text(encoding="utf-8")
    broken = text.replace('msgstr "หน้า %(page)s จาก %(pages)s"', 'msgstr "หน้า %(หน้า)s"')
    broken = broken.replace('#, fuzzy\n', '').replace(
        'msgid "Witness"', '#, fuzzy\nmsgid "Witness"')
    assert broken != text
    dest.write_text(broken, encoding="utf-8")
    shutil.copy(src.with_name("mla_writer_ui.po"), dest.with_name("mla_writer_ui.po"))
    monkeypatch.setenv(i18n.TRANSLATIONS_ENV, str(tmp_path))
    i18n.clear_cache()

    stats = i18n.catalog_stats("th", i18n.DOC_DOMAIN)
    assert stats.placeholder_errors == ["Page %(page)s of %(pages)s"]
    assert stats.fuzzy == ["Witness"]
    assert not stats.complete
    assert "th" not in i18n.complete_document_languages()
    assert main(["i18n", "check", "--domain", "mla_writer_doc"]) == 1
    out = capsys.readouterr().out
    assert "th: placeholders differ: 'Page %(page)s of %(pages)s'" in out
    assert "th: fuzzy: 'Witness'" in out
    # the override catalog is the one in use (compiled in memory from its .po)
    assert i18n.document_translations("th").gettext("Witness") == "Witness"
    assert i18n.document_translations("th").gettext("Victim") == "ผู้เสียหาย"


def test_document_catalogs_translate_and_zh_means_simplified_chinese() -> None:
    assert i18n.document_translations("zh").gettext("Request for extradition") == "引渡请求书"
    assert i18n.document_translations("zh_Hans").gettext("Witness") == "证人"
    assert i18n.document_translations("km").gettext("Request for extradition") == "សំណើសុំបត្យាប័ន"
    assert i18n.document_translations("en").gettext("Witness") == "Witness"
    with pytest.raises(ValueError, match="unknown language"):
        i18n.document_translations("fr")


def test_translations_are_marked_as_needing_review() -> None:
    for code in TARGETS:
        assert i18n.needs_review(code), code
    assert not i18n.needs_review("en")


def test_ui_language_switches_at_run_time() -> None:
    seen: list[str] = []
    i18n.on_ui_language_changed(seen.append)
    message = "the case file {path} is not valid JSON"
    i18n.set_ui_language("th_TH.UTF-8")
    assert i18n.ui_language() == "th"
    assert seen[-1] == "th"
    i18n.set_ui_language("zh")
    assert i18n.ui_language() == "zh"
    i18n.set_ui_language("en")
    assert i18n._(message) == message
    with pytest.raises(ValueError, match="unknown interface language 'fr'"):
        i18n.set_ui_language("fr")
    assert i18n.ui_language() == "en"


def test_ui_text_fills_placeholders_and_never_returns_the_catalog_header() -> None:
    i18n.set_ui_language("th")
    assert i18n._("%(n)s files", n=3) == "3 files"
    assert i18n._("") == ""
    assert i18n._("Enter a number.") == "กรอกตัวเลข"


@pytest.mark.parametrize(("environ", "expected"), [
    ({"LANG": "th_TH.UTF-8"}, "th"),
    ({"LANGUAGE": "fr:zh_CN", "LANG": "en_US.UTF-8"}, "zh"),
    ({"LC_ALL": "km_KH.UTF-8", "LANG": "vi_VN"}, "km"),
    ({"LC_ALL": "C", "LANG": "vi_VN"}, "en"),
    ({"LANG": "fr_FR.UTF-8"}, "en"),
    ({}, "en"),
])
def test_system_ui_language(environ: dict[str, str], expected: str) -> None:
    assert i18n.system_ui_language(environ) == expected


def test_language_menu_names_are_native() -> None:
    assert set(i18n.UI_LANGUAGES) == set(i18n.LANGUAGES)
    assert i18n.UI_LANGUAGES["th"] == "ไทย" and i18n.UI_LANGUAGES["zh"] == "简体中文"


def test_about_box_note_says_the_translations_need_review() -> None:
    i18n.set_ui_language("th")
    note = i18n.review_note()
    assert note and "ภาษาไทย" in note and "นักแปลกฎหมาย" in note
    assert i18n.review_note("en") is None
