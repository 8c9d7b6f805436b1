"""Money's one home: rounding to the penny, the JSON text, the display form and parsing."""

from __future__ import annotations

import ast
import sys
from decimal import Decimal
from pathlib import Path

import pytest

import obcrules.money
from obcrules.money import display_money, money_text, parse_money, to_penny


@pytest.mark.parametrize(("amount", "rounded"), [
    ("2.005", "2.01"),      # half-up, where half-even would give 2.00
    ("2.015", "2.02"),
    ("2.0049", "2.00"),
    ("-2.005", "-2.01"),    # half away from zero
    ("1150000", "1150000.00"),
])
def test_amounts_round_half_up_to_the_penny(amount: str, rounded: str) -> None:
    assert to_penny(Decimal(amount)) == Decimal(rounded)
    assert str(to_penny(Decimal(amount))) == rounded


def test_json_text_has_exactly_two_decimals_and_no_separators() -> None:
    assert money_text(Decimal(1150000)) == "1150000.00"
    assert money_text(Decimal("12.5")) == "12.50"
    assert money_text(Decimal("0.125")) == "0.13"
    assert money_text(Decimal("1E+3")) == "1000.00"


def test_display_has_the_currency_separators_and_pennies() -> None:
    assert display_money(Decimal(1150000), "£") == "£1,150,000.00"
    assert display_money(Decimal("999.995"), "€") == "€1,000.00"
    assert display_money(Decimal(12)) == "12.00"


def test_reports_drop_the_pennies_of_whole_amounts_only() -> None:
    assert display_money(Decimal(1200000), "£", pennies=False) == "£1,200,000"
    assert display_money(Decimal("12.5"), "£", pennies=False) == "£12.50"
    assert display_money(Decimal("12.001"), "£", pennies=False) == "£12"


def test_a_negative_amount_has_a_minus_sign_before_the_currency() -> None:
    assert display_money(Decimal(-5), "£", pennies=False) == "−£5"
    assert display_money(Decimal("-1234.5"), "$") == "−$1,234.50"
    assert display_money(Decimal("-0.001"), "£") == "£0.00"


@pytest.mark.parametrize(("text", "amount"), [
    ("£1_200_000", Decimal(1200000)),
    ("1,350.50", Decimal("1350.50")),
    (1200, Decimal(1200)),
    (12.5, Decimal("12.5")),
    (Decimal("3.10"), Decimal("3.10")),
])
def test_contract_amounts_parse(text: str | int | float | Decimal, amount: Decimal) -> None:
    assert parse_money(text) == amount


@pytest.mark.parametrize("text", ["", "£", "lots", True, "inf"])
def test_what_is_not_an_amount_is_refused(text: str | bool) -> None:
    with pytest.raises(ValueError, match="is not an amount of money"):
        parse_money(text)


def test_money_imports_only_the_standard_library() -> None:
    """So that every layer, down to the plugin host, may use it."""
    tree = ast.parse(Path(obcrules.money.__file__).read_text(encoding="utf-8"))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}
    imported |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert imported <= set(sys.stdlib_module_names) | {"__future__"}
