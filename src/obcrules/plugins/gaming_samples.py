"""Sample data with a form of gaming in it (``obc sample-data … --gaming PATTERN``).

One provider (the first by name) games; the rest of the data is as generated, so the
run's gaming check for the pattern alerts on that provider alone. Seeded: the same data,
pattern and seed give the same rows. docs/gaming.md says what each injection does.
"""

from __future__ import annotations

import random
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from obcrules.model import GAMING_PATTERNS, GamingPattern

BUNCHED = (("wemwbs_start", "wemwbs_end", 3), (None, "weeks_in_work", 13))
"""Where bunching is injected: a score's rise (end − start) or a number, and the cut-off
the example rulesets pay from; the first whose fields the people table has."""


class GamingSampleError(Exception):
    """The sample data has nothing the pattern could be injected into; the message says why."""


def gaming_pattern(text: str) -> GamingPattern:
    """The pattern named ``text``, or `GamingSampleError` listing them."""
    for pattern in GAMING_PATTERNS:
        if pattern == text:
            return pattern
    raise GamingSampleError(f"no gaming pattern {text!r}; choose one of "
                            + ", ".join(GAMING_PATTERNS))


def inject(tables: dict[str, Any], pattern: GamingPattern, seed: int) -> dict[str, Any]:
    """``tables`` (Arrow, by name) with ``pattern`` injected for the first provider."""
    people = tables.get("people")
    if people is None:
        raise GamingSampleError("gaming is injected into the people table, and this "
                                "service's sample data has none")
    providers = sorted({p for p in people.column("provider").to_pylist() if p is not None})
    if len(providers) < 2:
        raise GamingSampleError("gaming is shown against the other providers; the sample "
                                "data has fewer than two")
    rng = random.Random(f"{seed}:{pattern}")  # noqa: S311  # reproducible sample data
    out = dict(tables)
    gamer = pc.equal(people.column("provider"), providers[0])
    if pattern == "cream-skimming":  # from the second period: the contract under way
        first = min(p for p in people.column("period").to_pylist() if p is not None)
        out["people"] = _younger(people, pc.and_(gamer, pc.not_equal(people.column("period"),
                                                                     first)))
    elif pattern == "parking":
        out.update(_without_activity(tables, providers[0]))
    elif pattern == "bunching":
        out["people"] = _bunched(people, gamer)
    elif pattern == "drop-out":
        out["people"] = _dropped(people, gamer, rng)
    else:
        out["people"] = _claimed_twice(people, providers, rng)
    return out


def _set(table: Any, name: str, values: Any) -> Any:
    index = table.column_names.index(name)
    return table.set_column(index, table.schema.field(index),
                            pc.cast(values, table.schema.field(index).type))


def _younger(people: Any, gamer: Any) -> Any:
    """The gamer (from its second period) takes the younger half of its age range:
    age → low + (age − low) // 2."""
    if "age" not in people.column_names:
        raise GamingSampleError("cream-skimming is injected into `age`, which the people "
                                "table does not have")
    age = people.column("age")
    low = pc.min(age).as_py() or 0
    younger = pc.add(pc.divide(pc.subtract(age, low), 2), low)
    return _set(people, "age", pc.if_else(gamer, younger, age))


def _without_activity(tables: dict[str, Any], gamer: str) -> dict[str, Any]:
    """The gamer's people have no record in any other table with person_id."""
    changed = {}
    for name, table in tables.items():
        if name != "people" and {"person_id", "provider"} <= set(table.column_names):
            changed[name] = table.filter(pc.invert(pc.fill_null(
                pc.equal(table.column("provider"), gamer), False)))
    if not changed:
        raise GamingSampleError("parking is injected by removing a provider's activity, and "
                                "this service has no table of activity with person_id")
    return changed


def _bunched(people: Any, gamer: Any) -> Any:
    """The gamer's people one or two short of the cut-off are recorded at it."""
    names = set(people.column_names)
    for start, end, cut_off in BUNCHED:
        if end not in names or (start is not None and start not in names):
            continue
        value = people.column(end)
        base = people.column(start) if start is not None else pa.repeat(0, len(value))
        score = pc.subtract(value, base)
        short = pc.and_(gamer, pc.fill_null(pc.and_(
            pc.greater_equal(score, cut_off - 2), pc.less(score, cut_off)), False))
        return _set(people, end, pc.if_else(short, pc.add(base, cut_off), value))
    wanted = " or ".join(end if start is None else f"{start} and {end}"
                         for start, end, _ in BUNCHED)
    raise GamingSampleError(f"bunching is injected into {wanted}, which the people table "
                            "does not have")


def _dropped(people: Any, gamer: Any, rng: random.Random) -> Any:
    """Two in five of the gamer's people leave before their end-of-support fields
    (``…_end``) are recorded."""
    ends = [n for n in people.column_names if n.endswith("_end")]
    if not ends:
        raise GamingSampleError("drop-out is injected into the end-of-support fields "
                                "(`…_end`), which the people table does not have")
    leaves = pa.array([rng.random() < 0.4 for _ in range(len(people))])
    gone = pc.and_(gamer, leaves)
    for name in ends:
        column = people.column(name)
        people = _set(people, name, pc.if_else(gone, pa.nulls(len(column), column.type),
                                               column))
    return people


def _claimed_twice(people: Any, providers: list[str], rng: random.Random) -> Any:
    """One in twenty of the gamer's people are in the second provider's return too, in the
    same period with the same record."""
    rows = people.filter(pc.equal(people.column("provider"), providers[0]))
    chosen = [i for i in range(len(rows)) if rng.random() < 0.05]
    copies = rows.take(pa.array(chosen, pa.int64()))
    copies = _set(copies, "provider", pa.repeat(providers[1], len(copies)))
    return pa.concat_tables([people, copies])
