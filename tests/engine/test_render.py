"""The plain-text status table (`obcrules.engine.render`): one block per provider."""

from __future__ import annotations

from tests.engine.conftest import Run
from tests.engine.sample import people
from tests.engine.test_payments import PAID


def test_status_table_renders_each_provider(run: Run) -> None:
    from obcrules.engine import status_table

    text = status_table(run(PAID, people=people(3)))
    assert text.startswith("P1 — 2026-Q3\n  item ")
    assert "improved_share" in text
    assert "outcome payments to date: £" in text
    assert text.count(" — 2026-Q3") == 3
