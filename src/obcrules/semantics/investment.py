"""Semantic checks of what the finance view reads: the people a population is expected
to take in, the contract's term and a social impact bond's ``investment:`` block."""

from __future__ import annotations

from decimal import Decimal

from obcrules.model import PeriodLit
from obcrules.money import display_money
from obcrules.semantics.checker import Checker


def check_finance_terms(checker: Checker) -> None:
    """Units of ``expected`` and ``term`` against the ruleset's period; the investment."""
    ruleset = checker.ruleset
    period = ruleset.header.period if ruleset.header is not None else None
    for population in ruleset.populations:
        expected = population.expected
        if expected is not None and period is not None and expected.per != period:
            checker.error("OBC105", expected, f"the ruleset reports every {period}, so "
                          f"people are expected per {period}, not per {expected.per}",
                          f"write e.g. `expected {expected.count} per {period}`")
    payment = ruleset.payment
    term = payment.term if payment is not None else None
    if term is not None:
        for end in (term.start, term.end):
            _unit(checker, end, period, "the term")
        if term.start.unit == term.end.unit and term.end.ordinal < term.start.ordinal:
            checker.error("OBC124", term, f"the term ends ({term.end.text}) before it starts "
                          f"({term.start.text})", "write the first period, then the last")
    investment = ruleset.investment
    if investment is None:
        return
    if term is None:
        checker.error("OBC118", investment, "an investment needs the contract's term to "
                      "place its cash flows", "add e.g. `term 2026-Q1 to 2027-Q4` to the "
                      "`payment:` block")
    if investment.capital is None:
        checker.error("OBC118", investment, "the investment says not how much capital is "
                      "committed", "add e.g. `capital £200_000`")
    elif investment.capital.amount <= 0:
        checker.error("OBC105", investment.capital, "the capital must be more than zero")
    if investment.share is None:
        checker.error("OBC118", investment, "the investment says not what share of the "
                      "outcome payments goes to the investors",
                      "add e.g. `investors receive 100% of outcome payments`")
    elif not 0 < investment.share.value <= 1:
        checker.error("OBC105", investment.share, "the investors' share is more than 0% and "
                      "at most 100%")
    if not investment.drawdowns:
        checker.error("OBC118", investment, "the investment says not when the capital is "
                      "paid in", "add e.g. `drawdown £200_000 in 2026-Q1`")
        return
    drawn = Decimal(0)
    for drawdown in investment.drawdowns:
        drawn += drawdown.amount.amount
        if drawdown.amount.amount <= 0:
            checker.error("OBC105", drawdown.amount, "a drawdown must be more than zero")
        _unit(checker, drawdown.period, period, "a drawdown")
        if (term is not None and drawdown.period.unit == term.start.unit == term.end.unit
                and term.start.ordinal <= term.end.ordinal
                and not term.start.ordinal <= drawdown.period.ordinal <= term.end.ordinal):
            checker.error("OBC124", drawdown.period, f"{drawdown.period.text} is outside the "
                          f"term ({term.start.text} to {term.end.text})",
                          "draw the capital down within the term")
    if investment.capital is not None and drawn != investment.capital.amount:
        currency = investment.capital.currency
        checker.error("OBC124", investment.capital, f"the drawdowns add up to "
                      f"{display_money(drawn, currency, pennies=False)} but the capital is "
                      f"{display_money(investment.capital.amount, currency, pennies=False)}",
                      "make the drawdowns add up to the capital committed")


def _unit(checker: Checker, period: PeriodLit, unit: str | None, what: str) -> None:
    if unit is not None and period.unit != unit:
        checker.error("OBC105", period, f"the ruleset reports every {unit}, so {what} is "
                      f"a {unit}, not `{period.text}`",
                      "write quarters as YYYY-Qn, months as YYYY-MM and years as YYYY")
