"""What a plugin's SQL sees besides its arguments: the `SqlContext` protocol.

A function's SQL compiler (``compile_sql(args, ctx)``) and a derived table's
``build_sql(inputs, ctx)`` receive a ``ctx`` that satisfies this protocol and
may use nothing else of it. The engine passes its ``RowContext`` (the period of
each row, computed from the row's ``period`` text); `obcrules.testing` passes its
``SqlContext`` (a fixed period as date literals, or each row's period). Both are
checked against this protocol by the test suite, so a compiler that passes its
own tests compiles the same way in a monitoring run.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

from obcrules.model import PeriodUnit

if TYPE_CHECKING:  # sqlglot loads only where SQL is built, not for `obc check`
    import sqlglot.expressions as exp


@runtime_checkable
class SqlContext(Protocol):
    """The period a plugin's SQL is evaluated for, as sqlglot expressions.

    ``period_start`` and ``period_end`` are the first and last day of the row's
    period (``DATE`` expressions); ``period_start_sql`` and ``period_end_sql``
    turn any period-text expression (``2026-Q1``, ``2026-03``, ``2026``) into
    those days, the way the engine does.
    """

    @property
    def period_unit(self) -> PeriodUnit:
        """The ruleset's period: ``month``, ``quarter`` or ``year``."""
        ...

    @property
    def period_start(self) -> exp.Expression:
        """The first day of the row's period."""
        ...

    @property
    def period_end(self) -> exp.Expression:
        """The last day of the row's period."""
        ...

    def period_start_sql(self, period: exp.Expression) -> exp.Expression:
        """The first day of the period named by a text expression."""
        ...

    def period_end_sql(self, period: exp.Expression) -> exp.Expression:
        """The last day of the period named by a text expression."""
        ...
