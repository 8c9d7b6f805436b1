"""The audit trail (`obcrules.tender.audit`): a file no command recorded is detected."""

from __future__ import annotations

from obcrules.tender.audit import verify
from obcrules.tender.workflow import run_evaluation
from tests.tender.conftest import bid


def test_a_bid_added_after_the_evaluation_is_detected(build) -> None:
    builder = (build().write().bid("a.yaml", bid("A", 100000)).quality({"A": (4, 4, 4)}))
    run_evaluation(builder.open())
    builder.bid("late.yaml", bid("Late", 1000))
    assert verify(builder.root).problems == [
        "bids/late.yaml is recorded by no command: it was added outside obc (or after the "
        "evaluation: run `obc tender evaluate`)"]
