"""Ruleset unit tests (``obc test``): a few records in, the expected values out.

docs/testing.md documents the file's every key.

A policy lead writes ``NAME.tests.yaml`` beside ``NAME.obc``::

    tests:
      - name: one resident treated, one not
        data:
          people:
            - {person_id: a, provider: P, period: 2026-Q1, age: 80, improved: true}
        expect:
          results:
            - {provider: P, period: 2026-Q1, name: improved_share, value: 50%, status: met}
          payments:
            - {provider: P, line: improved_share, people: 1, amount: "450.00"}

Records need only the fields a test is about: other declared columns are written
empty. Each expected entry is matched by its keys (provider, period and name for
results; provider and line, and ``rate_line`` if given, for payments; provider for
``payment_totals``, ``savings`` and ``cohort``; provider and period for ``reach``;
provider and name for ``helped``) and only the fields it gives are compared. The
commissioner's tables (``referrals``, ``comparison_rates``) are given like any other.
A value may be written as a percentage (``50%``). An optional ``contract`` gives a
contract.yaml's content.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import tempfile
import time
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from obcrules.engine.commissioner import commissioner_tables
from obcrules.engine.errors import MonitoringError
from obcrules.engine.milestones import milestones_table
from obcrules.engine.run import monitor
from obcrules.engine.yaml_file import load_yaml_file
from obcrules.io.atomic import write_text_atomic
from obcrules.semantics.checked import CheckedRuleset

KEYS: dict[str, tuple[str, ...]] = {
    "results": ("provider", "period", "name"),
    "payments": ("provider", "line", "rate_line"),
    "payment_totals": ("provider",),
    "helped": ("provider", "name"),
    "savings": ("provider",),
    "cohort": ("provider",),
    "reach": ("provider", "period"),
    "equality": ("provider", "period", "name", "field", "group"),
    "data_quality": ("table", "row", "field"),
}


@dataclass
class CaseResult:
    """One test's outcome: its name and the differences found (none when it passed)."""

    name: str
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def passed(self) -> bool:
        """True when every expectation held."""
        return not self.failures


def tests_file(ruleset: Path) -> Path:
    """Where the tests of a ruleset live: ``NAME.tests.yaml`` beside ``NAME.obc``."""
    return ruleset.with_name(f"{ruleset.stem}.tests.yaml")


def load_cases(path: Path) -> list[dict[str, Any]]:
    """The test cases of a tests file; `MonitoringError` names what is malformed."""
    document = load_yaml_file(path)
    cases = document.get("tests") if isinstance(document, dict) else None
    if not isinstance(cases, list) or not cases:
        raise MonitoringError(f"{path}: expected `tests:` with a list of tests")
    for index, case in enumerate(cases, start=1):
        if not isinstance(case, dict) or not isinstance(case.get("data"), dict):
            raise MonitoringError(f"{path}: test {index} needs `name`, `data` and `expect`")
    return cases


def run_case(checked: CheckedRuleset, case: dict[str, Any],
             tests: Path | None = None) -> CaseResult:
    """Write the case's records to a temporary directory, monitor, compare. Messages
    name the tests file (``tests``) and the case, never the temporary directory."""
    start = time.perf_counter()
    result = CaseResult(str(case.get("name", "unnamed")))
    with tempfile.TemporaryDirectory(prefix="obc-test-") as folder:
        directory = Path(folder)
        _write_tables(checked, directory, case["data"])
        contract = None
        if case.get("contract") is not None:
            contract = directory / "contract.yaml"
            write_text_atomic(contract, yaml.safe_dump(case["contract"]))
        try:
            document = monitor(checked, directory, contract=contract).document
        except MonitoringError as exc:
            result.failures.append(_in_case(str(exc), directory, tests, result.name))
            result.seconds = time.perf_counter() - start
            return result
    expect = case.get("expect") or {}
    for section, entries in expect.items():
        if section not in KEYS:
            result.failures.append(f"unknown section `{section}` (use {', '.join(KEYS)})")
            continue
        for wanted in entries or []:
            result.failures.extend(_compare(section, wanted, document[section]))
    result.seconds = time.perf_counter() - start
    return result


