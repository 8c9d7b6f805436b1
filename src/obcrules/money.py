"""Money: exact `Decimal` all the way, rounded once, to the penny, half-up, for output.

The one home of money for every layer (it imports only the standard library):

* `to_penny` rounds an amount the way every output does;
* `money_text` is the form results store in JSON (``"1150000.00"``);
* `display_money` is the form people read (``£1,150,000.00``; reports drop
  ``.00`` from whole amounts: ``£1,150,000``);
* `parse_money` reads an amount written in a contract (``"£1_200_000"``).
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

PENNY = Decimal("0.01")
MINUS = "−"
"""The minus sign (U+2212) written before the currency of a negative amount."""

_NOT_DIGITS = re.compile(r"[^\d.\-]")


def to_penny(amount: Decimal) -> Decimal:
    """``amount`` rounded half-up to the penny: ``Decimal("2.005")`` → ``Decimal("2.01")``."""
    return amount.quantize(PENNY, rounding=ROUND_HALF_UP)


def money_text(amount: Decimal) -> str:
    """``amount`` to the penny as JSON text with two decimals: ``1350`` → ``"1350.00"``."""
    return f"{to_penny(amount):.2f}"


def display_money(amount: Decimal, currency: str = "", *, pennies: bool = True) -> str:
    """``amount`` to the penny as people read it: ``£1,150,000.00``.

    ``currency`` is the sign written in front (``£``, ``€``, ``$`` or nothing).
    With ``pennies=False`` a whole amount drops its ``.00`` (``£1,150,000``, but
    ``£12.50``), as reports show money. A negative amount has a minus sign before
    the currency: ``−£5.00``.
    """
    rounded = to_penny(amount)
    sign = MINUS if rounded < 0 else ""
    places = 0 if not pennies and rounded == rounded.to_integral_value() else 2
    return f"{sign}{currency}{abs(rounded):,.{places}f}"


def parse_money(text: str | int | float | Decimal) -> Decimal:
    """An amount written in a contract (``"£1_200_000"``, ``"1,350.50"``, ``1200``).

    Raises ValueError for text that is not an amount.
    """
    if isinstance(text, bool):
        raise ValueError(f"{text!r} is not an amount of money")
    if isinstance(text, Decimal | int):
        return Decimal(text)
    if isinstance(text, float):
        return Decimal(str(text))
    cleaned = _NOT_DIGITS.sub("", text.replace("_", "").replace(",", ""))
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"{text!r} is not an amount of money") from None
    if not cleaned or not value.is_finite():
        raise ValueError(f"{text!r} is not an amount of money")
    return value
