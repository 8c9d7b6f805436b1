"""The Spark backend in local mode: the same monitoring.json as DuckDB for every example
ruleset (spoiled sample data) and for random rulesets on random text data.

Runs when ``OBC_TEST_SPARK`` names a master (``.ci/services.sh`` sets ``local[2]``);
otherwise skips, except under CI (``CI=true``), where it fails.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from obcrules.api import load_ruleset
from obcrules.cli import main
from obcrules.engine import monitor
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
from tests.engine.warehouse_data import required_service

SPARK_VARIABLE = "OBC_TEST_SPARK"


def _master() -> str:
    return required_service(SPARK_VARIABLE, "no Spark to test against (source .ci/services.sh "
                            "and run spark_check; needs Java 17 and obcrules[spark])")


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    master = _master()
    pytest.importorskip("pyspark", reason="pip install 'obcrules[spark]'")
    from pyspark.sql import SparkSession

    session = (SparkSession.builder.master(master).appName("obcrules-tests")
               .config("spark.ui.enabled", "false").config("spark.sql.ansi.enabled", "false")
               .config("spark.sql.session.timeZone", "UTC")
               .config("spark.sql.shuffle.partitions", "4").getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def _spark_monitor(checked: Any, data: Path, spark: Any, **tables: Any) -> Any:
    from obcrules.engine.spark_backend import SparkBackend

    backend = SparkBackend(str(data), tables, session=spark)
    try:
        return monitor(checked, backend.location, backend=backend)
    finally:
        backend.close()


@pytest.mark.parametrize("ruleset", RULESETS, ids=lambda p: p.stem)
def test_example_ruleset_gives_the_same_monitoring_json_as_duckdb(
        ruleset: Path, spark: Any, tmp_path: Path) -> None:
    tables = sample_data(ruleset, tmp_path / "data")
    checked = load_ruleset(ruleset)
    duck = monitor(checked, tmp_path / "data")
    result = _spark_monitor(checked, tmp_path / "data", spark)
    assert comparable(result.to_json()) == comparable(duck.to_json())
    # The same Parquet files: even the file names in data_quality agree.
    assert result.document["data_quality"] == duck.document["data_quality"]
    assert len(result.document["data_quality"]) >= 3 * len(tables)


@settings(max_examples=5, deadline=None, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(source=rulesets(), seed=st.integers(0, 10_000))
def test_random_rulesets_on_random_text_data_agree(
        source: str, seed: int, svc_registry: Registry, spark: Any,
        tmp_path_factory: pytest.TempPathFactory) -> None:

    duck, result = _people_on_both(checked_ruleset(source, svc_registry), text_data(seed),
                                   spark, tmp_path_factory)
    assert result.invalid_rows == duck.invalid_rows >= 2


def _people_on_both(checked: Any, people: Any, spark: Any,
                    tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Any]:
    """The run of ``checked`` on these people with DuckDB (CSV), then on Spark (Parquet);
    the documents must agree."""
    from obcrules.engine.warehouse import TableSource

    directory = tmp_path_factory.mktemp("data")
    path = write_csv(directory / "people.csv", people, PEOPLE_COLUMNS)
    duck = monitor(checked, directory)
    parquet = tmp_path_factory.mktemp("spark") / "people.parquet"
    pq.write_table(read_csv(path), parquet)
    result = _spark_monitor(checked, parquet.parent, spark,
                            people=TableSource(str(parquet), row="_obc_row"))
    assert comparable(result.to_json()) == comparable(duck.to_json())
    return duck, result


def test_paying_for_the_difference_made_agrees_with_duckdb(
        svc_registry: Registry, spark: Any, tmp_path_factory: pytest.TempPathFactory) -> None:
    """The referred cohort, a comparison group, price groups and deadweight on random data."""
    from obcrules.engine.warehouse import TableSource

    directory = tmp_path_factory.mktemp("data")
    parquet = tmp_path_factory.mktemp("spark")
    checked = checked_ruleset(DIFFERENCE, svc_registry)
    sources = {}
    for table, rows in difference_data(11).items():
        path = write_csv(directory / f"{table}.csv", rows,
                         PEOPLE_COLUMNS if table == "people" else None)
        pq.write_table(read_csv(path), parquet / f"{table}.parquet")
        sources[table] = TableSource(str(parquet / f"{table}.parquet"), row="_obc_row")
    duck = monitor(checked, directory)
    result = _spark_monitor(checked, parquet, spark, **sources)
    assert comparable(result.to_json()) == comparable(duck.to_json())
    assert duck.document["savings"] and duck.document["reach"]


def test_the_cli_runs_on_spark(tmp_path: Path, spark: Any) -> None:
    ruleset = next(p for p in RULESETS if p.stem == "continence")
    sample_data(ruleset, tmp_path / "data", rows=300)
    for engine in ("duckdb", "spark"):
        outcome = CliRunner().invoke(main, [
            "monitor", str(ruleset), "--data", str(tmp_path / "data"), "--out",
            str(tmp_path / engine), "--engine", engine, "--spark-master", _master(), "--quiet"])
        assert outcome.exit_code == 0, outcome.output
    texts = [(tmp_path / e / "monitoring.json").read_text(encoding="utf-8")
             for e in ("duckdb", "spark")]
    assert comparable(texts[0]) == comparable(texts[1])


def test_non_finite_doubles_in_number_fields_are_invalid_records_as_on_duckdb(
        spark: Any, svc_registry: Registry, tmp_path: Path) -> None:
    from tests.engine.sample import NON_FINITE_RULESET, non_finite_people

    pq.write_table(non_finite_people(), tmp_path / "people.parquet")
    checked = checked_ruleset(NON_FINITE_RULESET, svc_registry)
    duck = monitor(checked, tmp_path)
    result = _spark_monitor(checked, tmp_path, spark)
    assert comparable(result.to_json()) == comparable(duck.to_json())
    assert result.invalid_rows == 7


def test_column_names_with_a_backtick_and_repeated_columns(spark: Any, svc_registry: Registry,
                                                          tmp_path: Path) -> None:
    import pyarrow as pa

    from obcrules.engine import MonitoringError
    from obcrules.engine.warehouse import TableSource

    checked = checked_ruleset('output c "C":\n    measure count of people where code = "x"\n',
                              svc_registry)
    rows = {"id`1": ["a", "b"], "provider": ["P", "P"], "period": ["2026-Q1"] * 2,
            "code": ["x", "y"], "odd`name": [1, 2]}
    pq.write_table(pa.table(rows), tmp_path / "people.parquet")
    result = _spark_monitor(checked, tmp_path, spark,
                            people=TableSource(str(tmp_path / "people.parquet"),
                                               columns={"person_id": "id`1"}))
    assert [e["value"] for e in result.document["results"]] == [1]
    assert result.document["inputs"][0]["ignored_columns"] == ["odd`name"]
    pq.write_table(pa.table(rows | {"Code": ["x", "x"]}), tmp_path / "people.parquet")
    with pytest.raises(MonitoringError, match=r"people\.parquet: Spark cannot read it as "
                       r"Parquet \(\[COLUMN_ALREADY_EXISTS\] The column `code` already exists"):
        _spark_monitor(checked, tmp_path, spark)


@pytest.mark.parametrize("gaming", ["cream-skimming", "parking", "bunching", "drop-out",
                                    "double-claims"])
def test_each_gaming_alert_is_the_same_as_on_duckdb(
        gaming: str, spark: Any, tmp_path: Path) -> None:
    """Sample data with each form of gaming injected: the same checks, alerts and figures."""
    from obcrules.api import sample_data

    checked = load_ruleset(RULESETS[[p.stem for p in RULESETS].index("continence")])
    sample_data("adult_social_care", 6000, tmp_path / "data", "parquet", 7, gaming=gaming)
    duck = monitor(checked, tmp_path / "data")
    result = _spark_monitor(checked, tmp_path / "data", spark)
    assert duck.document["gaming_alerts"]
    assert comparable(result.to_json()) == comparable(duck.to_json())


def test_periods_compare_in_time_as_on_duckdb(svc_registry: Registry, spark: Any,
                                               tmp_path_factory: pytest.TempPathFactory) -> None:
    from tests.engine.test_period_compare import PERIODS, data

    _people_on_both(checked_ruleset(PERIODS, svc_registry), data(), spark, tmp_path_factory)
