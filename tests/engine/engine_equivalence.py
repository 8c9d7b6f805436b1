"""What the engines must agree on, and data that exercises validation on every engine.

"Byte for byte" covers the whole ``monitoring.json`` except what names the
*source* of the data, which differs by nature: a file's name and SHA-256 against
a warehouse table's name (and no digest). `comparable` replaces exactly those —
``inputs[].path``, ``inputs[].sha256`` and ``data_quality[].file`` — by the table
name and re-serialises with the result's own writer; every other byte must match.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from obcrules.api import default_registry, load_ruleset
from obcrules.engine.commissioner import commissioner_tables
from obcrules.engine.result import MonitoringResult
from obcrules.plugins.common_tables import REFERRALS
from obcrules.plugins.declarations import SampleDataDecl, TableDecl
from obcrules.plugins.sampling import sample_referrals

RULESETS = sorted((Path(__file__).parents[2] / "rulesets").glob("*.obc"))


def comparable(text: str) -> str:
    """``monitoring.json`` text with the source names made engine-neutral."""
    document: dict[str, Any] = json.loads(text)
    for entry in document["inputs"]:
        entry["path"] = entry["table"]
        entry["sha256"] = None
    for problem in document["data_quality"]:
        problem["file"] = problem["table"]
    return MonitoringResult(document).to_json()


def spoil(table: Any, decl: TableDecl) -> Any:
    """``table`` with invalid records: a value above its maximum, an unknown category, a
    missing provider and a repeated key (a copy of the first record at the end)."""
    columns = {name: table.column(name).to_pylist() for name in table.column_names}
    for f in decl.fields:
        values = columns.get(f.name)
        if values is None or len(values) < 12:
            continue
        if f.maximum is not None and f.type in ("integer", "decimal") and values[3] is not None:
            values[3] = type(values[3])(f.maximum + 1)
        if f.type == "category":
            values[4] = "not-a-category"
    if "provider" in columns and len(columns["provider"]) > 5:
        columns["provider"][5] = None
    if decl.key is not None and decl.key in columns:
        for values in columns.values():
            values.append(values[0])
    return pa.table({n: pa.array(v, table.schema.field(n).type) for n, v in columns.items()})


def sample_data(ruleset: Path, directory: Path, rows: int = 2000) -> dict[str, Any]:
    """The ruleset's services' sample data, spoiled, written as Parquet; the tables."""
    checked = load_ruleset(ruleset)
    assert checked.ruleset is not None and checked.ruleset.header is not None
    assert checked.vocabulary is not None
    services = {s.name for s in checked.ruleset.header.services}
    directory.mkdir(parents=True)
    tables: dict[str, Any] = {}
    for _, decl in default_registry().declared("register_sample_data", SampleDataDecl):
        if decl.service in services:
            generated = decl.generate(rows, 3)
            if "people" in generated and REFERRALS in commissioner_tables(checked.ruleset):
                generated[REFERRALS] = sample_referrals(generated["people"], 3)
            for name, table in generated.items():
                declared = checked.vocabulary.table(name)
                spoiled = spoil(table, declared) if declared is not None else table
                pq.write_table(spoiled, directory / f"{name}.parquet")
                tables[name] = spoiled
    return tables


DIFFERENCE = '''
population adults "Adults":
    from people where age >= 18

outcome improved_share "Improved":
    measure share of adults where improved
    target at least 50%

payment:
    cohort referrals
    improved_share pays £100 per person where improved, above comparison matched:
        group a pays £300 where group_kind = "a"
        group b pays £200 where group_kind = "b"
    improved_share pays £50 per person where improved, above 20% deadweight, cap £200
'''
"""A ruleset (over the test service `svc`) that pays for the difference made: a referred
cohort, a comparison group's rate, price groups and a fixed deadweight share."""


def difference_data(seed: int) -> dict[str, list[dict[str, Any]]]:
    """Random text data for `DIFFERENCE`: people (`random_rulesets.text_data`), referrals (to
    the provider, late, to two providers, on one day to two, never seen) and comparison
    rates (one period's given twice)."""
    import datetime as dt
    import random

    from tests.engine.random_rulesets import text_data
    from tests.engine.sample import PERIODS, PROVIDERS

    rng = random.Random(seed)
    people = text_data(seed)
    pairs = sorted({(str(r["provider"]), str(r["person_id"])) for r in people
                    if r.get("provider") in PROVIDERS})
    referrals = []
    for provider, person in pairs:
        draw = rng.random()
        if draw < 0.1:
            continue
        on = dt.date(2025, 11, 1) + dt.timedelta(days=rng.randint(0, 150))
        referrals.append({"person_id": person, "provider": provider, "referred_on": on})
        if draw > 0.93:
            other = rng.choice([p for p in PROVIDERS if p != provider])
            earlier = on if draw > 0.97 else on - dt.timedelta(days=rng.randint(1, 20))
            referrals.append({"person_id": person, "provider": other, "referred_on": earlier})
    referrals += [{"person_id": f"never-{n}", "provider": rng.choice(PROVIDERS),
                   "referred_on": dt.date(2026, 1, 1) + dt.timedelta(days=n)} for n in range(5)]
    rates = [{"comparison": "matched", "period": period,
              "rate": f"{rng.randint(5, 30) / 100:.2f}"} for period in PERIODS]
    rates.append({**rates[-1], "rate": "0.5"})  # one period given twice: no rate there
    return {"people": people, "referrals": referrals, "comparison_rates": rates}
