"""Targets, baselines, trajectory, processes and the contract's targets."""

from __future__ import annotations

from typing import Any

from tests.engine.conftest import Run, results


def rows(period: str, met: int, total: int, provider: str = "P") -> list[dict[str, Any]]:
    return [{"person_id": f"{period}-{i}", "provider": provider, "period": period, "code": "x",
             "improved": i < met} for i in range(total)]


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


PROCESS = '''
outcome improved_share "Improved":
    measure share of people where improved
    target at least 50%

process policy "Policy in place":
    due 2026-06-30
'''


def test_process_not_yet_due_missed_and_met(run: Run) -> None:
    data = rows("2026-Q1", 1, 1) + rows("2026-Q2", 1, 1) + rows("2026-Q3", 1, 1)
    data += rows("2026-Q1", 1, 1, "Q") + rows("2026-Q3", 1, 1, "Q")
    milestones = [{"provider": "Q", "period": "2026-Q3", "process": "policy",
                   "evidence_date": "2026-08-01"}]
    by = results(run(PROCESS, people=data, milestones=milestones), "policy")
    assert by[("P", "2026-Q1")]["status"] == "not yet due"
    assert by[("P", "2026-Q2")]["status"] == "missed"  # due on the period's last day: due
    assert by[("P", "2026-Q3")]["status"] == "missed"
    assert by[("Q", "2026-Q2")]["status"] == "missed"
    assert (by[("Q", "2026-Q3")]["status"], by[("Q", "2026-Q3")]["value"]) == (
        "met", "2026-08-01")
    assert by[("Q", "2026-Q1")]["target"] == "due 2026-06-30"


def test_no_target_is_said(run: Run) -> None:
    source = '''
output counted "Counted":
    measure count of people
'''
    entry = results(run(source, people=rows("2026-Q1", 0, 3)), "counted")[("P", "2026-Q1")]
    assert (entry["value"], entry["status"], entry["target"]) == (3, "no target", None)


def test_contract_targets_replace_the_rulesets_and_expected_numbers_are_reported(
        run: Run) -> None:
    contract = '''
schema: obcrules.contract/1
ruleset: {name: t, version: "1.0"}
lot: lot1
provider: Provider Q Ltd
provider_id: Q
price: "£50,000"
targets:
  improved_share: at least 80%
expected:
  improved_share: 4
'''
    data = rows("2026-Q1", 7, 10, "P") + rows("2026-Q1", 7, 10, "Q")
    result = run(PROCESS, people=data, contract=contract)
    by = results(result, "improved_share")
    assert list(by) == [("Q", "2026-Q1")]                       # only the contract's provider
    assert by[("Q", "2026-Q1")]["target"] == "at least 80%"
    assert by[("Q", "2026-Q1")]["status"] == "missed"            # 70% < 80%
    assert result.document["helped"] == [{
        "provider": "Q", "name": "improved_share", "helped": 7, "expected": 4,
        "share_of_expected": 1.75, "to_period": "2026-Q1"}]
    assert result.document["contract"]["provider_id"] == "Q"


def test_a_contract_for_a_provider_not_in_the_data_names_those_found(run: Run) -> None:
    import pytest

    from obcrules.engine import MonitoringError

    contract = "schema: obcrules.contract/1\nprovider_id: ZZ\n"
    with pytest.raises(MonitoringError, match=r"provider `ZZ` has no records .*"
                       r"\(providers found: P\); set provider_id"):
        run(PROCESS, people=rows("2026-Q1", 1, 1), contract=contract)
