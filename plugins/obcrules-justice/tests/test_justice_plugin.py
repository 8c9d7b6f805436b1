"""The plugin loads through its entry point; its vocabulary and sample data keep the contract."""

from __future__ import annotations

import obcrules_justice
from obcrules_justice.derived import PROVEN_REOFFENDING
from obcrules_justice.vocabulary import REOFFENCES

from obcrules.plugins.catalog import vocabulary_for
from obcrules.testing import derived_sql_rows, generate_checked_sample, plugin_registry

REGISTRY = plugin_registry("justice", obcrules_justice)


def test_loads_without_problems() -> None:
    assert REGISTRY.version_of("justice") == obcrules_justice.__version__
    assert [p for p in REGISTRY.problems if p.plugin == "justice"] == []


def test_vocabulary() -> None:
    vocabulary = vocabulary_for(REGISTRY, ["justice"])
    people = vocabulary.table("people")
    assert people is not None and people.field("index_date") is not None
    reoffences = vocabulary.table("reoffences")
    assert reoffences is not None and reoffences.subject == "events"
    assert "proven_reoffending" in vocabulary.derived
    assert sorted(vocabulary.functions) == ["reoffending_known"]


def test_sample_data_mixes_strong_weak_and_missing_returns() -> None:
    tables = generate_checked_sample(REGISTRY, "justice", rows=4000, seed=5)
    people = vocabulary_for(REGISTRY, ["justice"]).table("people")
    assert people is not None
    rows = derived_sql_rows(
        PROVEN_REOFFENDING,
        {"people": tables["people"].to_pylist(), "reoffences": tables["reoffences"].to_pylist()},
        {"people": people, "reoffences": REOFFENCES},
    )
    assert 0 < len(rows) < tables["people"].num_rows  # recent index dates are not yet known

    def rate(provider: str) -> float:
        own = [r["reoffended"] for r in rows if r["provider"] == provider]
        return sum(own) / len(own)

    assert rate("Wessex Rehabilitation") < 0.3 < rate("Estuary Resettlement")
    pennine = {r["period"] for r in rows if r["provider"] == "Pennine Probation Partnership"}
    assert "2026-Q2" not in pennine and len(pennine) == 7
    disposals = set(tables["reoffences"]["disposal"].to_pylist())
    assert {"penalty_notice", "court_conviction"} <= disposals
