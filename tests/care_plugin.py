"""A small service plugin used by the core's tests, independent of the real plugins."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import sqlglot.expressions as exp

from obcrules import hookimpl
from obcrules.plugins.declarations import (
    FieldDecl,
    FieldsDecl,
    FunctionContext,
    FunctionDecl,
    ParamDecl,
    TableDecl,
)

__version__ = "9.9.9"


@hookimpl
def register_fields() -> list[FieldsDecl]:
    return [FieldsDecl(table="people", fields=(
        FieldDecl(name="setting", type="category",
                  values=("own_home", "care_home", "nursing_home", "extra_care", "hospital")),
        FieldDecl(name="continence_problem", type="boolean"),
        FieldDecl(name="continence_treated", type="boolean"),
        FieldDecl(name="wemwbs_start", type="integer", minimum=Decimal(14), maximum=Decimal(70)),
        FieldDecl(name="wemwbs_end", type="integer", minimum=Decimal(14), maximum=Decimal(70)),
        FieldDecl(name="school_attendance", type="decimal", unit="percent"),
        FieldDecl(name="discharge_date", type="date"),
        FieldDecl(name="falls_12m", type="integer"),
    ))]


@hookimpl
def register_tables() -> list[TableDecl]:
    return [TableDecl(
        name="sessions", title="Sessions", subject="services",
        fields=(
            FieldDecl(name="person_id", type="text", required=True),
            FieldDecl(name="provider", type="text", required=True),
            FieldDecl(name="period", type="text", required=True),
            FieldDecl(name="session_date", type="date"),
        ),
    )]


def _meaningful(start: Any, end: Any, ctx: FunctionContext) -> bool | None:
    if start is None or end is None:
        return None
    return bool(end - start >= 3)


def _meaningful_sql(args: Any, ctx: Any) -> exp.Expression:
    start, end = args
    return exp.GTE(this=exp.Sub(this=end, expression=start), expression=exp.Literal.number(3))


@hookimpl
def register_functions() -> list[FunctionDecl]:
    return [FunctionDecl(
        name="meaningful_change", title="Meaningful WEMWBS change",
        doc="A rise of 3 or more.", returns="boolean", python=_meaningful,
        compile_sql=_meaningful_sql,
        params=(ParamDecl(name="start", type="integer"), ParamDecl(name="end", type="integer")),
    )]
