"""The plugin loads through its entry point; its vocabulary and sample data keep the contract."""

from __future__ import annotations

import duckdb
import obcrules_housing
from obcrules_housing.accommodation import ACCOMMODATION_SUSTAINMENT
from obcrules_housing.derived import TENANCY_SUSTAINMENT
from obcrules_housing.vocabulary import TENANCIES

from obcrules.plugins.catalog import vocabulary_for
from obcrules.testing import derived_sql_rows, fresh_registry, generate_checked_sample


def test_loads_through_the_entry_point_without_problems() -> None:
    registry = fresh_registry()
    assert registry.version_of("housing") == obcrules_housing.__version__
    assert [p for p in registry.problems if p.plugin == "housing"] == []


def test_vocabulary() -> None:
    vocabulary = vocabulary_for(fresh_registry(), ["housing"])
    people = vocabulary.table("people")
    assert people is not None
    now = people.field("accommodation_now")
    assert now is not None
    assert now.values == (
        "rough_sleeping",
        "sofa_surfing",
        "temporary",
        "supported",
        "own_tenancy",
        "family",
    )
    tenancies = vocabulary.table("tenancies")
    assert tenancies is not None and tenancies.subject == "events"
    assert {"accommodation_sustainment", "tenancy_sustainment"} <= set(vocabulary.derived)
    assert sorted(vocabulary.functions) == ["sustained", "tenancy_failed"]
    reason = tenancies.field("ended_reason")
    assert reason is not None and {"planned_move", "died"} <= set(reason.values)


def test_sample_data_mixes_strong_weak_and_missing_returns() -> None:
    tables = generate_checked_sample(fresh_registry(), "housing", rows=4000, seed=5)
    people, tenancies = tables["people"], tables["tenancies"]
    housed = dict(
        duckdb.sql(
            "select provider, avg(case when accommodation_now = 'own_tenancy' then 1.0 else 0 end)"
            " from people group by provider"
        ).fetchall()
    )
    assert housed["Harbour Housing"] > 0.6
    assert housed["Cornerstone Lettings"] < 0.35
    assert (
        tenancies.num_rows > people["tenancy_start"].length() - people["tenancy_start"].null_count
    )
    sustainment = derived_sql_rows(
        TENANCY_SUSTAINMENT,
        {"tenancies": tenancies.to_pylist()},
        {"tenancies": TENANCIES},
    )
    periods = {r["period"] for r in sustainment if r["provider"] == "Northlight Trust"}
    assert "2025-Q2" not in periods and len(periods) == 7
    assert any(r["sustained_12m"] for r in sustainment)
    assert not all(r["sustained_6m"] for r in sustainment)
    reasons = set(tenancies["ended_reason"].to_pylist())
    assert {"planned_move", "died", "eviction_arrears"} <= reasons


def test_sample_accommodation_outcomes_mix_met_missed_and_unknown() -> None:
    registry = fresh_registry()
    tables = generate_checked_sample(registry, "housing", rows=4000, seed=5)
    people = vocabulary_for(registry, ["housing"]).table("people")
    assert people is not None
    rows = derived_sql_rows(
        ACCOMMODATION_SUSTAINMENT,
        {"people": tables["people"].to_pylist(), "tenancies": tables["tenancies"].to_pylist()},
        {"people": people, "tenancies": TENANCIES},
    )

    def sustained(provider: str) -> float:
        known = [r["sustained_6m"] for r in rows
                 if r["provider"] == provider and r["sustained_6m"] is not None]
        return sum(known) / len(known)

    assert sustained("Harbour Housing") > 0.8 > sustained("Cornerstone Lettings")
    assert any(r["died"] for r in rows)
    assert any(r["sustained_6m"] is None and r["accommodated_on"] is not None for r in rows)
