"""What the grammar expects at a point: its keywords, whether a name may come, what was read."""

from __future__ import annotations

from obcrules.lsp.expectations import expected_after

HEADER = 'ruleset r "R":\n    period quarter\n\n'


def test_the_fields_of_a_block() -> None:
    found = expected_after(HEADER + 'tender lot1 "Lot 1":\n    ')
    assert found.keywords == {"budget", "criterion", "price", "require", "tie"}
    assert not found.name


def test_a_condition_takes_a_name_or_a_value() -> None:
    found = expected_after(HEADER + 'population p "P":\n    from people where ')
    assert found.name
    assert {"not", "days", "true", "false"} == found.keywords
    assert {"NUMBER", "STRING", "LPAR"} <= found.terminals
    assert (found.previous(), found.previous(2)) == ("where", "people")


def test_the_blocks_that_may_follow_a_finished_one() -> None:
    found = expected_after(HEADER + 'population p "P":\n    from people\n\n')
    assert {"population", "outcome", "output", "process", "input", "tender",
            "payment"} <= found.keywords


def test_nothing_after_a_mistake() -> None:
    assert expected_after('ruleset r "R":\n    perod quarter\n    ').keywords == frozenset()
    assert expected_after('ruleset r "R":\n      period quarter\n  ').keywords == frozenset()
