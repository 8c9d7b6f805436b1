"""The derived table ``placement_stability``: the DfE's two placement stability measures.

Source: Department for Education, *Children looked after in England including
adoptions* and *Stability measures for children looked after in England*
(reporting year 2024), from the SSDA903 return; the measures were National
Indicators NI 62 and NI 63 (2008). Both are over children looked after at the
period end (31 March in the DfE's year), leaving out children looked after
under an agreed series of short-term placements (respite, legal status V3/V4):

- short-term: the share with three or more placements during the year;
- long-term: of children under 16 at the period end who have been looked after
  continuously for at least 2.5 years, the share who have lived in the same
  placement for at least 2 years, or are placed for adoption and their adoptive
  placement together with their previous placement has lasted 2 years.

One row per child, provider and period **for each child looked after at the
period end** ``pe`` (an episode runs on ``pe``), so a population drawn from the
table is the measures' denominator. The period end is computed from each row's
``period`` text (``2026-Q1`` → 2026-03-31). The episodes read are those that
began on or before ``pe``, short breaks left out. An episode *runs* on a day
when it began on or before it and has no end or ended after it (SSDA903: an
episode ends the day the next begins).

An episode *starts a placement* unless its reason is ``legal_status_change``
(the child stays where they are), it is a ``temporary`` placement (T0-T4), or it
is the child's return from a temporary placement (it begins the day a temporary
episode ended: SSDA903 requires a child in a temporary placement to return to
their usual placement). A missing reason counts as a new placement.

- ``placements_12m``: one for the placement the child was in on ``pe - 12
  months`` (if any episode ran that day), plus each episode that started a
  placement after that day.
- ``same_placement_2y``: for children under 16 at ``pe`` (``age`` from
  ``people``) whose current period of care began at least 30 months before
  ``pe`` (the latest ``started_care`` episode; the first listed episode when no
  ``started_care`` is listed), whether their current placement (the latest that
  started) began at least 24 months before ``pe`` — or, when it is
  ``placed_for_adoption``, whether the placement before it in this period of
  care did. Missing for every other child, so a share of it is measured over
  ``same_placement_2y is not missing`` (check CS001).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from obcrules.plugins.common_tables import COMMON_PEOPLE_FIELDS
from obcrules.plugins.dates import period_bounds, subtract_duration
from obcrules.plugins.declarations import DerivedTableDecl, Duration, FieldDecl, TableDecl
from obcrules.plugins.person_rows import (
    PERSON_KEY,
    Row,
    carried_fields_sql,
    largest_known,
    over_person,
    person_key_aliased,
    person_key_columns,
    rows_by_person,
    same_person_sql,
)
from obcrules.plugins.sql import column, date_minus, exp, literal
from obcrules.plugins.sql_context import SqlContext
from obcrules_childrens_services.vocabulary import (
    PLACED_FOR_ADOPTION,
    SAME_PLACEMENT,
    SHORT_BREAKS,
    STARTED_CARE,
    TEMPORARY,
)

WINDOW = Duration(12, "month")
IN_CARE_LONG_TERM = Duration(30, "month")
SAME_PLACEMENT_FOR = Duration(24, "month")
UNDER_AGE = 16

# --------------------------------------------------------------------------
# SQL
# --------------------------------------------------------------------------


def _is_null(value: exp.Expression) -> exp.Expression:
    return exp.Is(this=value.copy(), expression=exp.null())


def _text_is(value: exp.Expression, text: str) -> exp.Expression:
    """``COALESCE(value, '') = 'text'``: never unknown."""
    return exp.EQ(this=exp.func("COALESCE", value.copy(), literal("")), expression=literal(text))


def _and(*terms: exp.Expr) -> exp.Expression:
    result = terms[0]
    for term in terms[1:]:
        result = exp.And(this=result, expression=term)
    return exp.Paren(this=result)


def _runs_on(day: exp.Expression) -> exp.Expression:
    """The episode (``s``, ``e`` columns) runs on ``day``."""
    ended_after = exp.Or(this=_is_null(column("e")), expression=exp.GT(this=column("e"),
                                                                     expression=day.copy()))
    return _and(exp.LTE(this=column("s"), expression=day.copy()), exp.Paren(this=ended_after))


def _episodes(source: exp.Table, ctx: SqlContext) -> exp.Select:
    """The episodes that count, with their period end ``pe``: begun by it, no short breaks."""
    pe = ctx.period_end
    start = column("episode_start")
    return (
        exp.select(
            *person_key_columns(),
            exp.alias_(start.copy(), "s"),
            exp.alias_(column("episode_end"), "e"),
            exp.alias_(column("placement_type"), "pt"),
            exp.alias_(column("reason_for_change"), "rn"),
            exp.alias_(pe.copy(), "pe"),
        )
        .from_(source.copy())
        .where(_and(exp.Not(this=_is_null(start)), exp.LTE(this=start.copy(), expression=pe),
                    exp.Not(this=_text_is(column("legal_status"), SHORT_BREAKS))))
    )


def _with_moves(source: exp.Table, ctx: SqlContext) -> exp.Select:
    """Each episode with ``moves`` (it starts a placement), its period of care's start
    ``care_start`` and the start of the child's current placement ``current_start``."""
    returns = (
        exp.select(*person_key_columns(), exp.alias_(column("e"), "returned_on"))
        .distinct()
        .from_(_episodes(source, ctx).subquery("x"))
        .where(_and(_text_is(column("pt"), TEMPORARY), exp.Not(this=_is_null(column("e")))))
    )
    on = _and(same_person_sql("ep", "t"),
              exp.EQ(this=column("returned_on", "t"), expression=column("s", "ep")))
    moves = _and(
        exp.Not(this=_text_is(column("rn", "ep"), SAME_PLACEMENT)),
        exp.Not(this=_text_is(column("pt", "ep"), TEMPORARY)),
        _is_null(column("returned_on", "t")),
    )
    flagged = (
        exp.select(*[column(c, "ep") for c in (*PERSON_KEY, "s", "e", "pt", "rn", "pe")],
                   exp.alias_(moves, "moves"))
        .from_(_episodes(source, ctx).subquery("ep"))
        .join(returns.subquery("t"), on=on, join_type="left")
    )

    def when(condition: exp.Expression) -> exp.Expression:
        return exp.Case(ifs=[exp.If(this=condition, true=column("s"))])

    earliest = over_person(exp.Min(this=column("s")))
    care_start = exp.func("COALESCE", over_person(exp.Max(this=when(_text_is(column("rn"),
                                                                             STARTED_CARE)))),
                          earliest)
    current = exp.func("COALESCE", over_person(exp.Max(this=when(column("moves")))),
                       earliest.copy())
    return exp.select(
        "*", exp.alias_(care_start, "care_start"), exp.alias_(current, "current_start")
    ).from_(flagged.subquery("f"))


