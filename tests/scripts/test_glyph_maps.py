"""The precomputed character maps (mla_writer/glyph_maps.json) are those of the bundled fonts."""

from __future__ import annotations

import json

import pytest

from mla_writer import glyphs


@pytest.mark.parametrize("script", glyphs.SCRIPTS)
def test_precomputed_map_matches_the_font(script: str) -> None:
    """A stale file (a font replaced, the file not regenerated) would mark printable text as
    unprintable, or send it to a font without its glyphs: regenerate with
    `python -m mla_writer.glyphs`."""
    entry = json.loads(glyphs.MAPS_FILE.read_text("utf-8"))["scripts"][script]
    assert entry["file"] == glyphs.font_for_script(script).files[0]
    assert glyphs.ranges(script) == glyphs.read_ranges(script)


def test_lookups_agree_with_the_ranges() -> None:
    """covers() (a binary search) says what the ranges say, at and beside every range edge."""
    for script in glyphs.SCRIPTS:
        spans = glyphs.ranges(script)
        inside = {cp for a, b in spans for cp in (a, b)}
        outside = {cp for a, b in spans for cp in (a - 1, b + 1)} - glyphs.coverage(script)
        assert all(glyphs.covers(script, chr(cp)) for cp in inside)
        assert not any(glyphs.covers(script, chr(cp)) for cp in outside if cp >= 0)
        assert len(glyphs.coverage(script)) == sum(b - a + 1 for a, b in spans)


def test_checking_text_reads_no_font_file() -> None:
    """`check` asks printable() for every character: it must not parse a font (reportlab)."""
    import subprocess
    import sys

    code = ("import sys; from mla_writer import glyphs; "
            "assert glyphs.unprintable_chars('Sok Dara សុខ ไทย 中文\\t\\u0905') == {'\\u0905'}; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('reportlab', 'uharfbuzz', 'PIL')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"
