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
from obcrules.engine.result import MonitoringResult
from obcrules.plugins.declarations import SampleDataDecl, TableDecl

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
            for name, table in decl.generate(rows, 3).items():
                declared = checked.vocabulary.table(name)
                spoiled = spoil(table, declared) if declared is not None else table
                pq.write_table(spoiled, directory / f"{name}.parquet")
                tables[name] = spoiled
    return tables
