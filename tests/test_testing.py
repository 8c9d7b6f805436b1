"""obcrules.testing: the YAML check-case loader and runner report mistakes clearly."""

from __future__ import annotations

from pathlib import Path

import pytest

from obcrules.plugins.manager import Registry
from obcrules.testing import CheckCase, load_check_cases, run_check_case

SOURCE = """\
ruleset r "R":
    service care
    period quarter

outcome o "Outcome":
    measure share of people where age >= 65
    evidence objective
    verify provider_return every quarter
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "cases.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_cases_take_the_default_rule_and_their_own(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "rule: OBC203\nno_target:\n  fail: |\n    x\n  line: 5\n  column: 1\n"
        "other:\n  rule: OBC202\n  pass: y\n",
    )
    cases = load_check_cases(path)
    assert [(str(c), c.should_fail, c.line, c.column) for c in cases] == [
        ("OBC203-no_target", True, 5, 1),
        ("OBC202-other", False, None, None),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a:\n  pass: x\n", "case 'a' names no rule"),
        ("rule: X001\na:\n  pass: x\n  fail: y\n", "case 'a' needs exactly one of"),
        ("rule: X001\na:\n  fail: y\n", "failing case 'a' needs a line and a column"),
    ],
)
def test_malformed_cases_are_refused_by_name(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        load_check_cases(write(tmp_path, text))


def test_the_runner_finds_the_rule_where_expected(registry: Registry) -> None:
    case = CheckCase("no_target", "OBC203", SOURCE, True, 5, 1)
    diagnostics = run_check_case(case, registry)
    assert [d.code for d in diagnostics if d.code == "OBC203"] == ["OBC203"]


def test_the_runner_says_what_it_found_instead(registry: Registry) -> None:
    case = CheckCase("wrong_place", "OBC203", SOURCE, True, 6, 1)
    expected = r"expected OBC203 at 6:1, got:\n  5:1 OBC203 the outcome `o` has no target"
    with pytest.raises(AssertionError, match=expected):
        run_check_case(case, registry)
    passing = CheckCase("should_pass", "OBC203", SOURCE, False)
    with pytest.raises(AssertionError, match="expected no OBC203"):
        run_check_case(passing, registry)
