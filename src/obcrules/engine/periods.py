"""Reporting periods as the engine counts them: text in data, ordinal numbers inside.

A ruleset reports by month, quarter or year (``period quarter``). Data carries
each row's period as text (``2026-Q1``, ``2026-03``, ``2026``). The engine turns
the text into an ordinal (months since year 0, quarters since year 0, or the
year) so that "the previous period" and "the periods from the first return to
the last" are plain integer arithmetic.
"""

from __future__ import annotations

import datetime as dt
import re

from obcrules.model import MONTHS, PeriodUnit
from obcrules.plugins.dates import period_bounds

_PATTERNS: dict[str, re.Pattern[str]] = {
    "month": re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$"),
    "quarter": re.compile(r"^(\d{4})-Q([1-4])$"),
    "year": re.compile(r"^(\d{4})$"),
}

EXAMPLES: dict[str, str] = {"month": "2026-03", "quarter": "2026-Q1", "year": "2026"}
"""How a period of each unit is written, for messages."""


def ordinal(text: str, unit: PeriodUnit) -> int | None:
    """The period's ordinal number in ``unit``, or None when ``text`` is not such a period."""
    match = _PATTERNS[unit].match(text)
    if match is None:
        return None
    year = int(match.group(1))
    if unit == "year":
        return year
    return year * (12 if unit == "month" else 4) + int(match.group(2)) - 1


def text_of(number: int, unit: PeriodUnit) -> str:
    """The text of the period with ordinal ``number`` (the inverse of `ordinal`)."""
    if unit == "year":
        return f"{number:04d}"
    per_year = 12 if unit == "month" else 4
    year, index = divmod(number, per_year)
    return f"{year:04d}-{index + 1:02d}" if unit == "month" else f"{year:04d}-Q{index + 1}"


def bounds(text: str) -> tuple[dt.date, dt.date]:
    """First and last day of a period (any unit)."""
    return period_bounds(text)


def unit_of(text: str) -> PeriodUnit | None:
    """The unit a period is written in, or None when it is not a period."""
    for unit, pattern in _PATTERNS.items():
        if pattern.match(text):
            return unit  # type: ignore[return-value]
    return None


def span(texts: list[str], unit: PeriodUnit) -> list[str]:
    """Every period from the earliest to the latest of ``texts``, gaps filled, in order."""
    numbers = [n for n in (ordinal(t, unit) for t in texts) if n is not None]
    if not numbers:
        return []
    return [text_of(n, unit) for n in range(min(numbers), max(numbers) + 1)]


def lag(every: PeriodUnit, unit: PeriodUnit) -> int:
    """How many periods of ``unit`` back "the previous ``every``" is (at least one).

    ``improves every year`` in a quarterly ruleset compares a quarter with the same
    quarter a year before (lag 4); ``every month`` in a quarterly ruleset compares
    consecutive quarters (lag 1).
    """
    return max(1, MONTHS[every] // MONTHS[unit])


def describe_problem(text: str, unit: PeriodUnit) -> str:
    """Why ``text`` is not a period of ``unit``, in words for a data-quality finding."""
    found = unit_of(text)
    if found is not None:
        return (f"period {text!r} is a {found}, but this ruleset reports by {unit} "
                f"(write e.g. {EXAMPLES[unit]})")
    return f"{text!r} is not a period; write a {unit} as {EXAMPLES[unit]}"
