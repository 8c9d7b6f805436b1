"""Equality breakdowns: shares by sex, ethnicity and disability; small groups suppressed."""

from __future__ import annotations

from typing import Any

from obcrules.engine.equality import GroupCount, suppress
from tests.engine.conftest import Run

RULESET = '''
outcome improved_share "Improved":
    measure share of people where improved
    target at least 50%
'''


def people(sex: str | None, n: int, met: int, start: int) -> list[dict[str, Any]]:
    return [{"person_id": str(start + i), "provider": "P", "period": "2026-Q1", "code": "x",
             "sex": sex, "improved": i < met} for i in range(n)]


def test_breakdown_by_sex_with_primary_and_secondary_suppression(run: Run) -> None:
    rows = people("female", 20, 15, 0) + people("male", 12, 3, 100) + people("other", 3, 1, 200)
    result = run(RULESET, people=rows)
    by_sex = {e["group"]: e for e in result.document["equality"] if e["field"] == "sex"}
    assert by_sex["female"]["numerator"] == 15
    assert by_sex["female"]["denominator"] == 20
    assert by_sex["female"]["value"] == 0.75
    # "other" has 3 people: suppressed; male (the next smallest) too, or it would reveal it.
    assert by_sex["other"] == {**by_sex["other"], "suppressed": True, "numerator": None,
                               "denominator": None, "value": None}
    assert by_sex["male"]["suppressed"] is True
    assert by_sex["female"]["suppressed"] is False


def test_missing_values_form_the_not_recorded_group(run: Run) -> None:
    rows = people("female", 10, 5, 0) + people(None, 10, 2, 100) + people("male", 10, 1, 200)
    result = run(RULESET, people=rows)
    groups = {e["group"]: e["numerator"] for e in result.document["equality"]
              if e["field"] == "sex"}
    assert groups == {"female": 5, "male": 1, "not recorded": 2}


def test_suppression_only_within_one_breakdown() -> None:
    counts = [GroupCount("P", "Q", "o", "sex", g, 1, n)
              for g, n in [("a", 9), ("b", 9), ("c", 30)]]
    shown = {e["group"]: e["suppressed"] for e in suppress(counts)}
    assert shown == {"a": True, "b": True, "c": False}   # two hidden already: no more needed
