"""Children's services functions: an improvement in the SDQ score."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from obcrules.plugins.declarations import FunctionContext, FunctionDecl, ParamDecl
from obcrules.plugins.sql import exp, literal, missing_if_any_missing, operand
from obcrules.plugins.sql_context import SqlContext


def sdq_improved(
    sdq_start: int | None, sdq_end: int | None, n: int, ctx: FunctionContext | None = None
) -> bool | None:
    """True when the SDQ total difficulties score fell by ``n`` or more; None if missing."""
    if sdq_start is None or sdq_end is None:
        return None
    return sdq_start - sdq_end >= n


def sdq_improved_sql(args: Sequence[Any], ctx: SqlContext) -> exp.Expression:
    """SQL for `sdq_improved`: ``sdq_start - sdq_end >= N`` (N a literal)."""
    start, end, n = args
    fall = exp.Sub(this=operand(start), expression=operand(end))
    return missing_if_any_missing([start, end], exp.GTE(this=fall, expression=literal(int(n))))


FUNCTIONS: tuple[FunctionDecl, ...] = (
    FunctionDecl(
        name="sdq_improved",
        title="SDQ improved",
        doc="True when the Strengths and Difficulties Questionnaire total fell by at least N "
        "points (a plain integer): `sdq_improved(sdq_start, sdq_end, 3)`. Missing when "
        "either score is.",
        params=(
            ParamDecl(name="sdq_start", type="integer"),
            ParamDecl(name="sdq_end", type="integer"),
            ParamDecl(name="n", type="integer", literal=True),
        ),
        returns="boolean",
        python=sdq_improved,
        compile_sql=sdq_improved_sql,
    ),
)