def run_file(checked: CheckedRuleset, path: Path) -> tuple[list[CaseResult], float]:
    """Run every test of a tests file; return the results and the seconds taken."""
    start = time.perf_counter()
    outcomes = [run_case(checked, case, path) for case in load_cases(path)]
    return outcomes, time.perf_counter() - start


_NO_TABLE = re.compile(r"^(?P<dir>.*?): no data for the table `(?P<table>\w+)`, (?P<why>[^;]*);")


def _in_case(message: str, directory: Path, tests: Path | None, name: str) -> str:
    """An engine message about the case's temporary files, told about the tests file: a
    missing table is a missing ``data:`` entry; a file is the case's table."""
    where = f"{tests}: test {name!r}" if tests is not None else f"test {name!r}"
    missing = _NO_TABLE.match(message)
    if missing is not None and missing["dir"] == str(directory):
        table = missing["table"]
        return (f"{where}: no records for the table `{table}`, {missing['why']}; add "
                f"`{table}:` under the test's `data:` with its records (`{table}: []` "
                "for none)")
    text = re.sub(re.escape(str(directory)) + r"/(\w+)\.csv", r"data.\1", message)
    text = text.replace(str(directory / "contract.yaml"), "contract").replace(
        str(directory), "data")
    return f"{where}: monitoring failed: {text}"


def _write_tables(checked: CheckedRuleset, directory: Path, data: dict[str, Any]) -> None:
    vocabulary = checked.vocabulary
    ruleset = checked.require()
    for table, rows in data.items():
        decl = vocabulary.table(table) if vocabulary else None
        decl = decl or commissioner_tables(ruleset).get(table)
        if table == "milestones":
            decl = milestones_table(tuple(i.name for i in ruleset.items if i.kind == "process"))
        declared = [f.name for f in decl.fields] if decl else []
        records = [r for r in rows or [] if isinstance(r, dict)]
        names = list(dict.fromkeys([*declared, *(k for r in records for k in r)]))
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer)
        writer.writerow(names)
        for record in records:
            writer.writerow([_cell(record.get(n)) for n in names])
        write_text_atomic(directory / f"{table}.csv", buffer.getvalue())


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _compare(section: str, wanted: dict[str, Any], actual: list[dict[str, Any]]) -> list[str]:
    keys = [k for k in KEYS[section] if k in wanted]
    label = f"{section}[{' '.join(str(wanted[k]) for k in keys)}]"
    found = [a for a in actual if all(_same(a.get(k), wanted[k]) for k in keys)]
    if not found:
        return [f"{label}: no such entry in the result"]
    entry = found[0]
    return [f"{label}.{name}: expected {_shown(value)}, got {_shown(entry.get(name), value)}"
            for name, value in wanted.items()
            if name not in keys and not _same(entry.get(name), value)]


def _shown(value: Any, like: Any = None) -> str:
    """A figure as the test wrote it: a share as a percentage when the expected one is."""
    percent = isinstance(like, str) and like.endswith("%")
    if percent and isinstance(value, int | float) and not isinstance(value, bool):
        text = f"{Decimal(str(value)) * 100:f}"
        return (text.rstrip("0").rstrip(".") if "." in text else text) + "%"
    if isinstance(value, str) and value.endswith("%"):
        return value
    return repr(value)


def _same(actual: Any, wanted: Any) -> bool:
    if isinstance(wanted, str) and wanted.endswith("%") and isinstance(actual, int | float):
        try:
            return abs(Decimal(str(actual)) * 100 - Decimal(wanted[:-1])) < Decimal("0.0001")
        except InvalidOperation:
            return False
    if isinstance(wanted, int | float) and not isinstance(wanted, bool) and \
            isinstance(actual, int | float) and not isinstance(actual, bool):
        return bool(abs(actual - wanted) < 1e-6)
    if isinstance(wanted, dt.date):
        return bool(actual == wanted.isoformat())
    return bool(actual == wanted) or (str(actual) == str(wanted) and not isinstance(
        wanted, bool) and actual is not None)
