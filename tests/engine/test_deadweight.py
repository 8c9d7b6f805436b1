"""Paying above a deadweight (`obcrules.engine.deadweight`, through a monitoring run): per
provider and period a line pays for max(0, n − floor(D × N)) people, n first meeting its
condition and N in its population; still once per person, within the cap; the people paid
are the first by person_id, which decides their price groups. Every figure by hand."""

from __future__ import annotations

from typing import Any

import pytest

from obcrules.engine import MonitoringError
from tests.engine.conftest import ADULTS_IMPROVED, Run

DEADWEIGHT = ADULTS_IMPROVED + '''
payment:
    improved_share pays £100 per person where improved, above 75% deadweight
'''


def person(pid: str, provider: str, period: str, improved: bool, age: int = 40,
           group: str | None = None) -> dict[str, Any]:
    return {"person_id": pid, "provider": provider, "period": period, "code": "x",
            "age": age, "improved": improved, "group_kind": group}


def periods(result: Any, provider: str, index: int = 1) -> list[tuple[Any, ...]]:
    [line] = [p for p in result.document["payments"]
              if p["provider"] == provider and p["rate_line"] == index]
    return [(p["period"], p["qualifying"], p["population"], p["deadweight_share"],
             p["deadweight"], p["people"], p["amount"]) for p in line["by_period"]]


def test_a_deadweight_line_pays_only_above_floor_d_times_n(run: Run) -> None:
    rows = [
        # P1 2026-Q1: N = 10 adults, n = 9 improved; floor(0.75 × 10) = floor(7.5) = 7:
        # 9 − 7 = 2 paid, £200.
        *[person(f"a{i}", "P1", "2026-Q1", improved=i < 9) for i in range(10)],
        # P1 2026-Q2: the nine improve again (not first: not in n) and three newcomers
        # improve: n = 3, N = 12; floor(9) = 9 > 3: nobody is paid.
        *[person(f"a{i}", "P1", "2026-Q2", improved=True) for i in range(9)],
        *[person(f"b{i}", "P1", "2026-Q2", improved=True) for i in range(3)],
        # P1 2026-Q3: a9, not improved in Q1, first improves now; the nine from Q1 (unpaid
        # deadweight or paid) are never counted again. n = 1, N = 1; floor(0.75) = 0: 1 paid.
        person("a9", "P1", "2026-Q3", improved=True),
        # P2 2026-Q1: N = 4, n = 4; floor(3) = 3 exactly: 1 paid. Minors are not in the
        # population, so neither in N nor in n.
        *[person(f"c{i}", "P2", "2026-Q1", improved=True) for i in range(4)],
        *[person(f"m{i}", "P2", "2026-Q1", improved=True, age=12) for i in range(3)],
    ]
    result = run(DEADWEIGHT, people=rows)
    assert periods(result, "P1") == [
        ("2026-Q1", 9, 10, "0.75", 7, 2, "200.00"),
        ("2026-Q2", 3, 12, "0.75", 9, 0, "0.00"),
        ("2026-Q3", 1, 1, "0.75", 0, 1, "100.00"),
    ]
    assert periods(result, "P2") == [("2026-Q1", 4, 4, "0.75", 3, 1, "100.00")]
    lines = {p["provider"]: p for p in result.document["payments"]}
    assert (lines["P1"]["qualifying"], lines["P1"]["people"], lines["P1"]["amount"]) == (
        13, 3, "300.00")
    assert lines["P1"]["deadweight"] == {"share": "0.75"}


def test_the_cap_still_applies_above_the_deadweight(run: Run) -> None:
    # above 50%, cap £150. Q1: N = 10, n = 8, floor(5) = 5: 3 paid, £300 capped to £150.
    # Q2: N = 4, n = 4 newcomers, floor(2) = 2: 2 paid, £200, but the cap is used up: £0.
    source = DEADWEIGHT.replace("improved, above 75% deadweight",
                                "improved, cap £150, above 50% deadweight")
    rows = [person(f"a{i}", "P", "2026-Q1", improved=i < 8) for i in range(10)]
    rows += [person(f"b{i}", "P", "2026-Q2", improved=True) for i in range(4)]
    result = run(source, people=rows)
    assert periods(result, "P") == [("2026-Q1", 8, 10, "0.5", 5, 3, "150.00"),
                                    ("2026-Q2", 4, 4, "0.5", 2, 2, "0.00")]
    [line] = result.document["payments"]
    assert (line["people"], line["amount"], line["capped"]) == (5, "150.00", True)


GROUPS = ADULTS_IMPROVED + '''
payment:
    improved_share pays £100 per person where improved, above 50% deadweight:
        group a pays £300 where group_kind = "a"
        group b pays £200 where group_kind = "b"
'''


