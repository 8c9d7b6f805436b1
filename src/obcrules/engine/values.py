"""Values, statuses and trajectories per provider, period and item.

`Values` reads the query results (`Aggregates`: aggregates by provider and
period, medians, evidence of processes) against the ruleset, the compiled plan
and the contract, and turns them into the ``results`` entries of the document;
`latest` serves the payment adjustments.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from obcrules.engine import periods
from obcrules.engine.aggregates import Aggregates
from obcrules.engine.compile import Plan
from obcrules.engine.contract import Contract
from obcrules.engine.equality import number
from obcrules.engine.milestones import process_status
from obcrules.engine.status import TrajectoryCheck, check_trajectory
from obcrules.model import Item, PeriodUnit, Ruleset
from obcrules.semantics.goals import NO_BASELINE, Goal, amount, goal_of


class Values:
    """Values and statuses per provider, period and item, from the aggregates."""

    def __init__(self, ruleset: Ruleset, plan: Plan, contract: Contract | None,
                 unit: PeriodUnit, aggregates: Aggregates,
                 returned: set[tuple[str, str]]) -> None:
        self.ruleset = ruleset
        self.contract = contract
        self.unit = unit
        self.aggregates = aggregates
        self.returned = returned
        self.by_group = {table: aggregates.by_group(table) for table in aggregates.fine}
        self.plans = {m.item.name: m for m in plan.measures}
        self.values: dict[tuple[str, str, str], Fraction | None] = {}
        self.goals: dict[tuple[str, bool], Goal | None] = {}
        header = ruleset.header
        self.currency = header.currency if header and header.currency else ""

    def target_goal(self, item: Item, percent: bool) -> Goal | None:
        """The item's target (the contract's, else the ruleset's) as a goal, or None."""
        key = (item.name, percent)
        if key not in self.goals:
            self.goals[key] = self._goal(item, percent)
        return self.goals[key]

    def _goal(self, item: Item, percent: bool) -> Goal | None:
        contract = self.contract
        target = contract.targets.get(item.name) if contract else None
        target = target or item.target
        if target is None:
            return None
        return goal_of(target, percent=percent, unit=self.unit, baseline=item.baseline,
                       currency=self.currency)

    def percent(self, item: Item) -> bool:
        """True when the item's value is a percentage (a share, or of percentage data)."""
        plan = self.plans.get(item.name)
        return plan is not None and (plan.kind == "share" or plan.percent_data)

    def result(self, provider: str, period: str, item: Item) -> dict[str, Any]:
        """The ``results`` entry of one item for one provider and period."""
        entry: dict[str, Any] = {
            "provider": provider, "period": period, "name": item.name, "kind": item.kind,
            "title": item.title, "measure": None, "value": None, "numerator": None,
            "denominator": None, "target": None, "goal": None, "status": "no data",
            "trajectory": None,
            "baseline": None, "note": None,
        }
        if item.kind == "process":
            return self._process(entry, provider, period, item)
        plan = self.plans.get(item.name)
        if plan is None:
            entry["note"] = "nothing to measure"
            return entry
        entry["measure"] = plan.kind
        percent = self.percent(item)
        row = self.by_group.get(plan.table, {}).get((provider, period), {})
        value: Fraction | None = None
        c = plan.columns
        if plan.kind == "share":
            den, num = int(row.get(c["den"]) or 0), int(row.get(c["num"]) or 0)
            entry["numerator"], entry["denominator"] = num, den
            value = Fraction(num, den) if den else None
            if not den:
                entry["note"] = "no records in the population"
        elif plan.kind in ("count", "total"):
            if (provider, period) in self.returned:
                raw = row.get(c["num"] if plan.kind == "count" else c["sum"]) or 0
                value = Fraction(Decimal(raw))
                if plan.kind == "count":
                    entry["numerator"] = int(raw)
            else:
                entry["note"] = "no return from this provider for this period"
        elif plan.kind == "mean":
            n = int(row.get(c["n"]) or 0)
            entry["denominator"] = n
            value = Fraction(Decimal(row[c["sum"]])) / n if n else None
        else:
            raw = self.aggregates.medians.get((provider, period, c["median"]))
            value = Fraction(Decimal(str(raw))) if raw is not None else None
        if value is not None and plan.percent_data:
            value /= 100
        if value is None and entry["note"] is None:
            entry["note"] = "no records"
        self.values[(provider, period, item.name)] = value
        entry["value"] = number(value) if value is not None else None
        if item.baseline is not None:
            entry["baseline"] = number(amount(item.baseline.value, percent))
        target = self.target_goal(item, percent)
        if target is None:
            entry["status"] = "no target" if value is not None else "no data"
        elif not target.judged:
            entry["target"] = f"{target.text}: {NO_BASELINE}"
            entry["status"] = "no data"
        else:
            entry["target"] = target.text
            entry["goal"] = _bounds(target)
            if value is not None:
                entry["status"] = "met" if target.met(value) else "missed"
        return entry

    def _process(self, entry: dict[str, Any], provider: str, period: str,
                 item: Item) -> dict[str, Any]:
        due = item.due.value if item.due else None
        evidence = self.aggregates.evidence.get((provider, item.name))
        _, end = periods.bounds(period)
        entry["measure"] = "milestone"
        entry["target"] = f"due {due.isoformat()}" if due else None
        entry["status"] = process_status(due, evidence, end)
        if evidence is not None and evidence <= end:
            entry["value"] = evidence.isoformat()
        return entry

    def trajectories(self, results: list[dict[str, Any]], span: list[str]) -> None:
        """Fill in each result's trajectory against the period its rule looks back to."""
        index = {p: i for i, p in enumerate(span)}
        for entry in results:
            item = self.ruleset.item(entry["name"])
            if item is None or item.trajectory is None or item.kind == "process":
                continue
            lag = periods.lag(item.trajectory.every, self.unit)
            position = index[entry["period"]]
            previous_period = span[position - lag] if position >= lag else None
            percent = self.percent(item)
            target = self.target_goal(item, percent)
            check = check_trajectory(
                item.trajectory, target if target is not None and target.judged else None,
                self.values.get((entry["provider"], entry["period"], item.name)),
                self.values.get((entry["provider"], previous_period, item.name))
                if previous_period else None,
                has_previous=previous_period is not None, percent=percent)
            entry["trajectory"] = _trajectory(check, previous_period)

    def latest(self, provider: str, name: str) -> tuple[Goal | None, Fraction | None,
                                                         str | None, bool]:
        """The judged goal, latest value and its period, and whether it is a percentage,
        of an item for a provider (a `payments.Latest`)."""
        item = self.ruleset.item(name)
        if item is None:
            return None, None, None, False
        percent = self.percent(item)
        target = self.target_goal(item, percent)
        found = sorted((per, v) for (p, per, n), v in self.values.items()
                       if p == provider and n == name and v is not None)
        judged = target if target is not None and target.judged else None
        if not found:
            return judged, None, None, percent
        period, value = found[-1]
        return judged, value, period, percent


def _trajectory(check: TrajectoryCheck, previous_period: str | None) -> dict[str, Any]:
    return {"rule": check.rule, "status": check.status, "previous_period": previous_period,
            "previous": number(check.previous) if check.previous is not None else None,
            "change": number(check.change) if check.change is not None else None}


def _bounds(goal: Goal) -> dict[str, Any]:
    """The goal as the document's bounds, so that readers never parse the target's text."""
    return {"low": number(goal.low) if goal.low is not None else None,
            "low_closed": goal.low_closed,
            "high": number(goal.high) if goal.high is not None else None,
            "high_closed": goal.high_closed, "direction": goal.direction}
