"""Random rulesets built from the grammar and random text data, for engine equivalence tests.

Shared by the PostgreSQL and Spark backend tests; kept out of either test module so
that each still runs when the other's extra is not installed.
"""

from __future__ import annotations

import random
from typing import Any

from hypothesis import strategies as st

from tests.engine.conftest import PEOPLE_COLUMNS
from tests.engine.sample import people

_CONDITIONS = ["improved", "not improved", "age >= 65", "age < 40", "attendance >= 90%",
               'group_kind = "a"', 'group_kind in ("b", "c")', "score_end > score_start",
               "gained(score_start, score_end)", "start_date is not missing",
               "lasted(start_date, 3 months)", "cost between 100 and 600", "improved is missing"]
_MEASURES = [("mean of score_end - score_start over {p}", "at least 1"),
             ("median of cost over {p}", "no more than 500"),
             ("total of cost over {p}", "at most 20000"),
             ("mean of attendance over {p}", "at least 80%"),
             ("count of {p} where {c}", "at least 5"),
             ("share of {p} where {c}", "at least 40%")]
_JUNK = ["forty", "", " 7 ", "2026-02-30", "31/03/2026", "maybe", "YES", "-3", "999", "12,50",
         "nan", "+4", "1.5", "1e2"]
"""Cells each type must read or reject alike, "1e2" and "1.5" in a whole-number field
among them."""


@st.composite
def rulesets(draw: st.DrawFn) -> str:
    """A ruleset from the grammar's measures, conditions, targets and a payment line."""
    lines = ['population members "Members":',
             f"    from people where {draw(st.sampled_from(_CONDITIONS))}", ""]
    for i in range(draw(st.integers(1, 4))):
        measure, target = draw(st.sampled_from(_MEASURES))
        text = measure.format(p=draw(st.sampled_from(["members", "people"])),
                              c=draw(st.sampled_from(_CONDITIONS)))
        kind = text.split()[0]
        lines += [f'{"outcome" if kind == "share" else "output"} m{i} "Measure {i}":',
                  f"    measure {text}", f"    target {target}", ""]
    if "outcome m0" in "\n".join(lines):
        lines += ["payment:", "    contract value £50_000", "    at risk 20%",
                  f"    m0 pays £300 per person where {draw(st.sampled_from(_CONDITIONS))}, "
                  "cap £2_000"]
    return "\n".join(lines) + "\n"


def text_data(seed: int) -> list[dict[str, Any]]:
    """Random people with some cells replaced by text each type must reject or read."""
    rows = people(seed, per_group=12)
    rng = random.Random(seed)
    fields = [c for c in PEOPLE_COLUMNS if c not in ("provider", "period")]
    for row in rng.sample(rows, 10):
        row[rng.choice(fields)] = rng.choice(_JUNK)
    rows.append(dict(rows[0]))  # a repeated person_id
    return rows
