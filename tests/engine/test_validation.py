"""Record validation (`obcrules.engine.validation`): each problem named by table, row, field and
reason; never silently dropped."""

from __future__ import annotations

from typing import Any

import pytest

from obcrules.engine import InvalidData
from tests.engine.conftest import Run, results

RULESET = '''
outcome improved_share "Improved":
    measure share of people where improved
    target at least 50%
'''


def good(pid: str, **fields: Any) -> dict[str, Any]:
    return {"person_id": pid, "provider": "P", "period": "2026-Q1", "code": "x",
            "improved": True, **fields}


def problems(result: Any) -> list[tuple[int, str, str]]:
    return [(p["row"], p["field"], p["problem"]) for p in result.document["data_quality"]]


@pytest.mark.parametrize(("fields", "field", "problem"), [
    ({"age": "forty"}, "age", "'forty' is not a whole number"),
    ({"age": "121"}, "age", "'121' is above the maximum 120"),
    ({"age": "-1"}, "age", "'-1' is below the minimum 0"),
    ({"improved": "maybe"}, "improved",
     "'maybe' is not yes or no (write true/false, yes/no or 1/0)"),
    ({"start_date": "31/03/2026"}, "start_date",
     "'31/03/2026' is not a date (write dates as YYYY-MM-DD, e.g. 2026-03-31)"),
    ({"start_date": "2026-02-30"}, "start_date",
     "'2026-02-30' is not a date (write dates as YYYY-MM-DD, e.g. 2026-03-31)"),
    # too long to read as a number, but a number all the same: the bound it passes
    ({"age": "99999999999999999999999"}, "age", "'99999999999999999999999' is above the "
                                                "maximum 120"),
    ({"cost": "1e400"}, "cost", "'1e400' is above the maximum 1000"),
    ({"age": "1e2"}, "age", "'1e2' is not a whole number"),
    ({"cost": "12,50"}, "cost", "'12,50' is not a number"),
    ({"cost": "nan"}, "cost", "'nan' is not a number"),
    ({"group_kind": "z"}, "group_kind", "'z' is not one of the allowed values: a, b, c"),
    ({"sex": "F"}, "sex", "'F' is not one of the allowed values: female, male, other, not_known"),
    ({"code": None}, "code", "code is missing, but every record needs it"),
    ({"provider": None}, "provider", "provider is missing, but every record needs it"),
    ({"person_id": None}, "person_id", "person_id is missing, but every record needs it"),
])
def test_each_problem_is_named(run: Run, fields: dict[str, Any], field: str,
                               problem: str) -> None:
    rows = [good("a"), good("b", **fields), good("c")]
    result = run(RULESET, people=rows)
    assert problems(result) == [(3, field, problem)]   # header is row 1, "b" is row 3
    found = result.document["data_quality"][0]
    assert (found["table"], found["file"]) == ("people", "people.csv")
    entry = results(result, "improved_share").get(("P", "2026-Q1"))
    if fields.get("provider", "P") is not None:
        assert entry is not None
        assert entry["denominator"] == 2                # the invalid record is excluded
    assert result.invalid_rows == 1


def test_booleans_accept_the_usual_spellings(run: Run) -> None:
    words = ["true", "TRUE", "yes", "Yes", "1", "false", "no", "0", "False", ""]
    rows = [good(str(i), improved=w) for i, w in enumerate(words)]
    result = run(RULESET, people=rows)
    entry = results(result, "improved_share")[("P", "2026-Q1")]
    assert (entry["numerator"], entry["denominator"]) == (5, 10)
    assert problems(result) == []


def test_a_period_of_the_wrong_unit_is_named(run: Run) -> None:
    rows = [good("a"), good("b", period="2026-03"), good("c", period="Q1 2026")]
    result = run(RULESET, people=rows)
    assert problems(result) == [
        (3, "period", "period '2026-03' is a month, but this ruleset reports by quarter "
                      "(write e.g. 2026-Q1)"),
        (4, "period", "'Q1 2026' is not a period; write a quarter as 2026-Q1"),
    ]
    assert result.document["periods"] == ["2026-Q1"]
    assert result.invalid_rows == 2


