"""Values, statuses, trajectories, breakdowns, people helped and payments per provider.

`Values` reads what the `Assembler` collected from the queries (aggregates by
provider and period and by each equality field, medians, people first meeting a
condition, evidence of processes) and turns it into the entries of the document.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from obcrules.engine import periods
from obcrules.engine.equality import Breakdown, Share, breakdowns, number, ratio, suppressed
from obcrules.engine.milestones import process_status
from obcrules.engine.payments import line_document, line_result, provider_totals
from obcrules.engine.status import TrajectoryCheck, check_trajectory
from obcrules.model import Item
from obcrules.semantics.goals import NO_BASELINE, Goal, amount, goal_of

if TYPE_CHECKING:
    from obcrules.engine.result import Assembler


class Values:
    """Values and statuses per provider, period and item, from the aggregates."""

    def __init__(self, assembler: Assembler, returned: set[tuple[str, str]]) -> None:
        self.a = assembler
        self.returned = returned
        self.by_group: dict[str, dict[tuple[str, str], dict[str, Any]]] = {}
        for table, groups in assembler.fine.items():
            self.by_group[table] = {(str(r["provider"]), str(r["period"])): r
                                    for r in groups.get("", [])}
        self.plans = {m.item.name: m for m in assembler.plan.measures}
        self.values: dict[tuple[str, str, str], Fraction | None] = {}
        self.goals: dict[tuple[str, bool], Goal | None] = {}
        header = assembler.ruleset.header
        self.currency = header.currency if header and header.currency else ""

    def target_goal(self, item: Item, percent: bool) -> Goal | None:
        key = (item.name, percent)
        if key not in self.goals:
            self.goals[key] = self._goal(item, percent)
        return self.goals[key]

    def _goal(self, item: Item, percent: bool) -> Goal | None:
        contract = self.a.contract
        target = contract.targets.get(item.name) if contract else None
        target = target or item.target
        if target is None:
            return None
        return goal_of(target, percent=percent, unit=self.a.unit, baseline=item.baseline,
                       currency=self.currency)

    def percent(self, item: Item) -> bool:
        plan = self.plans.get(item.name)
        return plan is not None and (plan.kind == "share" or plan.percent_data)

    def result(self, provider: str, period: str, item: Item) -> dict[str, Any]:
        entry: dict[str, Any] = {
            "provider": provider, "period": period, "name": item.name, "kind": item.kind,
            "title": item.title, "measure": None, "value": None, "numerator": None,
            "denominator": None, "target": None, "status": "no data", "trajectory": None,
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
            raw = self.a.medians.get((provider, period, c["median"]))
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
            if value is not None:
                entry["status"] = "met" if target.met(value) else "missed"
        return entry

    def _process(self, entry: dict[str, Any], provider: str, period: str,
                 item: Item) -> dict[str, Any]:
        due = item.due.value if item.due else None
        evidence = self.a.evidence.get((provider, item.name))
        _, end = periods.bounds(period)
        entry["measure"] = "milestone"
        entry["target"] = f"due {due.isoformat()}" if due else None
        entry["status"] = process_status(due, evidence, end)
        if evidence is not None and evidence <= end:
            entry["value"] = evidence.isoformat()
        return entry

    def trajectories(self, results: list[dict[str, Any]], span: list[str]) -> None:
        index = {p: i for i, p in enumerate(span)}
        for entry in results:
            item = self.a.ruleset.item(entry["name"])
            if item is None or item.trajectory is None or item.kind == "process":
                continue
            lag = periods.lag(item.trajectory.every, self.a.unit)
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
        item = self.a.ruleset.item(name)
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

    def equality(self, providers: list[str], span: list[str]) -> list[dict[str, Any]]:
        shares: dict[str, list[Share]] = defaultdict(list)
        for plan in self.a.plan.measures:
            if plan.item.kind == "outcome" and plan.kind == "share":
                shares[plan.table].append(Share(plan.item.name, plan.columns["num"],
                                                plan.columns["den"]))
        grouped: Breakdown = {}
        for table, table_shares in shares.items():
            grouped.update(breakdowns(table_shares, self.a.fine.get(table, {}),
                                      set(providers), set(span)))
        return suppressed(grouped)

    def helped(self, providers: list[str], span: list[str]) -> list[dict[str, Any]]:
        out = []
        expected = self.a.contract.expected if self.a.contract else {}
        for table, slots in self.a.people.items():
            for i, slot in enumerate(slots):
                if slot.role != "helped":
                    continue
                by_provider = self.a.first.get((table, i), {})
                for provider in providers:
                    people = sum(by_provider.get(provider, {}).values())
                    want = expected.get(slot.item.name)
                    out.append({"provider": provider, "name": slot.item.name,
                                "helped": people, "expected": want,
                                "share_of_expected": ratio(people, want) if want else None,
                                "to_period": span[-1] if span else None})
        return sorted(out, key=lambda e: (e["provider"], e["name"]))

    def payments(self, document: dict[str, Any], providers: list[str]) -> None:
        payment = self.a.ruleset.payment
        if payment is None:
            return
        contract = self.a.contract
        value = payment.contract_value.amount if payment.contract_value else None
        risk = Decimal(payment.at_risk.value) if payment.at_risk else None
        if contract is not None:
            value = contract.contract_value if contract.contract_value is not None else value
            risk = contract.at_risk if contract.at_risk is not None else risk
        lines: dict[str, list[Any]] = {p: [] for p in providers}
        for table, slots in self.a.people.items():
            for i, slot in enumerate(slots):
                if slot.role != "line":
                    continue
                line = payment.rate_lines[slot.index - 1]
                by_provider = self.a.first.get((table, i), {})
                for provider in providers:
                    lines[provider].append(line_result(provider, line, slot.index,
                                                       by_provider.get(provider, {})))
        for provider in providers:
            for result in sorted(lines[provider], key=lambda r: r.index):
                document["payments"].append(line_document(result))
            document["payment_totals"].append(provider_totals(
                provider, payment, lines[provider], self.latest, value, risk))
        document["payments"].sort(key=lambda e: (e["provider"], e["line"], e["rate_line"]))


def _trajectory(check: TrajectoryCheck, previous_period: str | None) -> dict[str, Any]:
    return {"rule": check.rule, "status": check.status, "previous_period": previous_period,
            "previous": number(check.previous) if check.previous is not None else None,
            "change": number(check.change) if check.change is not None else None}
