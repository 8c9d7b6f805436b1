"""The ``gaming:`` block: every line form parses to its node, prints back the same, and
mistakes in it are reported."""

from __future__ import annotations

from decimal import Decimal

import pytest

from obcrules.model import same_model
from obcrules.syntax.parser import parse_source
from obcrules.syntax.printer import print_ruleset

HEADER = 'ruleset t "Test":\n    service adult_social_care\n\n'

LINES = [
    "cream-skimming on age, falls_12m above 0.25 standardised difference",
    "cream-skimming",
    "cream-skimming on age against 2025-Q4 above 0.3 standardised difference",
    "parking after 2 periods without sessions above 15 points",
    "parking after 1 period",
    "bunching above 2 times neighbours",
    "drop-out above 12.5 points",
    "double claims above 3 people",
    "double claims off",
    "cream-skimming off",
    "drop-out off",
]


@pytest.mark.parametrize("line", LINES)
def test_each_line_round_trips_through_the_model(line: str) -> None:
    result = parse_source(HEADER + f"gaming:\n    {line}\n", "t.obc")
    assert result.diagnostics == []
    assert result.ruleset is not None and result.ruleset.gaming is not None
    printed = print_ruleset(result.ruleset)
    assert printed.endswith(f"gaming:\n    {line}\n")
    again = parse_source(printed, "t.obc").ruleset
    assert again is not None and same_model(again, result.ruleset)


def test_the_nodes_hold_the_thresholds_and_inputs() -> None:
    chosen = [LINES[0], LINES[3], LINES[5], LINES[7]]
    result = parse_source(HEADER + "gaming:\n    " + "\n    ".join(chosen) + "\n", "t.obc")
    assert result.ruleset is not None and result.ruleset.gaming is not None
    gaming = result.ruleset.gaming
    cream = gaming.rule("cream-skimming")
    assert cream is not None and [f.name for f in cream.fields] == ["age", "falls_12m"]
    assert cream.threshold is not None and cream.threshold.value == Decimal("0.25")
    parking = gaming.rule("parking")
    assert parking is not None and parking.periods == 2
    assert parking.activity is not None and parking.activity.name == "sessions"
    assert parking.threshold is not None and parking.threshold.value == 15
    claims = gaming.rule("double-claims")
    assert claims is not None and claims.threshold is not None and claims.threshold.value == 3
    assert gaming.rule("drop-out") is None


def test_a_pattern_given_twice_and_a_second_block_are_errors() -> None:
    twice = parse_source(HEADER + "gaming:\n    bunching\n    bunching off\n", "t.obc")
    assert [d.code for d in twice.diagnostics] == ["OBC108"]
    blocks = parse_source(HEADER + "gaming:\n    bunching\n\ngaming:\n    parking after 1 "
                          "period\n", "t.obc")
    assert [d.code for d in blocks.diagnostics] == ["OBC108"]


def test_parking_counts_whole_periods() -> None:
    result = parse_source(HEADER + "gaming:\n    parking after 1.5 periods\n", "t.obc")
    assert [d.code for d in result.diagnostics] == ["OBC160"]


def test_a_hyphenated_name_still_reads_as_a_subtraction_in_a_condition() -> None:
    text = (HEADER + 'outcome o "O":\n    measure count of people where cream-skimming > 0\n')
    result = parse_source(text, "t.obc")
    assert result.diagnostics == []


RULESET = '''ruleset t "Test":
    service adult_social_care

population residents "R":
    from people where age >= 65

outcome wellbeing "W":
    measure share of residents where wemwbs_end - wemwbs_start >= 3
    target at least 60%
    verify survey every year

payment:
    wellbeing pays £200 per resident where wemwbs_end - wemwbs_start >= 3

gaming:
'''


def test_the_fields_and_table_the_block_names_must_exist() -> None:
    from obcrules.api import check_text

    good = check_text((RULESET + "    cream-skimming on age, falls_12m\n"
                       "    parking after 2 periods without sessions\n").encode(), "t.obc")
    assert [d.code for d in good.diagnostics if d.is_error] == []
    bad = check_text((RULESET + "    cream-skimming on age, fals_12m against 2025-03\n"
                      "    parking after 2 periods without sesions\n").encode(), "t.obc")
    errors = [d for d in bad.diagnostics if d.is_error]
    assert [d.code for d in errors] == ["OBC160", "OBC160", "OBC160"]
    assert [d.suggestion for d in errors] == ["did you mean `falls_12m`?",
                                              "name the baseline quarter",
                                              "did you mean `sessions`?"]


@pytest.mark.parametrize("line", LINES)
def test_the_formatter_keeps_each_line_and_its_hyphenated_keywords(line: str) -> None:
    from obcrules.syntax.formatter import format_source

    spaced = line.replace(" ", "   ")
    result = format_source(HEADER + f"gaming:\n    {spaced}\n", "t.obc")
    assert result.ok
    assert result.text.endswith(f"gaming:\n    {line}\n")
