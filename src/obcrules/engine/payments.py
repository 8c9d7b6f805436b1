"""Outcome payments: rate-card lines paid once per person, caps, bonus, penalty, at risk.

For each provider (see ``docs/monitoring.md``):

1. A rate-card line pays its rate for each member of the outcome's population
   who meets the line's condition, in the first period in which they meet it,
   and never again for that person on that line over the whole contract. The
   line's ``cap`` limits what the line pays the provider over the contract.
2. Outcome payments are the sum of the lines; with ``at risk N%`` they can earn
   back at most N% of the contract value (the at-risk amount).
3. A bonus adds, and a penalty takes away, its percentage of the contract value
   when the outcome beats (misses) its target by the margin in the provider's
   latest period with data.
4. The outcome-related total (payments + bonuses - penalties) is never below
   zero and is capped by ``cap total``; the fixed part (the contract value less
   the at-risk amount) is added to give the total due.

Every figure is an exact `Decimal` until it is written, rounded once to the penny.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from obcrules.engine.contract import Contract
from obcrules.model import Adjustment, Payment, RateLine
from obcrules.money import money_text
from obcrules.semantics.goals import Goal, amount

Latest = Callable[[str, str], tuple[Goal | None, Fraction | None, str | None, bool]]
"""``latest(provider, outcome) -> (goal, value, period, percent)``, latest period with data."""


@dataclass
class LineResult:
    """What one rate-card line pays one provider."""

    provider: str
    line: RateLine
    index: int
    by_period: list[tuple[str, int, Decimal]] = field(default_factory=list)

    @property
    def people(self) -> int:
        """People paid for on this line (each once)."""
        return sum(n for _, n, _ in self.by_period)

    @property
    def amount(self) -> Decimal:
        """What the line pays over the contract, after its cap."""
        return sum((a for _, _, a in self.by_period), Decimal(0))

    @property
    def capped(self) -> bool:
        """True when the cap held the line back."""
        return self.people * self.line.amount.amount > self.amount


def line_result(provider: str, line: RateLine, index: int,
                first_met: dict[str, int]) -> LineResult:
    """Pay ``line`` to ``provider``: ``first_met`` maps each period to the people who
    first met the line's condition in it; the cap applies cumulatively in period order."""
    result = LineResult(provider, line, index)
    rate = line.amount.amount
    paid = Decimal(0)
    for period in sorted(first_met):
        people = first_met[period]
        due = people * rate
        if line.cap is not None:
            due = max(Decimal(0), min(due, line.cap.amount - paid))
        paid += due
        result.by_period.append((period, people, due))
    return result


def line_document(result: LineResult) -> dict[str, object]:
    """The JSON entry of a line (money as text with two decimals)."""
    return {
        "provider": result.provider,
        "line": result.line.outcome.name,
        "rate_line": result.index,
        "per": result.line.per,
        "rate": money_text(result.line.amount.amount),
        "cap": money_text(result.line.cap.amount) if result.line.cap is not None else None,
        "capped": result.capped,
        "people": result.people,
        "amount": money_text(result.amount),
        "by_period": [{"period": p, "people": n, "amount": money_text(a)}
                      for p, n, a in result.by_period],
    }


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
                    contract_value: Decimal | None, at_risk: Decimal | None) -> dict[str, object]:
    """The provider's payment summary: earned, adjustments, caps, fixed part and total."""
    earned = sum((r.amount for r in lines), Decimal(0))
    at_risk_amount = contract_value * at_risk if contract_value is not None and \
        at_risk is not None else None
    limited = min(earned, at_risk_amount) if at_risk_amount is not None else earned
    adjustments = []
    net = limited
    for adjustment in payment.adjustments:
        goal, value, period, percent = latest(provider, adjustment.outcome.name)
        applies = adjustment_applies(adjustment, goal, value, percent)
        share = Decimal(adjustment.percent.value)
        sum_ = (contract_value or Decimal(0)) * share if applies else Decimal(0)
        net += sum_ if adjustment.kind == "bonus" else -sum_
        adjustments.append({"kind": adjustment.kind, "outcome": adjustment.outcome.name,
                            "period": period, "applies": applies, "amount": money_text(sum_)})
    outcome_total = max(Decimal(0), net)
    if payment.cap_total is not None:
        outcome_total = min(outcome_total, payment.cap_total.amount)
    fixed = Decimal(0)
    if contract_value is not None:
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


def payment_entries(payment: Payment, contract: Contract | None,
                    first_met: Mapping[int, Mapping[str, dict[str, int]]], providers: list[str],
                    latest: Latest) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """The document's ``payments`` (per provider and rate-card line) and ``payment_totals``
    (per provider). ``first_met`` maps each rate-card line's number to the people who first
    met it by provider and period; the contract's value and at-risk share, when it gives
    them, override the ruleset's."""
    value = payment.contract_value.amount if payment.contract_value else None
    risk = Decimal(payment.at_risk.value) if payment.at_risk else None
    if contract is not None:
        value = contract.contract_value if contract.contract_value is not None else value
        risk = contract.at_risk if contract.at_risk is not None else risk
    lines: dict[str, list[LineResult]] = {p: [] for p in providers}
    for index, by_provider in first_met.items():
        line = payment.rate_lines[index - 1]
        for provider in providers:
            lines[provider].append(line_result(provider, line, index,
                                               by_provider.get(provider, {})))
    paid = sorted((r for results in lines.values() for r in results),
                  key=lambda r: (r.provider, r.line.outcome.name, r.index))
    totals = [provider_totals(p, payment, lines[p], latest, value, risk) for p in providers]
    return [line_document(r) for r in paid], totals
