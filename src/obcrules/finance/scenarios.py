"""The rate card paid period by period at given outcome rates.

A scenario gives each outcome a **rate** in each period of the term: the share of the
line's population that reaches the paid outcome. A line then pays, each period, for
``floor(rate × people expected that period)`` people, less the deadweight
(``floor(share × people expected)``), at the line's price (price groups are not
modelled: their mix is not known before the data), within the line's cap and, over all
lines, within ``cap total``, both counted from the start of the term.

The rates, on outcomes measured as a share (other measures give no rate, and their lines
are listed as not modelled). For a target where lower is better (``less than 8%`` of
people reoffending) the paid rate is the rest (92%):

* ``targets`` — the target, every period (a `between` target: its middle);
* ``trajectory`` — from the baseline, improving by the trajectory's points each period
  (``improves every quarter by 2 points``); for any other trajectory, or none, a straight
  line from the baseline in the first period to the target in the last;
* ``baseline`` — the baseline, every period;
* ``best observed`` and ``worst observed`` — the best and the worst rate any provider
  has reached in any period so far (from the monitoring data).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from obcrules.finance.terms import LineTerms, Terms
from obcrules.model import Item, PercentLit
from obcrules.results.finance import ScenarioKey
from obcrules.semantics.goals import direction_of, goal_of

Rate = Callable[[LineTerms, int], Decimal | None]
"""A scenario's rate for a line in the period of the given index, or None."""

ZERO = Decimal(0)
ONE = Decimal(1)


@dataclass(frozen=True)
class PeriodFlow:
    """What the rate card pays in one period of a scenario."""

    period: str
    lines: tuple[Decimal, ...]
    """Each line's payment, within its cap."""
    total: Decimal
    """The period's outcome payments, within ``cap total``."""
    cumulative: Decimal


@dataclass(frozen=True)
class Scenario:
    """One scenario's cash flows over the term."""

    key: ScenarioKey
    title: str
    flows: tuple[PeriodFlow, ...]
    rates: tuple[tuple[str, tuple[Decimal | None, ...]], ...]
    """Each paid outcome's rate in each period."""
    not_modelled: tuple[str, ...]

    @property
    def total(self) -> Decimal:
        """Everything the scenario pays over the term."""
        return self.flows[-1].cumulative if self.flows else ZERO


TITLES: dict[ScenarioKey, str] = {
    "targets": "Every provider meets its targets exactly",
    "trajectory": "Every provider keeps to its trajectory",
    "baseline": "Every provider stays at the baseline",
    "best": "At the best rate observed so far",
    "worst": "At the worst rate observed so far",
}


def scenarios(terms: Terms) -> tuple[Scenario, ...]:
    """The targets, trajectory and baseline scenarios of ``terms`` (none without a term)."""
    if not terms.periods:
        return ()
    count = len(terms.periods)
    return (
        pay(terms, "targets", lambda line, _: _good(line.outcome, _target(line, terms))),
        pay(terms, "trajectory", lambda line, index: _trajectory(line, terms, index, count)),
        pay(terms, "baseline", lambda line, _: _good(line.outcome, _baseline(line.outcome))),
    )


def observed_scenarios(terms: Terms, observed: Mapping[str, Sequence[Decimal]]
                       ) -> tuple[Scenario, ...]:
    """The best and worst observed scenarios: ``observed`` holds, by outcome, every value
    a provider has reached in a period so far (as fractions, as the measure reports them)."""
    if not terms.periods:
        return ()
    best: dict[str, Decimal] = {}
    worst: dict[str, Decimal] = {}
    for line in terms.lines:
        if line.outcome is None or not observed.get(line.outcome.name):
            continue
        good = [g for v in observed[line.outcome.name]
                if (g := _good(line.outcome, v)) is not None]
        if good:
            best[line.outcome.name], worst[line.outcome.name] = max(good), min(good)
    return (
        pay(terms, "best", lambda line, _: best.get(line.outcome.name) if line.outcome else None),
        pay(terms, "worst",
            lambda line, _: worst.get(line.outcome.name) if line.outcome else None),
    )


