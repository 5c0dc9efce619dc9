"""The legal-basis resolver's reasons in the reader's language: message ids with the state
names, lists and dates as parameters, the profiles' own texts from mla_writer_profiles."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from mla_writer import i18n
from mla_writer.cli import main
from mla_writer.domain.issues import Date, Items, Name, Text, english, texts_in
from mla_writer.i18n import render_text
from mla_writer.profiles import load_registry, resolve_basis

FIXTURES = Path(__file__).resolve().parents[1] / "rules" / "fixture_profiles"
DAY = dt.date(2026, 8, 1)
KINDS = ("mla", "extradition", "provisional_arrest", "supplementary")
#: dates that reach the resolver's branches: today's law, before the conventions existed,
#: before a bilateral treaty entered into force, between the ASEAN MLAT's signature and a
#: party's ratification
DATES = (DAY, dt.date(2000, 1, 1), dt.date(2019, 1, 1), dt.date(2004, 6, 1))
_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def _names(value):
    """Every state Name inside a reason."""
    if isinstance(value, Name):
        yield value
    elif isinstance(value, Text):
        for _name, param in value.params:
            yield from _names(param)
    elif isinstance(value, Items):
        for item in value.items:
            yield from _names(item)


def _data_words() -> list[str]:
    """What a translated reason keeps as written: instruments' ids, short and full names."""
    reg = load_registry()
    words = {w for inst in reg.instruments.values()
             for w in (inst.id, inst.short_name, inst.name) if w}
    return sorted(words, key=len, reverse=True)


def _latin_left(text: str) -> str:
    """The Latin-script text of a translated reason once the data it quotes is taken out
    (instrument names, article references such as "art. 16(5)", state codes)."""
    for word in _data_words():
        text = text.replace(word, "")
    text = re.sub(r"\bart\. \d+(\(\d+\))*", "", text)
    return " ".join(re.findall(r"[A-Za-z]+", text))


def test_english_reasons_are_the_rendered_message_ids() -> None:
    """The English `reason` is what the command line and JSON printed before the reasons
    became translatable (pinned on the fictional states)."""
    reg = load_registry(FIXTURES)
    mla = {o.instrument_id: o for o in resolve_basis("XB", "XA", "mla", DAY, reg)}
    ext = {o.instrument_id: o for o in resolve_basis("XB", "XA", "extradition", DAY, reg)}
    unknown = {o.instrument_id: o for o in resolve_basis("QQ", "XA", "mla", DAY, reg)}
    expected = {
        mla["XA-XB-MLA"]: "Bilateral treaty between Xebia and Xanadu, in force since 2020-01-01.",
        mla["CONV"]: "Both states are parties to TC; it covers the offences within its scope.",
        mla["reciprocity"]: "Xanadu may act on reciprocity where no treaty applies; a written"
        " reciprocity undertaking is required.",
        mla["XA-XB-EXT"]: "The treaty between Xebia and Xanadu covers extradition, provisional"
        " arrest only.",
        ext["XA-XB-EXT"]: "XA-XB Extradition Treaty entered into force on 2030-01-01, after"
        " 2026-08-01.",
        ext["CONV"]: "Xanadu does not accept TC as a legal basis for extradition: extradition"
        " only under a treaty.",
        ext["reciprocity"]: "Xanadu does not grant extradition without a treaty (treaty"
        " required).",
        unknown["CONV"]: "TC may apply; it covers the offences within its scope. Confirm with the"
        " central authority: QQ has no legal profile: its party status is not recorded.",
    }
    for option, reason in expected.items():
        assert option.reason == reason
        assert english(option.text) == reason
    assert "text" not in mla["CONV"].as_json()
    real = {o.instrument_id: o for o in resolve_basis("TH", "CN", "extradition", DAY)}
    assert real["ASEAN-EXTRADITION"].reason == (
        "ASEAN Extradition Treaty was signed on 2025-11-14 but is not known to be in force. It"
        " enters into force 30 days after at least six member states have notified the ASEAN"
        " Secretariat that their internal procedures are complete. Confirm with the central"
        " authority.")


@pytest.mark.parametrize(("frm", "to", "kind"), [("TH", "CN", "extradition"),
                                                 ("VN", "KH", "mla")])
@pytest.mark.parametrize("lang", ["th", "km"])
def test_real_reasons_in_thai_and_khmer(frm, to, kind, lang) -> None:
    """Every reason for a real pair: no English sentence left (only the instruments' names
    and article references, which are data), both states named in the language."""
    options = resolve_basis(frm, to, kind, DAY)
    assert len(options) >= 6
    shown = {o.instrument_id: render_text(o.text, lang) for o in options}
    for ident, text in shown.items():
        assert text and not _PLACEHOLDER.search(text), ident
        assert _latin_left(text) == "", (ident, text)
    names = {code: i18n._cldr_name("state", code, lang) for code in (frm, to)}
    assert all(names.values()) and not any(n in ("Thailand", "China", "Viet Nam", "Cambodia")
                                           for n in names.values())
    recip = shown["reciprocity"]
    assert names[to] in recip
    assert re.search(r"[ก-๛]" if lang == "th" else r"[ក-៹]", recip)  # written in the script
    bilateral = next(o for o in options if o.category == "bilateral" and o.usable)
    assert all(names[c] in shown[bilateral.instrument_id] for c in (frm, to))
    assert bilateral.instrument_id in {"CN-TH-EXTRADITION", "KH-VN-MLA"}
    # the date the treaty entered into force, written as the language writes dates
    in_force = load_registry().instruments[bilateral.instrument_id].in_force
    assert in_force is not None
    assert i18n.date_phrase(in_force, lang) in shown[bilateral.instrument_id]
    assert str(in_force) not in shown[bilateral.instrument_id]


