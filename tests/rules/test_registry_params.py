"""Every rule function is registered with the parameter model the profile loader validates
with (profiles/rule_params.py), and no listed rule is missing a function."""

from __future__ import annotations

import pytest

import mla_writer.rules  # noqa: F401  (the rule functions register on import)
from mla_writer.profiles.rule_params import RULE_PARAMS, NoParams
from mla_writer.rules.registry import RULES, rule


def test_the_loader_and_the_rules_agree_on_every_rule() -> None:
    assert set(RULES) == set(RULE_PARAMS)
    assert all(RULES[name].params is RULE_PARAMS[name] for name in RULES)


def test_a_rule_not_listed_for_the_loader_cannot_register() -> None:
    with pytest.raises(ValueError, match="RULE_PARAMS"):
        rule("not_listed_anywhere", NoParams)(lambda ctx, spec, p: [])
    assert "not_listed_anywhere" not in RULES
