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
from obcrules.plugins.person_rows import (
    Row,
    carried_fields_sql,
    each_person,
    person_key_aliased,
    person_key_columns,
    same_person_sql,
)
from obcrules.plugins.sql import column, exp, literal
from obcrules.plugins.sql_context import SqlContext
from obcrules_justice.functions import (
    known_by,
    proven_reoffence,
    proven_reoffence_sql,
    reoffending_known,
)
from obcrules_justice.vocabulary import INDEX_DATE, INDEX_DISPOSAL

CARRIED = (INDEX_DATE.name, INDEX_DISPOSAL.name)
"""The people fields each offender's row carries: the index offence's date and disposal."""

# --------------------------------------------------------------------------
# Python reference
# --------------------------------------------------------------------------

def python(inputs: dict[str, list[Row]], ctx: Any) -> list[Row]:
    """The reference implementation over lists of dicts (same rows as `build_sql`)."""
    out = []
    for key, carried, offences in each_person(inputs, "reoffences", CARRIED):
        index: dt.date | None = carried["index_date"]
        if not reoffending_known(index, FunctionContext(*period_bounds(key.period))):
            continue
        count = sum(proven_reoffence(index, o["offence_date"], o["proven_date"], o["disposal"])
                    for o in offences)
        out.append({**key.as_row(), **carried, "reoffences": count, "reoffended": count > 0})
    return out


# --------------------------------------------------------------------------
# SQL
# --------------------------------------------------------------------------


def _offenders(people: exp.Table, ctx: SqlContext) -> exp.Select:
    """One row per offender, with the period end ``pe`` of its period."""
    return carried_fields_sql(people, CARRIED, extra=[exp.alias_(ctx.period_end, "pe")])


def build_sql(inputs: dict[str, exp.Table], ctx: SqlContext) -> exp.Select:
    """``SELECT … FROM offenders LEFT JOIN reoffences WHERE known GROUP BY offender``."""
    index = column("index_date", "o")
    counted = proven_reoffence_sql(index, column("offence_date", "r"), column("proven_date", "r"),
                                   column("disposal", "r"))
    count = exp.CountIf(this=counted)
    return (
        exp.select(
            *person_key_aliased("o"),
            exp.alias_(index.copy(), "index_date"),
            exp.alias_(column("index_disposal", "o"), "index_disposal"),
            exp.alias_(count, "reoffences"),
            exp.alias_(exp.GT(this=count.copy(), expression=literal(0)), "reoffended"),
        )
        .from_(_offenders(inputs["people"], ctx).subquery("o"))
        .join(inputs["reoffences"].copy().as_("r"), on=same_person_sql("o", "r"), join_type="left")
        .where(exp.func("COALESCE", known_by(index.copy(), column("pe", "o")), exp.false()))
        .group_by(*person_key_columns("o"), index.copy(), column("index_disposal", "o"),
                  column("pe", "o"))
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
