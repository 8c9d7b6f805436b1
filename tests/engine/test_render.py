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


def test_status_table_says_what_deadweight_saves(run: Run) -> None:
    from obcrules.engine import status_table
    from tests.engine.test_deadweight import DEADWEIGHT, person

    # 10 in the population, 9 improved; floor(7.5) = 7: 2 paid (£200) of 9 (£900).
    rows = [person(f"a{i}", "P", "2026-Q1", improved=i < 9) for i in range(10)]
    text = status_table(run(DEADWEIGHT, people=rows))
    assert "  saved by deadweight and the referred cohort: £700.00 (without them: £900.00)\n" \
        in text


def test_status_table_groups_thousands_as_the_summary_does(run: Run) -> None:
    # A contract manager reads "£1,041,300.00", not "£1041300.00"; the per-provider
    # summary and the reports already group thousands.
    import re

    from obcrules.engine import status_table

    text = status_table(run(PAID, people=people(3)))
    amounts = re.findall(r"£[\d,]+\.\d\d", text)
    assert amounts, text
    assert any("," in a for a in amounts), amounts
    assert all(re.fullmatch(r"£\d{1,3}(,\d{3})*\.\d\d", a) for a in amounts), amounts


def test_a_share_is_rounded_as_the_reports_round_it() -> None:
    """13 of 16 is 81.25%: obc monitor's table says 81.3%, as the report does."""
    from obcrules.engine.render import format_value

    entry = {"value": 0.8125, "measure": "share", "numerator": 13, "denominator": 16}
    assert format_value(entry) == "81.3% (13/16)"
