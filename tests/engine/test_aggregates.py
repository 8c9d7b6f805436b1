"""Aggregates: query rows keyed for the document, and which returns a run covers."""

from __future__ import annotations

import datetime as dt

from obcrules.engine.aggregates import Aggregates


def test_rows_are_keyed_by_provider_period_and_condition() -> None:
    found = Aggregates()
    found.add_medians([{"provider": "A", "period": "2026-Q1", "m0_median": 12.5}])
    found.add_people("people", [
        {"condition": 0, "provider": "A", "period": "2026-Q1", "n": 3},
        {"condition": 0, "provider": "A", "period": "2026-Q2", "n": 2},
        {"condition": 1, "provider": "B", "period": "2026-Q1", "n": 7},
    ])
    found.add_milestones([{"provider": "A", "process": "launch",
                           "evidence_date": dt.date(2026, 2, 1)}])
    found.add_fine("people", {"": [{"provider": "A", "period": "2026-Q1", "_rows": 40}]})
    assert found.medians == {("A", "2026-Q1", "m0_median"): 12.5}
    assert found.first == {("people", 0): {"A": {"2026-Q1": 3, "2026-Q2": 2}},
                           ("people", 1): {"B": {"2026-Q1": 7}}}
    assert found.evidence == {("A", "launch"): dt.date(2026, 2, 1)}
    assert found.by_group("people") == {("A", "2026-Q1"): {
        "provider": "A", "period": "2026-Q1", "_rows": 40}}
    assert found.by_group("sessions") == {}


def test_coverage_spans_the_returns_with_gaps_but_not_milestones_or_bad_periods() -> None:
    found = Aggregates()
    found.groups = {
        "people": {("A", "2025-Q4"): 5, ("A", "2026-Q2"): 0, ("B", "2026-Q1"): 9,
                   ("B", "2026-13"): 4, (None, "2026-Q1"): 1},
        "milestones": {("C", "2027-Q1"): 1},
    }
    everyone = found.coverage("quarter", None)
    assert everyone.providers == ["A", "B"]
    assert everyone.span == ["2025-Q4", "2026-Q1", "2026-Q2"]
    assert everyone.returned == {("A", "2025-Q4"), ("B", "2026-Q1")}  # no records: no return
    contracted = found.coverage("quarter", "B")
    assert (contracted.providers, contracted.span) == (["B"], ["2026-Q1"])
