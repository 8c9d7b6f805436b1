"""The derived table ``placement_stability``: per child, provider and period, from episodes.

With ``pe`` the period end (computed from each row's ``period`` text in SQL:
the context's ``period_end``, ``2026-Q1`` → 2026-03-31) and only
episodes that began by ``pe`` counted:

- ``placements_12m``: placements during the 12 months to ``pe``: one if an
  episode was running on ``pe - 12 months`` (the placement the child was already
  in), plus every episode that began after that day and changed the placement
  (any reason but ``legal_status_change``, which keeps the child where they are).
- ``same_placement_2y``: for children in care on ``pe`` whose first episode
  began at least 2.5 years (30 months) before it, whether their latest
  placement began at least 2 years before ``pe``; missing for other children,
  so a share of it must be measured over ``same_placement_2y is not missing``
  (check CS001).

An episode runs on day ``d`` when it began on or before ``d`` and has no end or
ended after ``d`` (SSDA903: an episode ends the day the next begins).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from obcrules.plugins.common_tables import COMMON_PEOPLE_FIELDS
from obcrules.plugins.dates import period_bounds, subtract_duration
from obcrules.plugins.declarations import DerivedTableDecl, Duration, FieldDecl, TableDecl
from obcrules.plugins.sql import date_minus, exp, literal
from obcrules.plugins.sql_context import SqlContext
from obcrules_childrens_services.vocabulary import SAME_PLACEMENT

WINDOW = Duration(12, "month")
IN_CARE_LONG_TERM = Duration(30, "month")
SAME_PLACEMENT_FOR = Duration(24, "month")


# --------------------------------------------------------------------------
# SQL
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Episode:
    """Column expressions of one episode row, and its period end."""

    start: exp.Expression
    end: exp.Expression
    reason: exp.Expression
    period_end: exp.Expression

    def began_by(self, day: exp.Expression) -> exp.Expression:
        return exp.And(
            this=exp.Not(this=exp.Is(this=self.start.copy(), expression=exp.null())),
            expression=exp.LTE(this=self.start.copy(), expression=day.copy()),
        )

    def runs_on(self, day: exp.Expression) -> exp.Expression:
        open_or_later = exp.Or(
            this=exp.Is(this=self.end.copy(), expression=exp.null()),
            expression=exp.GT(this=self.end.copy(), expression=day.copy()),
        )
        return exp.And(this=self.began_by(day), expression=exp.Paren(this=open_or_later))

    def changes_placement(self) -> exp.Expression:
        reason = exp.func("COALESCE", self.reason.copy(), literal(""))
        return exp.NEQ(this=reason, expression=literal(SAME_PLACEMENT))


def _placements_12m(e: _Episode) -> exp.Expression:
    window_start = date_minus(e.period_end, WINDOW)
    already_placed = exp.Case(
        ifs=[
            exp.If(
                this=exp.GT(this=exp.CountIf(this=e.runs_on(window_start)), expression=literal(0)),
                true=literal(1),
            )
        ],
        default=literal(0),
    )
    moved = exp.And(
        this=exp.And(
            this=e.began_by(e.period_end),
            expression=exp.GT(this=e.start.copy(), expression=window_start.copy()),
        ),
        expression=e.changes_placement(),
    )
    return exp.Add(this=already_placed, expression=exp.CountIf(this=moved))


def _same_placement_2y(e: _Episode) -> exp.Expression:
    in_care = exp.func("COALESCE", exp.LogicalOr(this=e.runs_on(e.period_end)), exp.false())
    first_start = exp.Min(
        this=exp.Case(ifs=[exp.If(this=e.began_by(e.period_end), true=e.start.copy())])
    )
    long_term = exp.LTE(this=first_start, expression=date_minus(e.period_end, IN_CARE_LONG_TERM))
    latest_move = exp.Max(
        this=exp.Case(
            ifs=[
                exp.If(
                    this=exp.And(this=e.began_by(e.period_end), expression=e.changes_placement()),
                    true=e.start.copy(),
                )
            ]
        )
    )
    stayed = exp.LTE(this=latest_move, expression=date_minus(e.period_end, SAME_PLACEMENT_FOR))
    eligible = exp.And(this=in_care, expression=exp.func("COALESCE", long_term, exp.false()))
    return exp.Case(ifs=[exp.If(this=eligible, true=stayed)], default=exp.null())


def build_sql(inputs: dict[str, exp.Table], ctx: SqlContext) -> exp.Select:
    """``SELECT … FROM placement_episodes e GROUP BY provider, period, person_id``."""
    alias = "e"
    episode = _Episode(
        start=exp.column("episode_start", alias),
        end=exp.column("episode_end", alias),
        reason=exp.column("reason_for_change", alias),
        period_end=ctx.period_end,
    )
    keys = [exp.column(name, alias) for name in ("provider", "period", "person_id")]
    return (
        exp.select(
            exp.alias_(exp.column("person_id", alias), "person_id"),
            exp.alias_(exp.column("provider", alias), "provider"),
            exp.alias_(exp.column("period", alias), "period"),
            exp.alias_(_placements_12m(episode), "placements_12m"),
            exp.alias_(_same_placement_2y(episode), "same_placement_2y"),
        )
        .from_(exp.alias_(inputs["placement_episodes"].copy(), alias, table=True))
        .group_by(*keys)
    )


# --------------------------------------------------------------------------
# Python reference
# --------------------------------------------------------------------------

Row = dict[str, Any]


def _began_by(row: Row, day: dt.date) -> bool:
    start: dt.date | None = row["episode_start"]
    return start is not None and start <= day


def _runs_on(row: Row, day: dt.date) -> bool:
    end: dt.date | None = row["episode_end"]
    return _began_by(row, day) and (end is None or end > day)


def _changes_placement(row: Row) -> bool:
    return bool(row["reason_for_change"] != SAME_PLACEMENT)


def stability(rows: list[Row], period_end: dt.date) -> tuple[int, bool | None]:
    """``(placements_12m, same_placement_2y)`` of one child's episodes at ``period_end``."""
    window_start = subtract_duration(period_end, WINDOW)
    placements = int(any(_runs_on(r, window_start) for r in rows)) + sum(
        1
        for r in rows
        if _began_by(r, period_end) and r["episode_start"] > window_start and _changes_placement(r)
    )
    started = [r["episode_start"] for r in rows if _began_by(r, period_end)]
    in_care = any(_runs_on(r, period_end) for r in rows)
    long_term = bool(started) and min(started) <= subtract_duration(period_end, IN_CARE_LONG_TERM)
    if not (in_care and long_term):
        return placements, None
    moves = [r["episode_start"] for r in rows if _began_by(r, period_end) and _changes_placement(r)]
    if not moves:
        return placements, None
    return placements, max(moves) <= subtract_duration(period_end, SAME_PLACEMENT_FOR)


