"""The investors' figures (`obcrules.finance.investors`): IRR by bisection on decimals, the
money multiple and the break-even rate, at their edges."""

from __future__ import annotations

from decimal import Decimal

from obcrules.finance import investor_view, read_terms, scenarios
from obcrules.finance.investors import break_even, irr
from obcrules.syntax.parser import parse_source

BOND = '''ruleset bond "Bond":
    service housing
    period quarter
    currency £

population cohort "People":
    from people where accommodation_at_referral = "rough_sleeping"
    expected 10 per quarter

outcome housed "Housed":
    measure share of cohort where tenancy_start is not missing
    target at least 60%
    baseline 40% at 2025-Q4

payment:
    contract value £40_000
    at risk 100%
    housed pays £1_000 per person where tenancy_start is not missing
    term 2026-Q1 to 2026-Q4

investment:
    capital £CAPITAL
    drawdown £CAPITAL in 2026-Q1
    investors receive SHARE of outcome payments
'''


def bond(capital: str = "20_000", share: str = "100%"):  # type: ignore[no-untyped-def]
    ruleset = parse_source(BOND.replace("CAPITAL", capital).replace("SHARE", share)).ruleset
    assert ruleset is not None and ruleset.investment is not None
    return ruleset, read_terms(ruleset)


def test_irr_is_yearly_and_solved_to_a_hundredth_of_a_point() -> None:
    # 100 in, 110 a year later, paid quarterly: exactly 10% a year
    assert irr([Decimal(-100), Decimal(0), Decimal(0), Decimal(0), Decimal(110)], 4) == \
        Decimal("0.1000")
    # monthly periods: the same year, twelve steps
    assert irr([Decimal(-100), *[Decimal(0)] * 11, Decimal(121)], 12) == Decimal("0.2100")
    # a loss of 98% in a year
    assert irr([Decimal(-100), Decimal(2)], 1) == Decimal("-0.9800")
    # a loss worse than the search starts from (−99%) has none
    assert irr([Decimal(-100), Decimal("0.01")], 1) is None


def test_no_irr_when_the_flows_never_change_sign() -> None:
    assert irr([Decimal(-100), Decimal(0), Decimal(0)], 4) is None
    assert irr([Decimal(100), Decimal(5)], 4) is None


def test_the_multiple_rounds_down_and_the_share_is_applied_to_the_penny() -> None:
    ruleset, terms = bond(capital="23_999", share="33.3%")
    view = investor_view(terms, ruleset.investment, scenarios(terms)[0])
    # 33.3% of £6,000 is £1,998.00 a quarter: £7,992 for £23,999 → 0.333… → 0.33
    assert [f.receipt for f in view.flows] == [Decimal("1998.00")] * 4
    assert view.received == Decimal("7992.00")
    assert view.multiple == Decimal("0.33")
    assert view.net == Decimal("-16007.00")


def test_break_even_is_the_lowest_rate_that_repays_the_capital() -> None:
    ruleset, terms = bond()
    assert break_even(terms, ruleset.investment) == Decimal("0.5000")
    ruleset, terms = bond(capital="40_000")
    assert break_even(terms, ruleset.investment) == Decimal("1.0000")
    ruleset, terms = bond(capital="40_001")
    assert break_even(terms, ruleset.investment) is None
