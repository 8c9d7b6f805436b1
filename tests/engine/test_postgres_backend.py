"""The PostgreSQL backend against a real server: same monitoring.json as DuckDB for every
example ruleset and for random rulesets on random text data; the mapping; read-only use.

The server is the throwaway one `.ci/services.sh` starts (``OBC_TEST_POSTGRES_DSN``); the
tests load data into it, the backend only reads. Every test runs twice: with the server's
default ``standard_conforming_strings = on`` and with it ``off`` for the database, as some
warehouses keep it, where a backslash in a plain string literal is an escape.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from obcrules.api import CheckedRuleset
from obcrules.cli import main
from obcrules.engine import MonitoringError, MonitoringResult, monitor
from obcrules.engine.readers import read_csv
from obcrules.plugins.manager import Registry
from tests.engine.conftest import PEOPLE_COLUMNS, checked_ruleset, write_csv
from tests.engine.engine_equivalence import (
    DIFFERENCE,
    RULESETS,
    comparable,
    difference_data,
    sample_data,
)
from tests.engine.random_rulesets import rulesets, text_data
from tests.engine.warehouse_data import load_arrow, postgres_dsn

psycopg = pytest.importorskip("psycopg", reason="pip install 'obcrules[postgres]'")
from obcrules.engine.postgres_backend import PostgresBackend, redacted  # noqa: E402
from obcrules.engine.warehouse import TableSource  # noqa: E402


@pytest.fixture(scope="module", params=["on", "off"], ids=lambda v: f"conforming-{v}")
def dsn(request: pytest.FixtureRequest) -> Iterator[str]:
    """The server's DSN, its database set to read string literals as ``request.param``
    says (``standard_conforming_strings``) in every session that connects to it."""
    found = postgres_dsn()
    with psycopg.connect(found, autocommit=True) as connection:
        database = connection.info.dbname
        connection.execute(f'ALTER DATABASE "{database}" SET standard_conforming_strings '
                           f"= {request.param}")
        try:
            with psycopg.connect(found) as check:
                shown = check.execute("SHOW standard_conforming_strings").fetchone()
            assert shown == (request.param,)
            yield found
        finally:
            connection.execute(f'ALTER DATABASE "{database}" RESET standard_conforming_strings')


@pytest.fixture
def schema(dsn: str) -> Iterator[tuple[Any, str]]:
    """A fresh schema (and an open connection to load data into it), dropped afterwards."""
    name = f"t_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(dsn, autocommit=True) as connection:
        connection.execute(f"CREATE SCHEMA {name}")
        yield connection, name
        connection.execute(f"DROP SCHEMA {name} CASCADE")


def _monitor_cli(*args: str) -> str:
    outcome = CliRunner().invoke(main, ["monitor", *args, "--quiet"])
    assert outcome.exit_code == 0, outcome.output
    return outcome.output


@pytest.mark.parametrize("ruleset", RULESETS, ids=lambda p: p.stem)
def test_example_ruleset_gives_the_same_monitoring_json_as_duckdb(
        ruleset: Path, schema: tuple[Any, str], dsn: str, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    connection, name = schema
    tables = sample_data(ruleset, tmp_path / "data")
    mapping = []
    for table, data in tables.items():
        # The warehouse names things its own way: renamed key, a record id for the row.
        load_arrow(connection, f"{name}.{table}_2026", data, renames={"person_id": "client_ref"},
                   row_column="record_id")
        mapping.append(f'[tables.{table}]\ntable = "{name}.{table}_2026"\nrow = "record_id"\n'
                       f'[tables.{table}.columns]\nperson_id = "client_ref"\n')
    (tmp_path / "obc.toml").write_text("\n".join(mapping), encoding="utf-8")
    (tmp_path / "files.toml").write_text("# the files keep the declared names\n",
                                         encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    _monitor_cli(str(ruleset), "--data", "data", "--out", "duck", "--config", "files.toml")
    _monitor_cli(str(ruleset), "--data", dsn, "--out", "pg", "--engine", "postgres")
    duck = (tmp_path / "duck" / "monitoring.json").read_text(encoding="utf-8")
    pg = (tmp_path / "pg" / "monitoring.json").read_text(encoding="utf-8")
    assert comparable(pg) == comparable(duck)
    document = __import__("json").loads(pg)
    # The spoiled records were found in the database: a repeated key (both copies), an
    # unknown category or value out of range, a missing provider, per table.
    assert len(document["data_quality"]) >= 3 * len(tables)
    assert {i["path"] for i in document["inputs"]} == {f"{name}.{t}_2026" for t in tables}
    assert all(i["sha256"] is None for i in document["inputs"])
    assert sum(i["rows"] for i in document["inputs"]) == sum(t.num_rows for t in tables.values())


@settings(max_examples=12, deadline=None, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(source=rulesets(), seed=st.integers(0, 10_000))
def test_random_rulesets_on_random_text_data_agree(
        source: str, seed: int, svc_registry: Registry, schema: tuple[Any, str], dsn: str,
        tmp_path_factory: pytest.TempPathFactory) -> None:
    directory = tmp_path_factory.mktemp("data")
    path = write_csv(directory / "people.csv", text_data(seed), PEOPLE_COLUMNS)
    pg = _same_as_duckdb(checked_ruleset(source, svc_registry), path, dsn, schema)
    assert pg.invalid_rows >= 2  # at least both copies of the repeat


def _same_as_duckdb(checked: CheckedRuleset, path: Path, dsn: str,
                    schema: tuple[Any, str]) -> MonitoringResult:
    """The result of monitoring the people file ``path`` (CSV or Parquet) copied into
    PostgreSQL, once checked to be the same as DuckDB's over the file."""
    connection, name = schema
    duck = monitor(checked, path.parent)
    if path.suffix == ".csv":
        load_arrow(connection, f"{name}.people", read_csv(path), row_column=None)
    else:
        load_arrow(connection, f"{name}.people", pq.read_table(path))
    backend = PostgresBackend(dsn, {"people": TableSource(f"{name}.people", row="_obc_row")})
    try:
        pg = monitor(checked, backend.location, backend=backend)
    finally:
        backend.close()
    assert comparable(pg.to_json()) == comparable(duck.to_json())
    assert pg.invalid_rows == duck.invalid_rows
    return pg


