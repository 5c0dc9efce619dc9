"""The country brief in the reader's language (profiles.country_brief, `profiles brief`), and
the postal address of an authority with a source of its own (schema: `contact`)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from pydantic import ValidationError

from mla_writer import i18n
from mla_writer.cli import main
from mla_writer.profiles import ProfileError, load_registry
from mla_writer.profiles import country_brief as cb
from mla_writer.profiles.schema import AuthorityInfo

MEKONG = ("KH", "CN", "LA", "MM", "TH", "VN")
TARGETS = [lang for lang in i18n.LANGUAGES if lang != "en"]
FIXTURES = Path(__file__).resolve().parents[1] / "rules" / "fixture_profiles"
#: three lower-case English words in a row: English prose (names and titles of laws are
#: capitalised, citations are on their own status lines)
ENGLISH_PROSE = re.compile(r"\b[a-z]{2,}(?: [a-z]{2,}){2,}\b")
#: words kept as they are in some languages (a term of art)
KEPT = {"Apostille"}


def _words() -> list[str]:
    """Every message id the brief shows (the module's N_ constants)."""
    out: list[str] = []

    def add(value: object) -> None:
        if isinstance(value, i18n.N_("").__class__):
            out.append(value.msgid)  # type: ignore[attr-defined]
        elif isinstance(value, dict):
            for v in value.values():
                add(v)
        elif isinstance(value, tuple):
            for v in value:
                add(v)

    for name in dir(cb):
        if name.isupper():
            add(getattr(cb, name))
    return out


@pytest.mark.parametrize("lang", TARGETS)
def test_every_word_of_the_brief_is_translated(lang: str) -> None:
    words = _words()
    assert len(words) > 50
    catalog = i18n.ui_translations(lang)
    missing = [w for w in words if w not in KEPT and catalog.gettext(w) == w]
    assert missing == []


@pytest.mark.parametrize("lang", TARGETS)
@pytest.mark.parametrize("code", MEKONG)
def test_the_brief_has_no_english_but_the_originals(code: str, lang: str) -> None:
    reg = load_registry()
    brief = cb.country_brief(reg, code, lang)
    untranslated = i18n.render_text(cb.UNTRANSLATED, lang).replace("%(text)s", "").strip()
    shown = [brief.summary, brief.notice, *(s.title for s in brief.sections)]
    for section in brief.sections:
        for e in section.entries:
            shown.append(e.text)
            shown += [text for text, _original in e.details]
            if e.original:  # a translated profile text keeps its English original
                assert e.text != e.original and e.original not in e.text
    # names of authorities are shown as the profile writes them (with the state's own name)
    names = [a.name for role in ("central_authority", "extradition_authority",
                                 "provisional_arrest_authority")
             for a in getattr(reg.states[code], role) if a.name]

    def prose(text: str) -> list[str]:
        for name in names:
            text = text.replace(name, "")
        return ENGLISH_PROSE.findall(text)

    text = "\n".join(shown)
    assert untranslated not in text  # every profile text of the brief is translated
    assert prose(text) == []
    plain = cb.brief_text(brief, english=False)
    assert prose("\n".join(line for line in plain.splitlines()
                           if not line.strip().startswith("["))) == []
    assert brief.notice in plain  # translations of legal text are said to be unofficial


def test_the_english_originals_are_shown_on_request() -> None:
    reg = load_registry()
    brief = cb.country_brief(reg, "TH", "th")
    original = "Treaty partners send requests directly to the Office of the Attorney General."
    label = i18n.render_text(cb.ORIGINAL, "th").split("%")[0]
    with_english = cb.brief_text(brief, english=True)
    assert original in with_english and label in with_english
    without = cb.brief_text(brief, english=False)
    assert original not in without and label not in without
    html = cb.brief_html(brief, english=True)
    assert original in html and '<i lang="en">' in html
    assert original not in cb.brief_html(brief, english=False)


def test_the_english_brief_has_every_section_with_sources() -> None:
    brief = cb.country_brief(load_registry(), "TH", "en")
    keys = [s.key for s in brief.sections]
    assert keys == ["authorities", "languages", "channels", "rules", "time_limits",
                    "formalities", "facts"]
    entries = [e for s in brief.sections for e in s.entries]
    assert all(e.citation and e.status for e in entries)
    assert all(not e.original for e in entries)  # English: nothing to show twice
    text = cb.brief_text(brief)
    assert "Postal address: Rajaburi Direkrit Building" in text
    assert "Unverified source — confirm with the central authority" in text


def test_html_escapes_profile_text() -> None:
    brief = cb.CountryBrief("XX", "en", "<b>X</b>", "s", "n", (cb.BriefSection(
        "facts", "Facts", (cb.BriefEntry("a <script>", "c & d", "ok", True),)),))
    html = cb.brief_html(brief)
    assert "<script>" not in html and "&lt;script&gt;" in html and "c &amp; d" in html


def test_cli_brief(capsys) -> None:
    assert main(["profiles", "brief", "th", "--lang", "th"]) == 0
    out = capsys.readouterr().out
    assert "ราชอาณาจักรไทย (TH)" in out and "ผู้ประสานงานกลาง" in out
    assert "อาคารราชบุรีดิเรกฤทธิ์" in out  # the address as written in Thai
    assert "Treaty partners send requests directly" in out  # the English original
    assert main(["profiles", "brief", "TH", "--lang", "th", "--no-english"]) == 0
    assert "Treaty partners send requests directly" not in capsys.readouterr().out
    assert main(["profiles", "brief", "VN", "--lang", "vi", "--date", "2026-01-15"]) == 0
    old = capsys.readouterr().out
    assert "08/2007/QH12" in old and "103/2025/QH15" not in old.split("Ngôn ngữ")[0]
    assert main(["profiles", "brief", "TH", "--lang", "xx"]) == 2
    assert main(["profiles", "brief", "QQ", "--lang", "th"]) == 2


def test_an_address_needs_a_source_of_its_own() -> None:
    base = {"name": "Ministry", "citation": "Act s. 1", "source": "gazette",
            "status": "verified"}
    with pytest.raises(ValidationError, match="without a source of its own"):
        AuthorityInfo.model_validate({**base, "address": "1 Road"})
    with pytest.raises(ValidationError, match="citation"):
        AuthorityInfo.model_validate({**base, "contact": {"address": "1 Road"}})
    contact = {"address": "1 Road\nCity", "citation": "Directory", "source": "x",
               "status": "unverified", "addresses": {"th": "1 ถนน"}}
    with pytest.raises(ValidationError, match="also listed as unknown"):
        AuthorityInfo.model_validate({**base, "contact": contact, "unknown": ["address"]})
    with pytest.raises(ValidationError, match="needs an address"):
        AuthorityInfo.model_validate({**base, "contact": {**contact, "address": "",
                                                          "addresses": {}}})
    a = AuthorityInfo.model_validate({**base, "contact": contact})
    assert a.address == "1 Road\nCity" and a.address_in("th") == "1 ถนน"
    assert a.address_in("km") == "1 Road\nCity" and not a.contact.verified


def test_a_profile_with_a_bare_address_does_not_load(tmp_path: Path) -> None:
    target = tmp_path / "profiles"
    shutil.copytree(FIXTURES, target)
    path = target / "states" / "XA.toml"
    text = path.read_text("utf-8")
    path.write_text(text.replace('unknown = ["phone"]', 'unknown = ["phone"]\naddress = "2 Road"',
                                 1), "utf-8")
    with pytest.raises(ProfileError, match="address given without a source of its own"):
        load_registry(target)


def test_only_sourced_addresses_are_recorded() -> None:
    reg = load_registry()
    with_address = {code for code, s in reg.states.items()
                    for a in s.central_authority if a.contact is not None}
    assert with_address == {"TH", "VN"}
    for code in with_address:
        for a in reg.states[code].central_authority:
            assert a.contact.status == "unverified" and a.contact.source.startswith("https://")
