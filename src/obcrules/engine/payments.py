"""Outcome payments: rate-card lines paid once per person, caps, bonus, penalty, at risk.

For each provider (see ``docs/monitoring.md``):

1. A rate-card line pays its rate for each member of the outcome's population
   who meets the line's condition, in the first period in which they meet it,
   and never again for that person on that line over the whole contract (above a
   deadweight, only for the people above it: `obcrules.engine.deadweight`; a
   price group's people at the group's rate). The line's ``cap`` limits what the
   line pays the provider over the contract.
2. Outcome payments are the sum of the lines; with ``at risk N%`` they can earn
   back at most N% of the contract value (the at-risk amount).
   A line pays only in the periods of the contract's ``term``: a person who first met
   its condition before the term (or after it) is not paid for, then or later.
3. A bonus adds, and a penalty takes away, its percentage of the contract value
   when the outcome beats (misses) its target by the margin in the provider's
   latest period with data.
4. The outcome-related total (payments + bonuses - penalties) is never below
   zero and is capped by ``cap total``; the fixed part (the contract value less
   the at-risk amount) is added to give the total due.

Money is exact `Decimal`, rounded half-up to the penny where an amount is worked out
to be paid: a line's payment in a period (its people × their prices, rounded once),
the at-risk amount and each bonus or penalty. Every other figure is an exact sum or
difference of those, so the written figures add up as an auditor adds them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from obcrules.engine import periods
from obcrules.engine.contract import Contract
from obcrules.engine.deadweight import LineCounts, PeriodPeople, Shares, period_people, shares_of
from obcrules.model import Adjustment, Payment, RateLine, Term
from obcrules.money import money_text, price_text, to_penny
from obcrules.semantics.goals import Goal, amount

Latest = Callable[[str, str], tuple[Goal | None, Fraction | None, str | None, bool]]
"""``latest(provider, outcome) -> (goal, value, period, percent)``, latest period with data."""


@dataclass(frozen=True)
class Terms:
    """What a provider is paid on: the ruleset's terms, or the awarded contract's.

    ``rates`` is the price paid per rate-card line (by its number) and ``group_rates`` per
    price group (by line number and group); a contract whose bid priced the rate card
    has its own, and its ``fixed_fee`` is then the fixed part, with no at-risk share
    limiting the rate card.
    """

    contract_value: Decimal | None
    at_risk: Decimal | None
    rates: dict[int, Decimal]
    fixed_fee: Decimal | None = None
    group_rates: dict[tuple[int, str], Decimal] = field(default_factory=dict)


def terms_of(payment: Payment, contract: Contract | None) -> Terms:
    """The ruleset's terms, with what the contract gives in place of them."""
    value = payment.contract_value.amount if payment.contract_value else None
    risk = Decimal(payment.at_risk.value) if payment.at_risk else None
    rates = {i: line.amount.amount for i, line in enumerate(payment.rate_lines, start=1)}
    groups = {(i, g.name): g.amount.amount
              for i, line in enumerate(payment.rate_lines, start=1) for g in line.groups}
    if contract is None:
        return Terms(value, risk, rates, group_rates=groups)
    value = contract.contract_value if contract.contract_value is not None else value
    if contract.priced:
        return Terms(value, None, {**rates, **contract.rates}, contract.fixed_fee or Decimal(0),
                     {**groups, **contract.group_rates})
    risk = contract.at_risk if contract.at_risk is not None else risk
    return Terms(value, risk, rates, group_rates=groups)


@dataclass(frozen=True)
class PeriodPayment:
    """What a line pays in one period: the people and how many were paid, the amount due
    before and after the line's cap."""

    people: PeriodPeople
    gross: Decimal
    amount: Decimal


@dataclass
class LineResult:
    """What one rate-card line pays one provider, at ``rate`` per person (and each price
    group's rate for its people)."""

    provider: str
    line: RateLine
    index: int
    rate: Decimal
    group_rates: dict[str, Decimal] = field(default_factory=dict)
    by_period: list[PeriodPayment] = field(default_factory=list)

    @property
    def people(self) -> int:
        """People paid for on this line (each once)."""
        return sum(p.people.paid for p in self.by_period)

    @property
    def qualifying(self) -> int:
        """People who first met the line's condition (before any deadweight)."""
        return sum(p.people.qualifying for p in self.by_period)

    @property
    def amount(self) -> Decimal:
        """What the line pays over the contract, after its cap."""
        return sum((p.amount for p in self.by_period), Decimal(0))

    @property
    def capped(self) -> bool:
        """True when the cap held the line back."""
        return sum((p.gross for p in self.by_period), Decimal(0)) > self.amount

    def rate_of(self, group: str | None) -> Decimal:
        """The price of a price group's people (None: the line's own)."""
        return self.rate if group is None else self.group_rates[group]


