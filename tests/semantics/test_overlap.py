"""Whether two conditions can both hold (`obcrules.semantics.overlap`): price groups pass only
when provably exclusive."""

from __future__ import annotations

import pytest

from obcrules.model import Expr
from obcrules.plugins.common_tables import people_table
from obcrules.semantics.overlap import may_overlap
from obcrules.syntax.parser import parse_source


def condition(text: str) -> Expr:
    source = f'ruleset t "T":\n    version "1"\npopulation p "P":\n    from people where {text}\n'
    parsed = parse_source(source, "t.obc")
    assert parsed.ruleset is not None, parsed.diagnostics
    where = parsed.ruleset.populations[0].where
    assert where is not None
    return where


@pytest.mark.parametrize(("a", "b"), [
    ("age >= 85", "age < 85"),
    ("age >= 85", "84 >= age"),
    ("age > 84", "age <= 84"),
    ("age >= 85", "x and not (age >= 85)"),              # always: C and not C
    ("f(a, 1) and y", "not f(a, 1)"),                    # calls compared as written
    ("age between 50 and 64", "age >= 65"),
    ("age between 50 and 64", "age > 64.5"),
    ("age > 64", "age < 65"),                            # no whole number between (integer)
    ("sex = \"female\"", "sex in (\"male\", \"other\")"),
    ("sex in (\"male\", \"female\")", "sex != \"male\" and sex != \"female\""),
    ("x", "not x"),
    ("x = true", "x = false"),
    ("age is missing", "age > 3"),
    ("age is not missing", "age is missing"),
    ("age > 60 or age < 20", "age between 20 and 60"),
    ("not (age between 20 and 60)", "age = 40"),
])
def test_provably_exclusive_conditions(a: str, b: str) -> None:
    assert not may_overlap(condition(a), condition(b), people_table())
    assert not may_overlap(condition(b), condition(a), people_table())


@pytest.mark.parametrize(("a", "b"), [
    ("age >= 50", "prison_leaver"),                      # a prison leaver of 55 is in both
    ("age >= 50", "age <= 50"),
    ("age > 60 or x", "age < 20"),
    ("sex != \"male\"", "sex != \"female\""),
    ("age + 1 > 50", "age < 40"),                        # arithmetic is not reasoned about
    ("f(a)", "g(a)"),
    ("age is missing", "x"),
])
def test_conditions_that_may_overlap(a: str, b: str) -> None:
    assert may_overlap(condition(a), condition(b), people_table())


def test_only_whole_number_fields_have_no_value_between_64_and_65() -> None:
    assert may_overlap(condition("score > 64"), condition("score < 65"), people_table())
