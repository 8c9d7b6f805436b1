"""Figures people read: numbers and shares, rounded the same way wherever they are shown.

A value in ``monitoring.json`` is a fraction (``0.8125``, 13 of 16). The reports'
tables, the charts' text alternatives, ``obc monitor``'s table and ``obc serve``'s
dashboard all show it; they must all say ``81.3%``. Python's own formatting rounds
half to even (``81.2%``), so each surface goes through `percent_text`, which rounds
half up, as money (`obcrules.money`) and every published score do. `number_text` is
a number as the reports give it (``1,234.5``, ``40``), never in exponent form
(``Decimal("40").normalize()`` prints ``4E+1``).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

Fraction = Decimal | int | float | str


def round_half_up(value: Decimal, places: int) -> Decimal:
    """``value`` rounded half up to ``places`` decimals: ``81.25`` → ``81.3``."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def number_text(value: Fraction, places: int = 2) -> str:
    """``1234.5`` → ``1,234.5``, ``Decimal("4E+1")`` → ``40``: rounded half up to
    ``places`` decimals, with thousands separators, trailing zeros dropped."""
    text = f"{round_half_up(Decimal(str(value)), places):,.{places}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def percent_of(fraction: Fraction, places: int = 1) -> Decimal:
    """A fraction as a percentage, rounded half up: ``0.8125`` → ``Decimal("81.3")``.

    A float is read by its shortest text (``0.8125``, not its binary expansion), as
    JSON wrote it."""
    return round_half_up(Decimal(str(fraction)) * 100, places)


def percent_text(fraction: Fraction, places: int = 1) -> str:
    """A fraction as a percentage with ``places`` decimals: ``0.8125`` → ``81.3%``,
    ``0.8`` → ``80.0%``."""
    return f"{percent_of(fraction, places):,.{places}f}%"


_IRREGULAR = {"person": "people", "child": "children", "man": "men", "woman": "women"}


def plural(noun: str) -> str:
    """``resident`` → ``residents``, ``child`` → ``children``, ``family`` → ``families``."""
    if noun in _IRREGULAR:
        return _IRREGULAR[noun]
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun + "es"
    return noun + "s"


def count_text(count: int, noun: str) -> str:
    """A count with its noun, singular or plural: ``1 alert``, ``2 alerts``, ``0 alerts``,
    ``1,200 people`` (`plural`)."""
    return f"{count:,} {noun if count == 1 else plural(noun)}"
