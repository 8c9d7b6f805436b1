"""Ruleset literals written to change the SQL they become: quotes, backslashes, comment
markers, dollar quotes. Where the field has allowed values the checker refuses them; where
it is free text (``provider``) each must be read exactly as written: the population is
the people of one provider, renamed to the literal in the data, and the results must be
those of the same ruleset naming that provider plainly, on the unchanged data. On PostgreSQL the cases run with
``standard_conforming_strings`` off for the session (a role or database setting some
warehouses keep, under which a backslash in a plain '…' literal is an escape: issue 15,
item 4), and the sessions' dates are text, so the cast patterns are exercised too.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.hostile.corpus import RULESETS, Case, Workspace

RULESET = RULESETS / "continence.obc"
ORIGINAL = 'where setting = "care_home"'
PROVIDER = "Oakwood Care"
LITERALS = {
    "backslash-end": "care_home\\",
    "two-backslashes-end": "care_home\\\\",
    "quote": "care_home'",
    "quote-or-true": "x' OR '1'='1",
    "drop-table": "x'; DROP TABLE people; --",
    "backslash-quote-or-true": "\\' OR 1=1 --",
    "dollar-quote": "$$ OR true $$",
    "double-quote": 'care "home"',
    "escape-string-syntax": "E'\\x41'",
    "like-wildcards": "%_care*",
    "comment": "care/* x */home --",
    "backslash-n": "care\\nhome",
}
SCS_OFF = "options=-c%20standard_conforming_strings%3Doff"


def _language(text: str) -> str:
    """``text`` as a ruleset string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _ruleset(condition: str) -> str:
    source = RULESET.read_text(encoding="utf-8")
    assert ORIGINAL in source
    return source.replace(ORIGINAL, f"where {condition}")


def _hostile(literal: str) -> Callable[[Workspace], dict[str, str]]:
    """The ruleset's residents the people of a provider named ``literal`` (the sample's
    first provider renamed so in the data); and a baseline: the results of the ruleset
    naming that provider as it was, on the unchanged data (DuckDB), for `_same_results`."""

    def setup(workspace: Workspace) -> dict[str, str]:
        import pyarrow as pa

        from obcrules import api

        workspace.write("hostile.obc", _ruleset(f"provider = {_language(literal)}"))
        workspace.write("plain.obc", _ruleset(f"provider = {_language(PROVIDER)}"))
        tables = workspace.sample("continence", "original")
        baseline = api.monitor(workspace.root / "plain.obc", workspace.root / "original")
        workspace.write("baseline.json", json.dumps(baseline.result.document["results"],
                                                    sort_keys=True))
        workspace.write("literal.txt", literal)
        for name, table in tables.items():
            index = table.schema.get_field_index("provider")
            renamed = [literal if v == PROVIDER else v
                       for v in table.column("provider").to_pylist()]
            workspace.parquet(f"data/{name}.parquet",
                              table.set_column(index, "provider", pa.array(renamed)))
        return {}

    return setup


def _same_results(root: Path) -> None:
    """The results, the provider's name put back, equal the baseline's, and someone is in
    the population (the literal matched what it says, nothing more, nothing less)."""
    document = json.loads((root / "out" / "monitoring.json").read_text(encoding="utf-8"))
    baseline = json.loads((root / "baseline.json").read_text(encoding="utf-8"))
    literal = (root / "literal.txt").read_text(encoding="utf-8")
    results = [r | {"provider": PROVIDER} if r["provider"] == literal else r
               for r in document["results"]]
    key = json.dumps
    assert sorted(map(key, results)) == sorted(map(key, baseline))
    assert any(r["name"] == "untreated_continence" and r["denominator"]
               for r in document["results"])


def _warehouse(literal: str) -> Callable[[Workspace], dict[str, str]]:
    """`_hostile`, the data loaded into the case's schema (dates as text), obc.toml
    mapping it; ``{scs_off}`` is the server's DSN with standard_conforming_strings off."""

    def setup(workspace: Workspace) -> dict[str, str]:
        import psycopg
        import pyarrow as pa
        import pyarrow.parquet as pq

        from tests.engine.warehouse_data import load_arrow

        _hostile(literal)(workspace)
        assert workspace.pg_dsn is not None
        mapping = []
        with psycopg.connect(workspace.pg_dsn, autocommit=True) as connection:
            for table in ("people", "sessions"):
                data: Any = pq.read_table(workspace.root / "data" / f"{table}.parquet")
                if table == "sessions":
                    index = data.schema.get_field_index("session_date")
                    data = data.set_column(index, "session_date", pa.array(
                        [None if d is None else d.isoformat()
                         for d in data.column("session_date").to_pylist()], pa.string()))
                load_arrow(connection, f"{workspace.pg_schema}.{table}", data)
                mapping.append(f'[tables.{table}]\ntable = "{workspace.pg_schema}.{table}"\n'
                               'row = "_obc_row"\n')
        workspace.write("obc.toml", "\n".join(mapping))
        separator = "&" if "?" in workspace.pg_dsn else "?"
        return {"scs_off": f"{workspace.pg_dsn}{separator}{SCS_OFF}"}

    return setup


def _duckdb(label: str, literal: str) -> Case:
    return Case(f"literal-{label}-duckdb", ["monitor", "{root}/hostile.obc", "--data",
                                            "{root}/data", "--out", "{root}/out"],
                exit=0, message="wrote", setup=_hostile(literal), check=_same_results)


def _postgres(label: str, literal: str) -> Case:
    return Case(f"literal-{label}-postgres-standard-conforming-strings-off",
                ["monitor", "{root}/hostile.obc", "--data", "{scs_off}", "--engine",
                 "postgres", "--out", "{root}/out"],
                exit=0, message="wrote", setup=_warehouse(literal), check=_same_results,
                needs="postgres")


def _not_allowed(label: str, literal: str) -> Case:
    return Case(f"literal-{label}-not-an-allowed-setting", ["check", "{root}/setting.obc"],
                exit=1, message="is not one of the allowed values",
                setup=lambda w: (w.write("setting.obc", _ruleset(
                    f"setting = {_language(literal)}")), None)[1])


CASES = [
    *[_not_allowed(label, literal) for label, literal in LITERALS.items()],
    *[_duckdb(label, literal) for label, literal in LITERALS.items()],
    *[_postgres(label, literal) for label, literal in LITERALS.items()],
    _postgres("unchanged", "care_home"),
]
