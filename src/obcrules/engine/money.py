"""Money: exact `Decimal` all the way, rounded once, to the penny, half-up, for output."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

PENNY = Decimal("0.01")
_NOT_DIGITS = re.compile(r"[^\d.\-]")


def penny(amount: Decimal) -> str:
    """``amount`` rounded half-up to the penny, as text with two decimals (``"1350.00"``)."""
    return f"{amount.quantize(PENNY, rounding=ROUND_HALF_UP):.2f}"


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
