"""The glossary's terms offered beside a text being translated: found in the drafting
language, given in the target language, longest first, whole words where words are spaced."""

from __future__ import annotations

from mla_writer.glossary import suggestions, terms


def test_terms_are_found_in_the_drafting_language_and_given_in_the_target() -> None:
    found = suggestions("Yêu cầu tương trợ tư pháp và dẫn độ", "vi", "th")
    assert ("tương trợ tư pháp", "ความช่วยเหลือซึ่งกันและกัน") in found
    assert ("dẫn độ", "ส่งผู้ร้ายข้ามแดน") in found
    assert suggestions("คำร้องขอส่งผู้ร้ายข้ามแดน", "th", "km") == [("ส่งผู้ร้ายข้ามแดน", "បត្យាប័ន")]
    assert suggestions("Nothing legal here.", "en", "th") == []


def test_english_terms_match_whole_words_in_any_case_longest_first() -> None:
    found = suggestions("Search and Seizure of the proceeds of crime", "en", "vi")
    sources = [a for a, _b in found]
    assert sources.index("search and seizure") < sources.index("seizure")
    assert "proceeds of crime" in sources
    assert suggestions("The suspects' seizures", "en", "vi") == []  # not inside other words


def test_every_term_has_every_language() -> None:
    for term in terms():
        assert set(term.forms) >= {"en", "km", "zh", "lo", "my", "th", "vi"}, term.forms["en"]