def _placements_12m() -> exp.Expression:
    window_start = date_minus(column("pe"), WINDOW)
    already = exp.Case(
        ifs=[exp.If(this=exp.GT(this=exp.CountIf(this=_runs_on(window_start)),
                                expression=literal(0)), true=literal(1))],
        default=literal(0),
    )
    later = exp.CountIf(this=_and(column("moves"), exp.GT(this=column("s"),
                                                        expression=window_start.copy())))
    return exp.Add(this=already, expression=later)


def _same_placement_2y() -> exp.Expression:
    adoptive = exp.func("COALESCE", exp.LogicalOr(this=_and(
        column("moves"), exp.EQ(this=column("s"), expression=column("current_start")),
        _text_is(column("pt"), PLACED_FOR_ADOPTION))), exp.false())
    previous = exp.Max(this=exp.Case(ifs=[exp.If(
        this=_and(column("moves"), exp.LT(this=column("s"), expression=column("current_start")),
                  exp.GTE(this=column("s"), expression=column("care_start"))),
        true=column("s"))]))
    settled_since = exp.Case(
        ifs=[exp.If(this=_and(adoptive, exp.Not(this=_is_null(previous))), true=previous.copy())],
        default=exp.Max(this=column("current_start")),
    )
    eligible = _and(
        exp.func("COALESCE", exp.LT(this=exp.Max(this=column("age", "p")),
                                    expression=literal(UNDER_AGE)), exp.false()),
        exp.LTE(this=exp.Max(this=column("care_start")),
                expression=date_minus(column("pe"), IN_CARE_LONG_TERM)),
    )
    stayed = exp.LTE(this=settled_since, expression=date_minus(column("pe"), SAME_PLACEMENT_FOR))
    return exp.Case(ifs=[exp.If(this=eligible, true=stayed)], default=exp.null())


