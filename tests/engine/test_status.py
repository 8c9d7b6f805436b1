"""Trajectories (`obcrules.engine.status`): improving, not improving, first period, no data,
in the direction of a relative or lower-is-better target."""

from __future__ import annotations

from tests.engine.conftest import Run, results, rows

RELATIVE = '''
outcome improved_share "Improved":
    measure share of people where improved
    target 5 points above baseline
    baseline 40% at 2025-Q4
    trajectory improves every quarter by 2 points
'''


def test_relative_target_and_trajectory(run: Run) -> None:
    data = rows("2026-Q1", 4, 10) + rows("2026-Q2", 45, 100) + rows("2026-Q3", 46, 100)
    by = results(run(RELATIVE, people=data), "improved_share")
    q1, q2, q3 = by[("P", "2026-Q1")], by[("P", "2026-Q2")], by[("P", "2026-Q3")]
    assert q1["target"] == "5 points above baseline (at least 45%)"
    assert q1["baseline"] == 0.4
    assert [q1["status"], q2["status"], q3["status"]] == ["missed", "met", "met"]
    assert q1["trajectory"]["status"] == "first period"
    assert q2["trajectory"] == {"rule": "improves every quarter by 2 points",
                                "status": "improving", "previous_period": "2026-Q1",
                                "previous": 0.4, "change": 0.05}
    assert q3["trajectory"]["status"] == "not improving"  # up 1 point, not 2


def test_lower_is_better_trajectory_and_no_data(run: Run) -> None:
    source = '''
outcome untreated "Untreated":
    measure share of people where not improved
    target less than 50%
    trajectory no worse than previous quarter
'''
    data = rows("2026-Q1", 5, 10) + rows("2026-Q3", 8, 10)
    by = results(run(source, people=data), "untreated")
    assert by[("P", "2026-Q1")]["status"] == "missed"           # 50% is not less than 50%
    assert by[("P", "2026-Q2")]["status"] == "no data"
    assert by[("P", "2026-Q2")]["trajectory"]["status"] == "no data"
    assert by[("P", "2026-Q3")]["status"] == "met"
    assert by[("P", "2026-Q3")]["trajectory"]["status"] == "no data"  # Q2 had none