def test_paying_for_the_difference_made_agrees_with_duckdb(
        svc_registry: Registry, schema: tuple[Any, str], dsn: str, tmp_path: Path) -> None:
    """The referred cohort, a comparison group, price groups and deadweight on random data."""
    connection, name = schema
    checked = checked_ruleset(DIFFERENCE, svc_registry)
    sources = {}
    for table, rows in difference_data(11).items():
        path = write_csv(tmp_path / f"{table}.csv", rows,
                         PEOPLE_COLUMNS if table == "people" else None)
        load_arrow(connection, f"{name}.{table}", read_csv(path), row_column=None)
        sources[table] = TableSource(f"{name}.{table}", row="_obc_row")
    duck = monitor(checked, tmp_path)
    backend = PostgresBackend(dsn, sources)
    try:
        pg = monitor(checked, backend.location, backend=backend)
    finally:
        backend.close()
    assert comparable(pg.to_json()) == comparable(duck.to_json())
    assert duck.document["savings"] and duck.document["reach"]


# ---------------------------------------------------------------- mapping, errors, permissions


def test_unmapped_tables_are_found_by_name_and_rows_numbered_in_table_order(
        dsn: str, schema: tuple[Any, str], svc_registry: Registry, tmp_path: Path) -> None:
    connection, name = schema
    rows = [{"person_id": "a", "provider": "P1", "period": "2026-Q1", "code": "x", "age": "40",
             "improved": "yes"},
            {"person_id": "b", "provider": "P1", "period": "2026-Q1", "code": "x", "age": "old",
             "improved": "no"},
            {"person_id": "c", "provider": "P1", "period": "2026-Q1", "code": "x", "age": "70",
             "improved": "true"}]
    path = write_csv(tmp_path / "people.csv", rows, PEOPLE_COLUMNS)
    load_arrow(connection, f"{name}.people", read_csv(path).drop_columns(["_obc_row"]),
               row_column=None)
    checked = checked_ruleset('outcome s "S":\n    measure share of people where improved\n'
                              '    target at least 50%\n', svc_registry)
    backend = PostgresBackend(dsn + f"&options=-csearch_path%3D{name}")
    try:
        result = monitor(checked, backend.location, backend=backend)
    finally:
        backend.close()
    entry = next(e for e in result.document["results"] if e["name"] == "s")
    assert (entry["numerator"], entry["denominator"], entry["value"]) == (2, 2, 1)
    assert [(p["row"], p["field"], p["problem"]) for p in result.document["data_quality"]] == [
        (3, "age", "'old' is not a whole number")]
    assert result.document["inputs"][0]["path"] == "people"