def outside_term(period: str, term: Term | None) -> str | None:
    """Why nothing is paid in ``period`` under the contract's ``term`` (a note), or None
    when the period is within it, or there is no term."""
    if term is None:
        return None
    first, last = term.start.text, term.end.text
    if periods.bounds(period)[0] < periods.bounds(first)[0]:
        where = "before"
    elif periods.bounds(period)[1] > periods.bounds(last)[1]:
        where = "after"
    else:
        return None
    return (f"{where} the contract's term ({first} to {last}): the people who first met "
            "the line's condition in this period are not paid for, now or later")


def line_result(provider: str, line: RateLine, index: int, terms: Terms, counts: LineCounts,
                shares: Shares | None, term: Term | None = None) -> LineResult:
    """Pay ``line`` to ``provider`` on ``terms``: in each period with people who first met
    the line's condition, those above the deadweight (``shares``; None: all of them), each
    at their group's price, and nobody in a period outside the contract's ``term``; the
    cap applies cumulatively in period order."""
    result = LineResult(provider, line, index, terms.rates[index],
                        {g.name: terms.group_rates[(index, g.name)] for g in line.groups})
    paid = Decimal(0)
    for period in sorted(p for p, n in counts.qualifying.items() if n):
        outside = outside_term(period, term)
        people = period_people(line, counts, period, shares) if outside is None else \
            PeriodPeople(period, counts.qualifying[period], 0, {}, note=outside)
        gross = to_penny(sum((n * result.rate_of(group) for group, n in people.groups.items()),
                             Decimal(0)))
        due = gross
        if line.cap is not None:
            due = max(Decimal(0), min(due, to_penny(line.cap.amount) - paid))
        paid += due
        result.by_period.append(PeriodPayment(people, gross, due))
    return result


def line_document(result: LineResult) -> dict[str, object]:
    """The JSON entry of a line (money as text with two decimals)."""
    line = result.line
    deadweight: dict[str, str] | None = None
    if line.deadweight is not None and line.deadweight.share is not None:
        deadweight = {"share": _fraction(Decimal(line.deadweight.share.value))}
    elif line.deadweight is not None and line.deadweight.comparison is not None:
        deadweight = {"comparison": line.deadweight.comparison.name}
    totals: dict[str | None, int] = {}
    for period in result.by_period:
        for group, n in period.people.groups.items():
            totals[group] = totals.get(group, 0) + n
    return {
        "provider": result.provider,
        "line": line.outcome.name,
        "rate_line": result.index,
        "per": line.per,
        "rate": price_text(result.rate),
        "cap": money_text(line.cap.amount) if line.cap is not None else None,
        "capped": result.capped,
        "deadweight": deadweight,
        "qualifying": result.qualifying,
        "people": result.people,
        "amount": money_text(result.amount),
        "groups": _groups(result, totals),
        "by_period": [_period_document(result, p) for p in result.by_period],
    }


def _period_document(result: LineResult, payment: PeriodPayment) -> dict[str, object]:
    people = payment.people
    return {"period": people.period, "qualifying": people.qualifying,
            "population": people.population,
            "deadweight_share": _fraction(people.share) if people.share is not None else None,
            "deadweight": people.deadweight, "people": people.paid,
            "amount": money_text(payment.amount), "groups": _groups(result, people.groups),
            "note": people.note}


def _groups(result: LineResult, people: Mapping[str | None, int]) -> list[dict[str, object]]:
    """People paid per price group of a line with groups (the line's own price first)."""
    if not result.line.groups:
        return []
    names: list[str | None] = [None, *(g.name for g in result.line.groups)]
    return [{"group": name, "rate": price_text(result.rate_of(name)),
             "people": people.get(name, 0)} for name in names]


def _fraction(value: Decimal) -> str:
    return f"{value.normalize():f}"


def adjustment_applies(adjustment: Adjustment, goal: Goal | None, value: Fraction | None,
                       percent: bool) -> bool:
    """True when the outcome beats (bonus) or misses (penalty) its target by the margin."""
    if goal is None or value is None:
        return False
    margin = goal.margin(value)
    if margin is None:
        return False
    by = amount(adjustment.by, percent)
    return margin >= by if adjustment.kind == "bonus" else -margin >= by


