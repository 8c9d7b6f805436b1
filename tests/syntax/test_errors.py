"""Syntax errors (`obcrules.syntax.errors`) read as a person would say them; no lark exception
ever escapes: mutations, truncations and arbitrary bytes give diagnostics, never an exception."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from obcrules.api import check_text
from obcrules.diagnostics import render_human
from obcrules.syntax.formatter import format_source
from obcrules.syntax.parser import MAX_NESTING, parse_source

SPEC = (Path(__file__).parents[1] / "fixtures" / "spec_example.obc").read_text(encoding="utf-8")


def first(source: str | bytes) -> str:
    result = parse_source(source, "r.obc")
    assert result.ruleset is None or result.diagnostics
    assert result.diagnostics, "expected a diagnostic"
    return render_human(result.diagnostics[0], result.text or None)


def test_missing_colon_is_named_on_the_outcome_line() -> None:
    text = first(SPEC.replace('"Residents report better wellbeing":',
                              '"Residents report better wellbeing"'))
    assert text.splitlines()[0] == (
        "r.obc:22:54: error[OBC007]: expected `:` at the end of the `outcome` line")
    assert text.splitlines()[-1] == "  help: a line that starts a block ends with `:`"


def test_a_misspelt_field_gets_a_suggestion_and_the_list_of_fields() -> None:
    text = first(SPEC.replace("target at least 60%", "taget at least 60%"))
    assert text.splitlines() == [
        "r.obc:26:5: error[OBC006]: `taget` is not a field of an outcome — did you mean "
        "`target`?",
        " 26 |     taget at least 60%",
        "    |     ^^^^^",
        "  help: the fields of an outcome are: `level`, `theme`, `contributes to`, `measure`, "
        "`target`, `baseline`, `trajectory`, `evidence`, `verify`",
    ]


def test_a_tab_in_the_indentation_is_reported_on_its_own_line() -> None:
    text = first(SPEC.replace("    level interim", "\tlevel interim"))
    assert text.splitlines()[0] == "r.obc:23:1: error[OBC003]: this line is indented with a tab"


def test_an_unterminated_string_is_called_that() -> None:
    text = first(SPEC.replace('"Social value"', '"Social value'))
    assert text.splitlines()[0] == "r.obc:45:28: error[OBC002]: unterminated string"


def test_indentation_errors_point_at_the_offending_line() -> None:
    deeper = first(SPEC.replace("    target less than 10%", "        target less than 10%"))
    assert deeper.splitlines()[0] == "r.obc:15:9: error[OBC004]: unexpected indentation"
    shallower = first(SPEC.replace("    target less than 10%", "  target less than 10%"))
    assert shallower.splitlines()[0].startswith("r.obc:15:3: error[OBC004]: this line is "
                                                "indented by 2 spaces")


@pytest.mark.parametrize("bad", ["due 2026-6-30", "due 2026-06-3"])
def test_a_date_without_leading_zeros_is_an_error_not_a_subtraction(bad: str) -> None:
    text = first(SPEC.replace("due 2026-06-30", bad))
    assert "error[OBC008]" in text and "is neither a date nor a period" in text


def test_2026_minus_3_in_a_condition_is_not_arithmetic() -> None:
    text = first(SPEC.replace("age >= 65", "age >= 2026-3"))
    assert "r.obc:9:56: error[OBC008]: `2026-3` is neither a date nor a period" in text


def test_impossible_calendar_values_are_reported() -> None:
    assert "error[OBC124]: `2025-13` is not a month" in first(SPEC.replace("2025-Q4", "2025-13"))
    assert "error[OBC124]: `2026-02-30` is not a date in the calendar" in first(
        SPEC.replace("2026-06-30", "2026-02-30"))


def test_a_quarter_beyond_q4_is_named_not_a_stray_minus() -> None:
    text = first(SPEC.replace("2025-Q4", "2025-Q5"))
    assert "error[OBC124]: `2025-Q5` is not a quarter" in text
    assert "help: write quarters as YYYY-Qn with n from 1 to 4" in text


@pytest.mark.parametrize(("date", "help_text"), [
    ("2025-11-30", "help: write its quarter `2025-Q4`, its month `2025-11` or its year `2025`"),
    ("2025-02-30", "help: write its quarter `2025-Q1`, its month `2025-02` or its year `2025`"),
    ("2025-14-01", "help: write a year as YYYY, a quarter as YYYY-Qn or a month as YYYY-MM"),
])
def test_a_date_where_a_period_belongs_names_its_period(date: str, help_text: str) -> None:
    text = first(SPEC.replace("2025-Q4", date))
    assert f"error[OBC124]: `{date}` is a date; a period is wanted here" in text
    assert help_text in text


def test_upper_case_names_are_explained() -> None:
    text = first(SPEC.replace("age >= 65", "Age >= 65"))
    assert "error[OBC005]: `Age`: names are written in lower case" in text
    assert "help: write `age`" in text


def test_fields_that_do_not_belong_to_a_kind_or_repeat_are_errors() -> None:
    assert "error[OBC121]: `due` does not belong in an outcome" in first(
        SPEC.replace("    level interim", "    due 2026-01-01"))
    assert "error[OBC108]: `level` is given twice in an outcome" in first(
        SPEC.replace("    level interim", "    level interim\n    level final"))


def test_a_block_with_no_body_says_so() -> None:
    text = first('ruleset x "t":\noutcome y "z":\n')
    assert "`ruleset` starts a block, but no indented lines follow it" in text


@pytest.mark.parametrize(("data", "expected"), [
    ("", "error[OBC115]: this file has no `ruleset` header"),
    (b"\x00\x01binary", "error[OBC009]: this file is binary, not a ruleset"),
    (b'ruleset x "\xff":\n', "r.obc:1:12: error[OBC009]: this file is not UTF-8 text"),
    (b"x" * (10 * 1024 * 1024 + 1), "error[OBC011]"),
])
def test_files_that_are_not_rulesets_get_one_clear_error(data: str | bytes, expected: str) -> None:
    assert expected in first(data)


def test_deep_nesting_is_refused_with_a_diagnostic_not_a_crash() -> None:
    deep = SPEC.replace("age >= 65", "not " * 500 + "age >= 65")
    assert f"error[OBC010]: this condition is nested more than {MAX_NESTING} levels deep" in (
        first(deep))


def test_a_hundred_levels_of_real_nesting_are_accepted() -> None:
    expression = "age" + " + (1" * 100 + ")" * 100 + " >= 65"
    result = parse_source(SPEC.replace("age >= 65", expression), "r.obc")
    assert result.diagnostics == [] and result.ruleset is not None


def test_five_hundred_parentheses_are_accepted() -> None:
    result = parse_source(SPEC.replace("age >= 65", "(" * 500 + "age >= 65" + ")" * 500))
    assert result.diagnostics == []


def test_the_header_comes_first_and_once() -> None:
    moved = SPEC.replace('population residents', 'population residents').split("\n")
    body = "\n".join(moved[7:]) + "\n" + "\n".join(moved[:7])
    assert "error[OBC115]: the `ruleset` header must come first in the file" in first(body)
    twice = SPEC + '\nruleset again "Again":\n    version "2"\n'
    assert "error[OBC115]: a file has exactly one `ruleset` header" in first(twice)


PIECES = [":", '"', "(", ")", "    ", "\t", "\n", "#", "`", "%", "£", "-", "2026-", "and",
          "where", "target", "outcome", "between", "not", "é", "\x00", "\r", "\ufeff", "€"]


def _assert_reported(source: str | bytes, registry) -> None:  # type: ignore[no-untyped-def]
    checked = check_text(source, "fuzz.obc", registry)
    for diagnostic in checked.diagnostics:
        assert diagnostic.line >= 1 and diagnostic.column >= 1
        assert diagnostic.code.startswith("OBC") or diagnostic.code[:2].isalpha()
        render_human(diagnostic, checked.text)  # rendering never fails either
    if checked.ruleset is None:
        assert any(d.is_error for d in checked.diagnostics)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cut=st.integers(min_value=0, max_value=len(SPEC)))
def test_every_truncation_is_reported_not_raised(cut: int, registry) -> None:  # type: ignore[no-untyped-def]
    _assert_reported(SPEC[:cut], registry)


EDITS = st.lists(
    st.tuples(st.integers(min_value=0, max_value=len(SPEC)),
              st.integers(min_value=0, max_value=8),
              st.sampled_from(PIECES) | st.text(max_size=4)),
    min_size=1, max_size=4,
)
"""Up to four edits of the spec example: (position, characters replaced, new text)."""


def edited(edits: list[tuple[int, int, str]]) -> str:
    """The spec example with ``edits`` applied in turn."""
    text = SPEC
    for position, width, piece in edits:
        text = text[:position] + piece + text[position + width:]
    return text


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits=EDITS)
def test_random_mutations_are_reported_not_raised(edits, registry) -> None:  # type: ignore[no-untyped-def]
    text = edited(edits)
    _assert_reported(text, registry)
    result = format_source(text, "fuzz.obc")  # fmt either formats or reports
    assert result.ok or result.diagnostics


@settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=200))
def test_arbitrary_bytes_are_reported_not_raised(data: bytes, registry) -> None:  # type: ignore[no-untyped-def]
    _assert_reported(data, registry)
