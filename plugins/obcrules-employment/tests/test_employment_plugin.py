"""The plugin loads through its entry point; its vocabulary and sample data keep the contract."""

from __future__ import annotations

import obcrules_employment
from obcrules_employment.derived import EMPLOYMENT_OUTCOMES
from obcrules_employment.vocabulary import EMPLOYMENT_SPELLS

from obcrules.plugins.catalog import vocabulary_for
from obcrules.testing import derived_sql_rows, generate_checked_sample, plugin_registry

REGISTRY = plugin_registry("employment", obcrules_employment)


def test_loads_without_problems() -> None:
    assert REGISTRY.version_of("employment") == obcrules_employment.__version__
    assert [p for p in REGISTRY.problems if p.plugin == "employment"] == []


def test_vocabulary() -> None:
    vocabulary = vocabulary_for(REGISTRY, ["employment"])
    people = vocabulary.table("people")
    assert people is not None and people.field("referral_date") is not None
    spells = vocabulary.table("employment_spells")
    assert spells is not None and spells.subject == "events" and spells.key is None
    assert "employment_outcomes" in vocabulary.derived
    assert sorted(vocabulary.functions) == ["job_outcome_due"]


def test_the_referral_date_is_the_same_field_as_mental_health_and_housing() -> None:
    vocabulary = vocabulary_for(REGISTRY, ["employment", "mental_health", "housing"])
    assert vocabulary.conflicts == []


def test_sample_data_mixes_strong_weak_and_missing_returns() -> None:
    tables = generate_checked_sample(REGISTRY, "employment", rows=4000, seed=5)
    people = vocabulary_for(REGISTRY, ["employment"]).table("people")
    assert people is not None
    rows = derived_sql_rows(
        EMPLOYMENT_OUTCOMES,
        {"people": tables["people"].to_pylist(),
         "employment_spells": tables["employment_spells"].to_pylist()},
        {"people": people, "employment_spells": EMPLOYMENT_SPELLS},
    )

    def started(provider: str) -> float:
        own = [r for r in rows if r["provider"] == provider]
        return sum(r["job_start"] is not None for r in own) / len(own)

    assert started("Pathway Works") > 0.4 > started("Ridgeline Futures")
    assert any(r["weeks_in_work"] >= 26 for r in rows)
    horizon = {r["period"] for r in rows if r["provider"] == "Horizon Skills"}
    assert "2025-Q3" not in horizon and len(horizon) == 7
    kinds = set(tables["employment_spells"]["employment_type"].to_pylist())
    assert {"supported", "voluntary"} <= kinds
