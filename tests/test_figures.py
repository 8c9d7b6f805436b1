"""Figures' one home (`obcrules.figures`): a share reads the same on every surface."""

from __future__ import annotations

from decimal import Decimal

import pytest

from obcrules.figures import (
    count_text,
    number_text,
    percent_of,
    percent_text,
    plural,
    round_half_up,
)


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


def test_a_count_takes_its_noun_in_the_singular_or_the_plural() -> None:
    assert count_text(1, "alert") == "1 alert"
    assert count_text(2, "alert") == "2 alerts"
    assert count_text(0, "provider") == "0 providers"
    assert count_text(1_200, "person") == "1,200 people"
    assert count_text(1, "person") == "1 person"
    assert count_text(3, "family") == "3 families"
    assert count_text(2, "child") == "2 children"


def test_plural_follows_english_spelling() -> None:
    assert [plural(n) for n in ("resident", "person", "family", "day", "box", "match")] == [
        "residents", "people", "families", "days", "boxes", "matches"]
