"""The plugin loads through its entry point and its sample data keeps the contract."""

from __future__ import annotations

import duckdb
import obcrules_mental_health

from obcrules.plugins.catalog import vocabulary_for
from obcrules.testing import fresh_registry, generate_checked_sample


def test_loads_through_the_entry_point_without_problems() -> None:
    registry = fresh_registry()
    assert registry.version_of("mental_health") == obcrules_mental_health.__version__
    assert [p for p in registry.problems if p.plugin == "mental_health"] == []


def test_fields_join_the_people_table() -> None:
    vocabulary = vocabulary_for(fresh_registry(), ["mental_health"])
    people = vocabulary.table("people")
    assert people is not None
    phq9 = people.field("phq9_start")
    assert phq9 is not None
    assert (phq9.type, phq9.minimum, phq9.maximum) == ("integer", 0, 27)
    gad7 = people.field("gad7_end")
    assert gad7 is not None and gad7.maximum == 21
    assert sorted(vocabulary.functions) == [
        "caseness",
        "days_waiting",
        "finished_treatment",
        "recovered",
        "reliable_improvement",
        "reliable_recovery",
    ]
    assert "treatment_outcomes" in vocabulary.derived
    adsm = people.field("adsm")
    assert adsm is not None and adsm.values == ("spin", "pdss", "hai", "pcl5")
    assert vocabulary.function_owner["recovered"] == "mental_health"


def test_sample_data_mixes_strong_weak_and_missing_returns() -> None:
    people = generate_checked_sample(fresh_registry(), "mental_health", rows=4000, seed=3)["people"]
    rates = dict(
        duckdb.sql(
            """
            select provider, round(avg(case when phq9_end is null then null
                when phq9_end < 10 and gad7_end < 8 then 1.0 else 0.0 end), 2)
            from people where phq9_start >= 10 or gad7_start >= 8 group by provider
            """
        ).fetchall()
    )
    assert rates["Riverside Talking Therapies"] > 0.6
    assert rates["Hillcrest Counselling"] < 0.3
    periods = duckdb.sql(
        "select count(distinct period) from people where provider = 'Hillcrest Counselling'"
    ).fetchall()
    assert periods == [(7,)]  # no return for 2025-Q3
    assert people["phq9_end"].null_count > 0
