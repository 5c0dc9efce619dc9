"""`rules.field_notes`: help texts per field path, from the rules that apply to the case."""

from __future__ import annotations

from mla_writer.rules import field_notes

from .cases import fixture_registry, make

REG = fixture_registry()


def test_notes_for_required_fields_with_citation() -> None:
    notes = field_notes(make(), registry=REG)
    assert notes["$.request.facts_summary"] == ["(c) Summary of the facts (UNTOC art. 18(15)(c))"]
    assert "$.request.purpose" in notes


def test_notes_follow_kind_and_basis() -> None:
    mla = field_notes(make(), registry=REG)
    assert "$.request.legal_basis.reciprocity_undertaking" not in mla  # treaty chosen
    recip = field_notes(make(legal_basis={"kind": "reciprocity"}), registry=REG)
    assert "$.request.legal_basis.reciprocity_undertaking" in recip
    ext = field_notes(make("extradition"), registry=REG)
    death = ext["$.request.undertakings.death_penalty_assurance"][0]
    assert "unverified, confirm with the central authority" in death
    assert "$.request.persons[0].nationalities" in ext
    assert "$.request.persons[*].nationalities" in ext  # pattern, for persons not yet added