def python(inputs: dict[str, list[Row]], ctx: Any) -> list[Row]:
    """The reference implementation over lists of dicts (same rows as `build_sql`)."""
    groups: dict[tuple[Any, Any, Any], list[Row]] = {}
    for row in inputs.get("placement_episodes", []):
        groups.setdefault((row["provider"], row["period"], row["person_id"]), []).append(row)
    out = []
    for (provider, period, person_id), rows in groups.items():
        placements, same = stability(rows, period_bounds(period)[1])
        out.append(
            {
                "person_id": person_id,
                "provider": provider,
                "period": period,
                "placements_12m": placements,
                "same_placement_2y": same,
            }
        )
    return out


PLACEMENT_STABILITY = DerivedTableDecl(
    table=TableDecl(
        name="placement_stability",
        title="Placement stability",
        description="Per child, provider and period: placements in the last 12 months and "
        "long-term stability, from the placement episodes.",
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
                description="Placements during the 12 months to the period end.",
            ),
            FieldDecl(
                name="same_placement_2y",
                type="boolean",
                title="Same placement for 2 years",
                description="In the same placement for the last 2 years; only for children "
                "in care 2.5 years or more (missing for others).",
            ),
        ),
    ),
    inputs=("placement_episodes",),
    build_sql=build_sql,
    python=python,
)
