"""The monitoring result: assembled from the query results, written as JSON.

`Assembler` turns aggregates into values, statuses, trajectories, equality
breakdowns, people helped and payments; `MonitoringResult` holds the JSON
document (schema ``obcrules.monitoring/1``) and writes it atomically. Lists are
sorted, keys are sorted, and nothing depends on time or order of execution, so
the same inputs give the same bytes.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlglot.expressions as exp

from obcrules.engine import periods
from obcrules.engine.compile import Compiler, Plan, conjunction
from obcrules.engine.equality import Breakdown, Share, breakdowns, number, ratio, suppressed
from obcrules.engine.expressions import column
from obcrules.engine.milestones import MILESTONES_TABLE_NAME, process_status
from obcrules.engine.payments import line_document, line_result, provider_totals
from obcrules.engine.status import Goal, TrajectoryCheck, check_trajectory, goal
from obcrules.engine.validation import OK
from obcrules.model import (
    BoundTarget,
    Item,
    PeriodUnit,
    RateLine,
    RelativeTarget,
    Ruleset,
)
from obcrules.plugins.catalog import Vocabulary

if TYPE_CHECKING:
    from obcrules.engine.contract import Contract
    from obcrules.engine.findings import Findings
    from obcrules.engine.loading import DataFile
    from obcrules.engine.run import Checked

SCHEMA = "obcrules.monitoring/1"
FILE_NAME = "monitoring.json"


@dataclass
class MonitoringResult:
    """The result of a monitoring run: the JSON document and a few conveniences."""

    document: dict[str, Any]

    @property
    def invalid_rows(self) -> int:
        """Invalid records excluded from the run."""
        return sum(int(c["invalid"]) for c in self.document["data_quality_summary"])

    def to_json(self) -> str:
        """The document as JSON text (sorted keys, UTF-8, newline at the end)."""
        return json.dumps(self.document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"

    def write(self, out: str | Path) -> Path:
        """Write ``OUT/monitoring.json`` atomically (a temporary file renamed into place)."""
        directory = Path(out)
        directory.mkdir(parents=True, exist_ok=True)
        target = directory / FILE_NAME
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=".monitoring.", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
                stream.write(self.to_json())
            Path(temporary).replace(target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return target


@dataclass
class _Slot:
    """One once-per-person condition: a rate-card line or an outcome's people helped."""

    role: str  # "line" or "helped"
    index: int
    item: Item


