"""The demo (`obcrules.api.walkthrough`): what it prints about the money deadweight and the
referred cohort save."""

from __future__ import annotations

from obcrules.api.walkthrough import savings_text


def test_the_demo_prints_what_deadweight_and_the_cohort_save() -> None:
    document = {
        "savings": [
            {"provider": "A", "outcome_payments": "100.00", "without": "1600.00",
             "saved": "1500.00", "lines": []},
            {"provider": "B", "outcome_payments": "0.00", "without": "250.50",
             "saved": "250.50", "lines": []}],
        "cohort": [
            {"provider": "A", "referred": 1200, "not_referred": 30, "double_referred": 2},
            {"provider": "B", "referred": 800, "not_referred": 5, "double_referred": 1}],
    }
    assert savings_text(document) == [
        "paying above deadweight and for the referred cohort only saves £1,750.50: £100.00 "
        "due on outcomes (bonuses and penalties included) against £1,850.50 for the same "
        "contract without them",
        "referred cohort: 2,000 referred; 35 people in the returns not referred, never paid "
        "for, and 3 referrals to a second provider, not paid for (both listed in "
        "data_quality)"]
    assert savings_text({"savings": []}) == []
