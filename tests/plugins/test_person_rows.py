"""What a plugin author relies on in `obcrules.plugins.person_rows`: people grouped by the
person key in input order, the carried value of several rows (missing values left out),
and SQL that renders for DuckDB and gives the same one row per person."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from typing import Any

import duckdb
import sqlglot.expressions as exp

from obcrules.plugins.person_rows import (
    PERSON_KEY,
    PersonKey,
    carried_fields,
    carried_fields_sql,
    each_person,
    largest_known,
    over_person,
    person_key,
    person_key_aliased,
    person_key_columns,
    rows_by_person,
    same_person_sql,
)

D = dt.date


def row(person: str, period: str = "2026-Q1", provider: str = "North", **fields: Any) -> dict[
    str, Any
]:
    return {"person_id": person, "provider": provider, "period": period, **fields}


def test_the_person_key_is_person_provider_and_period() -> None:
    key = person_key(row("p1", "2026-Q2", "South", age=30))
    assert PERSON_KEY == ("person_id", "provider", "period")
    assert tuple(key) == ("p1", "South", "2026-Q2")
    assert key.period == "2026-Q2"
    assert key.as_row() == {"person_id": "p1", "provider": "South", "period": "2026-Q2"}
    assert list(key.as_row()) == list(PERSON_KEY)


def test_rows_are_grouped_by_person_in_order_of_first_appearance() -> None:
    rows = [row("p2", n=1), row("p1", n=2), row("p2", n=3), row("p1", "2026-Q2", n=4),
            row("p1", provider="South", n=5)]
    groups = rows_by_person(rows)
    assert list(groups) == [PersonKey("p2", "North", "2026-Q1"), PersonKey("p1", "North", "2026-Q1"),
                            PersonKey("p1", "North", "2026-Q2"), PersonKey("p1", "South", "2026-Q1")]
    assert [[r["n"] for r in rs] for rs in groups.values()] == [[1, 3], [2], [4], [5]]
    assert rows_by_person([]) == {}


def test_a_plain_tuple_finds_a_persons_rows() -> None:
    groups = rows_by_person([row("p1", n=1)])
    assert groups[("p1", "North", "2026-Q1")] == [row("p1", n=1)]  # type: ignore[index]


def test_the_largest_known_value_leaves_missing_values_out() -> None:
    rows = [row("p1", referred=None, age=40), row("p1", referred=D(2026, 2, 1)),
            row("p1", referred=D(2026, 1, 5), age=None)]
    assert largest_known(rows, "referred") == D(2026, 2, 1)
    assert largest_known(rows, "age") == 40
    assert largest_known(rows, "absent") is None
    assert largest_known([row("p1", age=None)], "age") is None
    assert largest_known([], "age") is None


def test_a_booleans_largest_is_true_in_any_row() -> None:
    assert largest_known([row("p1", flag=False), row("p1", flag=True)], "flag") is True
    assert largest_known([row("p1", flag=False), row("p1", flag=None)], "flag") is False


def test_carried_fields_are_the_largest_known_values_in_the_order_named() -> None:
    rows = iter([row("p1", age=None, sex="female"), row("p1", age=31, sex=None)])
    carried = carried_fields(rows, ("sex", "age", "disability"))
    assert carried == {"sex": "female", "age": 31, "disability": None}
    assert list(carried) == ["sex", "age", "disability"]


def test_each_person_referred_comes_with_their_carried_fields_and_their_events() -> None:
    inputs = {
        "people": [row("p2", age=None), row("p1", age=50), row("p2", age=20)],
        "spells": [row("p1", n=1), row("p3", n=2), row("p1", n=3)],
    }
    people = list(each_person(inputs, "spells", ("age",)))
    assert people == [
        (PersonKey("p2", "North", "2026-Q1"), {"age": 20}, []),
        (PersonKey("p1", "North", "2026-Q1"), {"age": 50}, [row("p1", n=1), row("p1", n=3)]),
    ]  # p3 has events but was not referred: no row
    assert list(each_person({"people": [row("p1")]}, "spells", ())) == [
        (PersonKey("p1", "North", "2026-Q1"), {}, [])]
    assert list(each_person({}, "spells", ("age",))) == []


def test_the_key_columns_render_for_duckdb() -> None:
    assert [c.sql("duckdb") for c in person_key_columns()] == list(PERSON_KEY)
    assert [c.sql("duckdb") for c in person_key_columns("r")] == [
        "r.person_id", "r.provider", "r.period"]
    assert [c.sql("duckdb") for c in person_key_aliased("r")] == [
        "r.person_id AS person_id", "r.provider AS provider", "r.period AS period"]


def test_the_same_person_condition_compares_the_three_key_columns() -> None:
    assert same_person_sql("a", "b").sql("duckdb") == (
        "a.person_id = b.person_id AND a.provider = b.provider AND a.period = b.period")


def test_a_window_over_each_persons_rows() -> None:
    whole = over_person(exp.Max(this=exp.column("s")))
    assert whole.sql("duckdb") == "MAX(s) OVER (PARTITION BY person_id, provider, period)"
    running = over_person(
        exp.Sum(this=exp.column("n")),
        order=exp.Order(expressions=[exp.Ordered(this=exp.column("s"), nulls_first=False)]),
        spec=exp.WindowSpec(kind="ROWS", start="UNBOUNDED", start_side="PRECEDING",
                            end="CURRENT ROW"),
    )
    assert running.sql("duckdb") == (
        "SUM(n) OVER (PARTITION BY person_id, provider, period ORDER BY s "
        "ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)")


PEOPLE = [
    row("p1", referred=D(2026, 1, 5), age=None, flag=False),
    row("p1", referred=None, age=40, flag=True),
    row("p2", referred=None, age=None, flag=None),
    row("p2", "2026-Q2", referred=D(2026, 4, 1), age=22, flag=False),
]


def _duckdb_rows(query: exp.Select) -> list[dict[str, Any]]:
    con = duckdb.connect()
    try:
        con.execute("CREATE TABLE people (person_id TEXT, provider TEXT, period TEXT, "
                    "referred DATE, age INTEGER, flag BOOLEAN)")
        con.executemany("INSERT INTO people VALUES (?, ?, ?, ?, ?, ?)",
                        [[r[k] for k in (*PERSON_KEY, "referred", "age", "flag")]
                         for r in PEOPLE])
        result = con.execute(query.sql("duckdb"))
        names = [d[0] for d in result.description]
        return [dict(zip(names, values, strict=True)) for values in result.fetchall()]
    finally:
        con.close()


def test_carried_fields_in_sql_give_the_same_row_per_person_as_in_python() -> None:
    query = carried_fields_sql(exp.to_table("people"), ("referred", "age", "flag"),
                               booleans={"flag"}, extra=[exp.alias_(exp.Literal.number(1), "one")])
    assert query.sql("duckdb") == (
        "SELECT person_id, provider, period, MAX(referred) AS referred, MAX(age) AS age, "
        "BOOL_OR(CAST(flag AS BOOLEAN)) AS flag, 1 AS one FROM people GROUP BY person_id, provider, period")
    in_sql = sorted(_duckdb_rows(query), key=lambda r: (r["person_id"], r["period"]))
    in_python = [{**key.as_row(), **carried_fields(rows, ("referred", "age", "flag")), "one": 1}
                 for key, rows in rows_by_person(PEOPLE).items()]
    assert in_sql == in_python
    assert in_python[0] == {"person_id": "p1", "provider": "North", "period": "2026-Q1",
                            "referred": D(2026, 1, 5), "age": 40, "flag": True, "one": 1}


def test_carried_fields_sql_leaves_the_source_expression_unchanged() -> None:
    source = exp.to_table("people")
    carried_fields_sql(source, ("age",)).from_("other", copy=False)
    assert source.sql("duckdb") == "people"


def test_importing_the_module_does_not_import_sqlglot() -> None:
    # A plugin imports it at the top of the module `obc check` loads; sqlglot costs ~0.2 s.
    script = ("import sys, obcrules.plugins.person_rows; "
              "print(any(m.split('.')[0] == 'sqlglot' for m in sys.modules))")
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True)
    assert run.stdout.strip() == "False"
