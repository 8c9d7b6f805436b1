"""The social impact bond view: the investors' cash flows, money multiple, internal rate
of return and break-even outcome rate.

Investors pay in the capital as the ``investment:`` block draws it down, and receive
their share of the outcome payments of a scenario, period by period. Each period's
receipt is the share × the period's outcome payments, rounded half-up to the penny.

* **Money multiple** — everything received ÷ the capital, to two decimals (rounded down,
  so a multiple of 1.00 is never shown for a loss).
* **Internal rate of return** — the yearly rate ``r`` at which the cash flows are worth
  nothing today: ``Σ flowₜ ÷ (1 + r)^(t ÷ k) = 0``, ``t`` counting periods from the first
  of the term and ``k`` the periods in a year (4 for quarters). It is found by
  bisection on exact decimals (28 significant digits): start from −99% and 1,000%, halve
  the interval keeping the half whose ends give values of opposite sign, until it is
  narrower than 0.005 percentage points, and give its middle rounded half-up to 0.01
  percentage points. There is none when the flows never change sign.
* **Break-even outcome rate** — the lowest rate, the same for every paid outcome and
  every period, at which the investors get their capital back (a multiple of 1), found
  by the same bisection on the rate from 0% to 100%, to the nearest 0.01 percentage
  point. There is none when even 100% would not pay the capital back.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, localcontext

from obcrules.finance.scenarios import Scenario, pay
from obcrules.finance.terms import Terms
from obcrules.model import PERIODS_PER_YEAR, Investment
from obcrules.money import to_penny

STEP = Decimal("0.0001")
"""0.01 percentage points, as a fraction."""
LOW, HIGH = Decimal("-0.99"), Decimal("10")


@dataclass(frozen=True)
class InvestorFlow:
    """The investors' money in one period."""

    period: str
    drawdown: Decimal
    receipt: Decimal
    net: Decimal
    cumulative: Decimal


@dataclass(frozen=True)
class InvestorView:
    """The investors' side of one scenario."""

    scenario: str
    capital: Decimal
    share: Decimal
    flows: tuple[InvestorFlow, ...]
    received: Decimal
    multiple: Decimal
    irr: Decimal | None
    """The yearly internal rate of return as a fraction (0.1207 is 12.07%), or None."""

    @property
    def net(self) -> Decimal:
        """What the investors gain (or lose, negative) over the term."""
        return self.received - self.capital


def investor_view(terms: Terms, investment: Investment, scenario: Scenario) -> InvestorView:
    """The investors' cash flows, multiple and IRR under ``scenario``."""
    share = investment.share.value if investment.share is not None else Decimal(1)
    drawn = {d.period.text: Decimal(0) for d in investment.drawdowns}
    for d in investment.drawdowns:
        drawn[d.period.text] += d.amount.amount
    flows: list[InvestorFlow] = []
    cumulative = Decimal(0)
    for flow in scenario.flows:
        down = drawn.get(flow.period, Decimal(0))
        receipt = to_penny(flow.total * share)
        cumulative += receipt - down
        flows.append(InvestorFlow(flow.period, down, receipt, receipt - down, cumulative))
    capital = sum(drawn.values(), Decimal(0))
    received = sum((f.receipt for f in flows), Decimal(0))
    multiple = (received / capital).quantize(Decimal("0.01"), rounding=ROUND_DOWN) \
        if capital else Decimal(0)
    per_year = PERIODS_PER_YEAR.get(terms.unit or "year", 1)
    return InvestorView(scenario.key, capital, share, tuple(flows), received, multiple,
                        irr([f.net for f in flows], per_year))


def npv(flows: list[Decimal], rate: Decimal, per_year: int) -> Decimal:
    """The value today of ``flows`` (one per period) at the yearly ``rate``."""
    with localcontext() as context:
        context.prec = 28
        base = 1 + rate
        return sum((flow / base ** (Decimal(t) / per_year) for t, flow in enumerate(flows)),
                   Decimal(0))


def irr(flows: list[Decimal], per_year: int) -> Decimal | None:
    """The yearly internal rate of return of ``flows``, to 0.01 percentage points."""
    low, high = LOW, HIGH
    at_low, at_high = npv(flows, low, per_year), npv(flows, high, per_year)
    if at_low == 0:
        return low
    if at_low * at_high > 0:
        return None
    while high - low >= STEP / 2:
        middle = (low + high) / 2
        at_middle = npv(flows, middle, per_year)
        if at_middle == 0:
            return middle.quantize(STEP, rounding=ROUND_HALF_UP)
        if (at_middle > 0) == (at_low > 0):
            low, at_low = middle, at_middle
        else:
            high = middle
    return ((low + high) / 2).quantize(STEP, rounding=ROUND_HALF_UP)


def break_even(terms: Terms, investment: Investment) -> Decimal | None:
    """The lowest outcome rate, the same for every paid outcome and period, at which the
    investors' receipts reach the capital; None when even 100% falls short."""
    if investment.capital is None:
        return None
    capital = investment.capital.amount
    share = investment.share.value if investment.share is not None else Decimal(1)

    def received(rate: Decimal) -> Decimal:
        scenario = pay(terms, "targets",
                       lambda line, _: rate if line.outcome is not None else None)
        return sum((to_penny(f.total * share) for f in scenario.flows), Decimal(0))

    if received(Decimal(1)) < capital:
        return None
    low, high = Decimal(0), Decimal(1)
    while high - low >= STEP / 2:
        middle = (low + high) / 2
        if received(middle) >= capital:
            high = middle
        else:
            low = middle
    return high.quantize(STEP, rounding=ROUND_HALF_UP)
