"""Finding and reading the data files (`obcrules.engine.loading`): a missing table, column or
key, an unreadable file or two files for one table is named; unknown files are listed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from obcrules.engine import MonitoringError, monitor
from obcrules.plugins.manager import Registry
from tests.engine.conftest import Run, checked_ruleset, write_csv
from tests.engine.test_validation import RULESET, good


def _monitor(svc_registry: Registry, data: Path) -> Any:
    return monitor(checked_ruleset(RULESET, svc_registry), data)


def test_a_missing_table_names_the_files_it_would_read(svc_registry: Registry,
                                                        tmp_path: Path) -> None:
    with pytest.raises(MonitoringError, match=(
            r"no data for the table `people`, which the ruleset measures; add one of "
            r"people.csv, people.parquet, people.xlsx")):
        _monitor(svc_registry, tmp_path)


def test_a_missing_column_names_the_file_and_column(svc_registry: Registry,
                                                    tmp_path: Path) -> None:
    write_csv(tmp_path / "people.csv", [{"person_id": "a", "provider": "P",
                                         "period": "2026-Q1"}])
    with pytest.raises(MonitoringError, match=r"people.csv: has no column `improved`, which "
                       r"the ruleset reads; add the column \(its cells may be empty"):
        _monitor(svc_registry, tmp_path)


def test_a_missing_key_column_is_an_error(svc_registry: Registry, tmp_path: Path) -> None:
    write_csv(tmp_path / "people.csv", [{"provider": "P", "period": "2026-Q1",
                                         "improved": True}])
    with pytest.raises(MonitoringError, match=r"people.csv: has no column `person_id`; every "
                       r"record of people needs provider, period, person_id"):
        _monitor(svc_registry, tmp_path)


@pytest.mark.parametrize(("name", "content", "message"), [
    ("people.csv", b"", r"people.csv: the file is empty or has no header row"),
    ("people.csv", b"person_id,provider,period,improved\na,P,2026-Q1,true,extra\n",
     r"people.csv: cannot be read as CSV: .*; check that every row has as many values"),
    ("people.csv", b"person_id,person_id\n", r"names the column 'person_id' twice"),
    ("people.csv", b"\xff\xfe\x00p", r"people.csv: this file is not UTF-8 text"),
    ("people.parquet", b"not parquet", r"people.parquet: cannot be read as Parquet"),
    ("people.xlsx", b"not a workbook", r"people.xlsx: cannot be read as an XLSX workbook"),
])
def test_unreadable_files_are_named(svc_registry: Registry, tmp_path: Path, name: str,
                                    content: bytes, message: str) -> None:
    (tmp_path / name).write_bytes(content)
    with pytest.raises(MonitoringError, match=message):
        _monitor(svc_registry, tmp_path)


def test_two_files_for_one_table_is_an_error(svc_registry: Registry, tmp_path: Path) -> None:
    write_csv(tmp_path / "people.csv", [good("a")])
    (tmp_path / "people.xlsx").write_bytes(b"")
    with pytest.raises(MonitoringError, match=r"both people.csv and people.xlsx hold the table "
                       r"people; keep one of them"):
        _monitor(svc_registry, tmp_path)


def test_unknown_files_and_columns_are_listed_not_read(run: Run, tmp_path: Path) -> None:
    result = run(RULESET, people=[good("a", extra="1")], notes=[{"a": 1}])
    assert result.document["ignored_files"] == ["notes.csv"]
