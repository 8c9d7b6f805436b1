"""A plugin function an engine cannot run is reported by `obc check --engine`, before any data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlglot.expressions as exp

import obcrules.builtin
from obcrules import hookimpl
from obcrules.api import check_text
from obcrules.engine.portability import unportable_calls
from obcrules.plugins.declarations import (
    FieldDecl,
    FieldsDecl,
    FunctionDecl,
    ParamDecl,
)
from obcrules.plugins.manager import make_plugin_manager


class _Quirky:
    """A service whose `latest_score` compiles to SQL PostgreSQL cannot express."""

    __version__ = "0.0.1"

    @hookimpl
    def register_fields(self) -> list[FieldsDecl]:
        return [FieldsDecl(table="people", fields=(FieldDecl(name="score", type="integer"),))]

    @hookimpl
    def register_functions(self) -> list[FunctionDecl]:
        def ignore_nulls(args: Any, ctx: Any) -> exp.Expression:
            return exp.IgnoreNulls(this=exp.Max(this=args[0]))

        def no_compiler(args: Any, ctx: Any) -> Any:
            return None

        return [
            FunctionDecl(name="latest_score", title="Latest score", doc="…", returns="number",
                         params=(ParamDecl(name="score", type="integer"),),
                         python=lambda score, ctx: score, compile_sql=ignore_nulls),
            FunctionDecl(name="python_only", title="Python only", doc="…", returns="number",
                         params=(ParamDecl(name="score", type="integer"),),
                         python=lambda score, ctx: score),
        ]


SOURCE = '''ruleset q "Quirky":
    service quirky
    period quarter

output a "A":
    measure count of people where latest_score(score) > 3
    target at least 1

output b "B":
    measure count of people where python_only(score) > 3
    target at least 1
'''


def _checked():  # type: ignore[no-untyped-def]
    registry = make_plugin_manager(entry_points=False,
                                   extra={"core": obcrules.builtin, "quirky": _Quirky()})
    checked = check_text(SOURCE, "q.obc", registry)
    assert checked.ok
    return checked


def test_each_engine_is_told_at_check_time_what_it_cannot_run() -> None:
    checked = _checked()

    def found(engine: str) -> list[tuple[str, int, int, str]]:
        return [(d.code, d.line, d.column, d.message)
                for d in unportable_calls(checked.ruleset, checked.vocabulary, "q.obc", engine)]

    no_compiler = ("OBC130", 10, 35, "the function `python_only` of plugin quirky cannot run "
                   "on {}: it has no SQL compiler")
    assert found("postgres") == [
        ("OBC130", 6, 35, "the function `latest_score` of plugin quirky cannot run on "
                          "postgres: PostgreSQL does not support IGNORE NULLS."),
        (*no_compiler[:3], no_compiler[3].format("postgres"))]
    assert found("duckdb") == [
        ("OBC130", 6, 35, "the function `latest_score` of plugin quirky cannot run on "
                          "duckdb: IGNORE NULLS is not supported for non-window functions."),
        (*no_compiler[:3], no_compiler[3].format("duckdb"))]
    # Spark SQL writes MAX(x) IGNORE NULLS, so only the missing compiler is reported there
    assert found("spark") == [(*no_compiler[:3], no_compiler[3].format("spark"))]


def test_the_example_rulesets_run_on_every_engine() -> None:
    from obcrules.api import check_file

    for path in sorted((Path(__file__).parents[2] / "rulesets").glob("*.obc")):
        checked = check_file(path)
        for engine in ("duckdb", "postgres", "spark"):
            assert unportable_calls(checked.ruleset, checked.vocabulary, checked.file,
                                    engine) == [], (path.name, engine)
