"""The finance view's syntax: `expected N per PERIOD`, `term … to …` and `investment:`
parse to their nodes, print back the same, and report what is wrong."""

from __future__ import annotations

from decimal import Decimal

from obcrules.model import Expected, PeriodLit, same_model
from obcrules.syntax.parser import parse_source
from obcrules.syntax.printer import print_ruleset

SOURCE = '''ruleset bond "A bond":
    service housing
    period quarter
    currency £

population cohort "People":
    from people where accommodation_at_referral = "rough_sleeping"
    expected 25 per quarter

population older "Older people":
    from cohort where age >= 50

outcome housed "Housed":
    measure share of cohort where tenancy_start is not missing
    target at least 60%

payment:
    contract value £400_000
    at risk 50%
    housed pays £2_000 per person where tenancy_start is not missing
    term 2026-Q1 to 2027-Q4

investment:
    capital £100_000
    drawdown £60_000 in 2026-Q1
    drawdown £40_000 in 2026-Q2
    investors receive 85.5% of outcome payments
'''


def test_the_finance_lines_parse_to_their_nodes() -> None:
    parsed = parse_source(SOURCE)
    assert parsed.diagnostics == []
    ruleset = parsed.ruleset
    assert ruleset is not None
    cohort = ruleset.population("cohort")
    assert cohort is not None and cohort.expected is not None
    assert (cohort.expected.count, cohort.expected.per) == (25, "quarter")
    assert cohort.expected.span is not None and cohort.expected.span.line == 8
    older = ruleset.population("older")
    assert older is not None and older.expected is None
    assert ruleset.payment is not None and ruleset.payment.term is not None
    assert ruleset.payment.term.start.text == "2026-Q1"
    assert ruleset.payment.term.end.text == "2027-Q4"
    investment = ruleset.investment
    assert investment is not None and investment.capital is not None
    assert investment.capital.amount == Decimal(100_000)
    assert [(d.amount.amount, d.period.text) for d in investment.drawdowns] == [
        (Decimal(60_000), "2026-Q1"), (Decimal(40_000), "2026-Q2")]
    assert investment.share is not None and investment.share.value == Decimal("0.855")


def test_the_finance_lines_round_trip_through_the_printer() -> None:
    ruleset = parse_source(SOURCE).ruleset
    assert ruleset is not None
    printed = print_ruleset(ruleset)
    assert "    expected 25 per quarter\n" in printed
    assert "    term 2026-Q1 to 2027-Q4\n" in printed
    assert "investment:\n    capital £100_000\n    drawdown £60_000 in 2026-Q1\n" in printed
    assert "    investors receive 85.5% of outcome payments\n" in printed
    again = parse_source(printed).ruleset
    assert again is not None and same_model(again, ruleset)
    assert print_ruleset(again) == printed


def test_periods_count_and_step_across_years() -> None:
    quarter = PeriodLit(unit="quarter", year=2026, index=3)
    assert quarter.plus(2).text == "2027-Q1"
    assert quarter.plus(2).ordinal - quarter.ordinal == 2
    assert PeriodLit(unit="month", year=2026, index=12).plus(1).text == "2027-01"
    assert PeriodLit(unit="year", year=2026, index=1).plus(3).text == "2029"


def test_a_second_investment_block_is_reported() -> None:
    source = SOURCE + "\ninvestment:\n    capital £1\n"
    codes = [(d.code, d.line) for d in parse_source(source).diagnostics]
    assert codes == [("OBC108", 29)]


def test_people_expected_are_a_whole_number() -> None:
    source = SOURCE.replace("expected 25 per quarter", "expected 2.5 per quarter")
    parsed = parse_source(source)
    assert [d.code for d in parsed.diagnostics] == ["OBC124"]
    assert parsed.ruleset is not None
    assert parsed.ruleset.population("cohort").expected == Expected(count=2, per="quarter")  # type: ignore[union-attr]


def test_term_is_a_keyword_only_at_the_start_of_a_payment_line() -> None:
    source = SOURCE.replace("outcome housed", "outcome term").replace(
        "    housed pays", "    `term` pays")
    parsed = parse_source(source)
    assert parsed.diagnostics == []
    assert parsed.ruleset is not None and parsed.ruleset.payment is not None
    assert parsed.ruleset.payment.rate_lines[0].outcome.name == "term"
    assert "    `term` pays £2000" in print_ruleset(parsed.ruleset)
