"""The plugin loads through its entry point; its vocabulary and sample data keep the contract."""

from __future__ import annotations

import obcrules_childrens_services
from obcrules_childrens_services.derived import PLACEMENT_STABILITY
from obcrules_childrens_services.vocabulary import PLACEMENT_EPISODES

from obcrules.plugins.catalog import vocabulary_for
from obcrules.testing import derived_sql_rows, fresh_registry, generate_checked_sample


def test_loads_through_the_entry_point_without_problems() -> None:
    registry = fresh_registry()
    assert registry.version_of("childrens_services") == obcrules_childrens_services.__version__
    assert [p for p in registry.problems if p.plugin == "childrens_services"] == []


def test_vocabulary() -> None:
    vocabulary = vocabulary_for(fresh_registry(), ["childrens_services"])
    people = vocabulary.table("people")
    assert people is not None
    attendance = people.field("school_attendance")
    assert attendance is not None
    assert (attendance.type, attendance.unit, attendance.minimum, attendance.maximum) == (
        "decimal",
        "percent",
        0,
        100,
    )
    episodes = vocabulary.table("placement_episodes")
    assert episodes is not None and episodes.subject == "events"
    reason = episodes.field("reason_for_change")
    assert reason is not None and "legal_status_change" in reason.values
    assert reason.description.startswith("SSDA903 RNE codes: started_care = S;")
    stability = vocabulary.table("placement_stability")
    assert stability is not None
    assert [f.name for f in stability.fields] == [
        "person_id",
        "provider",
        "period",
        "placements_12m",
        "same_placement_2y",
    ]


def test_sample_data_mixes_strong_weak_and_missing_returns() -> None:
    registry = fresh_registry()
    tables = generate_checked_sample(registry, "childrens_services", rows=4000, seed=4)
    episodes = tables["placement_episodes"]
    people = vocabulary_for(registry, ["childrens_services"]).table("people")
    assert people is not None
    rows = derived_sql_rows(
        PLACEMENT_STABILITY,
        {"placement_episodes": episodes.to_pylist(), "people": tables["people"].to_pylist()},
        {"placement_episodes": PLACEMENT_EPISODES, "people": people},
    )

    def stable_share(provider: str) -> float:
        known = [r["same_placement_2y"] for r in rows if r["provider"] == provider]
        eligible = [v for v in known if v is not None]
        return sum(eligible) / len(eligible)

    # England's rate was 68% in 2024: the strong provider beats it, the weak one does not.
    assert stable_share("Brookside Children's Services") > 0.75
    assert 0.6 < stable_share("Willowbank Care") < 0.75
    assert stable_share("Redmoor Residential") < 0.5
    types = set(episodes["placement_type"].to_pylist())
    assert {"temporary", "placed_for_adoption"} <= types
    assert "short_breaks" in set(episodes["legal_status"].to_pylist())
    assert "provider_staff" in set(tables["people"]["sdq_completed_by"].to_pylist())
    castlegate = {r["period"] for r in rows if r["provider"] == "Castlegate Family Placements"}
    assert "2026-Q1" not in castlegate and len(castlegate) == 7
    assert tables["people"]["school_attendance"].null_count > 0
