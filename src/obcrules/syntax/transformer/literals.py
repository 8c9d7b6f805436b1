"""Literals: numbers, percents, points, money, durations, dates, periods, text, names.

Each literal takes its span from its token, so a value keeps the exact place it
was written. Values the grammar accepts but the calendar does not (``2026-02-30``,
``2025-13``) are reported and replaced by a placeholder, so parsing goes on.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from obcrules.model import (
    BoolLit,
    DateLit,
    DurationLit,
    MoneyLit,
    NumberLit,
    PercentLit,
    PeriodLit,
    PointsLit,
    Ref,
    StringLit,
)
from obcrules.syntax.tokens import Meta, Token
from obcrules.syntax.transformer.fields import RuleBase
from obcrules.syntax.transformer.spans import span_of


def unquote(token: str) -> str:
    """The text of a string literal without its quotes and escapes."""
    body = token[1:-1]
    return body.replace('\\"', '"').replace("\\\\", "\\")


def canonical(value: Decimal) -> Decimal:
    """One representation per value (10.0% and 10% give the same model)."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def decimal_of(text: str) -> Decimal:
    """The canonical value of a number as written (``1_500`` → 1500)."""
    return canonical(Decimal(text.replace("_", "")))


def percent_of(token: Token) -> PercentLit:
    """The percentage a ``PERCENT`` token writes, as a fraction (``10%`` → 0.1)."""
    return PercentLit.model_construct(
        span=span_of(token), value=canonical(decimal_of(token[:-1]) / 100))


def money_of(token: Token) -> MoneyLit:
    """The amount a ``MONEY`` token writes, with its currency sign."""
    return MoneyLit.model_construct(
        span=span_of(token), currency=token[0], amount=decimal_of(token[1:]))


class LiteralRules(RuleBase):
    """The rules of literal values."""

    def number(self, meta: Meta, children: list[Token]) -> NumberLit:
        return NumberLit.model_construct(span=span_of(children[0]), value=decimal_of(children[0]))

    def negative_number(self, meta: Meta, children: list[Token]) -> NumberLit:
        return NumberLit.model_construct(span=span_of(meta), value=-decimal_of(children[0]))

    def percent(self, meta: Meta, children: list[Token]) -> PercentLit:
        return percent_of(children[0])

    def points(self, meta: Meta, children: list[Token]) -> PointsLit:
        return PointsLit.model_construct(span=span_of(meta), value=decimal_of(children[0]))

    def money(self, meta: Meta, children: list[Token]) -> MoneyLit:
        return money_of(children[0])

    def duration(self, meta: Meta, children: list[Any]) -> DurationLit:
        amount, unit = children
        text = str(amount)
        if not text.replace("_", "").isdigit():
            self._error("OBC124", span_of(meta), f"a duration is a whole number: `{text} {unit}`",
                        "write e.g. `6 months` or `182 days`")
            text = text.split(".")[0]
        return DurationLit.model_construct(
            span=span_of(meta), amount=int(text.replace("_", "")), unit=unit.rstrip("s"))

    def duration_unit(self, meta: Meta, children: list[Token]) -> str:
        return str(children[0])

    def period_unit(self, meta: Meta, children: list[Token]) -> str:
        return str(children[0])

    def date(self, meta: Meta, children: list[Token]) -> DateLit:
        token = children[0]
        try:
            value = dt.date.fromisoformat(str(token))
        except ValueError:
            self._error("OBC124", span_of(token), f"`{token}` is not a date in the calendar",
                        "write dates as YYYY-MM-DD, e.g. 2026-06-30")
            value = dt.date(1970, 1, 1)
        return DateLit.model_construct(span=span_of(token), value=value)

    def quarter(self, meta: Meta, children: list[Token]) -> PeriodLit:
        token = children[0]
        year, q = str(token).split("-Q")
        index = int(q)
        if not 1 <= index <= 4:
            self._error("OBC124", span_of(token), f"`{token}` is not a quarter",
                        "write quarters as YYYY-Qn with n from 1 to 4")
            index = 1
        return PeriodLit.model_construct(
            span=span_of(token), unit="quarter", year=int(year), index=index)

    def month(self, meta: Meta, children: list[Token]) -> PeriodLit:
        token = children[0]
        year, month = str(token).split("-")
        index = int(month)
        if not 1 <= index <= 12:
            self._error("OBC124", span_of(token), f"`{token}` is not a month",
                        "write months as YYYY-MM with MM from 01 to 12")
            index = 1
        return PeriodLit.model_construct(
            span=span_of(token), unit="month", year=int(year), index=index)

    def date_for_period(self, meta: Meta, children: list[Token]) -> PeriodLit:
        """A date written where a period belongs (``baseline 70% at 2025-12-31``): an
        error naming the quarter and the month it falls in."""
        token = children[0]
        year, month = int(token[:4]), int(token[5:7])
        if 1 <= month <= 12:
            self._error("OBC124", span_of(token), f"`{token}` is a date; a period is wanted "
                        "here", f"write its quarter `{year}-Q{(month - 1) // 3 + 1}`, its month "
                        f"`{year}-{month:02d}` or its year `{year}`")
        else:
            self._error("OBC124", span_of(token), f"`{token}` is a date; a period is wanted "
                        "here", "write a year as YYYY, a quarter as YYYY-Qn or a month as "
                        "YYYY-MM")
            month = 1
        return PeriodLit.model_construct(span=span_of(token), unit="month", year=year,
                                         index=month)

    def year(self, meta: Meta, children: list[Token]) -> PeriodLit:
        token = children[0]
        text = str(token)
        if not (len(text) == 4 and text.isdigit()):
            self._error("OBC124", span_of(token), f"`{text}` is not a period",
                        "write a year as YYYY, a quarter as YYYY-Qn or a month as YYYY-MM")
            text = "1970"
        return PeriodLit.model_construct(span=span_of(token), unit="year", year=int(text), index=1)

    def string(self, meta: Meta, children: list[Token]) -> StringLit:
        return StringLit.model_construct(span=span_of(children[0]), value=unquote(children[0]))

    def true(self, meta: Meta, children: list[Any]) -> BoolLit:
        return BoolLit.model_construct(span=span_of(meta), value=True)

    def false(self, meta: Meta, children: list[Any]) -> BoolLit:
        return BoolLit.model_construct(span=span_of(meta), value=False)

    def name(self, meta: Meta, children: list[Token]) -> Ref:
        return Ref.model_construct(span=span_of(children[0]), name=str(children[0]).strip("`"))
