"""Figures' one home (`obcrules.figures`): a share reads the same on every surface."""

from __future__ import annotations

from decimal import Decimal

import pytest

from obcrules.figures import number_text, percent_of, percent_text, round_half_up


@pytest.mark.parametrize(("fraction", "shown"), [
    (0.8125, "81.3%"),  # 13 of 16: half up, where Python's format says 81.2%
    (0.5625, "56.3%"),  # 54 of 96
    (0.0125, "1.3%"),
    (0.8, "80.0%"),
    (Decimal("0.17272727"), "17.3%"),
    (1, "100.0%"),
    ("0", "0.0%"),
])
def test_a_share_is_rounded_half_up(fraction: float | Decimal | str, shown: str) -> None:
    assert percent_text(fraction) == shown


def test_places_and_the_decimal() -> None:
    assert percent_text(0.123456, 2) == "12.35%"
    assert percent_of(0.8125) == Decimal("81.3")
    assert round_half_up(Decimal("2.005"), 2) == Decimal("2.01")


def test_a_number_never_reads_in_exponent_form() -> None:
    assert number_text(Decimal("40").normalize()) == "40"  # Decimal prints 4E+1
    assert number_text(Decimal("1E+2")) == "100"
    assert number_text(1234.5) == "1,234.5"
    assert number_text(Decimal("2.005")) == "2.01"
    assert number_text(Decimal("-0.001")) == "0"
