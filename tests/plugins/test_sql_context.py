"""The SQL context contract: the engine's context and `obcrules.testing`'s both satisfy
`SqlContext`, so a compiler that passes its own tests compiles the same way in a run."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pytest
import sqlglot.expressions as exp

import obcrules.builtin
from obcrules import hookimpl
from obcrules import testing as kit
from obcrules.api import check_text
from obcrules.engine import monitor
from obcrules.engine.expressions import RowContext
from obcrules.plugins.dates import period_bounds
from obcrules.plugins.declarations import (
    FieldDecl,
    FieldsDecl,
    FunctionContext,
    FunctionDecl,
    ParamDecl,
)
from obcrules.plugins.manager import make_plugin_manager
from obcrules.plugins.sql import missing_if_any_missing, operand
from obcrules.plugins.sql_context import SqlContext
from obcrules.testing import python_results, sql_results

D = dt.date
Q1 = FunctionContext(D(2026, 1, 1), D(2026, 3, 31))


@dataclass(frozen=True)
class _PeriodOnly:
    """The context `obcrules.testing` used to pass: no unit, no ``period_*_sql``."""

    period_start: exp.Expression
    period_end: exp.Expression


# Checked by mypy (test_mypy_holds_the_contexts_to_the_protocol): the first three must be
# accepted, the last refused, or its ignore comment is unused, an error under --strict.
ENGINE: SqlContext = RowContext("quarter")
TESTING: SqlContext = kit.SqlContext.of(Q1)
TESTING_ROWS: SqlContext = kit.SqlContext.per_row("month")
OLD: SqlContext = _PeriodOnly(exp.null(), exp.null())  # type: ignore[assignment]


def sql_value(expression: exp.Expression, period: str = "2026-Q2") -> Any:
    """``expression`` evaluated on DuckDB over one row whose ``period`` is ``period``."""
    rows = exp.select(exp.alias_(exp.Literal.string(period), "period", quoted=True))
    query = exp.select(exp.alias_(expression, "v")).from_(exp.alias_(exp.Subquery(this=rows), "r"))
    return duckdb.execute(query.sql(dialect="duckdb")).fetchall()[0][0]


def test_both_contexts_satisfy_the_protocol_at_runtime() -> None:
    assert isinstance(ENGINE, SqlContext)
    assert isinstance(TESTING, SqlContext)
    assert isinstance(TESTING_ROWS, SqlContext)
    assert not isinstance(OLD, SqlContext)


@pytest.mark.parametrize("ctx", [ENGINE, TESTING, TESTING_ROWS], ids=["engine", "fixed", "rows"])
def test_every_member_gives_the_engines_dates(ctx: SqlContext) -> None:
    text = exp.Literal.string("2024-02")
    assert ctx.period_unit in ("month", "quarter", "year")
    assert sql_value(ctx.period_start_sql(text)) == D(2024, 2, 1)
    assert sql_value(ctx.period_end_sql(text)) == D(2024, 2, 29)
    row_bounds = (sql_value(ctx.period_start), sql_value(ctx.period_end))
    fixed = ctx is TESTING
    assert row_bounds == ((D(2026, 1, 1), D(2026, 3, 31)) if fixed
                          else (D(2026, 4, 1), D(2026, 6, 30)))


def test_the_testing_context_keeps_its_unit() -> None:
    assert (TESTING.period_unit, TESTING_ROWS.period_unit) == ("quarter", "month")
    assert kit.SqlContext.of(Q1, "year").period_unit == "year"
    assert ENGINE.period_unit == "quarter"


def test_mypy_holds_the_contexts_to_the_protocol() -> None:
    mypy_api = pytest.importorskip("mypy.api")
    root = Path(__file__).resolve().parents[2]
    out, err, status = mypy_api.run([
        "--config-file", str(root / "pyproject.toml"), "--cache-dir", str(root / ".mypy_cache"),
        "--strict", "--follow-imports", "silent", str(Path(__file__).resolve())])
    assert status == 0, out + err


# --------------------------------------------------------------------------
# A compiler that uses period_end_sql: its own tests and a run agree
# --------------------------------------------------------------------------


def closed_by_review(closed: dt.date | None, review: str | None,
                     ctx: FunctionContext | None = None) -> bool | None:
    """The case closed by the end of its review period (``2026-Q1`` → 31 March)."""
    if closed is None or review is None:
        return None
    return closed <= period_bounds(review)[1]


def closed_by_review_sql(args: Sequence[Any], ctx: SqlContext) -> exp.Expression:
    closed, review = args
    by_end = exp.LTE(this=operand(closed), expression=ctx.period_end_sql(review))
    return missing_if_any_missing(args, by_end)


CLOSED_BY_REVIEW = FunctionDecl(
    name="closed_by_review", title="Closed by review", doc="Closed by the review period's end.",
    params=(ParamDecl(name="closed", type="date"), ParamDecl(name="review", type="text")),
    returns="boolean", python=closed_by_review, compile_sql=closed_by_review_sql)

CASES = [  # (closed, review period): closed by its end?
    (D(2026, 3, 31), "2026-Q1"),  # the last day counts
    (D(2026, 4, 1), "2026-Q1"),
    (D(2024, 2, 29), "2024-02"),
    (D(2026, 12, 31), "2026"),
    (None, "2026-Q1"),
]


class ReviewPlugin:
    """People with a closing date and the period of their review."""

    __version__ = "1.0.0"

    @hookimpl
    def register_fields(self) -> list[FieldsDecl]:
        return [FieldsDecl(table="people", fields=(
            FieldDecl(name="closed", type="date"), FieldDecl(name="review", type="text")))]

    @hookimpl
    def register_functions(self) -> list[FunctionDecl]:
        return [CLOSED_BY_REVIEW]


def test_a_compiler_using_period_end_sql_passes_the_testing_helpers() -> None:
    expected = [True, False, True, True, None]
    assert sql_results(CLOSED_BY_REVIEW, CASES, Q1) == expected
    assert python_results(CLOSED_BY_REVIEW, CASES, Q1) == expected


def test_the_same_compiler_counts_the_same_people_in_a_run(tmp_path: Path) -> None:
    registry = make_plugin_manager(
        entry_points=False, extra={"core": obcrules.builtin, "review": ReviewPlugin()})
    source = ('ruleset r "R":\n    version "1"\n    service review\n    period quarter\n\n'
              'output closed "Closed by review":\n'
              '    measure count of people where closed_by_review(closed, review)\n')
    checked = check_text(source, "r.obc", registry)
    assert checked.ok, [d.message for d in checked.errors]
    lines = ["person_id,provider,period,closed,review"]
    lines += [f"p{i},A,2026-Q1,{closed or ''},{review}" for i, (closed, review) in
              enumerate(CASES)]
    (tmp_path / "people.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = monitor(checked, tmp_path)
    [entry] = [r for r in result.document["results"] if r["name"] == "closed"]
    assert entry["numerator"] == sql_results(CLOSED_BY_REVIEW, CASES, Q1).count(True) == 3
