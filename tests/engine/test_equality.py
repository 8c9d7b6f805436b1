"""Equality breakdowns: shares and means by sex, ethnicity and disability; small groups
suppressed."""

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


def test_values_outside_the_category_are_invalid_and_in_no_group(run: Run) -> None:
    """The scan groups the equality fields by their position in the declared list; values
    outside it (however many different ones) stay invalid records, listed as written, and
    form no group of their own."""
    rows = (people("female", 10, 5, 0) + people("F", 4, 4, 100) + people(" male", 3, 3, 200)
            + people(None, 10, 2, 300) + people("male", 10, 1, 400))
    result = run(RULESET, people=rows)
    groups = {e["group"]: (e["numerator"], e["denominator"])
              for e in result.document["equality"] if e["field"] == "sex"}
    assert groups == {"female": (5, 10), "male": (1, 10), "not recorded": (2, 10)}
    share = next(r for r in result.document["results"] if r["name"] == "improved_share")
    assert (share["numerator"], share["denominator"]) == (8, 30)
    problems = sorted({(p["field"], p["problem"]) for p in result.document["data_quality"]})
    assert [p for p, _ in problems] == ["sex", "sex"]
    assert problems[0][1].startswith("' male' is not one of the allowed values")
    assert problems[1][1].startswith("'F' is not one of the allowed values")
    (summary,) = [s for s in result.document["data_quality_summary"] if s["table"] == "people"]
    assert (summary["rows"], summary["invalid"]) == (37, 7)


def test_a_category_code_names_every_value_again_and_others_as_none_of_them() -> None:
    """`category_name(category_code(x))` is ``x`` for a declared value and NULL for a missing
    one; any other value comes back as a text outside the list, even when the list holds
    the first choices of that text."""
    import duckdb
    import sqlglot.expressions as exp

    from obcrules.engine.planner import category_code, category_name

    values = ("a", "?", "??", "b b")
    value = exp.column("v")
    round_trip = category_name(category_code(value, values), values)
    connection = duckdb.connect()
    connection.execute("CREATE TABLE t (v VARCHAR)")
    connection.executemany("INSERT INTO t VALUES (?)", [[v] for v in [*values, "A", "", "c", None]])
    query = exp.select(value, exp.alias_(round_trip, "back")).from_("t")
    rows = connection.execute(query.sql(dialect="duckdb")).fetchall()
    back = dict(rows)
    assert {v: back[v] for v in values} == {v: v for v in values}
    assert back[None] is None
    assert {back["A"], back[""], back["c"]} == {"???"}


MEANS = '''
outcome mean_score "Score at the end":
    measure mean of score_end over people
    target at least 20

outcome mean_attendance "Attendance":
    measure mean of attendance over people
    target at least 90%
'''


def test_a_mean_is_broken_down_as_the_sum_over_the_people_with_a_value(run: Run) -> None:
    """A mean's group gives the sum of its values (numerator), the people with a value
    (denominator) and the mean; a group of fewer than 10 such people is suppressed, and
    the next smallest with it; a mean of a percentage field is a fraction, as its result."""
    rows = [{"person_id": str(i), "provider": "P", "period": "2026-Q1", "code": "x",
             "sex": "female", "score_end": 10 + i % 3, "attendance": 90 + i % 2}
            for i in range(20)]                               # sum 10·7 + 11·7 + 12·6 = 219
    rows += [{"person_id": str(100 + i), "provider": "P", "period": "2026-Q1", "code": "x",
              "sex": "male", "score_end": 30 if i < 10 else None, "attendance": 80}
             for i in range(12)]                          # 10 with a score: sum 300, mean 30
    rows += [{"person_id": str(200 + i), "provider": "P", "period": "2026-Q1", "code": "x",
              "sex": "other" if i < 4 else None, "score_end": 5, "attendance": 70}
             for i in range(7)]                     # 4 other, 3 not recorded: both small
    result = run(MEANS, people=rows)
    score = {e["group"]: e for e in result.document["equality"]
             if e["field"] == "sex" and e["name"] == "mean_score"}
    assert (score["female"]["numerator"], score["female"]["denominator"],
            score["female"]["value"]) == (219, 20, 10.95)
    assert (score["male"]["numerator"], score["male"]["denominator"],
            score["male"]["value"]) == (300, 10, 30)  # 10 is not fewer than 10
    assert score["other"]["suppressed"] and score["not recorded"]["suppressed"]
    assert score["other"]["numerator"] is None  # two small groups hide each other
    whole = next(r for r in result.document["results"] if r["name"] == "mean_score")
    assert (whole["denominator"], whole["value"]) == (37, round((219 + 300 + 35) / 37, 6))
    attendance = {e["group"]: e for e in result.document["equality"]
                  if e["field"] == "sex" and e["name"] == "mean_attendance"}
    assert attendance["female"]["value"] == 0.905  # (90·10 + 91·10) / 20 = 90.5%
    assert attendance["female"]["numerator"] == 18.1  # the sum as a fraction: 1,810%
