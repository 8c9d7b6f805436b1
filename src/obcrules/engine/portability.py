"""Which plugin functions a ruleset calls that an engine cannot run — found at check time.

Each call's SQL compiler is run on placeholder arguments and the result rendered
in the engine's dialect with sqlglot refusing anything it cannot express there.
A function that fails is reported where the ruleset calls it, so ``obc check
--engine spark`` (and ``obc monitor --engine spark`` before it reads any data)
says so instead of a query failing half-way through a run.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlglot.expressions as exp

from obcrules.diagnostics import Diagnostic
from obcrules.engine.engines import Engine
from obcrules.engine.expressions import RowContext, python_literal
from obcrules.model import Call, Ruleset
from obcrules.plugins.catalog import Vocabulary
from obcrules.plugins.declarations import FunctionDecl
from obcrules.plugins.ruleset_queries import calls

CODE = "OBC130"


def _renderer(engine: Engine) -> Callable[[exp.Expr], str]:
    if engine == "postgres":
        from obcrules.engine.postgres_backend import to_postgres

        return lambda tree: to_postgres(tree, strict=True)
    if engine == "spark":
        from obcrules.engine.spark_backend import to_spark

        return lambda tree: to_spark(tree, strict=True)
    from sqlglot.errors import ErrorLevel

    return lambda tree: tree.sql(dialect="duckdb", unsupported_level=ErrorLevel.RAISE)


def unportable_calls(ruleset: Ruleset, vocabulary: Vocabulary, file: str,
                     engine: Engine) -> list[Diagnostic]:
    """An error for each call of a function that ``engine`` cannot run."""
    render = _renderer(engine)
    context = RowContext((ruleset.header.period if ruleset.header else None) or "quarter")
    problems: list[Diagnostic] = []
    reported: set[str] = set()
    for call in calls(ruleset):
        decl = vocabulary.functions.get(call.name)
        if decl is None or call.name in reported:
            continue  # unknown functions are the checker's to report
        owner = vocabulary.function_owner.get(call.name, "?")
        reason = _why_not(decl, call, context, render)
        if reason is None:
            continue
        reported.add(call.name)
        problems.append(Diagnostic.at(
            call, code=CODE, severity="error", file=file,
            message=f"the function `{call.name}` of plugin {owner} cannot run on {engine}: "
                    f"{reason}",
            suggestion="monitor on another engine (--engine duckdb), or ask the plugin's "
                       f"authors for a SQL compiler that {engine} accepts",
        ))
    return sorted(problems, key=Diagnostic.sort_key)


def _why_not(decl: FunctionDecl, call: Call, context: RowContext,
             render: Callable[[exp.Expr], str]) -> str | None:
    if decl.compile_sql is None:
        return "it has no SQL compiler"
    args = [python_literal(arg) if param.literal else exp.column(f"arg_{i}", quoted=True)
            for i, (arg, param) in enumerate(zip(call.args, decl.params, strict=False))]
    try:
        tree = decl.compile_sql(args, context)
        render(exp.select(exp.Paren(this=tree).as_("value")))
    except Exception as exc:  # whatever the compiler or the dialect refuses is the reason
        text = str(exc).strip().splitlines()
        return text[0] if text else type(exc).__name__
    return None