@dataclass
class Assembler:
    """Collects query results and builds the document."""

    checked: Checked
    ruleset: Ruleset
    vocabulary: Vocabulary
    unit: PeriodUnit
    contract: Contract | None
    plan: Plan
    fine: dict[str, dict[str, list[dict[str, Any]]]] = field(default_factory=dict)
    medians: dict[tuple[str, str, str], Any] = field(default_factory=dict)
    slots: dict[str, list[_Slot]] = field(default_factory=dict)
    first: dict[tuple[str, int], dict[str, dict[str, int]]] = field(default_factory=dict)
    evidence: dict[tuple[str, str], Any] = field(default_factory=dict)
    inputs: list[dict[str, Any]] = field(default_factory=list)
    ignored_files: list[str] = field(default_factory=list)

    # ------------------------------------------------------------------ inputs

    def people_plan(self, compiler: Compiler) -> dict[str, list[exp.Expr]]:
        """Per table, the once-per-person conditions: rate-card lines, then people helped."""
        conditions: dict[str, list[exp.Expr]] = defaultdict(list)
        payment = self.ruleset.payment
        lines = payment.rate_lines if payment else ()
        for index, line in enumerate(lines, start=1):
            item = self.ruleset.item(line.outcome.name)
            if item is None or item.measure is None:
                continue
            table, population, _ = compiler.source(item.measure.source.name)
            where = compiler.condition(table, line.where)
            self.slots.setdefault(table, []).append(_Slot("line", index, item))
            conditions[table].append(conjunction([column(OK), population, where]))
        paid: dict[str, RateLine] = {}
        for line in lines:
            paid.setdefault(line.outcome.name, line)  # the first line says who is helped
        for item in self.ruleset.items:
            measure = item.measure
            if item.kind != "outcome" or measure is None:
                continue
            table, population, _ = compiler.source(measure.source.name)
            decl = self.vocabulary.table(table)
            if decl is None or decl.key is None:
                continue
            if self.contract is None or item.name not in self.contract.expected:
                continue  # people helped are counted against a bid's expected numbers
            if item.name in paid:
                where = compiler.condition(table, paid[item.name].where)
            elif measure.kind in ("share", "count") and _higher_is_better(item):
                where = compiler.condition(table, measure.where)
            else:
                continue
            self.slots.setdefault(table, []).append(_Slot("helped", 0, item))
            conditions[table].append(conjunction([column(OK), population, where]))
        return dict(conditions)

    def add_fine(self, table: str, groups: dict[str, list[dict[str, Any]]]) -> None:
        """The aggregates of a table: by provider and period, and by each equality field."""
        self.fine[table] = groups

    def add_medians(self, rows: list[dict[str, Any]]) -> None:
        """Medians by provider and period."""
        for row in rows:
            for name, value in row.items():
                if name not in ("provider", "period"):
                    self.medians[(str(row["provider"]), str(row["period"]), name)] = value

    def add_people(self, table: str, rows: list[dict[str, Any]]) -> None:
        """People who first met each once-per-person condition, by provider and period."""
        for row in rows:
            key = (table, int(row["condition"]))
            by_provider = self.first.setdefault(key, {})
            by_provider.setdefault(str(row["provider"]), {})[str(row["period"])] = int(row["n"])

    def add_milestones(self, rows: list[dict[str, Any]]) -> None:
        """The earliest evidence of each process per provider."""
        for row in rows:
            self.evidence[(str(row["provider"]), str(row["process"]))] = row["evidence_date"]

    def add_input(self, data: DataFile) -> None:
        """An input file's entry: path, SHA-256, records, columns not used."""
        self.inputs.append({"path": data.path.name, "table": data.table,
                            "sha256": data.sha256.result(), "rows": data.rows,
                            "ignored_columns": data.ignored_columns})

    # ------------------------------------------------------------------ output

    def finish(self, files: dict[str, DataFile], findings: Findings,
               provider: str | None) -> MonitoringResult:
        """The document."""
        returned: set[tuple[str, str]] = set()
        texts: set[str] = set()
        providers: set[str] = set()
        for name, data in files.items():
            if name == MILESTONES_TABLE_NAME:
                continue
            for (prov, per), n in data.groups.items():
                if prov is None or per is None or periods.ordinal(str(per), self.unit) is None:
                    continue
                if provider is not None and str(prov) != provider:
                    continue
                providers.add(str(prov))
                texts.add(str(per))
                if n:
                    returned.add((str(prov), str(per)))
        span = periods.span(sorted(texts), self.unit)
        values = _Values(self, returned)
        results = [values.result(p, per, item) for p in sorted(providers) for per in span
                   for item in self.ruleset.items]
        values.trajectories(results, span)
        document: dict[str, Any] = {
            "schema": SCHEMA,
            "ruleset": self._ruleset_entry(),
            "contract": self._contract_entry(),
            "inputs": sorted(self.inputs, key=lambda i: i["path"]),
            "ignored_files": sorted(self.ignored_files),
            "plugins": self._plugins(),
            "period_unit": self.unit,
            "currency": self.ruleset.header.currency if self.ruleset.header else None,
            "periods": span,
            "providers": sorted(providers),
            "results": sorted(results, key=lambda r: (r["provider"], r["period"], r["name"])),
            "equality": values.equality(sorted(providers), span),
            "helped": values.helped(sorted(providers), span),
            "payments": [],
            "payment_totals": [],
            "data_quality": sorted(findings.problems, key=lambda p: (
                p["table"], p["row"], p["field"], p["problem"])),
            "data_quality_summary": findings.summary(),
            "data_quality_complete": all(findings.listed_all.values()),
        }
        values.payments(document, sorted(providers))
        return MonitoringResult(document)

    def _ruleset_entry(self) -> dict[str, Any]:
        header = self.ruleset.header
        return {"name": header.name if header else None,
                "version": header.version if header else None,
                "sha256": self.checked.sha256,
                "file": Path(self.checked.file).name}

    def _contract_entry(self) -> dict[str, Any] | None:
        c = self.contract
        if c is None:
            return None
        from obcrules.engine.loading import sha256_of

        return {"path": c.path.name, "sha256": sha256_of(c.path), "provider": c.provider,
                "provider_id": c.provider_id, "lot": c.lot}

    def _plugins(self) -> dict[str, str]:
        used = {"core", *self.vocabulary.services}
        registry = self.checked.registry
        return {name: registry.version_of(name) for name in sorted(used)}


class _Values:
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
        self.goals: dict[tuple[str, bool], Goal | str | None] = {}
        header = assembler.ruleset.header
        self.currency = header.currency if header and header.currency else ""

    def target_goal(self, item: Item, percent: bool) -> Goal | str | None:
        key = (item.name, percent)
        if key not in self.goals:
            self.goals[key] = self._goal(item, percent)
        return self.goals[key]

    def _goal(self, item: Item, percent: bool) -> Goal | str | None:
        contract = self.a.contract
        target = contract.targets.get(item.name) if contract else None
        target = target or item.target
        if target is None:
            return None
        return goal(target, percent=percent, unit=self.a.unit, baseline=item.baseline,
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
            from obcrules.engine.status import amount
            entry["baseline"] = number(amount(item.baseline.value, percent))
        target = self.target_goal(item, percent)
        if target is None:
            entry["status"] = "no target" if value is not None else "no data"
        elif isinstance(target, str):
            entry["target"] = target
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
                item.trajectory, target if isinstance(target, Goal) else None,
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
        if not found:
            return (target if isinstance(target, Goal) else None), None, None, percent
        period, value = found[-1]
        return (target if isinstance(target, Goal) else None), value, period, percent

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
        for table, slots in self.a.slots.items():
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
        for table, slots in self.a.slots.items():
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


def _higher_is_better(item: Item) -> bool:
    """True when the item's target asks for more (``at least``, ``above baseline``)."""
    target = item.target
    if isinstance(target, BoundTarget):
        return target.op in (">", ">=")
    return isinstance(target, RelativeTarget) and target.direction == "above"


def _trajectory(check: TrajectoryCheck, previous_period: str | None) -> dict[str, Any]:
    return {"rule": check.rule, "status": check.status, "previous_period": previous_period,
            "previous": number(check.previous) if check.previous is not None else None,
            "change": number(check.change) if check.change is not None else None}
