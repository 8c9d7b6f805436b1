"""The figures the finance view works on, read from a ruleset and an awarded contract."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from obcrules.model import Item, Node, Population, RateLine, Ruleset
from obcrules.money import display_money


@dataclass(frozen=True)
class ContractTerms:
    """What an awarded contract changes: its value, share at risk, fixed fee and prices.

    The api reads ``contract.yaml`` and passes these plain figures, so this package
    needs nothing of the engine. ``rates`` and ``group_rates`` are a priced contract's
    prices by rate-card line number (from 1).
    """

    provider: str
    lot: str | None = None
    contract_value: Decimal | None = None
    at_risk: Decimal | None = None
    fixed_fee: Decimal | None = None
    rates: dict[int, Decimal] = field(default_factory=dict)
    group_rates: dict[tuple[int, str], Decimal] = field(default_factory=dict)
    expected: dict[str, int] = field(default_factory=dict)
    """The people the winning bid expects to help, by outcome."""


@dataclass(frozen=True)
class LineTerms:
    """One rate-card line as the finance view sees it."""

    number: int
    node: RateLine
    outcome: Item | None
    price: Decimal
    top_price: Decimal
    """The highest price a person on the line can earn: the line's or a price group's."""
    cap: Decimal | None
    deadweight: Decimal | None
    """The deadweight share (``above 78% deadweight``), or None."""
    comparison: bool
    """True for ``above comparison NAME``: the share is known only from data."""
    population: Population | None
    """The population whose expected size sizes the line (the measure's, or the nearest
    population it is drawn from that declares ``expected``)."""
    size: int | None
    """People the population is expected to take in per period, for one provider."""

    def paid_per_period(self, people: int) -> int:
        """Of ``people`` meeting the line's condition in a period, how many are paid:
        all of them, or those above the deadweight share of the population."""
        if self.deadweight is None or self.size is None:
            return people
        return max(0, people - int(self.deadweight * self.size))


@dataclass(frozen=True)
class Lot:
    """A tender lot with a budget."""

    name: str
    budget: Decimal
    node: Node


@dataclass(frozen=True)
class Terms:
    """Everything the finance view reads, in one place."""

    currency: str
    unit: str | None
    periods: tuple[str, ...]
    """The term's periods in order (empty when the payment block states no term)."""
    contract_value: Decimal | None
    at_risk_share: Decimal | None
    cap_total: Decimal | None
    fixed_fee: Decimal | None
    lines: tuple[LineTerms, ...]
    lots: tuple[Lot, ...]
    """The lots with a budget (none under an awarded contract: its price is known)."""
    providers: int
    """The contracts the rate card is paid under: one per lot (one with a contract)."""
    provider: str | None = None
    expected: dict[str, int] = field(default_factory=dict)
    at_risk_node: Node | None = None
    """Where the amount at risk is written (``at risk``, else ``contract value``)."""
    cap_total_node: Node | None = None

    def money(self, amount: Decimal) -> str:
        """``amount`` as a report shows it: ``£1,360,000``."""
        return display_money(amount, self.currency, pennies=False)

    @property
    def at_risk(self) -> Decimal | None:
        """The amount paid only on outcomes: the contract value less a priced contract's
        fixed fee, or the contract value × the share at risk."""
        if self.contract_value is None:
            return None
        if self.fixed_fee is not None:
            return self.contract_value - self.fixed_fee
        if self.at_risk_share is None:
            return None
        return self.contract_value * self.at_risk_share


def read_terms(ruleset: Ruleset, contract: ContractTerms | None = None) -> Terms:
    """The finance view's figures: the ruleset's, with an awarded contract's on top."""
    payment = ruleset.payment
    header = ruleset.header
    currency = (header.currency if header is not None else None) or ""
    periods: tuple[str, ...] = ()
    if payment is not None and payment.term is not None:
        start, end = payment.term.start, payment.term.end
        if start.unit == end.unit and end.ordinal >= start.ordinal:
            periods = tuple(start.plus(i).text for i in range(end.ordinal - start.ordinal + 1))
    lines = tuple(_line(ruleset, number, line, contract)
                  for number, line in enumerate(payment.rate_lines if payment else (), start=1))
    lots = tuple(Lot(t.name, t.budget.amount, t.budget) for t in ruleset.tenders
                 if t.budget is not None) if contract is None else ()
    if not currency and payment is not None and payment.contract_value is not None:
        currency = payment.contract_value.currency
    value = payment.contract_value.amount if payment and payment.contract_value else None
    share = payment.at_risk.value if payment and payment.at_risk else None
    fixed = None
    if contract is not None:
        value = contract.contract_value if contract.contract_value is not None else value
        share = contract.at_risk if contract.at_risk is not None else share
        fixed = contract.fixed_fee
    return Terms(
        currency=currency,
        unit=header.period if header is not None else None,
        periods=periods,
        contract_value=value,
        at_risk_share=share,
        cap_total=payment.cap_total.amount if payment and payment.cap_total else None,
        fixed_fee=fixed,
        lines=lines,
        lots=lots,
        providers=1 if contract is not None else max(1, len(ruleset.tenders)),
        provider=contract.provider if contract is not None else None,
        expected=dict(contract.expected) if contract is not None else {},
        at_risk_node=(payment.at_risk or payment.contract_value) if payment else None,
        cap_total_node=payment.cap_total if payment else None,
    )


def _line(ruleset: Ruleset, number: int, line: RateLine,
          contract: ContractTerms | None) -> LineTerms:
    item = ruleset.item(line.outcome.name)
    price = line.amount.amount
    group_prices = [g.amount.amount for g in line.groups]
    if contract is not None and number in contract.rates:
        price = contract.rates[number]
        group_prices = [contract.group_rates.get((number, g.name), g.amount.amount)
                        for g in line.groups]
    population = size = None
    if item is not None and item.measure is not None:
        population = sized_population(ruleset, item.measure.source.name)
        if population is not None and population.expected is not None:
            size = population.expected.count
    deadweight = line.deadweight
    return LineTerms(
        number=number, node=line, outcome=item, price=price,
        top_price=max([price, *group_prices]),
        cap=line.cap.amount if line.cap is not None else None,
        deadweight=deadweight.share.value if deadweight and deadweight.share else None,
        comparison=deadweight is not None and deadweight.kind == "comparison",
        population=population, size=size,
    )


def sized_population(ruleset: Ruleset, name: str) -> Population | None:
    """The population ``name``, or the nearest it is drawn from, that declares how many
    people it is expected to take in: a population drawn from another is a part of it,
    so the larger one's size bounds it. None when no population on the way declares one."""
    seen: set[str] = set()
    current = ruleset.population(name)
    while current is not None and current.name not in seen:
        if current.expected is not None:
            return current
        seen.add(current.name)
        current = ruleset.population(current.source.name)
    return None
