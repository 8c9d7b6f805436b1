"""Values and statuses per provider, period and item (`obcrules.engine.values`): met, missed,
no data, no target, and targets per year scaled to the reporting period."""

from __future__ import annotations

from tests.engine.conftest import Run, results, rows
from tests.engine.test_compile import RULESET


def test_count_per_year_target_is_scaled_to_the_quarter(run: Run) -> None:
    source = '''
output delivered "Sessions":
    measure count of sessions
    target at least 40 per year
'''
    sessions = [{"provider": "P", "period": "2026-Q1", "session_date": "2026-01-05"}
                for _ in range(10)]
    entry = results(run(source, sessions=sessions), "delivered")[("P", "2026-Q1")]
    assert entry["target"] == "at least 40 per year"
    assert (entry["value"], entry["status"]) == (10, "met")


def test_no_target_is_said(run: Run) -> None:
    source = '''
output counted "Counted":
    measure count of people
'''
    entry = results(run(source, people=rows("2026-Q1", 0, 3)), "counted")[("P", "2026-Q1")]
    assert (entry["value"], entry["status"], entry["target"]) == (3, "no target", None)


def test_a_share_over_no_records_is_no_data_and_a_count_is_zero(run: Run) -> None:
    rows = [{"person_id": "a", "provider": "P1", "period": "2026-Q1", "age": 10, "code": "x",
             "improved": True, "start_date": None}]
    result = run(RULESET, people=rows)
    share = results(result, "improved_share")[("P1", "2026-Q1")]
    assert share["value"] is None
    assert share["status"] == "no data"
    assert (share["numerator"], share["denominator"]) == (0, 0)
    count = results(result, "adults_count")[("P1", "2026-Q1")]
    assert (count["value"], count["status"]) == (0, "missed")


def test_a_count_is_no_data_when_the_provider_made_no_return(run: Run) -> None:
    rows = [
        {"person_id": "a", "provider": "P1", "period": "2026-Q1", "age": 30, "code": "x"},
        {"person_id": "b", "provider": "P2", "period": "2026-Q1", "age": 30, "code": "x"},
        {"person_id": "a", "provider": "P1", "period": "2026-Q3", "age": 30, "code": "x"},
    ]
    result = run(RULESET, people=rows)
    counts = results(result, "adults_count")
    assert counts[("P1", "2026-Q2")]["status"] == "no data"
    assert counts[("P1", "2026-Q2")]["note"] == "no return from this provider for this period"
    assert counts[("P2", "2026-Q3")]["status"] == "no data"
    assert counts[("P1", "2026-Q1")]["value"] == 0
    assert result.document["periods"] == ["2026-Q1", "2026-Q2", "2026-Q3"]
