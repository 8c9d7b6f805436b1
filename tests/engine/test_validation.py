"""Validation: each problem named by table, row, field and reason; never silently dropped."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from obcrules.engine import InvalidData, MonitoringError, monitor
from obcrules.plugins.manager import Registry
from tests.engine.conftest import Run, checked_ruleset, results, write_csv

RULESET = '''
outcome improved_share "Improved":
    measure share of people where improved
    target at least 50%
'''


def good(pid: str, **fields: Any) -> dict[str, Any]:
    return {"person_id": pid, "provider": "P", "period": "2026-Q1", "code": "x",
            "improved": True, **fields}


def problems(result: Any) -> list[tuple[int, str, str]]:
    return [(p["row"], p["field"], p["problem"]) for p in result.document["data_quality"]]


@pytest.mark.parametrize(("fields", "field", "problem"), [
    ({"age": "forty"}, "age", "'forty' is not a whole number"),
    ({"age": "121"}, "age", "'121' is above the maximum 120"),
    ({"age": "-1"}, "age", "'-1' is below the minimum 0"),
    ({"improved": "maybe"}, "improved",
     "'maybe' is not yes or no (write true/false, yes/no or 1/0)"),
    ({"start_date": "31/03/2026"}, "start_date",
     "'31/03/2026' is not a date (write dates as YYYY-MM-DD, e.g. 2026-03-31)"),
    ({"start_date": "2026-02-30"}, "start_date",
     "'2026-02-30' is not a date (write dates as YYYY-MM-DD, e.g. 2026-03-31)"),
    ({"cost": "12,50"}, "cost", "'12,50' is not a number"),
    ({"cost": "nan"}, "cost", "'nan' is not a number"),
    ({"group_kind": "z"}, "group_kind", "'z' is not one of the allowed values: a, b, c"),
    ({"sex": "F"}, "sex", "'F' is not one of the allowed values: female, male, other, not_known"),
    ({"code": None}, "code", "code is missing, but every record needs it"),
    ({"provider": None}, "provider", "provider is missing, but every record needs it"),
    ({"person_id": None}, "person_id", "person_id is missing, but every record needs it"),
])
def test_each_problem_is_named(run: Run, fields: dict[str, Any], field: str,
                               problem: str) -> None:
    rows = [good("a"), good("b", **fields), good("c")]
    result = run(RULESET, people=rows)
    assert problems(result) == [(3, field, problem)]   # header is row 1, "b" is row 3
    found = result.document["data_quality"][0]
    assert (found["table"], found["file"]) == ("people", "people.csv")
    entry = results(result, "improved_share").get(("P", "2026-Q1"))
    if fields.get("provider", "P") is not None:
        assert entry is not None
        assert entry["denominator"] == 2                # the invalid record is excluded
    assert result.invalid_rows == 1


def test_booleans_accept_the_usual_spellings(run: Run) -> None:
    words = ["true", "TRUE", "yes", "Yes", "1", "false", "no", "0", "False", ""]
    rows = [good(str(i), improved=w) for i, w in enumerate(words)]
    result = run(RULESET, people=rows)
    entry = results(result, "improved_share")[("P", "2026-Q1")]
    assert (entry["numerator"], entry["denominator"]) == (5, 10)
    assert problems(result) == []


def test_a_period_of_the_wrong_unit_is_named(run: Run) -> None:
    rows = [good("a"), good("b", period="2026-03"), good("c", period="Q1 2026")]
    result = run(RULESET, people=rows)
    assert problems(result) == [
        (3, "period", "period '2026-03' is a month, but this ruleset reports by quarter "
                      "(write e.g. 2026-Q1)"),
        (4, "period", "'Q1 2026' is not a period; write a quarter as 2026-Q1"),
    ]
    assert result.document["periods"] == ["2026-Q1"]
    assert result.invalid_rows == 2


def test_repeated_person_ids_are_all_excluded_and_listed(run: Run) -> None:
    rows = [good("a"), good("b"), good("a", improved=False), good("c"),
            good("a", period="2026-Q2")]
    result = run(RULESET, people=rows)
    message = ("person_id 'a' appears 2 times for provider P in 2026-Q1 (rows 2, 4); each "
               "person has one record per period, so all are left out until the provider "
               "corrects them")
    assert problems(result) == [(2, "person_id", message), (4, "person_id", message)]
    assert results(result, "improved_share")[("P", "2026-Q1")]["denominator"] == 2
    assert results(result, "improved_share")[("P", "2026-Q2")]["denominator"] == 1
    assert result.document["data_quality_summary"] == [
        {"table": "people", "provider": "P", "period": "2026-Q1", "rows": 5 - 1,
         "invalid": 2}]


def test_counts_per_provider_and_the_listing_limit(run: Run) -> None:
    rows = [good(str(i), age="x") for i in range(5)] + [good("ok")]
    result = run(RULESET, people=rows, list_limit=3)
    assert len(result.document["data_quality"]) == 3
    assert result.document["data_quality_complete"] is False
    assert result.invalid_rows == 5


def test_strict_fails_on_any_invalid_record(run: Run) -> None:
    with pytest.raises(InvalidData, match=r"1 invalid record\(s\)") as caught:
        run(RULESET, people=[good("a"), good("b", age="old")], strict=True)
    assert caught.value.result.document["data_quality"][0]["field"] == "age"


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


@pytest.mark.parametrize("bits", [1, 32])
def test_the_repeated_key_screen_is_exact_whatever_the_hash_collisions(
        bits: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """With one bit of hash nearly every row collides: only real repeats may count."""
    import sqlglot.expressions as exp

    from obcrules.engine import duckdb_backend

    monkeypatch.setattr(duckdb_backend, "SCREEN_BITS", bits)
    backend = duckdb_backend.DuckDBBackend()
    try:
        backend.connection.execute("CREATE TABLE k AS SELECT CAST(i % 3 AS VARCHAR) AS p, "
                                   "i AS k FROM range(5000) t(i)")
        source = exp.to_table("k")
        key = [exp.column("p"), exp.column("k")]
        assert backend.may_repeat(source, key, exp.true()) is False
        assert backend.may_repeat(source, [exp.column("p")], exp.true()) is True
        assert backend.may_repeat(source, [exp.column("p")], exp.column("k").eq(7)) is False
    finally:
        backend.close()