def pay(terms: Terms, key: ScenarioKey, rate: Rate) -> Scenario:
    """The rate card paid at ``rate`` over the term."""
    left: dict[int, Decimal | None] = {line.number: line.cap for line in terms.lines}
    left_total = terms.cap_total
    cumulative = ZERO
    flows: list[PeriodFlow] = []
    rates: dict[str, list[Decimal | None]] = {}
    missing: list[str] = []
    for index, period in enumerate(terms.periods):
        amounts: list[Decimal] = []
        for line in terms.lines:
            value = rate(line, index)
            if line.outcome is not None:
                outcome_rates = rates.setdefault(line.outcome.name, [])
                if len(outcome_rates) == index:
                    outcome_rates.append(value)
            if value is None or line.size is None:
                if index == 0:
                    missing.append(_why(line, key))
                amounts.append(ZERO)
                continue
            met = int(min(max(value, ZERO), ONE) * line.size)
            amount = line.price * line.paid_per_period(met)
            cap = left[line.number]
            if cap is not None:
                amount = min(amount, cap)
                left[line.number] = cap - amount
            amounts.append(amount)
        total = sum(amounts, ZERO)
        if left_total is not None:
            total = min(total, left_total)
            left_total -= total
        cumulative += total
        flows.append(PeriodFlow(period, tuple(amounts), total, cumulative))
    return Scenario(key, TITLES[key], tuple(flows),
                    tuple((name, tuple(values)) for name, values in rates.items()),
                    tuple(missing))


LACKING: dict[ScenarioKey, str] = {
    "targets": "its outcome has no target", "trajectory": "its outcome has no target",
    "baseline": "its outcome has no baseline", "best": "no rate has been observed",
    "worst": "no rate has been observed",
}


def _why(line: LineTerms, key: ScenarioKey) -> str:
    outcome = line.outcome.name if line.outcome is not None else line.node.outcome.name
    if line.size is None:
        return (f"line {line.number} ({outcome}): its population declares no `expected` "
                "size")
    if line.outcome is not None and (line.outcome.measure is None
                                     or line.outcome.measure.kind != "share"):
        return f"line {line.number} ({outcome}): its measure is not a share, so gives no rate"
    return f"line {line.number} ({outcome}): {LACKING[key]}"


def _is_share(item: Item | None) -> bool:
    return item is not None and item.measure is not None and item.measure.kind == "share"


def _target(line: LineTerms, terms: Terms) -> Decimal | None:
    """The target's value as the measure reports it (a fraction), or None."""
    item = line.outcome
    if not _is_share(item) or item is None or item.target is None or terms.unit is None:
        return None
    goal = goal_of(item.target, percent=True, unit=terms.unit,  # type: ignore[arg-type]
                   baseline=item.baseline)
    if not goal.judged:
        return None
    if goal.threshold is not None:
        return _decimal(goal.threshold)
    if goal.low is not None and goal.high is not None:
        return _decimal((goal.low + goal.high) / 2)
    return None


def _baseline(item: Item | None) -> Decimal | None:
    if not _is_share(item) or item is None or item.baseline is None:
        return None
    value = item.baseline.value
    return value.value if isinstance(value, PercentLit) else None


def _good(item: Item | None, value: Decimal | None) -> Decimal | None:
    """The paid rate for a measured ``value``: the value, or its rest when lower is better."""
    if value is None or item is None or not _is_share(item):
        return None
    if item.target is not None and _lower_is_better(item):
        return ONE - value
    return value


def _lower_is_better(item: Item) -> bool:
    return item.target is not None and direction_of(item.target) == "lower"


def _trajectory(line: LineTerms, terms: Terms, index: int, count: int) -> Decimal | None:
    item = line.outcome
    start = _good(item, _baseline(item))
    end = _good(item, _target(line, terms))
    if start is None:
        return end
    trajectory = item.trajectory if item is not None else None
    if trajectory is not None and trajectory.kind == "improves" and trajectory.by is not None:
        return min(ONE, start + trajectory.by.value / 100 * (index + 1))
    if end is None:
        return start
    if count == 1:
        return end
    return start + (end - start) * index / (count - 1)


def _decimal(value: Fraction) -> Decimal:
    return Decimal(value.numerator) / Decimal(value.denominator)
