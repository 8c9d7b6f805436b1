"""The most the rate card can pay, against the money it sits in.

A line can pay at most its highest price × the people it can pay for over the term
(the people its population is expected to take in each period × the periods of the
term, less the deadweight share each period), and never more than its cap. The rate
card can pay the sum of its lines, and never more than ``cap total``. The amount at
risk is the contract value × the share at risk (a priced contract's: its value less its
fixed fee); a lot's is the share at risk of its budget. Bonuses are left out: they pay
for beating a target, not for the outcomes the amount at risk stands for.

The inconsistencies (`Problem`) are what ``obc check`` warns of:

* ``over`` — the lines (each within its cap) can pay more than the most at risk;
* ``unreachable`` — the rate card cannot pay the amount at risk: the provider can never
  earn it back;
* ``lot`` — a bid at a lot's budget would put more at risk than the rate card can pay;
* ``cap`` — a line cap or ``cap total`` above the most at risk.

A line with neither a cap nor an expected size has no known maximum (``most`` is None,
its working says why): nothing is warned, as the engine pays the rate card at most the
amount at risk, but nothing can be said of whether it fits until the size is declared.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from obcrules.finance.terms import LineTerms, Terms
from obcrules.model import Node

ProblemKind = Literal["over", "unreachable", "lot", "cap"]

CODES: dict[ProblemKind, str] = {
    "over": "OBC210", "unreachable": "OBC211", "lot": "OBC212", "cap": "OBC213",
}
"""The ``obc check`` warning of each kind of problem (`obcrules.builtin.affordability`)."""


@dataclass(frozen=True)
class LineLiability:
    """The most one rate-card line can pay, and how it is worked out."""

    line: LineTerms
    people: int | None
    """The most people the line can pay for over the term (None when unknown)."""
    uncapped: Decimal | None
    most: Decimal | None
    """The most it can pay: within its cap; None when it has no cap and no known size."""
    working: str
    bid_people: int | None = None
    """Under an awarded contract: the people the bid expects to help on the line's outcome."""
    bid_cost: Decimal | None = None
    """What the line pays for them (price × people, within the cap)."""


@dataclass(frozen=True)
class Problem:
    """An inconsistency between the rate card and the money, placed on a node."""

    kind: ProblemKind
    node: Node | None
    message: str
    suggestion: str


@dataclass(frozen=True)
class Liability:
    """The rate card's maximum liability, per line, per provider and in all."""

    terms: Terms
    lines: tuple[LineLiability, ...]
    rate_card: Decimal | None
    """The sum of the lines' maxima (each within its cap), before ``cap total``."""
    per_provider: Decimal | None
    """The most one provider can be paid on outcomes: the rate card within ``cap total``."""
    problems: tuple[Problem, ...]

    @property
    def bid_cost(self) -> Decimal | None:
        """Under an awarded contract: the rate card at the numbers the bid expects, within
        ``cap total`` (None when the contract gives no numbers)."""
        costs = [line.bid_cost for line in self.lines if line.bid_cost is not None]
        if not costs:
            return None
        total = sum(costs, Decimal(0))
        cap = self.terms.cap_total
        return total if cap is None else min(total, cap)

    @property
    def whole(self) -> Decimal | None:
        """The most the whole contract can pay on outcomes, over every provider."""
        if self.per_provider is None:
            return None
        return self.per_provider * self.terms.providers

    @property
    def most_at_risk(self) -> tuple[Decimal, str] | None:
        """The largest amount at risk any contract under the ruleset can have, and where
        it comes from: ``""`` for the contract value, or `` at lot `x`'s budget of £…``."""
        return _most_at_risk(self.terms)


def liability(terms: Terms) -> Liability:
    """The maximum liability of ``terms`` and its inconsistencies with the money."""
    lines = tuple(_line(terms, line) for line in terms.lines)
    rate_card: Decimal | None = None
    if lines and all(line.most is not None for line in lines):
        rate_card = sum((line.most for line in lines if line.most is not None), Decimal(0))
    per_provider = rate_card
    if terms.cap_total is not None:
        per_provider = terms.cap_total if rate_card is None else min(rate_card, terms.cap_total)
    result = Liability(terms, lines, rate_card, per_provider, ())
    return Liability(terms, lines, rate_card, per_provider, tuple(_problems(result)))