def test_thai_dates_are_in_the_buddhist_era_and_years_alone_too() -> None:
    assert render_text(Date(dt.date(1999, 3, 7)), "th") == "วันที่ 7 มีนาคม พ.ศ. 2542"
    assert render_text(Date(2003), "th") == "ปี พ.ศ. 2546"
    assert render_text(Date(2003), "km") == "ឆ្នាំ២០០៣"
    assert render_text(Date(2003), "zh") == "2003年"
    assert render_text(Date(dt.date(2020, 10, 2)), "vi") == "ngày 02 tháng 10 năm 2020"
    assert render_text(Date(dt.date(2020, 10, 2)), "en") == "2020-10-02"
    assert render_text(Date(2003), "en") == "2003"


def test_clauses_to_confirm_are_joined_as_the_language_joins_them() -> None:
    clauses = Items((Text("a"), Text("b")), "semicolon")
    assert english(clauses) == "a; b"
    assert render_text(clauses, "zh") == "a；b"
    assert render_text(clauses, "th") == "a b"
    assert render_text(clauses, "vi") == "a; b"


def test_every_reason_of_every_pair_is_in_every_catalog() -> None:
    """Every state pair (and a state without profile) × kind × a few dates: the English text
    is `reason`, every message id is in its catalog in every language, nothing is left
    untranslated or unfilled, and the profiles' quoted texts come from their catalog."""
    reg = load_registry()
    codes = [*sorted(reg.states), "QQ"]
    msgids: set[str] = set()
    quoted: set[str] = set()
    rendered: dict[tuple[str, str], str] = {}
    for frm in codes:
        for to in codes:
            if frm == to:
                continue
            for kind in KINDS:
                for day in DATES:
                    for option in resolve_basis(frm, to, kind, day, reg):
                        assert option.text is not None, option.instrument_id
                        assert english(option.text) == option.reason
                        for text in texts_in(option.text):
                            (quoted if text.domain == i18n.PROFILES_DOMAIN else msgids).add(
                                text.msgid)
                            for lang in i18n.LANGUAGES[1:]:
                                catalog = i18n._translations(lang, text.domain)._catalog
                                assert catalog.get(text.msgid), (lang, text.msgid)
                        for name in _names(option.text):
                            assert name.kind == "state" and name.code in (frm, to)
                        rendered.setdefault((option.reason, "en"), option.reason)
                        for lang in i18n.LANGUAGES[1:]:
                            key = (option.reason, lang)
                            if key not in rendered:
                                rendered[key] = render_text(option.text, lang)
    assert len(msgids) >= 30 and len(quoted) >= 8
    for (reason, lang), text in rendered.items():
        assert not _PLACEHOLDER.search(text), (lang, text)
        if lang != "en":
            assert text != reason, (lang, reason)


def test_basis_lang_prints_the_reasons_and_headings_in_thai(capsys) -> None:
    args = ["basis", "--from", "TH", "--to", "CN", "--kind", "extradition", "--date",
            "2026-08-01"]
    assert main(args) == 0
    english_out = capsys.readouterr().out
    assert main([*args, "--lang", "th"]) == 0
    out = capsys.readouterr().out
    th = i18n.ui_translations("th").gettext
    for heading in ("Usable:", "Not applicable:"):
        assert heading in english_out and heading not in out and th(heading) in out
    assert "Citation:" not in out and th("Citation: %(citation)s (%(status)s)").split(":")[0] \
        in out
    assert "ณ วันที่ 1 สิงหาคม พ.ศ. 2569" in out.splitlines()[0]
    # the reasons in Thai, the codes and citations as written
    assert "Bilateral treaty between" in english_out and "Bilateral treaty" not in out
    assert "สนธิสัญญาทวิภาคีระหว่างไทยและจีน" in out
    assert "CN-TH-EXTRADITION" in out and "China-Thailand Extradition Treaty" in out
    assert f"** {th('Unverified source — confirm with the central authority')} **" in out
    for line in out.splitlines():
        if line.startswith("     ") and not line.strip().startswith(
                th("Citation: %(citation)s (%(status)s)").split(":")[0]):
            assert _latin_left(line) == "", line


def test_basis_json_keeps_english_and_adds_the_translation(capsys) -> None:
    args = ["basis", "--from", "VN", "--to", "KH", "--kind", "mla", "--date", "2026-08-01",
            "--json"]
    assert main(args) == 0
    plain = json.loads(capsys.readouterr().out)
    assert all("reason_translated" not in row and "text" not in row for row in plain)
    assert main([*args, "--lang", "km"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["reason"] for r in rows] == [r["reason"] for r in plain]
    options = {o.instrument_id: o for o in resolve_basis("VN", "KH", "mla", DAY)}
    for row in rows:
        assert row["reason_translated"] == render_text(options[row["instrument_id"]].text, "km")
        assert row["reason_translated"] != row["reason"]
    assert main(["basis", "--from", "VN", "--to", "KH", "--kind", "mla", "--lang", "xx"]) == 2
    assert "unknown language 'xx'" in capsys.readouterr().err
