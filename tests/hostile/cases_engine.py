"""Monitoring data meant to break the engine: numbers no person recorded in a Parquet number
column, repeated columns, CSV files with huge fields or lines, odd column names on Spark.
Each must be a counted invalid record or a clear error naming the file and what to do."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.hostile.corpus import Case, Workspace

RULESETS = Path(__file__).resolve().parents[2] / "rulesets"
MONITOR = ["monitor", "{rulesets}/continence.obc", "--data", "{root}/data", "--out",
           "{root}/out"]


def _people(change: Callable[[Any], Any]) -> Callable[[Workspace], None]:
    """The continence sample data as Parquet, its people table changed by ``change``."""

    def setup(workspace: Workspace) -> None:
        people = workspace.sample("continence")["people"]
        workspace.parquet("data/people.parquet", change(people))

    return setup


def _score(value: float) -> Callable[[Any], Any]:
    """People with ``wemwbs_start`` (a whole number) as a DOUBLE column, the first ``value``."""

    def change(people: Any) -> Any:
        import pyarrow as pa

        values = [None if v is None else float(v) for v in people.column("wemwbs_start")
                  .to_pylist()]
        values[0] = value
        index = people.schema.get_field_index("wemwbs_start")
        return people.set_column(index, "wemwbs_start", pa.array(values, pa.float64()))

    return change


def _repeat(column: str, as_name: str) -> Callable[[Any], Any]:
    """People with a copy of ``column`` added under the name ``as_name``."""
    return lambda people: people.append_column(as_name, people.column(column))


def _csv(people: str) -> Callable[[Workspace], None]:
    """The continence sample data with ``people.csv`` replaced by ``people`` (its header and
    first record from the sample follow where the text says {header} and {record})."""

    def setup(workspace: Workspace) -> None:
        import pyarrow.csv as pacsv

        tables = workspace.sample("continence")
        sessions = workspace.root / "data" / "sessions.parquet"
        assert sessions.is_file()
        (workspace.root / "data" / "people.parquet").unlink()
        buffer = workspace.root / "sample-people.csv"
        pacsv.write_csv(tables["people"], buffer)
        header, record = buffer.read_text(encoding="utf-8").splitlines()[:2]
        workspace.write("data/people.csv", people.replace("{header}", header)
                        .replace("{record}", record))

    return setup


STRICT = [*MONITOR, "--strict"]
LONG = "p2,OAK,2026-Q1,40,female,white,none,{},true,true,0,0,40,50,true,,\n"
"""A people record (in the sample's column order) whose ``setting`` is ``{}``."""

def _binary(name: str, with_ruleset: str | None = None) -> Callable[[Workspace], None]:
    """A file of bytes that are not UTF-8 where obc expects YAML (beside a copy of an
    example ruleset, for a tests file)."""

    def setup(workspace: Workspace) -> None:
        workspace.write(name, b"\x91\xff\x00 not text \xfe" * 40)
        if with_ruleset is not None:
            workspace.write(with_ruleset, (RULESETS / with_ruleset).read_text(encoding="utf-8"))

    return setup


CASES = [
    Case("parquet-nan-in-a-whole-number-field", STRICT, exit=1,
         message="people.parquet:2: wemwbs_start: 'nan' is not a whole number",
         setup=_people(_score(float("nan")))),
    Case("parquet-infinity-in-a-whole-number-field", STRICT, exit=1,
         message="people.parquet:2: wemwbs_start: 'inf' is not a whole number",
         setup=_people(_score(float("inf")))),
    Case("parquet-minus-infinity-in-a-whole-number-field", STRICT, exit=1,
         message="people.parquet:2: wemwbs_start: '-inf' is not a whole number",
         setup=_people(_score(float("-inf")))),
    Case("parquet-1e300-in-a-whole-number-field", STRICT, exit=1,
         message="people.parquet:2: wemwbs_start: '1e+300' is not a whole number",
         setup=_people(_score(1e300))),
    Case("parquet-nan-counted-and-the-run-goes-on", MONITOR, exit=0,
         message="invalid record(s) excluded", setup=_people(_score(float("nan")))),
    Case("parquet-repeated-column", MONITOR, exit=1,
         message="people.parquet: has two columns named `age`; keep one",
         setup=_people(_repeat("age", "age"))),
    Case("parquet-columns-differing-in-case", MONITOR, exit=1,
         message="people.parquet: has two columns named `age` and `Age`, which differ only "
                 "in case; keep one",
         setup=_people(_repeat("age", "Age"))),
    Case("csv-columns-differing-in-case", MONITOR, exit=1,
         message="people.csv: has two columns named `age` and `AGE`",
         setup=_csv("{header},AGE\n{record},40\n")),
    Case("csv-header-field-over-128-kb", MONITOR, exit=1,
         message="people.csv: the header row cannot be read (field larger than field limit",
         setup=_csv('"' + "h" * 200_000 + "\n{record}\n")),
    Case("csv-data-field-over-128-kb", STRICT, exit=1,
         message="people.csv:3: setting: '" + "x" * 50,
         setup=_csv("{header}\n{record}\n" + LONG.format("x" * 200_000))),
    Case("csv-record-over-the-reader-block-of-1-mb", STRICT, exit=1,
         message="people.csv:3: setting: '" + "y" * 50,
         setup=_csv("{header}\n{record}\n" + LONG.format("y" * (2 << 20)))),
    Case("csv-quote-left-open", MONITOR, exit=1,
         message="check that every row has as many values as the header has columns",
         setup=_csv('{header}\n{record}\np2,"OAK,2026-Q1,40\n{record}\n')),
    Case("spark-column-name-with-a-backtick",
         [*MONITOR, "--engine", "spark", "--spark-master", "local[1]"], exit=0,
         message="wrote", needs="spark", setup=_people(_repeat("age", "odd`name"))),
    Case("contract-binary", ["finance", "{rulesets}/rough_sleeping_pbr.obc", "--contract",
                             "{root}/contract.yaml"], exit=1,
         message="contract.yaml: is not UTF-8 text; write it again with `obc tender award`",
         setup=_binary("contract.yaml")),
    Case("contract-binary-to-monitor", [*MONITOR, "--contract", "{root}/contract.yaml"],
         exit=1, message="contract.yaml: is not UTF-8 text",
         setup=_binary("contract.yaml")),
    Case("ruleset-tests-binary", ["test", "{root}/continence.obc"], exit=1,
         message="continence.tests.yaml: is not UTF-8 text",
         setup=_binary("continence.tests.yaml", with_ruleset="continence.obc")),
]
