"""What the queries of a monitoring run returned, keyed for the document.

The run fills an `Aggregates` as its queries come back (`obcrules.engine.run`);
`obcrules.engine.values` and `obcrules.engine.document` read it. It holds only
data: no query is built and no value judged here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from obcrules.engine import periods
from obcrules.engine.cohort import CohortFindings
from obcrules.engine.gaming import GamingFindings
from obcrules.engine.loading import DataFile
from obcrules.engine.milestones import MILESTONES_TABLE_NAME
from obcrules.model import PeriodUnit
from obcrules.plugins.common_tables import COMMISSIONER_TABLES

Row = dict[str, Any]
ByPeriod = dict[str, dict[str, int]]
"""provider → period → people."""


@dataclass(frozen=True)
class Coverage:
    """Which providers returned data for which periods."""

    providers: list[str]
    span: list[str]
    """Every period from the first to the last with data, gaps included."""
    returned: set[tuple[str, str]]
    """(provider, period) groups with at least one record."""


@dataclass
class Aggregates:
    """Query results by table, provider and period."""

    fine: dict[str, dict[str, list[Row]]] = field(default_factory=dict)
    """table → "" (by provider and period) or an equality field (by it too) → rows."""
    medians: dict[tuple[str, str, str], Any] = field(default_factory=dict)
    """(provider, period, median column) → median."""
    first: dict[tuple[str, int], ByPeriod] = field(default_factory=dict)
    """(table, condition) → people first meeting the condition, by provider and period."""
    evidence: dict[tuple[str, str], Any] = field(default_factory=dict)
    """(provider, process) → the earliest evidence date."""
    population: dict[int, ByPeriod] = field(default_factory=dict)
    """Rate-card line → the members of its population by provider and period (deadweight)."""
    comparisons: dict[tuple[str, str], Decimal] = field(default_factory=dict)
    """(comparison group, period) → the group's rate, from the commissioner's table."""
    cohort: CohortFindings | None = None
    """Under ``cohort referrals``: who was referred, not referred or referred twice, and
    reach."""
    gaming: GamingFindings | None = None
    """The gaming checks made and the alerts raised."""
    chosen: dict[int, dict[str, dict[str, dict[str, int]]]] = field(default_factory=dict)
    """Rate-card line → provider → period → price group → its people among those paid,
    where a deadweight line paid fewer than qualified."""
    groups: dict[str, dict[tuple[str | None, str | None], int]] = field(default_factory=dict)
    """table → records per provider and period, as written in the file."""
    inputs: list[Row] = field(default_factory=list)
    ignored_files: list[str] = field(default_factory=list)

    def add_fine(self, table: str, groups: dict[str, list[Row]]) -> None:
        """The aggregates of a table: by provider and period, and by each equality field."""
        self.fine[table] = groups

    def add_medians(self, rows: list[Row]) -> None:
        """Medians by provider and period."""
        for row in rows:
            for name, value in row.items():
                if name not in ("provider", "period"):
                    self.medians[(str(row["provider"]), str(row["period"]), name)] = value

    def add_people(self, table: str, rows: list[Row]) -> None:
        """People who first met each once-per-person condition, by provider and period."""
        for row in rows:
            key = (table, int(row["condition"]))
            by_provider = self.first.setdefault(key, {})
            by_provider.setdefault(str(row["provider"]), {})[str(row["period"])] = int(row["n"])

    def add_populations(self, lines: list[int], rows: list[Row]) -> None:
        """Members of each deadweight line's population (column ``n0``, ``n1``, … in the
        order of ``lines``) by provider and period."""
        for row in rows:
            for i, line in enumerate(lines):
                by_provider = self.population.setdefault(line, {})
                count = int(row[f"n{i}"] or 0)
                if count:
                    by_provider.setdefault(str(row["provider"]), {})[str(row["period"])] = count

    def add_milestones(self, rows: list[Row]) -> None:
        """The earliest evidence of each process per provider."""
        for row in rows:
            self.evidence[(str(row["provider"]), str(row["process"]))] = row["evidence_date"]

    def add_input(self, data: DataFile) -> None:
        """An input file: its entry (path, SHA-256, records, columns not used) and its
        records per provider and period."""
        self.inputs.append({"path": data.path.name, "table": data.table,
                            "sha256": data.sha256.result(), "rows": data.rows,
                            "ignored_columns": data.ignored_columns})
        self.groups[data.table] = data.groups

    def by_group(self, table: str) -> dict[tuple[str, str], Row]:
        """A table's aggregates by (provider, period)."""
        rows = self.fine.get(table, {}).get("", [])
        return {(str(r["provider"]), str(r["period"])): r for r in rows}

    def coverage(self, unit: PeriodUnit, provider: str | None) -> Coverage:
        """The providers (only ``provider`` under a contract) and periods of the returns;
        milestones are evidence, not returns, nor are the commissioner's tables, and
        periods that are not periods are not."""
        returned: set[tuple[str, str]] = set()
        texts: set[str] = set()
        providers: set[str] = set()
        for table, groups in self.groups.items():
            if table == MILESTONES_TABLE_NAME or table in COMMISSIONER_TABLES:
                continue
            for (prov, per), n in groups.items():
                if prov is None or per is None or periods.ordinal(str(per), unit) is None:
                    continue
                if provider is not None and str(prov) != provider:
                    continue
                providers.add(str(prov))
                texts.add(str(per))
                if n:
                    returned.add((str(prov), str(per)))
        return Coverage(sorted(providers), periods.span(sorted(texts), unit), returned)
