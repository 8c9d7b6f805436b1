"""A small service plugin for the engine's tests: fields of every type and two functions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import sqlglot.expressions as exp

from obcrules import hookimpl
from obcrules.plugins.dates import add_duration
from obcrules.plugins.declarations import (
    Duration,
    FieldDecl,
    FieldsDecl,
    FunctionContext,
    FunctionDecl,
    ParamDecl,
    TableDecl,
)
from obcrules.plugins.sql import date_plus, literal, missing_if_any_missing, operand

__version__ = "2.3.4"

PEOPLE_FIELDS = (
    FieldDecl(name="improved", type="boolean"),
    FieldDecl(name="score_start", type="integer", minimum=Decimal(0), maximum=Decimal(50)),
    FieldDecl(name="score_end", type="integer", minimum=Decimal(0), maximum=Decimal(50)),
    FieldDecl(name="attendance", type="integer", unit="percent", minimum=Decimal(0),
              maximum=Decimal(100)),
    FieldDecl(name="group_kind", type="category", values=("a", "b", "c")),
    FieldDecl(name="start_date", type="date"),
    FieldDecl(name="cost", type="decimal", minimum=Decimal(0), maximum=Decimal(1000)),
    FieldDecl(name="code", type="text", required=True),
)


@hookimpl
def register_fields() -> list[FieldsDecl]:
    return [FieldsDecl(table="people", fields=PEOPLE_FIELDS)]


@hookimpl
def register_tables() -> list[TableDecl]:
    return [TableDecl(
        name="sessions", title="Sessions", subject="services", key=None,
        fields=(
            FieldDecl(name="person_id", type="text"),
            FieldDecl(name="provider", type="text", required=True),
            FieldDecl(name="period", type="text", required=True),
            FieldDecl(name="session_date", type="date", required=True),
        ),
    )]


def gained(start: int | None, end: int | None, ctx: FunctionContext | None = None) -> bool | None:
    """The score rose by 5 or more."""
    if start is None or end is None:
        return None
    return end - start >= 5


def gained_sql(args: Sequence[Any], ctx: Any) -> exp.Expression:
    start, end = args
    value = exp.GTE(this=exp.Sub(this=operand(end), expression=operand(start)),
                    expression=literal(5))
    return missing_if_any_missing([start, end], value)


def lasted(start: dt.date | None, duration: Duration, ctx: FunctionContext) -> bool | None:
    """``start + duration`` falls on or before the period's end."""
    if start is None:
        return None
    return add_duration(start, duration) <= ctx.period_end


def lasted_sql(args: Sequence[Any], ctx: Any) -> exp.Expression:
    start, duration = args
    value = exp.LTE(this=date_plus(start, duration), expression=operand(ctx.period_end))
    return missing_if_any_missing([start], value)


@hookimpl
def register_functions() -> list[FunctionDecl]:
    return [
        FunctionDecl(name="gained", title="Gained", doc="Rose by 5.", returns="boolean",
                     python=gained, compile_sql=gained_sql,
                     params=(ParamDecl(name="start", type="integer"),
                             ParamDecl(name="end", type="integer"))),
        FunctionDecl(name="lasted", title="Lasted", doc="Lasted a duration by period end.",
                     returns="boolean", python=lasted, compile_sql=lasted_sql,
                     params=(ParamDecl(name="start", type="date"),
                             ParamDecl(name="duration", type="duration", literal=True))),
    ]