def test_the_people_paid_are_the_first_by_person_id_and_their_groups_set_the_price(
        run: Run) -> None:
    # N = 10; improved: p01 a, p02 b, p03 c, p04 a, p05 (none), p06 b, p07 c, p08 a: n = 8.
    # floor(0.5 × 10) = 5: 3 paid, the first by person_id: p01 (a, £300), p02 (b, £200),
    # p03 (c: the line's own £100) = £600.
    kinds = ["a", "b", "c", "a", None, "b", "c", "a", "a", "b"]
    rows = [person(f"p{i + 1:02d}", "P", "2026-Q1", improved=i < 8, group=kind)
            for i, kind in enumerate(kinds)]
    rows.reverse()  # the order of the file does not matter
    [line] = run(GROUPS, people=rows).document["payments"]
    [period] = line["by_period"]
    assert (period["qualifying"], period["deadweight"], period["people"], period["amount"]) == (
        8, 5, 3, "600.00")
    assert period["groups"] == [{"group": None, "rate": "100.00", "people": 1},
                                {"group": "a", "rate": "300.00", "people": 1},
                                {"group": "b", "rate": "200.00", "people": 1}]
    assert line["groups"] == period["groups"]


COMPARISON = DEADWEIGHT.replace("improved, above 75% deadweight",
                                "improved, above comparison matched")


def test_a_comparison_groups_rate_in_each_period_is_the_deadweight_share(run: Run) -> None:
    # matched: Q1 60%, Q2 25%, Q3 given twice (so none). Q1: N = 10, n = 7,
    # floor(0.6 × 10) = 6: 1 paid. Q2: 4 newcomers, all improved: floor(0.25 × 4) = 1:
    # 3 paid. Q3: 2 newcomers improved, no rate: nobody paid, and both rows are listed.
    rows = [person(f"a{i}", "P", "2026-Q1", improved=i < 7) for i in range(10)]
    rows += [person(f"b{i}", "P", "2026-Q2", improved=True) for i in range(4)]
    rows += [person(f"c{i}", "P", "2026-Q3", improved=True) for i in range(2)]
    rates = [{"comparison": "matched", "period": "2026-Q1", "rate": "0.6"},
             {"comparison": "other", "period": "2026-Q1", "rate": "0.9"},
             {"comparison": "matched", "period": "2026-Q2", "rate": "0.25"},
             {"comparison": "matched", "period": "2026-Q3", "rate": "0.1"},
             {"comparison": "matched", "period": "2026-Q3", "rate": "0.2"},
             {"comparison": "matched", "period": "2026-Q4", "rate": "60"}]
    result = run(COMPARISON, people=rows, comparison_rates=rates)
    assert periods(result, "P") == [("2026-Q1", 7, 10, "0.6", 6, 1, "100.00"),
                                    ("2026-Q2", 4, 4, "0.25", 1, 3, "300.00"),
                                    ("2026-Q3", 2, 2, None, None, 0, "0.00")]
    [line] = result.document["payments"]
    assert line["deadweight"] == {"comparison": "matched"}
    assert line["by_period"][2]["note"].startswith("no rate for the comparison group")
    problems = [(p["table"], p["row"], p["field"], p["problem"])
                for p in result.document["data_quality"]]
    assert problems == [
        ("comparison_rates", 5, "rate", "the comparison group 'matched' has 2 rates for "
         "2026-Q3 (rows 5, 6); neither is used, so nobody is paid above it in that period "
         "until one is removed"),
        ("comparison_rates", 6, "rate", "the comparison group 'matched' has 2 rates for "
         "2026-Q3 (rows 5, 6); neither is used, so nobody is paid above it in that period "
         "until one is removed"),
        ("comparison_rates", 7, "rate", "'60' is above the maximum 1"),
    ]
    assert result.document["providers"] == ["P"]       # the commissioner's table is no return
    assert {i["table"] for i in result.document["inputs"]} == {"people", "comparison_rates"}


def test_the_comparison_rates_are_needed_and_unused_tables_are_not_read(run: Run) -> None:
    rows = [person("a", "P", "2026-Q1", improved=True)]
    with pytest.raises(MonitoringError, match=r"no data for the table `comparison_rates`, "
                       r"which the ruleset's payment terms read"):
        run(COMPARISON, people=rows)
    result = run(DEADWEIGHT, people=rows, comparison_rates=[
        {"comparison": "x", "period": "2026-Q1", "rate": "bad"}])
    assert result.document["ignored_files"] == []
    assert {i["table"] for i in result.document["inputs"]} == {"people"}
