"""The plugin loads through its entry point; its vocabulary and sample data keep the contract."""

from __future__ import annotations

import duckdb
import obcrules_adult_social_care

from obcrules.plugins.catalog import vocabulary_for
from obcrules.testing import fresh_registry, generate_checked_sample


def test_loads_through_the_entry_point_without_problems() -> None:
    registry = fresh_registry()
    assert registry.version_of("adult_social_care") == obcrules_adult_social_care.__version__
    assert [p for p in registry.problems if p.plugin == "adult_social_care"] == []


def test_vocabulary() -> None:
    vocabulary = vocabulary_for(fresh_registry(), ["adult_social_care"])
    people = vocabulary.table("people")
    sessions = vocabulary.table("sessions")
    assert people is not None and sessions is not None
    setting = people.field("setting")
    assert setting is not None
    assert setting.values == ("own_home", "care_home", "nursing_home", "extra_care", "hospital")
    place = people.field("end_of_life_preferred_place")
    assert place is not None and place.values == ("home", "care_home", "hospice", "hospital")
    assert sessions.subject == "services"
    assert [f.name for f in sessions.fields] == [
        "person_id",
        "provider",
        "period",
        "session_kind",
        "session_date",
    ]
    assert vocabulary.field_owner[("people", "lives_at_home_91d")] == "adult_social_care"


def test_wemwbs_is_shared_with_mental_health_without_conflict() -> None:
    vocabulary = vocabulary_for(fresh_registry(), ["adult_social_care", "mental_health"])
    assert vocabulary.conflicts == []
    people = vocabulary.table("people")
    assert people is not None
    assert [f.name for f in people.fields].count("wemwbs_start") == 1


def test_sample_data_mixes_strong_weak_and_missing_returns() -> None:
    tables = generate_checked_sample(fresh_registry(), "adult_social_care", rows=5000, seed=2)
    people, sessions = tables["people"], tables["sessions"]
    untreated = dict(
        duckdb.sql(
            """
            select provider, avg(case when continence_problem and not continence_treated
                                 then 1.0 else 0.0 end)
            from people group by provider
            """
        ).fetchall()
    )
    assert untreated["Oakwood Care"] < 0.08
    assert untreated["Greystone Care Group"] > 0.18
    fernlea = duckdb.sql(
        "select distinct period from sessions where provider = 'Fernlea Living' order by 1"
    ).fetchall()
    assert ("2026-Q2",) not in fernlea and len(fernlea) == 7
    assert people["wemwbs_end"].null_count > 0
    assert 900 < sessions.num_rows < 1250
