"""Every syntax error of a file, each once, and none that an earlier slip caused
(`obcrules.syntax.recovery`)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from obcrules.diagnostics import Diagnostic
from obcrules.syntax.parser import parse_source
from obcrules.syntax.recovery import MAX_SYNTAX_ERRORS, every_syntax_error
from tests.syntax.test_errors import EDITS, edited
from tests.syntax.test_slips import BASE

TWO_OUTCOMES = BASE + """
outcome women "Women are reached":
    level final
    measure share of adults where sex = "female"
    target at least 40%
    evidence objective
    verify provider_return every quarter
"""

FIVE_SLIPS = (TWO_OUTCOMES
              .replace("age >= 18", "age >= 18 && age < 100")
              .replace("target at least 70%", "target >= 70%")
              .replace("provider_return every quarter\n\n", "provider_return quarterly\n\n")
              .replace('sex = "female"', 'sex == "female"')
              .replace("target at least 40%", "target atleast 40%"))


def errors(source: str) -> list[Diagnostic]:
    result = parse_source(source, "slips.obc")
    assert result.ruleset is None
    return result.diagnostics


def test_the_two_outcomes_read() -> None:
    assert parse_source(TWO_OUTCOMES, "ok.obc").diagnostics == []


def test_five_independent_slips_give_five_diagnostics_each_with_its_fix() -> None:
    found = errors(FIVE_SLIPS)
    assert [(d.line, d.code, d.suggestion) for d in found] == [
        (6, "OBC005", "write `and`"),
        (11, "OBC001", "write `at least`"),
        (13, "OBC001", "write `every quarter`"),
        (17, "OBC001", "write `=`"),
        (18, "OBC001", "write `at least`"),
    ]


def test_a_dedented_field_is_one_slip_and_the_block_goes_on_after_it() -> None:
    source = FIVE_SLIPS.replace("    evidence objective\n    verify provider_return quarterly",
                                "evidence objective\n    verify provider_return quarterly")
    found = errors(source)
    assert [d.line for d in found] == [6, 11, 12, 13, 17, 18]
    assert found[2].suggestion == "indent it under the outcome: 4 spaces, like the lines above it"


def test_a_block_that_loses_its_only_field_is_not_reported_again() -> None:
    source = TWO_OUTCOMES.replace("    from people where age >= 18",
                                  "    from people where age >= 18 && age < 100")
    source = source.replace("target at least 40%", "target >= 40%")
    # Skipping the population's one line leaves `population adults` with no fields:
    # that is the first slip's doing, not a second slip.
    assert [d.line for d in errors(source)] == [6, 18]


def test_a_block_without_its_colon_is_skipped_whole() -> None:
    source = TWO_OUTCOMES.replace('"Older people are reached":', '"Older people are reached"')
    source = source.replace("target at least 70%", "target >= 70%")  # inside the skipped block
    source = source.replace("target at least 40%", "target atleast 40%")
    found = errors(source)
    assert [(d.line, d.code) for d in found] == [(8, "OBC007"), (18, "OBC001")]


def test_indentation_and_strings_are_each_one_slip() -> None:
    source = (TWO_OUTCOMES
              .replace("    level final\n    measure share of adults where age",
                       "    level final\n        measure share of adults where age")
              .replace('sex = "female"', 'sex = "female'))
    found = errors(source)
    assert [(d.line, d.code) for d in found] == [(10, "OBC004"), (17, "OBC002")]


def test_no_more_than_the_limit_for_a_file_in_another_language() -> None:
    source = BASE + "".join(f"x{n} := y{n} + 1;\n" for n in range(200))
    found = errors(source)
    assert len(found) == MAX_SYNTAX_ERRORS


def test_a_large_file_is_parsed_again_only_so_often() -> None:
    outcome = TWO_OUTCOMES[TWO_OUTCOMES.index("outcome women"):]
    body = "".join(outcome.replace("women", f"w{n}") for n in range(2000))  # about 400 KB
    source = FIVE_SLIPS + "\n" + body.replace("target at least 40%", "target >= 40%")
    calls: list[str] = []

    def first_error(text: str) -> Diagnostic | None:
        calls.append(text)
        return parse_source(text, "big.obc").diagnostics[0]

    first = parse_source(source, "big.obc").diagnostics[0]
    found = every_syntax_error(source, first, first_error)
    # A 1 MB budget parses 360 KB twice: once to find the population left without
    # fields by the first skip (not shown), once to find the second slip.
    assert len(calls) == 2
    assert [d.line for d in found] == [6, 11]


def test_a_parenthesis_left_open_at_the_end_is_one_slip() -> None:
    found = errors(BASE.replace("target at least 70%", "target >= 70%")
                   + '\npopulation p "P":\n    from people where (age > 1\n')
    assert [d.line for d in found] == [11, 16]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits=EDITS)
def test_syntax_errors_come_in_order_one_per_line(edits: list[tuple[int, int, str]]) -> None:
    result = parse_source(edited(edits), "fuzz.obc")
    syntax = [d for d in result.diagnostics if d.code.startswith("OBC0")]
    lines = [d.line for d in syntax]
    assert lines == sorted(lines)
    assert len(set(lines)) == len(lines)
    assert len(syntax) <= MAX_SYNTAX_ERRORS