def build_sql(inputs: dict[str, exp.Table], ctx: SqlContext) -> exp.Select:
    """``SELECT … FROM episodes LEFT JOIN people GROUP BY child HAVING looked after at pe``."""
    ages = carried_fields_sql(inputs["people"], ("age",))
    return (
        exp.select(
            *person_key_aliased("m"),
            exp.alias_(_placements_12m(), "placements_12m"),
            exp.alias_(_same_placement_2y(), "same_placement_2y"),
        )
        .from_(_with_moves(inputs["placement_episodes"], ctx).subquery("m"))
        .join(ages.subquery("p"), on=same_person_sql("m", "p"), join_type="left")
        .group_by(*person_key_columns("m"), column("pe"))
        .having(exp.LogicalOr(this=_runs_on(column("pe"))))
    )


# --------------------------------------------------------------------------
# Python reference
# --------------------------------------------------------------------------

def _runs(row: Row, day: dt.date) -> bool:
    end: dt.date | None = row["episode_end"]
    return bool(row["episode_start"] <= day and (end is None or end > day))


def _moves(row: Row, returns: set[dt.date]) -> bool:
    return (
        row["reason_for_change"] != SAME_PLACEMENT
        and row["placement_type"] != TEMPORARY
        and row["episode_start"] not in returns
    )


def stability(
    rows: list[Row], period_end: dt.date, age: int | None
) -> tuple[int, bool | None] | None:
    """``(placements_12m, same_placement_2y)`` of one child at ``period_end``, or None when
    the child is not looked after then."""
    episodes = [
        r for r in rows
        if r["episode_start"] is not None and r["episode_start"] <= period_end
        and r.get("legal_status") != SHORT_BREAKS
    ]
    if not any(_runs(r, period_end) for r in episodes):
        return None
    returns = {r["episode_end"] for r in episodes
               if r["placement_type"] == TEMPORARY and r["episode_end"] is not None}
    starts = [r["episode_start"] for r in episodes if _moves(r, returns)]
    window_start = subtract_duration(period_end, WINDOW)
    placements = int(any(_runs(r, window_start) for r in episodes)) + sum(
        1 for s in starts if s > window_start
    )
    earliest = min(r["episode_start"] for r in episodes)
    care = [r["episode_start"] for r in episodes if r["reason_for_change"] == STARTED_CARE]
    care_start = max(care) if care else earliest
    current = max(starts) if starts else earliest
    if age is None or age >= UNDER_AGE or care_start > subtract_duration(
        period_end, IN_CARE_LONG_TERM
    ):
        return placements, None
    adoptive = any(
        _moves(r, returns) and r["episode_start"] == current
        and r["placement_type"] == PLACED_FOR_ADOPTION
        for r in episodes
    )
    previous = [s for s in starts if care_start <= s < current]
    settled_since = max(previous) if adoptive and previous else current
    return placements, settled_since <= subtract_duration(period_end, SAME_PLACEMENT_FOR)


def python(inputs: dict[str, list[Row]], ctx: Any) -> list[Row]:
    """The reference implementation over lists of dicts (same rows as `build_sql`)."""
    people = rows_by_person(inputs.get("people", []))
    out = []
    for key, rows in rows_by_person(inputs.get("placement_episodes", [])).items():
        result = stability(rows, period_bounds(key.period)[1],
                           largest_known(people.get(key, []), "age"))
        if result is not None:
            out.append({**key.as_row(),
                        "placements_12m": result[0], "same_placement_2y": result[1]})
    return out


PLACEMENT_STABILITY = DerivedTableDecl(
    table=TableDecl(
        name="placement_stability",
        title="Placement stability",
        description="Per child looked after at the period end (short breaks left out): "
        "placements during the year and long-term stability, the DfE's two measures "
        "from the SSDA903 episodes.",
        subject="people",
        key="person_id",
        fields=(
            *COMMON_PEOPLE_FIELDS[:3],
            FieldDecl(
                name="placements_12m",
                type="integer",
                unit="placements",
                minimum=Decimal(0),
                title="Placements in the last 12 months",
                description="Placements during the 12 months to the period end; temporary "
                "placements (T0-T4), returns from them and legal-status changes are not "
                "placements.",
            ),
            FieldDecl(
                name="same_placement_2y",
                type="boolean",
                title="Same placement for 2 years",
                description="In the same placement for at least 2 years (or placed for "
                "adoption, with the previous placement, for 2 years); only for children "
                "under 16 looked after continuously for 2.5 years or more (missing for "
                "others).",
            ),
        ),
    ),
    inputs=("placement_episodes", "people"),
    build_sql=build_sql,
    python=python,
)
