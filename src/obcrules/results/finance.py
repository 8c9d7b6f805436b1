"""The finance document (schema ``obcrules.finance/1``): what ``obc finance --format json``
prints, and what the finance sections of the framework and monitoring reports show.

Money is exact decimal text (``"231000.00"``); rates are decimal text, fractions to
four places (``"0.8000"`` is 80%). See docs/finance.md for what each figure means.
"""

from __future__ import annotations

from typing import Literal

from pydantic import ConfigDict, with_config
from typing_extensions import TypedDict

SCHEMA: Literal["obcrules.finance/1"] = "obcrules.finance/1"

_STRICT = ConfigDict(extra="forbid", use_attribute_docstrings=True)

ScenarioKey = Literal["targets", "trajectory", "baseline", "best", "worst"]


@with_config(_STRICT)
class FinanceRuleset(TypedDict):
    """The ruleset the figures come from."""

    name: str | None
    version: str | None
    file: str
    sha256: str


@with_config(_STRICT)
class FinanceContract(TypedDict):
    """The awarded contract whose value, share at risk and prices replaced the ruleset's."""

    path: str
    sha256: str
    provider: str
    lot: str | None


@with_config(_STRICT)
class LotMoney(TypedDict):
    """A lot's budget and the amount a bid at the budget would have at risk."""

    name: str
    budget: str
    at_risk: str | None


@with_config(_STRICT)
class Money(TypedDict):
    """The money the rate card sits in."""

    contract_value: str | None
    at_risk_share: str | None
    """The share at risk, a fraction (``"0.33"``)."""
    at_risk: str | None
    """The amount paid only on outcomes."""
    fixed_fee: str | None
    """A priced contract's fixed fee, paid whatever the outcomes."""
    cap_total: str | None
    lots: list[LotMoney]


@with_config(_STRICT)
class LineLiability(TypedDict):
    """The most one rate-card line can pay, and its working."""

    line: int
    outcome: str
    per: str
    price: str
    top_price: str
    """The highest price a person on the line can earn (the line's or a price group's)."""
    cap: str | None
    deadweight: str | None
    population: str | None
    """The population whose expected size sizes the line."""
    expected_per_period: int | None
    people: int | None
    """The most people the line can pay for over the term."""
    uncapped: str | None
    most: str | None
    """The most the line can pay, within its cap (null: no limit)."""
    working: str
    bid_people: int | None
    """Under an awarded contract: the people the bid expects to help on the line's outcome
    (its ``expected`` numbers; null without them)."""
    bid_cost: str | None
    """What the line pays for those people, within its cap."""


@with_config(_STRICT)
class LiabilityPart(TypedDict):
    """The rate card's maximum liability."""

    lines: list[LineLiability]
    rate_card: str | None
    """The lines' maxima added up, before ``cap total`` (null: no limit)."""
    per_provider: str | None
    """The most one provider can be paid on outcomes, within ``cap total``."""
    providers: int
    whole: str | None
    """The most the whole contract can pay on outcomes, over every provider."""
    bid_cost: str | None
    """Under an awarded contract: the rate card at the numbers the bid expects, within
    ``cap total``."""


@with_config(_STRICT)
class FinanceProblem(TypedDict):
    """An inconsistency ``obc check`` warns of."""

    code: str
    message: str
    help: str


@with_config(_STRICT)
class ScenarioPeriod(TypedDict):
    """What a scenario pays in one period."""

    period: str
    lines: list[str]
    """Each rate-card line's payment, within its cap."""
    total: str
    """The period's outcome payments, within ``cap total``."""
    cumulative: str


@with_config(_STRICT)
class OutcomeRates(TypedDict):
    """A paid outcome's rate in each period of a scenario (null: none)."""

    outcome: str
    by_period: list[str | None]


@with_config(_STRICT)
class ScenarioPart(TypedDict):
    """One scenario's cash flows."""

    key: ScenarioKey
    title: str
    total: str
    periods: list[ScenarioPeriod]
    rates: list[OutcomeRates]
    not_modelled: list[str]


@with_config(_STRICT)
class InvestorPeriod(TypedDict):
    """The investors' money in one period."""

    period: str
    drawdown: str
    receipt: str
    net: str
    cumulative: str


@with_config(_STRICT)
class InvestorScenario(TypedDict):
    """The investors' side of one scenario."""

    scenario: ScenarioKey
    periods: list[InvestorPeriod]
    received: str
    net: str
    multiple: str
    """Everything received ÷ the capital, to two places, rounded down."""
    irr: str | None
    """The yearly internal rate of return, a fraction to four places (null: none)."""


@with_config(_STRICT)
class InvestmentPart(TypedDict):
    """The social impact bond view."""

    capital: str
    share: str
    """The investors' share of the outcome payments, a fraction."""
    break_even_rate: str | None
    """The lowest outcome rate, alike for every outcome and period, at which the
    investors get their capital back (null: not even at 100%)."""
    scenarios: list[InvestorScenario]


@with_config(_STRICT)
class FinanceDocument(TypedDict):
    """What the contract can cost: liability, scenarios and the investors' view."""

    schema: Literal["obcrules.finance/1"]
    ruleset: FinanceRuleset
    contract: FinanceContract | None
    currency: str
    period_unit: str | None
    term: list[str]
    money: Money
    liability: LiabilityPart
    problems: list[FinanceProblem]
    scenarios: list[ScenarioPart]
    investment: InvestmentPart | None
