"""The ruleset compiled to aggregates (`obcrules.engine.compile`): every kind of measure, checked
against a plain-Python count over the same random data, whichever way populations are filtered."""

from __future__ import annotations

import statistics
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest

from obcrules.plugins.dates import add_months
from tests.engine.conftest import Run, results
from tests.engine.sample import END, PERIODS, PROVIDERS, and3, cmp, not3, or3, people

RULESET = '''
population adults "Adults":
    from people where age >= 18

population older "Older adults":
    from adults where age >= 65

outcome improved_share "Improved":
    measure share of adults where improved
    target at least 50%

outcome gained_share "Gained":
    measure share of older where gained(score_start, score_end) and attendance >= 90%
    target at least 20%

outcome not_improved "Not improved":
    measure share of adults where not improved or group_kind in ("b", "c")
    target less than 60%

output adults_count "Adults with a start three months ago":
    measure count of adults where start_date is not missing and lasted(start_date, 3 months)
    target at least 5

output mean_gain "Mean gain":
    measure mean of score_end - score_start over adults
    target at least 1

output median_cost "Median cost":
    measure median of cost over people
    target no more than 500

output total_cost "Total cost":
    measure total of cost over adults where group_kind = "a"
    target at most 20000

output attendance_mean "Mean attendance":
    measure mean of attendance over people
    target at least 80%
'''


def _groups(rows: list[dict[str, Any]]) -> dict[tuple[str, str], list[dict[str, Any]]]:
    out: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for r in rows:
        out.setdefault((r["provider"], r["period"]), []).append(r)
    return out


def _adult(r: dict[str, Any]) -> bool | None:
    return cmp(r["age"], ">=", 18)


def _gained(r: dict[str, Any]) -> bool | None:
    if r["score_start"] is None or r["score_end"] is None:
        return None
    return r["score_end"] - r["score_start"] >= 5


def _lasted(r: dict[str, Any], period: str) -> bool | None:
    start = r["start_date"]
    return None if start is None else add_months(start, 3) <= END[period]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_measures_match_a_plain_python_count(run: Run, seed: int) -> None:
    rows = people(seed)
    result = run(RULESET, people=rows)
    groups = _groups(rows)
    for (provider, period), group in groups.items():
        adults = [r for r in group if _adult(r) is True]
        older = [r for r in adults if cmp(r["age"], ">=", 65) is True]
        key = (provider, period)

        share = results(result, "improved_share")[key]
        num = sum(1 for r in adults if r["improved"] is True)
        assert (share["numerator"], share["denominator"]) == (num, len(adults))
        assert share["value"] == round(num / len(adults), 6)
        assert share["status"] == ("met" if Fraction(num, len(adults)) >= Fraction(1, 2)
                                   else "missed")

        gained = results(result, "gained_share")[key]
        num = sum(1 for r in older
                  if and3(_gained(r), cmp(r["attendance"], ">=", 90)) is True)
        assert (gained["numerator"], gained["denominator"]) == (num, len(older))

        negated = results(result, "not_improved")[key]
        num = sum(1 for r in adults if or3(not3(r["improved"]),
                                            r["group_kind"] in ("b", "c")
                                            if r["group_kind"] is not None else None) is True)
        assert negated["numerator"] == num

        count = results(result, "adults_count")[key]
        expected = sum(1 for r in adults if and3(r["start_date"] is not None,
                                                 _lasted(r, period)) is True)
        assert count["value"] == expected

        mean = results(result, "mean_gain")[key]
        gains = [r["score_end"] - r["score_start"] for r in adults
                 if r["score_start"] is not None and r["score_end"] is not None]
        assert mean["value"] == round(float(Fraction(sum(gains), len(gains))), 6)
        assert mean["denominator"] == len(gains)

        median = results(result, "median_cost")[key]
        costs = [Decimal(r["cost"]) for r in group if r["cost"] is not None]
        assert median["value"] == pytest.approx(float(statistics.median(costs)), abs=1e-6)

        total = results(result, "total_cost")[key]
        spent = sum((Decimal(r["cost"]) for r in adults
                     if r["group_kind"] == "a" and r["cost"] is not None), Decimal(0))
        assert Decimal(str(total["value"])) == spent

        attendance = results(result, "attendance_mean")[key]
        seen = [r["attendance"] for r in group if r["attendance"] is not None]
        assert attendance["value"] == round(float(Fraction(sum(seen), len(seen)) / 100), 6)
    assert {(e["provider"], e["period"]) for e in result.document["results"]} == {
        (p, q) for p in PROVIDERS for q in PERIODS}


def test_unknown_condition_stays_in_the_denominator(run: Run) -> None:
    rows = [
        {"person_id": "a", "provider": "P1", "period": "2026-Q1", "age": 30, "code": "x",
         "improved": True},
        {"person_id": "b", "provider": "P1", "period": "2026-Q1", "age": 30, "code": "x",
         "improved": None},
        {"person_id": "c", "provider": "P1", "period": "2026-Q1", "age": None, "code": "x",
         "improved": True},
    ]
    share = results(run(RULESET, people=rows), "improved_share")[("P1", "2026-Q1")]
    # b's condition is unknown: not met, still counted; c's age is unknown: not an adult.
    assert (share["numerator"], share["denominator"]) == (1, 2)
    assert share["value"] == 0.5
    assert share["status"] == "met"


@pytest.mark.parametrize("keys", [0, 1])
def test_populations_filtered_in_the_scan_give_the_same_result(
        run: Run, keys: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Populations beyond the few the scan groups by are filtered in the scan instead."""
    from obcrules.engine import compile as compile_module

    rows = people(1)
    grouped = run(RULESET, people=rows).to_json()
    monkeypatch.setattr(compile_module, "MAX_POPULATION_KEYS", keys)
    assert run(RULESET, people=rows).to_json() == grouped