def provider_totals(provider: str, payment: Payment, lines: list[LineResult], latest: Latest,
                    terms: Terms) -> dict[str, object]:
    """The provider's payment summary: earned, adjustments, caps, fixed part and total."""
    contract_value = to_penny(terms.contract_value) if terms.contract_value is not None \
        else None
    at_risk = terms.at_risk
    earned = sum((r.amount for r in lines), Decimal(0))
    at_risk_amount = to_penny(contract_value * at_risk) if contract_value is not None and \
        at_risk is not None else None
    limited = min(earned, at_risk_amount) if at_risk_amount is not None else earned
    adjustments = []
    net = limited
    for adjustment in payment.adjustments:
        goal, value, period, percent = latest(provider, adjustment.outcome.name)
        applies = adjustment_applies(adjustment, goal, value, percent)
        share = Decimal(adjustment.percent.value)
        sum_ = to_penny((contract_value or Decimal(0)) * share) if applies else Decimal(0)
        net += sum_ if adjustment.kind == "bonus" else -sum_
        adjustments.append({"kind": adjustment.kind, "outcome": adjustment.outcome.name,
                            "period": period, "applies": applies, "amount": money_text(sum_)})
    outcome_total = max(Decimal(0), net)
    if payment.cap_total is not None:
        outcome_total = min(outcome_total, to_penny(payment.cap_total.amount))
    fixed = Decimal(0)
    if terms.fixed_fee is not None:
        fixed = to_penny(terms.fixed_fee)
    elif contract_value is not None:
        fixed = contract_value - (at_risk_amount or Decimal(0))
    return {
        "provider": provider,
        "contract_value": money_text(contract_value) if contract_value is not None else None,
        "at_risk_amount": money_text(at_risk_amount) if at_risk_amount is not None else None,
        "rate_card": money_text(earned),
        "rate_card_after_at_risk": money_text(limited),
        "adjustments": adjustments,
        "cap_total": money_text(payment.cap_total.amount) if payment.cap_total else None,
        "outcome_payments": money_text(outcome_total),
        "fixed": money_text(fixed),
        "total": money_text(fixed + outcome_total),
    }


@dataclass
class PaymentEntries:
    """The document's payment sections."""

    payments: list[dict[str, object]] = field(default_factory=list)
    totals: list[dict[str, object]] = field(default_factory=list)
    savings: list[dict[str, object]] = field(default_factory=list)


def payment_entries(payment: Payment, contract: Contract | None,
                    counts: Mapping[int, Mapping[str, LineCounts]],
                    comparisons: Mapping[tuple[str, str], Decimal], providers: list[str],
                    latest: Latest,
                    everyone: Mapping[int, Mapping[str, LineCounts]] | None = None
                    ) -> PaymentEntries:
    """The document's ``payments`` (per provider and rate-card line), ``payment_totals``
    (per provider) and, for terms with a deadweight or a referred cohort, ``savings``.

    ``counts`` gives, per rate-card line's number and provider, what the queries found
    (`LineCounts`); ``everyone`` the same without the referred cohort (default: ``counts``);
    ``comparisons`` the comparison groups' rates by name and period. The contract's value
    and at-risk share, when it gives them, override the ruleset's, and a priced
    contract's prices and fixed fee apply."""
    terms = terms_of(payment, contract)
    lines = pay_lines(payment, terms, counts, comparisons, providers, deadweight=True)
    paid = sorted((r for results in lines.values() for r in results),
                  key=lambda r: (r.provider, r.line.outcome.name, r.index))
    totals = [provider_totals(p, payment, lines[p], latest, terms) for p in providers]
    entries = PaymentEntries([line_document(r) for r in paid], totals)
    if payment.cohort is None and all(line.deadweight is None for line in payment.rate_lines):
        return entries
    without = pay_lines(payment, terms, everyone if everyone is not None else counts,
                        comparisons, providers, deadweight=False)
    for total in totals:
        provider = str(total["provider"])
        plain = provider_totals(provider, payment, without[provider], latest, terms)
        outcome = Decimal(str(total["outcome_payments"]))
        unconditional = Decimal(str(plain["outcome_payments"]))
        entries.savings.append({
            "provider": provider, "outcome_payments": money_text(outcome),
            "without": money_text(unconditional), "saved": money_text(unconditional - outcome),
            "lines": [{"line": r.line.outcome.name, "rate_line": r.index, "people": r.people,
                       "amount": money_text(r.amount)}
                      for r in sorted(without[provider], key=lambda r: r.index)]})
    return entries


def pay_lines(payment: Payment, terms: Terms, counts: Mapping[int, Mapping[str, LineCounts]],
              comparisons: Mapping[tuple[str, str], Decimal], providers: list[str], *,
              deadweight: bool) -> dict[str, list[LineResult]]:
    """Every rate-card line's result per provider (``deadweight=False``: paying everyone
    who qualified, as the same contract would without deadweight)."""
    lines: dict[str, list[LineResult]] = {p: [] for p in providers}
    for index, by_provider in counts.items():
        line = payment.rate_lines[index - 1]
        shares = shares_of(line, comparisons) if deadweight else None
        for provider in providers:
            found = by_provider.get(provider, LineCounts({}))
            lines[provider].append(line_result(provider, line, index, terms, found, shares,
                                               payment.term))
    return lines
