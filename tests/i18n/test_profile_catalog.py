"""The legal profiles' texts (domain mla_writer_profiles) and the model's field help in the
catalogs: extracted, translated, and checked by `i18n check` like the other domains."""

from __future__ import annotations

import shutil

import pytest
from babel.messages.pofile import read_po

from mla_writer import i18n
from mla_writer.cli import main
from mla_writer.cli.i18n_extract import model_field_descriptions, profile_texts
from mla_writer.profiles.loader import PROFILES_ENV
from mla_writer.resources import data_dir

TRANSLATIONS = data_dir("translations")
TARGETS = [code for code in i18n.LANGUAGES if code != "en"]


pytestmark = pytest.mark.usefixtures("fresh_catalogs")


def _template(domain: str) -> dict[str, list[str]]:
    with (TRANSLATIONS / f"{domain}.pot").open("rb") as fh:
        return {m.id: m.auto_comments for m in read_po(fh) if m.id}


def test_profile_texts_are_in_the_template_with_where_they_come_from() -> None:
    template = _template(i18n.PROFILES_DOMAIN)
    texts = profile_texts()
    assert len(texts) > 100
    for text, _rel, _comment in texts:
        assert text in template, text
    comments = template["Description of the person sought"]
    assert any(c.startswith("baseline.toml rules EXT-PERSON: title") for c in comments)


def test_field_descriptions_are_in_the_interface_template() -> None:
    template = _template(i18n.UI_DOMAIN)
    descriptions = model_field_descriptions()
    assert "Height, build, marks; required to identify a person sought." in descriptions
    assert all(d in template for d in descriptions)


@pytest.mark.parametrize("lang", TARGETS)
def test_profile_catalog_is_complete_and_awaits_review(lang: str) -> None:
    assert i18n.catalog_stats(lang, i18n.PROFILES_DOMAIN).complete
    assert i18n.needs_review(lang, i18n.PROFILES_DOMAIN)


def test_check_fails_when_a_profile_text_has_no_translation(tmp_path, monkeypatch, capsys):
    """A central authority edits a copy of the profiles: the copy as shipped passes, a rule
    title added without translating it fails the check and is named."""
    profiles = tmp_path / "legal_profiles"
    shutil.copytree(data_dir("legal_profiles"), profiles)
    monkeypatch.setenv(PROFILES_ENV, str(profiles))
    assert main(["i18n", "check", "--domain", i18n.PROFILES_DOMAIN]) == 0
    capsys.readouterr()

    baseline = profiles / "baseline.toml"
    text = baseline.read_text("utf-8")
    old = 'title = "Description of the person sought"'
    assert old in text
    baseline.write_text(text.replace(old, 'title = "Description of the person sought, with'
                                           ' a recent photograph"'), "utf-8")
    assert main(["i18n", "check", "--domain", i18n.PROFILES_DOMAIN]) == 1
    out = capsys.readouterr().out
    assert "in the sources, not in the catalogs: 'Description of the person sought, with a" \
        " recent photograph'" in out
    assert "run `mla-writer i18n update`" in out


@pytest.mark.parametrize("lang", TARGETS)
def test_findings_keep_command_names_and_treaty_lettering(lang: str) -> None:
    """The desktop application replaces `(mla-writer xliff export)` with its menu entry and
    drops a rule title's treaty lettering (its citation names the paragraph): translations
    keep both as they are."""
    ui, profiles = i18n.ui_translations(lang), i18n.profile_translations(lang)
    for msgid in _template(i18n.UI_DOMAIN):
        if "(mla-writer xliff export)" in msgid:
            assert "(mla-writer xliff export)" in ui.gettext(msgid), msgid
    lettered = [m for m in _template(i18n.PROFILES_DOMAIN) if m[:4] in ("(a) ", "(f) ")]
    assert lettered
    for msgid in lettered:
        assert profiles.gettext(msgid).startswith(msgid[:4]), msgid
