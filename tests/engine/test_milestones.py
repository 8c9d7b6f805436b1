"""Processes and their evidence (`obcrules.engine.milestones`): not yet due, missed, met."""

from __future__ import annotations

from tests.engine.conftest import PROCESS, Run, results, rows


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
