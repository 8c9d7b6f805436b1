"""Calendar arithmetic for plugins' Python reference implementations.

Durations in months are calendar months: 2026-01-15 + 6 months = 2026-07-15, and
from a day the target month lacks (the 31st, 29 February) the month's last day.
A year is twelve such months. The SQL side (`obcrules.plugins.sql`) follows the
same rules, which is DuckDB's ``date + INTERVAL n MONTH``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from obcrules.plugins.declarations import Duration

_PERIOD = re.compile(r"^(\d{4})(?:-Q([1-4])|-(0[1-9]|1[0-2]))?$")


def add_months(date: dt.date, months: int) -> dt.date:
    """``date`` plus ``months`` calendar months, clamped to the target month's last day."""
    index = date.year * 12 + (date.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(date.day, last))


def add_duration(date: dt.date, duration: Duration) -> dt.date:
    """``date`` plus a duration literal (days, weeks, calendar months or years)."""
    if duration.unit == "day":
        return date + dt.timedelta(days=duration.amount)
    if duration.unit == "week":
        return date + dt.timedelta(weeks=duration.amount)
    if duration.unit == "month":
        return add_months(date, duration.amount)
    return add_months(date, 12 * duration.amount)


def subtract_duration(date: dt.date, duration: Duration) -> dt.date:
    """``date`` minus a duration literal, by the same calendar rules as `add_duration`."""
    return add_duration(date, Duration(-duration.amount, duration.unit))


def whole_months(start: dt.date, end: dt.date) -> int:
    """Complete calendar months from ``start`` to ``end``: the largest m with start + m <= end.

    Negative when ``end`` is before ``start`` (the largest m, so -1 for one day before).
    """
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if add_months(start, months) > end:
        months -= 1
    return months


def period_bounds(period: str) -> tuple[dt.date, dt.date]:
    """First and last day of a period written ``2026-Q1``, ``2026-03`` or ``2026``.

    Raises ValueError for any other text.
    """
    match = _PERIOD.match(period)
    if match is None:
        raise ValueError(f"not a period: {period!r} (expected 2026-Q1, 2026-03 or 2026)")
    year = int(match.group(1))
    if match.group(2):
        first_month = 3 * int(match.group(2)) - 2
        months = 3
    elif match.group(3):
        first_month = int(match.group(3))
        months = 1
    else:
        first_month, months = 1, 12
    start = dt.date(year, first_month, 1)
    return start, add_months(start, months) - dt.timedelta(days=1)
