"""Data-quality findings: every invalid record named by table, row, field and reason.

Invalid records are excluded from every measure and payment, counted per
provider and period, and listed (up to a limit per table, so a file with a
systematic fault does not produce a million-line result; the counts stay exact).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import sqlglot.expressions as exp

from obcrules.engine import periods
from obcrules.engine.backend import Backend
from obcrules.engine.loading import DataFile
from obcrules.engine.validation import TypedTable, describe, is_duplicate
from obcrules.model import PeriodUnit


@dataclass
class Findings:
    """What was wrong with the data: listed problems and exact counts."""

    problems: list[dict[str, Any]] = field(default_factory=list)
    duplicates: dict[str, str] = field(default_factory=dict)
    counts: list[dict[str, Any]] = field(default_factory=list)
    listed_all: dict[str, bool] = field(default_factory=dict)

    def count(self, table: str, groups: list[dict[str, Any]]) -> None:
        """Record records and invalid records per provider and period of a table."""
        for g in groups:
            self.counts.append({"table": table, "provider": g["provider"],
                                "period": g["period"], "rows": int(g["_rows"] or 0),
                                "invalid": int(g["_invalid"] or 0)})

    def invalid_in(self, table: str) -> int:
        """Invalid records in a table."""
        return sum(c["invalid"] for c in self.counts if c["table"] == table)

    @property
    def total(self) -> int:
        """Invalid records in all tables."""
        return sum(c["invalid"] for c in self.counts)

    def summary(self) -> list[dict[str, Any]]:
        """Counts per table, provider and period, sorted; only groups with invalid records."""
        rows = [c for c in self.counts if c["invalid"]]
        return sorted(rows, key=lambda c: (c["table"], str(c["provider"]), str(c["period"])))


def list_invalid(backend: Backend, data: DataFile, findings: Findings, bad_periods: list[str],
                 provider: str | None, limit: int, unit: PeriodUnit) -> None:
    """List the invalid records of one file (at most ``limit`` records)."""
    if not findings.invalid_in(data.table):
        return
    typed = data.typed
    relation = typed.relation
    checks = typed.checks
    columns: list[exp.Expr] = [
        exp.alias_(relation.row.copy(), "r"),
        exp.alias_(typed.typed.get("provider", exp.null()).copy(), "provider"),
        exp.alias_(typed.typed.get("period", exp.null()).copy(), "period"),
    ]
    columns += [exp.alias_(c.broken.copy(), f"c{i}") for i, c in enumerate(checks)]
    fields = sorted({c.field for c in checks})
    columns += [exp.alias_(_as_found(f, relation.columns.get(f)), f"v{i}")
                for i, f in enumerate(fields)]
    wrong: exp.Expr = exp.Not(this=exp.Paren(this=typed.ok()))
    if bad_periods:
        wrong = exp.Or(this=wrong, expression=typed.period_in(bad_periods))
    where = _for_provider(wrong, typed, provider)
    query = (exp.select(*columns).from_(relation.source.copy()).where(where)
             .order_by(exp.column("r")).limit(limit + 1))
    rows = backend.fetch(query)
    complete = len(rows) <= limit
    for row in rows[:limit]:
        base = {"table": data.table, "file": data.path.name, "row": int(row["r"]),
                "provider": row["provider"], "period": row["period"]}
        for i, check in enumerate(checks):
            if row[f"c{i}"]:
                decl = typed.decl.field(check.field)
                assert decl is not None
                value = row[f"v{fields.index(check.field)}"]
                findings.problems.append({**base, "field": check.field,
                                          "problem": describe(decl, check.kind, value)})
        if row["period"] is not None and row["period"] in bad_periods:
            findings.problems.append({**base, "field": "period",
                                      "problem": periods.describe_problem(row["period"], unit)})
    dups = findings.duplicates.get(data.table)
    if dups is not None:
        complete = _list_duplicates(backend, data, findings, dups, provider, limit) and complete
    findings.listed_all[data.table] = complete


def _list_duplicates(backend: Backend, data: DataFile, findings: Findings, dups: str,
                     provider: str | None, limit: int) -> bool:
    typed = data.typed
    key = typed.key
    assert key is not None
    query = (exp.select(exp.alias_(typed.relation.row.copy(), "r"),
                        exp.alias_(typed.typed["provider"].copy(), "provider"),
                        exp.alias_(typed.typed["period"].copy(), "period"),
                        exp.alias_(typed.typed[key].copy(), "k"))
             .from_(typed.relation.source.copy())
             .where(_for_provider(is_duplicate(typed, dups), typed, provider))
             .order_by(exp.column("r")).limit(limit + 1))
    rows = backend.fetch(query)
    together: dict[tuple[Any, Any, Any], list[int]] = defaultdict(list)
    for row in rows[:limit]:
        together[(row["provider"], row["period"], row["k"])].append(int(row["r"]))
    for (prov, per, k), numbers in together.items():
        where = ", ".join(str(n) for n in numbers)
        for number in numbers:
            findings.problems.append({
                "table": data.table, "file": data.path.name, "row": number, "provider": prov,
                "period": per, "field": key,
                "problem": f"{key} {k!r} appears {len(numbers)} times for provider {prov} in "
                           f"{per} (rows {where}); each person has one record per period, so "
                           "all are left out until the provider corrects them"})
    return len(rows) <= limit


def _as_found(name: str, kind: str | None) -> exp.Expr:
    """A field's value to show in a problem: as text, except a floating-point or decimal
    column's, which each engine writes its own way as text (``nan``, ``NaN``; ``1e+300``,
    ``1.0E300``): those come back as numbers, for Python to write one way."""
    value = exp.column(name, quoted=True)
    return value if kind == "decimal" else exp.cast(value, "VARCHAR")


def _for_provider(condition: exp.Expr, typed: TypedTable, provider: str | None) -> exp.Expr:
    if provider is None:
        return condition
    return exp.And(this=exp.Paren(this=condition), expression=typed.provider_is(provider))
