"""Random monitoring data for the test service, and plain-Python three-valued logic."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

PROVIDERS = ("P1", "P2", "P3")
PERIODS = ("2026-Q1", "2026-Q2", "2026-Q3")
END = {"2026-Q1": dt.date(2026, 3, 31), "2026-Q2": dt.date(2026, 6, 30),
       "2026-Q3": dt.date(2026, 9, 30)}


def maybe(rng: random.Random, value: Any, missing: float = 0.12) -> Any:
    """``value``, or None with probability ``missing``."""
    return None if rng.random() < missing else value


def people(seed: int, per_group: int = 30) -> list[dict[str, Any]]:
    """People rows: ids repeat across periods (the same person in several returns)."""
    rng = random.Random(seed)
    rows = []
    for provider in PROVIDERS:
        for period in PERIODS:
            for n in rng.sample(range(per_group * 2), per_group):
                rows.append({
                    "person_id": f"{provider}-{n}",
                    "provider": provider,
                    "period": period,
                    "age": maybe(rng, rng.randint(10, 95)),
                    "improved": maybe(rng, rng.random() < 0.5),
                    "score_start": maybe(rng, rng.randint(0, 50)),
                    "score_end": maybe(rng, rng.randint(0, 50)),
                    "attendance": maybe(rng, rng.randint(60, 100)),
                    "group_kind": maybe(rng, rng.choice("abc")),
                    "start_date": maybe(rng, dt.date(2025, 6, 1)
                                        + dt.timedelta(days=rng.randint(0, 450))),
                    "cost": maybe(rng, f"{rng.randint(0, 100000) / 100:.2f}"),
                    "code": "x",
                    "sex": maybe(rng, rng.choice(["female", "male", "female", "male", "other"])),
                    "ethnicity": maybe(rng, rng.choice(["white", "asian", "black"])),
                    "disability": maybe(rng, rng.choice(["yes", "no"])),
                })
    return rows


def and3(*values: bool | None) -> bool | None:
    """SQL AND."""
    if any(v is False for v in values):
        return False
    return None if any(v is None for v in values) else True


def or3(*values: bool | None) -> bool | None:
    """SQL OR."""
    if any(v is True for v in values):
        return True
    return None if any(v is None for v in values) else False


def not3(value: bool | None) -> bool | None:
    """SQL NOT."""
    return None if value is None else not value


def cmp(a: Any, op: str, b: Any) -> bool | None:
    """SQL comparison (None when either side is missing)."""
    if a is None or b is None:
        return None
    return {">=": a >= b, "<=": a <= b, ">": a > b, "<": a < b, "=": a == b}[op]


NON_FINITE_RULESET = '''
output scored "Scored":
    measure count of people where score_start >= 0
output spend "Spend":
    measure total of cost over people
'''
"""Counts what `non_finite_people` holds in its whole-number and decimal fields."""


def non_finite_people() -> Any:
    """People whose ``score_start`` (declared whole) and ``cost`` (declared decimal) come
    as DOUBLE columns, as Parquet from a spreadsheet or a data frame does: NaN, the
    infinities, 1e300 and 2.5 are not values a person recorded and make the record
    invalid; 3.0 is a whole number."""
    import pyarrow as pa

    scores = [3.0, float("nan"), float("inf"), float("-inf"), 1e300, 2.5, 7.0, None]
    costs = [10.5, 20.0, 1.0, 2.0, 3.0, 4.0, float("nan"), float("inf")]
    n = len(scores)
    return pa.table({
        "person_id": [f"p{i}" for i in range(n)], "provider": ["P"] * n,
        "period": ["2026-Q1"] * n, "code": ["x"] * n,
        "score_start": pa.array(scores, pa.float64()),
        "cost": pa.array(costs, pa.float64())})