def _line(terms: Terms, line: LineTerms) -> LineLiability:
    money = terms.money
    periods = len(terms.periods)
    people = uncapped = None
    working = ""
    if line.size is not None and periods and not line.comparison:
        each = line.paid_per_period(line.size)
        people = each * periods
        uncapped = line.top_price * people
        after = ""
        if line.deadweight is not None:
            after = (f", less {_percent(line.deadweight)} deadweight: {each} paid of "
                     f"{line.size}")
        working = (f"{money(line.top_price)} × {people} people ({line.size} per {terms.unit}"
                   f"{after}, × {periods} {terms.unit}s) = {money(uncapped)}")
    elif line.comparison and line.size is not None and periods:
        people = line.size * periods
        uncapped = line.top_price * people
        working = (f"{money(line.top_price)} × {people} people ({line.size} per {terms.unit} × "
                   f"{periods} {terms.unit}s; the comparison group's rate is not known "
                   f"before the data) = {money(uncapped)}")
    most = uncapped
    if line.cap is not None:
        most = line.cap if uncapped is None else min(uncapped, line.cap)
        working = (f"{working}, capped at {money(line.cap)}" if working
                   else f"its cap, {money(line.cap)}")
    if most is None:
        working = "no limit: no cap, and its population declares no `expected` size or " \
                  "the payment block no `term`"
    outcome = line.node.outcome.name
    bid_people = terms.expected.get(outcome)
    bid_cost = None
    if bid_people is not None:
        bid_cost = line.price * bid_people
        if line.cap is not None:
            bid_cost = min(bid_cost, line.cap)
    return LineLiability(line, people, uncapped, most, working, bid_people, bid_cost)


def _most_at_risk(terms: Terms) -> tuple[Decimal, str] | None:
    money = terms.money
    at_risk = terms.at_risk
    candidates: list[tuple[Decimal, str]] = []
    if at_risk is not None and terms.contract_value is not None:
        candidates.append((at_risk, ""))
    if terms.at_risk_share is not None and terms.fixed_fee is None:
        candidates.extend(
            (lot.budget * terms.at_risk_share,
             f" at lot `{lot.name}`'s budget of {money(lot.budget)}") for lot in terms.lots)
    if not candidates:
        return None
    return max(candidates, key=lambda c: c[0])


def _problems(result: Liability) -> list[Problem]:
    terms = result.terms
    money = terms.money
    found: list[Problem] = []
    most = _most_at_risk(terms)
    payment_node = terms.at_risk_node or (terms.lines[0].node if terms.lines else None)
    if most is not None and result.rate_card is not None and result.rate_card > most[0]:
        found.append(Problem(
            "over", payment_node,
            f"the rate card can pay {money(result.rate_card)} but only {money(most[0])} is "
            f"at risk{most[1]}",
            "lower the prices, cap the lines or raise the share at risk"))
    at_risk = terms.at_risk
    if at_risk is not None and result.per_provider is not None and result.per_provider < at_risk:
        found.append(Problem(
            "unreachable", payment_node,
            f"the rate card can pay at most {money(result.per_provider)} but "
            f"{money(at_risk)} is at risk: the provider can never earn it all back",
            "raise the line caps or `cap total`, or lower the share at risk"))
    if terms.at_risk_share is not None and terms.fixed_fee is None and result.per_provider:
        for lot in terms.lots:
            lot_risk = lot.budget * terms.at_risk_share
            if result.per_provider < lot_risk:
                found.append(Problem(
                    "lot", lot.node,
                    f"a bid at lot `{lot.name}`'s budget of {money(lot.budget)} puts "
                    f"{money(lot_risk)} at risk, but the rate card can pay at most "
                    f"{money(result.per_provider)}",
                    "bring the budget in line with the contract value the payment terms are "
                    "sized on, or raise the caps"))
    if most is not None:
        caps = [(line.node.cap, f"the cap of rate-card line {line.number}", line.cap)
                for line in terms.lines if line.cap is not None]
        if terms.cap_total is not None:
            caps.append((None, "`cap total`", terms.cap_total))
        for node, what, cap in caps:
            if cap is not None and cap > most[0]:
                found.append(Problem(
                    "cap", node if node is not None else terms.cap_total_node,
                    f"{what}, {money(cap)}, is more than the {money(most[0])} at risk"
                    f"{most[1]}",
                    f"lower it to at most {money(most[0])}, or raise the share at risk"))
    return found


def _percent(share: Decimal) -> str:
    return f"{(share * 100).normalize():f}%"