def test_repeated_person_ids_are_all_excluded_and_listed(run: Run) -> None:
    rows = [good("a"), good("b"), good("a", improved=False), good("c"),
            good("a", period="2026-Q2")]
    result = run(RULESET, people=rows)
    message = ("person_id 'a' appears 2 times for provider P in 2026-Q1 (rows 2, 4); each "
               "person has one record per period, so all are left out until the provider "
               "corrects them")
    assert problems(result) == [(2, "person_id", message), (4, "person_id", message)]
    assert results(result, "improved_share")[("P", "2026-Q1")]["denominator"] == 2
    assert results(result, "improved_share")[("P", "2026-Q2")]["denominator"] == 1
    assert result.document["data_quality_summary"] == [
        {"table": "people", "provider": "P", "period": "2026-Q1", "rows": 5 - 1,
         "invalid": 2}]


def test_counts_per_provider_and_the_listing_limit(run: Run) -> None:
    rows = [good(str(i), age="x") for i in range(5)] + [good("ok")]
    result = run(RULESET, people=rows, list_limit=3)
    assert len(result.document["data_quality"]) == 3
    assert result.document["data_quality_complete"] is False
    assert result.invalid_rows == 5


def test_strict_fails_on_any_invalid_record(run: Run) -> None:
    with pytest.raises(InvalidData, match=r"1 invalid record\(s\)") as caught:
        run(RULESET, people=[good("a"), good("b", age="old")], strict=True)
    assert caught.value.result.document["data_quality"][0]["field"] == "age"


def test_non_finite_and_huge_doubles_are_invalid_records_not_a_failed_run(
        svc_registry: Any, tmp_path: Any) -> None:
    import pyarrow.parquet as pq

    from obcrules.engine import monitor
    from tests.engine.conftest import checked_ruleset
    from tests.engine.sample import NON_FINITE_RULESET, non_finite_people

    pq.write_table(non_finite_people(), tmp_path / "people.parquet")
    result = monitor(checked_ruleset(NON_FINITE_RULESET, svc_registry), tmp_path)
    assert problems(result) == [
        (3, "score_start", "'nan' is not a whole number"),
        (4, "score_start", "'inf' is not a whole number"),
        (5, "score_start", "'-inf' is not a whole number"),
        (6, "score_start", "'1e+300' is not a whole number"),
        (7, "score_start", "'2.5' is not a whole number"),
        (8, "cost", "'nan' is not a number"),
        (9, "cost", "'inf' is not a number")]
    values = {e["name"]: e["value"] for e in result.document["results"]}
    assert values == {"scored": 1, "spend": 10.5}  # p0 only: p7's score is missing


@pytest.mark.parametrize(("kind", "value", "problem"), [
    ("integer", "9223372036854775807", "'9223372036854775807' is too large a whole number to "
                                       "read (at most 18 digits): check the cell"),
    ("integer", " -99999999999999999999 ", "' -99999999999999999999 ' is too large a whole "
                                           "number to read (at most 18 digits): check the cell"),
    ("integer", "forty", "'forty' is not a whole number"),
    ("decimal", "1e400", "'1e400' is too large or too long a number to read: check the cell"),
    ("decimal", "nan", "'nan' is not a number"),
    ("decimal", "-Infinity", "'-Infinity' is not a number"),
])
def test_a_number_too_large_to_read_is_called_so(kind: str, value: str, problem: str) -> None:
    # Before, '9223372036854775807' in a field with no maximum "is not a whole number".
    from obcrules.engine.validation import describe
    from obcrules.plugins.declarations import FieldDecl

    assert describe(FieldDecl(name="visits", type=kind), "type", value) == problem