def test_a_needed_table_missing_from_the_database_is_named(
        dsn: str, schema: tuple[Any, str], svc_registry: Registry) -> None:
    _, name = schema
    checked = checked_ruleset('output c "C":\n    measure count of people where improved\n',
                              svc_registry)
    backend = PostgresBackend(dsn + f"&options=-csearch_path%3D{name}")
    try:
        with pytest.raises(MonitoringError, match=r"no table for `people`.*\[tables\.people\]"):
            monitor(checked, backend.location, backend=backend)
    finally:
        backend.close()


def test_a_mapping_to_a_missing_table_or_column_is_named(
        dsn: str, schema: tuple[Any, str], svc_registry: Registry) -> None:
    connection, name = schema
    connection.execute(f"CREATE TABLE {name}.p (person_id text, provider text, period text)")
    checked = checked_ruleset('output c "C":\n    measure count of people where improved\n',
                              svc_registry)
    for source, message in [
        (TableSource(f"{name}.nope"), rf"maps `people` to {name}\.nope, which does not exist"),
        (TableSource(f"{name}.p", columns={"code": "ref"}), r"has no column `ref`"),
        (TableSource(f"{name}.p"), r"has no column `improved`"),
    ]:
        backend = PostgresBackend(dsn, {"people": source})
        try:
            with pytest.raises(MonitoringError, match=message):
                monitor(checked, backend.location, backend=backend)
        finally:
            backend.close()


def test_a_read_only_role_is_enough(dsn: str, schema: tuple[Any, str],
                                    svc_registry: Registry, tmp_path: Path) -> None:
    connection, name = schema
    rows = text_data(7)
    path = write_csv(tmp_path / "people.csv", rows, PEOPLE_COLUMNS)
    load_arrow(connection, f"{name}.people", read_csv(path), row_column=None)
    role = f"r_{name}"
    connection.execute(f"CREATE ROLE {role} LOGIN")
    try:
        connection.execute(f"GRANT USAGE ON SCHEMA {name} TO {role}")
        connection.execute(f"GRANT SELECT ON {name}.people TO {role}")
        checked = checked_ruleset('outcome s "S":\n    measure share of people where improved\n'
                                  '    target at least 50%\n', svc_registry)
        reader = dsn.replace("postgres@", f"{role}@", 1)
        backend = PostgresBackend(reader, {"people": TableSource(f"{name}.people",
                                                                 row="_obc_row")})
        try:
            result = monitor(checked, backend.location, backend=backend)
        finally:
            backend.close()
        assert comparable(result.to_json()) == comparable(monitor(checked, tmp_path).to_json())
        with pytest.raises(psycopg.errors.InsufficientPrivilege), \
                psycopg.connect(reader, autocommit=True) as other:
            other.execute(f"DELETE FROM {name}.people")
    finally:
        connection.execute(f"DROP OWNED BY {role}")
        connection.execute(f"DROP ROLE {role}")


def test_the_repeated_key_screen_runs_in_postgres(dsn: str, schema: tuple[Any, str]) -> None:
    import sqlglot.expressions as exp

    connection, name = schema
    connection.execute(f"CREATE TABLE {name}.k AS SELECT (i % 3)::text AS p, i AS k "
                       "FROM generate_series(1, 5000) AS i")
    backend = PostgresBackend(dsn)
    try:
        source = exp.to_table(f"{name}.k")
        key = [exp.column("p"), exp.column("k")]
        assert backend.may_repeat(source, key, exp.true()) is False
        assert backend.may_repeat(source, [exp.column("p")], exp.true()) is True
        assert backend.may_repeat(source, [exp.column("p")], exp.column("k").eq(7)) is False
    finally:
        backend.close()


