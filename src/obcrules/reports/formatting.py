"""How numbers, money, percentages and names look in a report.

One place decides the house format so that every report shows the same value the
same way: thousands separators, percentages with at most one decimal place,
money with its currency sign and pennies only when there are any.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation

from obcrules.figures import number_text, round_half_up
from obcrules.model import (
    DurationLit,
    MoneyLit,
    NumberLit,
    PercentLit,
    PointsLit,
    Value,
)
from obcrules.money import display_money, display_price

Number = int | float | Decimal | str


def to_decimal(value: Number | None) -> Decimal | None:
    """A JSON number (or numeric string) as a Decimal; None stays None."""
    if value is None or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def number(value: Number | None, places: int = 2) -> str:
    """``1234.5`` → ``1,234.5``; trailing zeros dropped; None → an en dash."""
    d = to_decimal(value)
    return "–" if d is None else number_text(d, places)


def percent(fraction: Number | None, places: int = 1) -> str:
    """A fraction as a percentage: ``0.125`` → ``12.5%``."""
    d = to_decimal(fraction)
    return "–" if d is None else f"{number(d * 100, places)}%"


def points(value: Number | None) -> str:
    """Percentage points: ``2`` → ``2 points``, ``1`` → ``1 point``."""
    d = to_decimal(value)
    if d is None:
        return "–"
    return f"{number(d)} point" + ("" if abs(d) == 1 else "s")


def money(amount: Number | None, currency: str = "£") -> str:
    """``1200000`` → ``£1,200,000``; ``12.5`` → ``£12.50``; negative as ``−£5``; None → –.

    Reports show pennies only when there are any (`obcrules.money.display_money`).
    """
    d = to_decimal(amount)
    return "–" if d is None else display_money(d, currency, pennies=False)


def price(amount: Number | None, currency: str = "£") -> str:
    """A price per person: ``450`` → ``£450``; ``100.005`` → ``£100.005`` (a discounted
    price keeps its fraction of a penny; `obcrules.money.display_price`); None → –."""
    d = to_decimal(amount)
    return "–" if d is None else display_price(d, currency)


def duration(amount: int, unit: str) -> str:
    """``6, "month"`` → ``6 months``."""
    return f"{amount} {unit}" + ("" if amount == 1 else "s")


def value(node: Value, currency: str | None = None) -> str:
    """A literal value of the ruleset model, as a reader expects it."""
    if isinstance(node, PercentLit):
        return percent(node.value)
    if isinstance(node, PointsLit):
        return points(node.value)
    if isinstance(node, MoneyLit):
        return money(node.amount, node.currency or currency or "")
    if isinstance(node, DurationLit):
        return duration(node.amount, node.unit)
    if isinstance(node, NumberLit):
        return number(node.value)
    raise TypeError(f"not a value: {node!r}")


def listing(items: Sequence[str], last: str = "and") -> str:
    """``a``, ``a and b``, ``a, b and c`` (``last="or"``: ``a, b or c``)."""
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


def humanise(name: str) -> str:
    """An identifier as words: ``care_home`` → ``care home``."""
    return name.replace("_", " ").strip()


def sentence_case(text: str) -> str:
    """Lower the first letter unless the first word is an acronym (``WEMWBS``)."""
    if not text:
        return text
    first = text.split(" ", 1)[0]
    if len(first) > 1 and first[:2].isupper():
        return text
    return text[0].lower() + text[1:]


def capitalise(text: str) -> str:
    """Upper the first letter only."""
    return text[:1].upper() + text[1:]


_UNSAFE = re.compile(r"[^a-z0-9]+")


def slug(name: str, taken: set[str] | None = None) -> str:
    """A safe file or anchor name from text that came from an input.

    Only ``a-z``, ``0-9`` and ``-`` survive; an empty result becomes ``item``.
    With ``taken``, a numeric suffix keeps the result unique and is recorded.
    """
    base = _UNSAFE.sub("-", name.lower()).strip("-")[:60].strip("-") or "item"
    candidate = base
    if taken is not None:
        n = 2
        while candidate in taken:
            candidate = f"{base}-{n}"
            n += 1
        taken.add(candidate)
    return candidate


def fixed(value: Number | None, places: int = 2) -> str:
    """A published score with exactly ``places`` decimals: ``78.5`` → ``78.50``."""
    d = to_decimal(value)
    return "–" if d is None else f"{round_half_up(d, places):,.{places}f}"


def score(value: Number | None) -> str:
    """An agreed score as published: whole scores plain, others with 2 decimals, as the
    working computes them: ``4.00`` → ``4``, ``91.3`` → ``91.30``."""
    d = to_decimal(value)
    if d is None:
        return "–"
    return number(d, 0) if d == d.to_integral_value() else fixed(d)


def ordinal(n: int) -> str:
    """``1`` → ``1st``, ``12`` → ``12th``, ``23`` → ``23rd``."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


_TICKED = re.compile(r"`([^`\n]+)`")


def by_title(text: str, titles: Mapping[str, str]) -> str:
    """Text written for a terminal, made fit to publish: a name in backticks becomes its
    title, anything else in backticks is quoted.

    ```untreated`: the offered target `less than 11%` is weaker…`` →
    ``Untreated continence: the offered target “less than 11%” is weaker…``.
    """
    return _TICKED.sub(lambda m: titles.get(m.group(1)) or f"“{m.group(1)}”", text)


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def long_date(stamp: str | None) -> str:
    """The date of an ISO date or time, as people write it: ``2026-03-02T10:15:00Z`` →
    ``2 March 2026``; anything else is shown as it is (None → an en dash)."""
    match = re.match(r"^(\d{4})-(\d{2})-(\d{2})", stamp or "")
    if match is None:
        return stamp or "–"
    year, month, day = (int(g) for g in match.groups())
    return f"{day} {_MONTHS[month - 1]} {year}" if 1 <= month <= 12 else stamp or "–"
