"""The monitoring result: assembled from the query results, written as JSON.

`Assembler` collects the query results and builds the document (the values,
statuses and the rest are `obcrules.engine.values`); `MonitoringResult` holds the JSON
document (schema ``obcrules.monitoring/1``) and writes it atomically. Lists are
sorted, keys are sorted, and nothing depends on time or order of execution, so
the same inputs give the same bytes.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from obcrules.engine import periods
from obcrules.engine.compile import Plan
from obcrules.engine.milestones import MILESTONES_TABLE_NAME
from obcrules.engine.planner import PeoplePlan
from obcrules.engine.values import Values
from obcrules.model import PeriodUnit, Ruleset
from obcrules.plugins.catalog import Vocabulary

if TYPE_CHECKING:
    from obcrules.engine.contract import Contract
    from obcrules.engine.findings import Findings
    from obcrules.engine.loading import DataFile
    from obcrules.semantics.checked import CheckedRuleset

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
class Assembler:
    """Collects query results and builds the document."""

    checked: CheckedRuleset
    ruleset: Ruleset
    vocabulary: Vocabulary
    unit: PeriodUnit
    contract: Contract | None
    plan: Plan
    people: PeoplePlan
    fine: dict[str, dict[str, list[dict[str, Any]]]] = field(default_factory=dict)
    medians: dict[tuple[str, str, str], Any] = field(default_factory=dict)
    first: dict[tuple[str, int], dict[str, dict[str, int]]] = field(default_factory=dict)
    evidence: dict[tuple[str, str], Any] = field(default_factory=dict)
    inputs: list[dict[str, Any]] = field(default_factory=list)
    ignored_files: list[str] = field(default_factory=list)

    # ------------------------------------------------------------------ inputs

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
        values = Values(self, returned)
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