def test_backslashes_in_ruleset_values_and_text_dates_read_alike_under_either_setting(
        dsn: str, schema: tuple[Any, str], svc_registry: Registry, tmp_path: Path) -> None:
    """The cast patterns hold backslashes, and a ruleset value may end in one: neither may
    mean something else when the server reads backslashes in literals as escapes."""
    codes = ["x\\", "x", "x\\\\", "x'", "\\'", "y\\' OR TRUE --"]
    rows = [{"person_id": f"p{i}", "provider": "P1", "period": "2026-Q1", "age": "30",
             "code": codes[i % len(codes)], "improved": "yes",
             "start_date": ["2026-02-03", "2026-03-31", "2026-02-30", "03/02/2026"][i % 4]}
            for i in range(24)]
    path = write_csv(tmp_path / "people.csv", rows, PEOPLE_COLUMNS)
    checked = checked_ruleset(
        'output backslash "Ends in a backslash":\n'
        '    measure count of people where code = "x\\\\" or code = " or true --"\n'
        'output quoted "A quote after a backslash":\n'
        '    measure count of people where code = "\\\\\'"\n'
        'output dated "A real date":\n'
        '    measure count of people where start_date >= 2026-01-01\n', svc_registry)
    pg = _same_as_duckdb(checked, path, dsn, schema)
    values = {e["name"]: e["value"] for e in pg.document["results"]}
    assert values == {"backslash": 2, "quoted": 2, "dated": 12}
    assert [p["problem"] for p in pg.document["data_quality"]].count(
        "'03/02/2026' is not a date (write dates as YYYY-MM-DD, e.g. 2026-03-31)") == 6


def test_passwords_never_reach_messages() -> None:
    assert redacted("postgresql://obc:s3cret@db.example:5433/warehouse?sslmode=require") == (
        "postgresql://obc@db.example:5433/warehouse")
    assert redacted("host=db password=s3cret dbname=w") == "host=db password=*** dbname=w"


def test_non_finite_doubles_in_number_fields_are_invalid_records_as_on_duckdb(
        dsn: str, schema: tuple[Any, str], svc_registry: Registry, tmp_path: Path) -> None:
    from tests.engine.sample import NON_FINITE_RULESET, non_finite_people

    pq.write_table(non_finite_people(), tmp_path / "people.parquet")
    pg = _same_as_duckdb(checked_ruleset(NON_FINITE_RULESET, svc_registry),
                         tmp_path / "people.parquet", dsn, schema)
    assert pg.invalid_rows == 7


@pytest.mark.parametrize("gaming", ["cream-skimming", "parking", "bunching", "drop-out",
                                    "double-claims"])
def test_each_gaming_alert_is_the_same_as_on_duckdb(
        gaming: str, schema: tuple[Any, str], dsn: str, tmp_path: Path) -> None:
    """Sample data with each form of gaming injected: the same checks, alerts and figures."""
    from obcrules.api import load_ruleset, sample_data

    connection, name = schema
    checked = load_ruleset(RULESETS[[p.stem for p in RULESETS].index("continence")])
    paths = sample_data("adult_social_care", 6000, tmp_path / "data", "parquet", 7,
                        gaming=gaming)
    sources = {}
    for path in paths:
        table = path.stem
        load_arrow(connection, f"{name}.{table}", pq.read_table(path))
        sources[table] = TableSource(f"{name}.{table}", row="_obc_row")
    duck = monitor(checked, tmp_path / "data")
    backend = PostgresBackend(dsn, sources)
    try:
        pg = monitor(checked, backend.location, backend=backend)
    finally:
        backend.close()
    assert duck.document["gaming_alerts"]
    assert comparable(pg.to_json()) == comparable(duck.to_json())


def test_periods_compare_in_time_as_on_duckdb(svc_registry: Registry, schema: tuple[Any, str],
                                               dsn: str, tmp_path: Path) -> None:
    from tests.engine.test_period_compare import PERIODS, data

    path = write_csv(tmp_path / "people.csv", data(), PEOPLE_COLUMNS)
    _same_as_duckdb(checked_ruleset(PERIODS, svc_registry), path, dsn, schema)
