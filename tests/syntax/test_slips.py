"""The common slips (`obcrules.syntax.slips`) are named, with the text to write instead."""

from __future__ import annotations

import pytest

from obcrules.diagnostics import Diagnostic
from obcrules.syntax.parser import parse_source

BASE = """\
ruleset slips "Slips":
    service care
    period quarter

population adults "Adults":
    from people where age >= 18

outcome older "Older people are reached":
    level final
    measure share of adults where age >= 65
    target at least 70%
    evidence objective
    verify provider_return every quarter
"""

SLIPS = [
    # (what, old text, new text, line, column, end column, message, suggestion)
    ("`>=` as a target", "target at least 70%", "target >= 70%", 11, 12, 14,
     "a target is written in words, not with `>=`", "write `at least`"),
    ("`<` as a target", "target at least 70%", "target < 70%", 11, 12, 13,
     "a target is written in words, not with `<`", "write `less than`"),
    ("`quarterly`", "provider_return every quarter", "provider_return quarterly", 13, 28, 37,
     "how often is written `every quarter`, not `quarterly`", "write `every quarter`"),
    ("`monthly` as the period", "period quarter", "period monthly", 3, 12, 19,
     "how often is written `month`, not `monthly`", "write `month`"),
    ("`&&`", "age >= 18", "age >= 18 && age < 100", 6, 33, 35,
     "`&&` is not an operator of the language: it writes `and`, `or` and `not` in words",
     "write `and`"),
    ("`||`", "age >= 18", "age >= 18 || age < 100", 6, 33, 35,
     "`||` is not an operator of the language: it writes `and`, `or` and `not` in words",
     "write `or`"),
    ("`==`", "age >= 65", "age == 65", 10, 39, 41,
     "`==` is not a comparison here: equality is written with one `=`", "write `=`"),
    ("`atleast`", "target at least 70%", "target atleast 70%", 11, 12, 19,
     "`atleast` is two words", "write `at least`"),
    ("`lessthan`", "target at least 70%", "target lessthan 70%", 11, 12, 20,
     "`lessthan` is two words", "write `less than`"),
    ("a dedented field", "    evidence objective", "evidence objective", 12, 1, 9,
     "`evidence` is a field of the outcome `older` (line 8), but it is not indented under it",
     "indent it under the outcome: 4 spaces, like the lines above it"),
    ("a dedented `from`", "    from people", "from people", 6, 1, 5,
     "`from` is a field of the population `adults` (line 5), but it is not indented under it",
     "indent it under the population: 4 spaces, like the lines above it"),
]


def only_error(source: str) -> Diagnostic:
    result = parse_source(source, "slip.obc")
    assert result.ruleset is None
    (diagnostic,) = result.diagnostics
    return diagnostic


def test_the_base_reads() -> None:
    result = parse_source(BASE, "slip.obc")
    assert result.ruleset is not None and result.diagnostics == []


@pytest.mark.parametrize(("what", "old", "new", "line", "column", "end", "message", "suggestion"),
                         SLIPS, ids=[s[0] for s in SLIPS])
def test_each_slip_is_named_with_its_fix(what: str, old: str, new: str, line: int, column: int,
                                         end: int, message: str, suggestion: str) -> None:
    assert old in BASE
    diagnostic = only_error(BASE.replace(old, new, 1))
    assert (diagnostic.line, diagnostic.column, diagnostic.end_column) == (line, column, end)
    assert diagnostic.message == message
    assert diagnostic.suggestion == suggestion
    assert diagnostic.severity == "error" and diagnostic.code in ("OBC001", "OBC004", "OBC005")


def test_applying_each_fix_gives_a_ruleset_that_reads() -> None:
    for _what, old, new, line, column, end, _message, suggestion in SLIPS:
        if not suggestion.startswith("write `"):
            continue
        lines = BASE.replace(old, new, 1).split("\n")
        text = lines[line - 1]
        lines[line - 1] = text[: column - 1] + suggestion[len("write `"):-1] + text[end - 1:]
        fixed = "\n".join(lines)
        assert parse_source(fixed, "fixed.obc").diagnostics == [], fixed


def test_not_equal_is_a_comparison_of_the_language_not_a_slip() -> None:
    assert parse_source(BASE.replace("age >= 65", "age != 65"), "ok.obc").diagnostics == []


def test_a_word_that_only_starts_like_a_keyword_is_not_split() -> None:
    diagnostic = only_error(BASE.replace("target at least 70%", "target attest 70%"))
    assert "two words" not in diagnostic.message
