"""Adult social care functions: a meaningful change in wellbeing."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from obcrules.plugins.declarations import FunctionContext, FunctionDecl, ParamDecl
from obcrules.plugins.sql import exp, literal, missing_if_any_missing, operand
from obcrules.plugins.sql_context import SqlContext

WEMWBS_MEANINGFUL_RISE = 3
"""A rise of 3 or more WEMWBS points is the published meaningful change."""


def meaningful_change(
    start: int | None, end: int | None, ctx: FunctionContext | None = None
) -> bool | None:
    """True when WEMWBS rose by 3 points or more; None if either score is missing."""
    if start is None or end is None:
        return None
    return end - start >= WEMWBS_MEANINGFUL_RISE


def meaningful_change_sql(args: Sequence[Any], ctx: SqlContext) -> exp.Expression:
    """SQL for `meaningful_change`: ``end - start >= 3`` (NULL if either is NULL)."""
    start, end = args
    rise = exp.Sub(this=operand(end), expression=operand(start))
    value = exp.GTE(this=rise, expression=literal(WEMWBS_MEANINGFUL_RISE))
    return missing_if_any_missing(args, value)


FUNCTIONS: tuple[FunctionDecl, ...] = (
    FunctionDecl(
        name="meaningful_change",
        title="Meaningful change in wellbeing",
        doc="True when the WEMWBS score rose by 3 points or more from `start` to `end`: "
        "`meaningful_change(wemwbs_start, wemwbs_end)`. Missing when either score is.",
        params=(ParamDecl(name="start", type="integer"), ParamDecl(name="end", type="integer")),
        returns="boolean",
        python=meaningful_change,
        compile_sql=meaningful_change_sql,
    ),
)
