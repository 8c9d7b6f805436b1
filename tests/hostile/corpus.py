"""The format of the hostile corpus, and what every case must hold.

A case is a command line and what it must do with a hostile input: the exit code
and a fragment of the message (or of the output on success). The cases of one
area live in a module of their own, ``tests/hostile/cases_<area>.py``, as a list
``CASES`` of `Case`; `test_corpus` finds every such module, so adding an area is
adding a file (README.md lists the areas)::

    CASES = [
        Case("parquet-nan-in-whole-number", ["monitor", "{rulesets}/continence.obc",
             "--data", "{root}/data", "--out", "{root}/out"],
             exit=0, message="1 invalid record(s) excluded",
             setup=lambda w: w.parquet("data/people.parquet", {...})),
    ]

Arguments are formatted with ``{root}`` (the case's own folder, also the working
folder), ``{rulesets}`` (the example rulesets), ``{pg}`` (the throwaway
PostgreSQL server's DSN; such cases need ``needs="postgres"``, and get a schema of
their own, `Workspace.pg_schema`) and whatever the case's ``setup`` returns; so is
the expected message. Whatever the
case, the runner asserts that no traceback is printed and no crash log written,
that none of the case's ``secrets`` appears in the output, in any file the command
wrote or in any log record, that the output holds none of its ``forbidden`` text (a
forged line), and that no CSV or XLSX the command wrote holds a live formula; then
the case's ``check``, if any, looks at what is left in the folder.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

RULESETS = Path(__file__).parents[2] / "rulesets"

Service = Literal["postgres", "spark"]


@dataclass(frozen=True)
class Case:
    """One hostile input: run ``args`` (after `Workspace.prepare` ran ``setup``)."""

    id: str
    args: Sequence[str]
    exit: int
    message: str = ""
    """A fragment the output (stdout and stderr) must hold."""
    setup: Callable[[Workspace], dict[str, str] | None] | None = None
    """Fills the case's folder; may return more placeholders for ``args``."""
    secrets: Sequence[str] = ()
    """Text that must appear nowhere obc writes: output, files, logs."""
    needs: Service | None = None
    fault: Callable[[Any, Path], None] | None = None
    """Called with pytest's ``monkeypatch`` and the root before the command runs, to
    inject a fault (a full disk, a kill between two renames)."""
    env: dict[str, str] = field(default_factory=dict)
    forbidden: Sequence[str] = ()
    """Text the output must not hold (a forged line, a terminal escape)."""
    check: Callable[[Path], None] | None = None
    """Called with the root after the command, for what a message cannot show (the
    previous outputs still in place)."""


@dataclass
class Workspace:
    """A case's folder and the means to fill it."""

    root: Path
    pg_dsn: str | None = None
    pg_schema: str | None = None

    def write(self, relative: str, content: str | bytes) -> Path:
        """Write a file (text as UTF-8) under the root, creating its folder."""
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            content = content.encode("utf-8")
        path.write_bytes(content)
        return path

    def parquet(self, relative: str, columns: dict[str, list[Any]] | Any,
                names: Sequence[str] | None = None) -> Path:
        """Write a Parquet file from columns (or an Arrow table); ``names`` renames the
        columns, repeats allowed."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = columns if isinstance(columns, pa.Table) else pa.table(columns)
        if names is not None:
            table = table.rename_columns(list(names))
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        pq.write_table(table, path)
        return path

    def sample(self, ruleset: str, relative: str = "data", rows: int = 200) -> dict[str, Any]:
        """The ruleset's sample data as Parquet in ``relative`` (the tables, by name);
        generated once per process (it is the same every time), written for each case."""
        import pyarrow.parquet as pq

        from tests.engine.engine_equivalence import sample_data

        key = (ruleset, rows)
        if key not in _SAMPLES:
            _SAMPLES[key] = sample_data(RULESETS / f"{ruleset}.obc", self.root / relative, rows)
            return dict(_SAMPLES[key])
        (self.root / relative).mkdir(parents=True)
        for name, table in _SAMPLES[key].items():
            pq.write_table(table, self.root / relative / f"{name}.parquet")
        return dict(_SAMPLES[key])


_SAMPLES: dict[tuple[str, int], dict[str, Any]] = {}


def files_under(root: Path) -> dict[Path, float]:
    """Every file under ``root`` with its modification time."""
    found = {}
    for folder, _, names in os.walk(root):
        for name in names:
            path = Path(folder) / name
            try:
                found[path] = path.stat().st_mtime
            except OSError:
                continue
    return found


LIVE_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""A text cell starting with one of these is a formula to a spreadsheet (OWASP)."""


def live_formulas(path: Path) -> list[str]:
    """Cells of a CSV or XLSX file that a spreadsheet would run as formulas."""
    found: list[str] = []
    if path.suffix.lower() == ".csv":
        import csv

        with path.open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.reader(handle):
                found += [cell for cell in row if cell.startswith(LIVE_FORMULA_START)
                          and not _number(cell)]
    elif path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        workbook = load_workbook(path)
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows():
                found += [f"{sheet.title}!{c.coordinate}" for c in row if c.data_type == "f"]
    return found


def _number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True
