"""The strict YAML and JSON readers of bids: one meaning per value, and every limit answered
at once (issue 15, items 7 and 8)."""

from __future__ import annotations

import time
from decimal import Decimal
from pathlib import Path

import pytest

from obcrules.io.strict import MAX_DEPTH, InputError, check_size, read_json, read_yaml

BOMB = "".join(f"l{i}: &l{i} [" + ",".join([f"*l{i - 1}" if i else '"lol"'] * 9) + "]\n"
               for i in range(9))


@pytest.mark.parametrize(("text", "value"), [
    ("price: 1:15:00", "1:15:00"), ("a: yes", "yes"), ("a: on", "on"), ("a: 2026-01-01",
                                                                         "2026-01-01"),
    ("a: 09876543", "09876543"), ("a: 0o17", 15), ("a: 0x1F", 31), ("a: 12", 12),
    ("a: 1.10", Decimal("1.10")), ("a: 1e3", Decimal("1e3")), ("a: true", True),
    ("a: ~", None), ("a: null", None), ("a: 1_000", "1_000"),
])
def test_yaml_is_read_with_the_core_schema(text: str, value: object) -> None:
    assert read_yaml(text) == {text.split(":")[0]: value}


def test_yaml_non_finite_floats_are_read_and_left_for_the_validator() -> None:
    data = read_yaml("a: .nan\nb: -.inf")
    assert data["a"].is_nan() and data["b"] == Decimal("-Infinity")


@pytest.mark.parametrize(("text", "message", "line"), [
    ("price: 1\nlot: a\nprice: 2\n", "`price` is given twice, at line 1 and line 3", 3),
    ("o:\n  a:\n    t: 1\n    t: 2\n", "`t` is given twice, at line 3 and line 4", 4),
    ("a: &x 1\nb: *x\n", "uses the alias `*x`", 2),
    ("? [a]\n: 1\n", "has a key that is not a name", 1),
    ("a: " + "9" * 5000, "has too many digits to be a number", 1),
    ("a: " + "x" * 40_000, "has a line of more than 32,767 characters", 1),
    ("a: |\n" + "  xxxxxxxx\n" * 4_000, "has a value of 36,000 characters", 1),
    ("a: " + "[" * 40 + "]" * 40, f"is nested more than {MAX_DEPTH} levels deep", 1),
])
def test_yaml_refusals_name_the_line(text: str, message: str, line: int) -> None:
    with pytest.raises(InputError) as caught:
        read_yaml(text)
    assert message in caught.value.message and caught.value.line == line


@pytest.mark.parametrize(("text", "message", "line"), [
    ('{"a": 1,\n "a": 2}', "`a` is given twice, at line 1 and line 2", 2),
    ('{"o": {"t": 1}, "p": {"t": 2,\n"t": 3}}', "`t` is given twice, at line 1 and line 2", 2),
    ('{"a": NaN}', "`NaN` is not a number JSON allows", None),
    ('{"a": -Infinity}', "`-Infinity` is not a number JSON allows", None),
    ('{"a": ' + "9" * 5000 + "}", "has too many digits", None),
    ('{"a": "' + "x" * 40_000 + '"}', "has a value of 40,000 characters", None),
    ('{"a": ' + "[" * 40 + "]" * 40 + "}", "is nested more than", None),
])
def test_json_refusals(text: str, message: str, line: int | None) -> None:
    with pytest.raises(InputError) as caught:
        read_json(text)
    assert message in caught.value.message and caught.value.line == line


def test_json_numbers_are_exact() -> None:
    assert read_json('{"a": 1.10, "b": 3}') == {"a": Decimal("1.10"), "b": 3}


@pytest.mark.parametrize(("name", "reader", "text"), [
    ("alias bomb", read_yaml, BOMB),
    ("100k flow", read_yaml, "a: " + "[" * 100_000 + "]" * 100_000),
    ("100k mixed flow", read_yaml, "a: " + "[{a: " * 50_000 + "1" + "}]" * 50_000),
    ("100k list items", read_yaml, "a: " + "[a, " * 100_000 + "]" * 100_000),
    ("2 MB field", read_yaml, "a: " + "x" * 2_000_000),
    ("100k JSON", read_json, '{"a": ' + "[" * 100_000 + "]" * 100_000 + "}"),
    ("2 MB JSON field", read_json, '{"a": "' + "x" * 2_000_000 + '"}'),
])
def test_every_limit_answers_within_a_second(name: str, reader: object, text: str) -> None:
    assert callable(reader)
    started = time.perf_counter()
    with pytest.raises(InputError):
        reader(text)
    assert time.perf_counter() - started < 1.0, name


def test_a_text_bid_over_a_megabyte_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "bid.yaml"
    path.write_bytes(b"bidder: |\n" + (b"  " + b"x" * 100 + b"\n") * 11_000)
    check_size(path, 20 * 1024 * 1024)  # a sheet or workbook of this size is read
    with pytest.raises(InputError) as caught:
        check_size(path, 20 * 1024 * 1024, text=True)
    assert "more than the 1 MB a YAML or JSON bid may be" in caught.value.message


def test_the_largest_text_bid_is_refused_within_a_second() -> None:
    text = "bidder: |\n" + ("  " + "x" * 100 + "\n") * 10_000  # just under 1 MB
    started = time.perf_counter()
    with pytest.raises(InputError):
        read_yaml(text)
    assert time.perf_counter() - started < 1.0
