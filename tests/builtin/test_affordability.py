"""The affordability checks (OBC210-OBC213) run in `obc check`, and the example rulesets
pass them."""

from __future__ import annotations

from pathlib import Path

from obcrules.api import check_text
from obcrules.builtin.affordability import AFFORDABILITY_CHECKS
from obcrules.diagnostics import render_human

RULESETS = Path(__file__).parents[2] / "rulesets"

SOFA = '''ruleset sofa "Sofa-surfing young people":
    service housing
    period quarter
    currency £

population young_people "Young people who were sofa-surfing when referred":
    from people where accommodation_at_referral = "sofa_surfing"
    expected 136 per quarter

outcome working "Young people are in education, training or work":
    measure share of young_people where in_education_training_employment
    target at least 50%
    evidence objective
    verify admin_data every quarter

payment:
    contract value £700_000
    at risk 33%
    working pays £2_500 per young_person where in_education_training_employment
    term 2026-Q1 to 2026-Q4
'''


def test_the_checks_are_warnings_with_their_own_codes() -> None:
    assert [c.code for c in AFFORDABILITY_CHECKS] == ["OBC210", "OBC211", "OBC212", "OBC213"]
    assert {c.severity for c in AFFORDABILITY_CHECKS} == {"warning"}


def test_obc_check_warns_with_a_caret_and_a_help_line() -> None:
    checked = check_text(SOFA, "sofa.obc")
    (warning,) = checked.diagnostics
    assert (warning.code, warning.line, warning.column) == ("OBC210", 18, 13)
    assert render_human(warning, SOFA) == (
        "sofa.obc:18:13: warning[OBC210]: the rate card can pay £1,360,000 but only £231,000 "
        "is at risk\n"
        " 18 |     at risk 33%\n"
        "    |             ^^^\n"
        "  help: lower the prices, cap the lines or raise the share at risk")


def test_a_ruleset_without_money_is_not_warned() -> None:
    bare = SOFA.replace("    contract value £700_000\n    at risk 33%\n", "")
    assert check_text(bare, "bare.obc").diagnostics == []


def test_the_example_rulesets_fit_their_money() -> None:
    for path in sorted(RULESETS.glob("*.obc")):
        checked = check_text(path.read_bytes(), path.name)
        assert [d.code for d in checked.diagnostics] == [], path.name
