"""A person's rows in a derived table: the person key, grouping by it, carried fields.

Derived tables (`obcrules.plugins.declarations.DerivedTableDecl`) are mostly one
row per person, provider and period, built from the rows of one or more inputs
that share that key: ``people`` and the person's spells, tenancies or offences.
This module is the one home of what such a table repeats, in its Python
reference (`python(inputs, ctx)`) and in its SQL compiler (`build_sql(inputs,
ctx)`), so that the two agree by construction:

- `PERSON_KEY` and `PersonKey`: the key, ``person_id``, ``provider``, ``period``;
- `rows_by_person`: a table's rows grouped by person, in order of first appearance;
- `each_person`: the loop of a table with one row per person referred, each person
  of ``people`` with their carried fields and their rows of another input;
- `largest_known` and `carried_fields`: the fields a person's ``people`` rows
  carry into the derived table (the largest known value when there are several),
  and `carried_fields_sql`, the same as one SQL row per person;
- `person_key_columns`, `person_key_aliased`, `same_person_sql` and
  `over_person`: the key columns, the join condition of two subqueries on the
  same person, and a window over each person's rows.

The SQL side builds sqlglot trees through `obcrules.plugins.sql.exp`, so importing
this module (as every plugin's module is imported by `obc check`) does not import
sqlglot.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from obcrules.plugins.sql import column

if TYPE_CHECKING:
    import sqlglot.expressions as exp
else:
    from obcrules.plugins.sql import exp

Row = dict[str, Any]
"""A row as the Python references read and return it: field name to value (None is missing)."""

PERSON_KEY = ("person_id", "provider", "period")
"""The fields that name one person's rows: a person within a provider's return for a period."""


class PersonKey(NamedTuple):
    """The person key of a row; ``key.period`` is the period text (``2026-Q1``)."""

    person_id: Any
    provider: Any
    period: Any

    def as_row(self) -> Row:
        """The key as the first three fields of an output row, in `PERSON_KEY` order."""
        return {"person_id": self.person_id, "provider": self.provider, "period": self.period}


def person_key(row: Row) -> PersonKey:
    """The person key of ``row`` (it must have all three key fields)."""
    return PersonKey(row["person_id"], row["provider"], row["period"])


def rows_by_person(rows: Iterable[Row]) -> dict[PersonKey, list[Row]]:
    """``rows`` grouped by person: each person's rows in their order, the people in order of
    their first row (so a reference's output order follows its input)."""
    groups: dict[PersonKey, list[Row]] = {}
    for row in rows:
        groups.setdefault(person_key(row), []).append(row)
    return groups


def largest_known(rows: Iterable[Row], name: str) -> Any:
    """The largest value of ``name`` in ``rows``, leaving missing values out; None when no row
    has one. For a boolean that is "true in any row"; for one row, its value.

    The SQL of this is ``MAX(name)`` (``BOOL_OR`` for a boolean): see `carried_fields_sql`.
    """
    known = [value for row in rows if (value := row.get(name)) is not None]
    return max(known) if known else None


def carried_fields(rows: Iterable[Row], names: Iterable[str]) -> Row:
    """The fields ``names`` a person's rows carry into a derived table: each its
    `largest_known` value, so that a person with two ``people`` rows gets one answer."""
    person_rows = list(rows)
    return {name: largest_known(person_rows, name) for name in names}


def each_person(
    inputs: Mapping[str, list[Row]], events: str, carried: Sequence[str]
) -> Iterator[tuple[PersonKey, Row, list[Row]]]:
    """Each person of the ``people`` input, in order of their first row, with the
    `carried_fields` ``carried`` of their ``people`` rows and their rows of the input
    ``events`` (empty when they have none): the loop of a Python reference whose table has
    one row per person referred, whatever happened to them since."""
    happened = rows_by_person(inputs.get(events, []))
    for key, rows in rows_by_person(inputs.get("people", [])).items():
        yield key, carried_fields(rows, carried), happened.get(key, [])


# --------------------------------------------------------------------------
# SQL
# --------------------------------------------------------------------------


def person_key_columns(table: str | None = None) -> list[exp.Column]:
    """The key columns, qualified by ``table`` when given: for ``SELECT`` and ``GROUP BY``."""
    return [column(name, table) for name in PERSON_KEY]


def person_key_aliased(table: str) -> list[exp.Expr]:
    """``table.person_id AS person_id, …``: a joined subquery's key as the output's key."""
    return [exp.alias_(key, key.name) for key in person_key_columns(table)]


def same_person_sql(left: str, right: str) -> exp.Condition:
    """``left.person_id = right.person_id AND …``: the join condition of two subqueries (by
    their aliases) on the same person, provider and period."""
    return exp.and_(
        *[
            exp.EQ(this=column(name, left), expression=column(name, right))
            for name in PERSON_KEY
        ]
    )


def over_person(
    value: exp.Expr,
    *,
    order: exp.Order | None = None,
    spec: exp.WindowSpec | None = None,
) -> exp.Window:
    """``value OVER (PARTITION BY person_id, provider, period [ORDER BY …] [frame])``: a
    window over each person's rows (the running or whole-person value of an aggregate)."""
    window = exp.Window(this=value, partition_by=person_key_columns())
    if order is not None:
        window.set("order", order)
    if spec is not None:
        window.set("spec", spec)
    return window


def carried_fields_sql(
    source: exp.Expr,
    names: Sequence[str],
    *,
    booleans: Collection[str] = (),
    extra: Sequence[exp.Expr] = (),
) -> exp.Select:
    """``SELECT <person key>, MAX(name) AS name, …, <extra> FROM source GROUP BY <person
    key>``: one row per person with `carried_fields` in SQL.

    Name the boolean fields among ``names`` in ``booleans``: their largest is ``BOOL_OR``
    (PostgreSQL has no ``MAX`` of a boolean). ``extra`` are further output columns that
    depend only on the key, such as ``ctx.period_end`` aliased ``pe``.
    """
    carried = [
        exp.alias_(
            exp.LogicalOr(this=column(name))
            if name in booleans
            else exp.Max(this=column(name)),
            name,
        )
        for name in names
    ]
    return (
        exp.select(*person_key_columns(), *carried, *extra)
        .from_(source.copy())
        .group_by(*person_key_columns())
    )
