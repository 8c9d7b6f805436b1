"""The checks of what the finance view reads (`obcrules.semantics.investment`): the unit of
`expected` and of the term, the term's order, and the investment's capital, drawdowns and
share."""

from __future__ import annotations

BASE = '''ruleset t "Test":
    service care
    period quarter
    currency £

population residents "Residents":
    from people where age >= 65
    expected 40 per quarter

outcome o "O":
    measure share of residents where continence_treated
    target at least 50%
    verify provider_return

payment:
    contract value £200_000
    at risk 10%
    o pays £500 per person where continence_treated, cap £20_000
    term 2026-Q1 to 2027-Q4

investment:
    capital £20_000
    drawdown £12_000 in 2026-Q1
    drawdown £8_000 in 2026-Q3
    investors receive 80% of outcome payments
'''


def errors(checked) -> list[tuple[str, int, str]]:  # type: ignore[no-untyped-def]
    return [(d.code, d.line, d.message) for d in checked.diagnostics if d.is_error]


def test_a_consistent_investment_checks_clean(check) -> None:  # type: ignore[no-untyped-def]
    checked = check(BASE)
    assert checked.diagnostics == []


def test_people_are_expected_per_the_rulesets_period(check) -> None:  # type: ignore[no-untyped-def]
    found = errors(check(BASE.replace("expected 40 per quarter", "expected 40 per month")))
    assert found == [("OBC105", 8, "the ruleset reports every quarter, so people are expected "
                                    "per quarter, not per month")]


def test_the_term_runs_forwards_in_the_rulesets_periods(check) -> None:  # type: ignore[no-untyped-def]
    backwards = errors(check(BASE.replace("term 2026-Q1 to 2027-Q4", "term 2027-Q4 to 2026-Q1")))
    assert [(c, line) for c, line, _ in backwards] == [("OBC124", 19)]
    assert "ends (2026-Q1) before it starts (2027-Q4)" in backwards[0][2]
    months = errors(check(BASE.replace("term 2026-Q1 to 2027-Q4", "term 2026-01 to 2027-Q4")))
    assert [c for c, _, _ in months] == ["OBC105"]


def test_drawdowns_add_up_to_the_capital_within_the_term(check) -> None:  # type: ignore[no-untyped-def]
    found = errors(check(BASE.replace("drawdown £8_000 in 2026-Q3", "drawdown £5_000 in 2028-Q3")))
    assert [(c, line) for c, line, _ in found] == [("OBC124", 22), ("OBC124", 24)]
    assert found[0][2] == "the drawdowns add up to £17,000 but the capital is £20,000"
    assert found[1][2] == "2028-Q3 is outside the term (2026-Q1 to 2027-Q4)"


def test_an_investment_needs_a_term_capital_drawdowns_and_a_share(check) -> None:  # type: ignore[no-untyped-def]
    source = BASE.replace("    term 2026-Q1 to 2027-Q4\n", "").split("investment:")[0]
    found = errors(check(source + "investment:\n    capital £0\n"))
    assert sorted(c for c, _, _ in found) == ["OBC105", "OBC118", "OBC118", "OBC118"]
    share = errors(check(BASE.replace("receive 80%", "receive 120%")))
    assert [c for c, _, _ in share] == ["OBC105"]
