"""A record's `period` compared with a period literal compares in time, in populations and
measures: ``period >= 2026-Q2`` (a quarter), ``>= 2026-05`` (a month), ``between``."""

from __future__ import annotations

from typing import Any

from obcrules.api import check_text
from obcrules.plugins.manager import Registry
from tests.engine.conftest import HEADER, Run, results, rows

PERIODS = '''
population recent "People in returns from 2026-Q2":
    from people where period >= 2026-Q2

outcome recent_improved "Improved, since Q2":
    measure share of recent where improved
    target at least 50%

outcome late_improved "Improved, from May (a month against quarters)":
    measure share of people where improved and period >= 2026-05
    target at least 50%

outcome window_improved "Improved between Q2 and Q3":
    measure count of people where improved and period between 2026-Q2 and 2026-Q3
    target at least 1

outcome before_improved "Improved before Q3 (the literal first)":
    measure count of people where improved and 2026-Q3 > period
    target at least 1
'''


def data() -> list[dict[str, Any]]:
    return [*rows("2026-Q1", 2, 2), *rows("2026-Q2", 1, 2), *rows("2026-Q3", 2, 4),
            *rows("2026-Q4", 0, 2)]


def test_periods_compare_in_time_on_duckdb(run: Run) -> None:
    result = run(PERIODS, people=data())
    recent = results(result, "recent_improved")
    assert recent[("P", "2026-Q1")]["denominator"] == 0
    assert [recent[("P", p)]["numerator"] for p in ("2026-Q2", "2026-Q3", "2026-Q4")] == [1, 2, 0]
    late = results(result, "late_improved")
    # 2026-Q2 starts on 1 April, before May; 2026-Q3 starts on 1 July.
    assert (late[("P", "2026-Q2")]["numerator"], late[("P", "2026-Q2")]["denominator"]) == (0, 2)
    assert late[("P", "2026-Q3")]["value"] == 0.5
    window = results(result, "window_improved")
    assert [window[("P", p)]["value"] for p in ("2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4")] \
        == [0, 1, 2, 0]
    before = results(result, "before_improved")
    assert [before[("P", p)]["value"] for p in ("2026-Q1", "2026-Q2", "2026-Q3")] == [2, 1, 0]


def test_only_the_period_field_compares_with_a_period(svc_registry: Registry) -> None:
    checked = check_text(HEADER + '''
outcome o "O":
    measure count of people where code >= 2026-Q1
    target at least 1
''', "t.obc", svc_registry)
    assert [(d.code, d.message) for d in checked.errors] == [
        ("OBC104", "cannot compare text with a period using `>=`")]
