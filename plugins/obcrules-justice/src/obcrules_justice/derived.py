"""The derived table ``proven_reoffending``: the Ministry of Justice's proven reoffending
per offender, for the offenders whose outcome is known.

Source: Ministry of Justice, *Proven reoffending statistics: guide to proven
reoffending statistics*. The headline measures are the **binary rate** — the
proportion of offenders in the cohort who commit a proven reoffence — and the
**frequency** — the number of proven reoffences per offender in the cohort (also
published per reoffender). A proven reoffence is an offence committed in the
one-year follow-up from the index date and proven by a court conviction or a caution
in that year or a further six-month waiting period (`proven_reoffence`).

One row per offender in ``people`` **whose outcome is known at the period end**
``pe`` (`reoffending_known`: ``index_date + 18 months <= pe + 1 day``; ``pe`` from
each row's ``period`` text), so the table is the measured cohort: the binary rate
is ``share of proven_reoffending where reoffended`` and the frequency per offender
``mean of reoffences over proven_reoffending``.

- ``index_date``, ``index_disposal``: from ``people``.
- ``reoffences``: the offender's proven reoffences.
- ``reoffended``: at least one.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from obcrules.plugins.common_tables import COMMON_PEOPLE_FIELDS
from obcrules.plugins.dates import period_bounds
from obcrules.plugins.declarations import DerivedTableDecl, FieldDecl, FunctionContext, TableDecl
from obcrules.plugins.sql import exp, literal
from obcrules.plugins.sql_context import SqlContext
from obcrules_justice.functions import (
    known_by,
    proven_reoffence,
    proven_reoffence_sql,
    reoffending_known,
)
from obcrules_justice.vocabulary import INDEX_DATE, INDEX_DISPOSAL

KEYS = ("person_id", "provider", "period")

# --------------------------------------------------------------------------
# Python reference
# --------------------------------------------------------------------------

Row = dict[str, Any]


def _largest(rows: list[Row], name: str) -> Any:
    known = [value for r in rows if (value := r.get(name)) is not None]
    return max(known) if known else None


def python(inputs: dict[str, list[Row]], ctx: Any) -> list[Row]:
    """The reference implementation over lists of dicts (same rows as `build_sql`)."""
    people: dict[tuple[Any, ...], list[Row]] = {}
    for row in inputs.get("people", []):
        people.setdefault(tuple(row[k] for k in KEYS), []).append(row)
    offences: dict[tuple[Any, ...], list[Row]] = {}
    for row in inputs.get("reoffences", []):
        offences.setdefault(tuple(row[k] for k in KEYS), []).append(row)
    out = []
    for key, rows in people.items():
        index: dt.date | None = _largest(rows, "index_date")
        if not reoffending_known(index, FunctionContext(*period_bounds(key[2]))):
            continue
        count = sum(proven_reoffence(index, o["offence_date"], o["proven_date"], o["disposal"])
                    for o in offences.get(key, []))
        out.append({**dict(zip(KEYS, key, strict=True)), "index_date": index,
                    "index_disposal": _largest(rows, "index_disposal"),
                    "reoffences": count, "reoffended": count > 0})
    return out


# --------------------------------------------------------------------------
# SQL
# --------------------------------------------------------------------------


def _col(name: str, table: str | None = None) -> exp.Column:
    return exp.column(name, table)


def _keys(table: str | None = None) -> list[exp.Column]:
    return [_col(k, table) for k in KEYS]


def _offenders(people: exp.Table, ctx: SqlContext) -> exp.Select:
    """One row per offender, with the period end ``pe`` of its period."""
    return (
        exp.select(*_keys(), exp.alias_(exp.Max(this=_col("index_date")), "index_date"),
                   exp.alias_(exp.Max(this=_col("index_disposal")), "index_disposal"),
                   exp.alias_(ctx.period_end, "pe"))
        .from_(people.copy())
        .group_by(*_keys())
    )


def build_sql(inputs: dict[str, exp.Table], ctx: SqlContext) -> exp.Select:
    """``SELECT … FROM offenders LEFT JOIN reoffences WHERE known GROUP BY offender``."""
    index = _col("index_date", "o")
    counted = proven_reoffence_sql(index, _col("offence_date", "r"), _col("proven_date", "r"),
                                   _col("disposal", "r"))
    count = exp.CountIf(this=counted)
    on = exp.and_(*[exp.EQ(this=_col(k, "o"), expression=_col(k, "r")) for k in KEYS])
    return (
        exp.select(
            *[exp.alias_(c, c.name) for c in _keys("o")],
            exp.alias_(index.copy(), "index_date"),
            exp.alias_(_col("index_disposal", "o"), "index_disposal"),
            exp.alias_(count, "reoffences"),
            exp.alias_(exp.GT(this=count.copy(), expression=literal(0)), "reoffended"),
        )
        .from_(_offenders(inputs["people"], ctx).subquery("o"))
        .join(inputs["reoffences"].copy().as_("r"), on=on, join_type="left")
        .where(exp.func("COALESCE", known_by(index.copy(), _col("pe", "o")), exp.false()))
        .group_by(*_keys("o"), index.copy(), _col("index_disposal", "o"), _col("pe", "o"))
    )


PROVEN_REOFFENDING = DerivedTableDecl(
    table=TableDecl(
        name="proven_reoffending",
        title="Proven reoffending",
        description="Per offender whose one-year follow-up and six-month wait have passed by "
        "the period end: their proven reoffences (Ministry of Justice definitions).",
        subject="people",
        key="person_id",
        fields=(
            *COMMON_PEOPLE_FIELDS[:3],
            INDEX_DATE,
            INDEX_DISPOSAL,
            FieldDecl(name="reoffences", type="integer", unit="offences", minimum=Decimal(0),
                      title="Proven reoffences",
                      description="Offences committed in the follow-up year and proven by "
                      "a conviction or caution by the end of the six-month wait."),
            FieldDecl(name="reoffended", type="boolean", title="Reoffended",
                      description="At least one proven reoffence."),
        ),
    ),
    inputs=("people", "reoffences"),
    build_sql=build_sql,
    python=python,
)
