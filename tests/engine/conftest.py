"""Fixtures for the engine's tests: a registry with the core and the test service ``svc``."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import pytest

import obcrules.builtin
from obcrules.api import CheckedRuleset, check_text
from obcrules.engine import MonitoringResult, monitor
from obcrules.plugins.manager import Registry, make_plugin_manager
from tests.engine import monitor_plugin

HEADER = '''ruleset t "Test ruleset":
    version "1.0"
    service svc
    period quarter
    currency £
'''


@pytest.fixture(scope="session")
def svc_registry() -> Registry:
    """The core plus the test service ``svc`` (no installed plugins)."""
    return make_plugin_manager(entry_points=False,
                               extra={"core": obcrules.builtin, "svc": monitor_plugin})


def checked_ruleset(source: str, registry: Registry) -> CheckedRuleset:
    """Check ``HEADER + source``; fail the test on any error."""
    checked = check_text(HEADER + source, "t.obc", registry)
    assert checked.ok, "\n".join(f"{d.line}: {d.message}" for d in checked.errors)
    return checked


def write_csv(path: Path, rows: Iterable[Mapping[str, Any]], columns: list[str] | None = None
              ) -> Path:
    """Write rows as CSV: None is an empty cell, booleans true/false."""
    rows = list(rows)
    names = columns or list(dict.fromkeys(k for r in rows for k in r))
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(names)
        for row in rows:
            writer.writerow([_cell(row.get(n)) for n in names])
    return path


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


PEOPLE_COLUMNS = ["person_id", "provider", "period", "age", "sex", "ethnicity", "disability",
                  *[f.name for f in monitor_plugin.PEOPLE_FIELDS]]
"""Every column of ``people`` in the test service; rows leave out what they do not need."""

Run = Callable[..., MonitoringResult]


@pytest.fixture
def run(svc_registry: Registry, tmp_path: Path) -> Run:
    """run(source, people=[...], sessions=[...], **monitor options) -> MonitoringResult."""

    def go(source: str, *, contract: str | None = None, **tables: Any) -> MonitoringResult:
        data = tmp_path / "data"
        data.mkdir(exist_ok=True)
        for name, rows in tables.items():
            if name in ("strict", "list_limit"):
                continue
            columns = PEOPLE_COLUMNS if name == "people" else None
            write_csv(data / f"{name}.csv", rows, columns)
        contract_path = None
        if contract is not None:
            contract_path = tmp_path / "contract.yaml"
            contract_path.write_text(contract, encoding="utf-8")
        options = {k: tables[k] for k in ("strict", "list_limit") if k in tables}
        return monitor(checked_ruleset(source, svc_registry), data, contract=contract_path,
                       **options)

    return go


def results(result: MonitoringResult, name: str) -> dict[tuple[str, str], dict[str, Any]]:
    """The result entries of item ``name`` by (provider, period)."""
    return {(e["provider"], e["period"]): e for e in result.document["results"]
            if e["name"] == name}


def rows(period: str, met: int, total: int, provider: str = "P") -> list[dict[str, Any]]:
    return [{"person_id": f"{period}-{i}", "provider": provider, "period": period, "code": "x",
             "improved": i < met} for i in range(total)]


ADULTS_IMPROVED = '''
population adults "Adults":
    from people where age >= 18

outcome improved_share "Improved":
    measure share of adults where improved
    target at least 50%
'''
"""An outcome over adults that the payment tests pay on (add a `payment:` block)."""

PROCESS = '''
outcome improved_share "Improved":
    measure share of people where improved
    target at least 50%

process policy "Policy in place":
    due 2026-06-30
'''
