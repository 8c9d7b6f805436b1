"""`monitor`: a checked ruleset and a directory of data in, a `MonitoringResult` out.

The steps, each a small query or none: find and read the files; count records
per provider and period (a narrow scan); find repeated person_ids; build typed
views with validity; one scan per table for every measure; medians; one pass
per table for the once-per-person payments and the people helped; the invalid
records listed; then statuses, trajectories, breakdowns and payments in Python.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlglot.expressions as exp

from obcrules.engine import periods
from obcrules.engine.backend import Backend
from obcrules.engine.compile import (
    Compiler,
    Plan,
    TablePlan,
    conjunction,
    equality_fields,
    fine_query,
    rollup_query,
)
from obcrules.engine.contract import Contract, read_contract
from obcrules.engine.duckdb_backend import DuckDBBackend
from obcrules.engine.errors import MonitoringError
from obcrules.engine.expressions import RowContext, column
from obcrules.engine.findings import Findings, list_invalid
from obcrules.engine.loading import (
    DataFile,
    discover,
    duplicate_keys,
    group_counts,
    is_duplicate,
    load,
    readers_by_suffix,
    require_columns,
)
from obcrules.engine.milestones import NAME as MILESTONES
from obcrules.engine.milestones import milestones_table
from obcrules.engine.result import Assembler, MonitoringResult
from obcrules.engine.validation import OK
from obcrules.engine.warehouse import Warehouse, load_tables
from obcrules.model import PeriodUnit, Ruleset
from obcrules.plugins.catalog import Vocabulary
from obcrules.plugins.declarations import TableDecl
from obcrules.semantics.checked import CheckedRuleset


@dataclass
class Options:
    """How to run: the contract, strictness, how many invalid records to list."""

    contract: Path | None = None
    strict: bool = False
    list_limit: int = 10_000


def monitor(checked: CheckedRuleset, data: str | Path, *, contract: str | Path | None = None,
            strict: bool = False, backend: Backend | None = None,
            list_limit: int = 10_000) -> MonitoringResult:
    """Monitor ``data`` (a directory of one file per table) against a checked ruleset.

    Raises `MonitoringError` for input it cannot use (a missing table, column or
    file, an unreadable file, a contract that does not fit) and, with ``strict``,
    `InvalidData` when any record is invalid.
    """
    ruleset = checked.require()
    if checked.vocabulary is None:
        raise MonitoringError(f"{checked.file}: the ruleset has no vocabulary; run `obc check`")
    options = Options(Path(contract) if contract else None, strict, list_limit)
    own_backend = backend is None
    engine = backend or DuckDBBackend()
    try:
        return _Run(checked, ruleset, checked.vocabulary, Path(data), options, engine).run()
    finally:
        if own_backend:
            engine.close()


class _Run:
    def __init__(self, checked: CheckedRuleset, ruleset: Ruleset, vocabulary: Vocabulary,
                 directory: Path, options: Options, backend: Backend) -> None:
        self.checked = checked
        self.ruleset = ruleset
        self.vocabulary = vocabulary
        self.directory = directory
        self.options = options
        self.backend = backend
        header = ruleset.header
        self.unit: PeriodUnit = (header.period if header and header.period
                                         else "quarter")
        self.context = RowContext(self.unit)
        self.contract: Contract | None = None
        self.files: dict[str, DataFile] = {}
        self.excluded: dict[str, exp.Expr | None] = {}
        self.findings = Findings()

    def run(self) -> MonitoringResult:
        if self.options.contract is not None:
            self.contract = read_contract(self.options.contract, self.ruleset)
        compiler = Compiler(self.ruleset, self.vocabulary, self.context)
        plan = compiler.compile()
        assembler = Assembler(self.checked, self.ruleset, self.vocabulary, self.unit,
                              self.contract, plan)
        people = assembler.people_plan(compiler)
        with ThreadPoolExecutor(max_workers=2) as hasher:
            ignored = self._load(plan, set(people), hasher)
            provider = self.contract.provider_id if self.contract else None
            bad = self._bad_periods()
            self._typed_views(provider, bad)
            self._derived_views(plan)
            for name in sorted(set(self.files) | set(plan.tables)):
                tplan = plan.tables.get(name)
                shares = any(m.table == name and m.kind == "share" and m.item.kind == "outcome"
                             for m in plan.measures)
                fine = self._aggregate(name, tplan or TablePlan(name), provider, shares)
                assembler.add_fine(name, fine)
                if name in self.files:
                    self.findings.count(name, fine[""])
                if tplan is not None and tplan.medians:
                    assembler.add_medians(self.backend.fetch(self._medians(name, tplan)))
            for name, conditions in people.items():
                assembler.add_people(name, self._first_periods(name, conditions))
            if MILESTONES in self.files:
                assembler.add_milestones(self.backend.fetch(
                    exp.select("provider", "process", exp.alias_(
                        exp.Min(this=column("evidence_date")), "evidence_date"))
                    .from_(f"obc_typed_{MILESTONES}").where(column(OK))
                    .group_by("provider", "process")))
            for data in self.files.values():
                list_invalid(self.backend, data, self.findings, bad.get(data.table, []),
                             provider, self.options.list_limit, self.unit)
            for data in self.files.values():
                assembler.add_input(data)
            assembler.ignored_files = ignored
        result = assembler.finish(self.files, self.findings, provider)
        if self.options.strict and self.findings.total:
            raise InvalidData(result)
        return result

    # ------------------------------------------------------------------ loading

    def _load(self, plan: Plan, people_tables: set[str], hasher: ThreadPoolExecutor) -> list[str]:
        processes = tuple(i.name for i in self.ruleset.items if i.kind == "process")
        declared: dict[str, TableDecl] = {n: t for n, t in self.vocabulary.tables.items()
                                          if n not in self.vocabulary.derived}
        declared[MILESTONES] = milestones_table(processes)
        readers = readers_by_suffix(self.checked.registry)
        needed = self._needed(plan, people_tables)
        found: dict[str, Path] = {}
        ignored: list[str] = []
        if isinstance(self.backend, Warehouse):  # the data lives in the backend: no files
            self.files = load_tables(self.backend, declared, needed)
        else:
            found, ignored = discover(self.directory, set(declared), readers)
        for table in sorted(needed - set(self.files)):
            if table not in found:
                suffixes = ", ".join(f"{table}{s}" for s in sorted(readers))
                raise MonitoringError(f"{self.directory}: no data for the table `{table}`, "
                                      f"which the ruleset measures; add one of {suffixes}")
        for table, path in found.items():
            self.files[table] = load(path, declared[table], self.backend, readers, hasher)
        for data in self.files.values():
            group_counts(self.backend, data)
        for name, tplan in plan.tables.items():
            if name in self.files:
                require_columns(self.files[name], tplan.fields, "the ruleset")
        if self.contract is not None:
            found_providers = sorted({str(p) for d in self.files.values()
                                      for (p, _) in d.groups if p is not None})
            if self.contract.provider_id not in found_providers:
                listing = ", ".join(found_providers) or "none"
                raise MonitoringError(
                    f"{self.contract.path}: the provider `{self.contract.provider_id}` has no "
                    f"records in {self.directory} (providers found: {listing}); set "
                    "provider_id to the code the provider uses in its returns")
        return ignored

    def _needed(self, plan: Plan, people_tables: set[str]) -> set[str]:
        needed: set[str] = set()
        pending = list(set(plan.tables) | people_tables)
        while pending:
            name = pending.pop()
            derived = self.vocabulary.derived.get(name)
            if derived is None:
                needed.add(name)
            else:
                pending.extend(derived.inputs)
        return needed

    def _bad_periods(self) -> dict[str, list[str]]:
        bad: dict[str, list[str]] = {}
        for name, data in self.files.items():
            texts = sorted({str(p) for (_, p) in data.groups if p is not None})
            wrong = [t for t in texts if periods.ordinal(t, self.unit) is None]
            if wrong:
                bad[name] = wrong
        return bad

    def _typed_views(self, provider: str | None, bad: dict[str, list[str]]) -> None:
        for name, data in self.files.items():
            excluded: list[exp.Expr] = []
            if bad.get(name):
                excluded.append(exp.In(this=data.typed.typed["period"].copy(), expressions=[
                    exp.Literal.string(p) for p in bad[name]]))
            if data.typed.key is not None:
                dups = f"obc_dups_{name}"
                if duplicate_keys(self.backend, data, dups, provider, bad.get(name, [])):
                    excluded.append(is_duplicate(data, dups))
                    self.findings.duplicates[name] = dups
            either = None
            for part in excluded:
                either = part if either is None else exp.Or(this=either, expression=part)
            self.excluded[name] = either
            self.backend.create_view(f"obc_typed_{name}",
                                     data.typed.select(provider=provider, excluded=either))
            self.backend.create_view(
                f"obc_valid_{name}",
                exp.select(*[column(f.name) for f in data.typed.decl.fields])
                .from_(f"obc_typed_{name}").where(column(OK)))

    def _derived_views(self, plan: Plan) -> None:
        for name, derived in self.vocabulary.derived.items():
            if not set(derived.inputs) <= set(self.files):
                continue
            inputs = {i: exp.to_table(f"obc_valid_{i}") for i in derived.inputs}
            try:
                query = derived.build_sql(inputs, self.context)
            except Exception as exc:
                owner = self.vocabulary.table_owner.get(name, "?")
                raise MonitoringError(f"the derived table `{name}` of plugin {owner} could not "
                                      f"be built ({type(exc).__name__}: {exc})") from None
            columns: list[exp.Expr] = [column(f.name) for f in derived.table.fields]
            columns += [exp.alias_(exp.true(), OK, quoted=True),
                        exp.alias_(exp.null(), "_obc_row", quoted=True)]
            # Materialised once: every later query reads it, and its GROUP BY is costly.
            self.backend.create_table(f"obc_typed_{name}", exp.select(*columns).from_(
                exp.alias_(exp.Subquery(this=query), "d", table=True)))

    # ------------------------------------------------------------------ queries

    def _keys(self, name: str, breakdowns: bool) -> list[str]:
        """Provider and period, and the equality fields when an outcome share needs them."""
        data = self.files.get(name)
        present = set(data.typed.typed) if data and breakdowns else set()
        return ["provider", "period", *equality_fields(present)]

    def _aggregate(self, name: str, tplan: TablePlan, provider: str | None, breakdowns: bool
                   ) -> dict[str, list[dict[str, Any]]]:
        keys = self._keys(name, breakdowns)
        data = self.files.get(name)
        source: exp.Expr = exp.select("*").from_(f"obc_typed_{name}")
        group_ok: exp.Expr = exp.true()
        if data is not None:  # checks of key columns once per group, not per record
            deferred = data.typed.deferrable(keys)
            source = data.typed.select(provider, self.excluded.get(name), deferred)
            group_ok = data.typed.group_ok(deferred)
        fine = f"obc_fine_{name}"
        self.backend.create_table(fine, fine_query(source, tplan, keys, group_ok))
        out = {"": self.backend.fetch(rollup_query(fine, tplan, ["provider", "period"]))}
        for f in keys[2:]:
            out[f] = self.backend.fetch(rollup_query(fine, tplan, ["provider", "period", f]))
        return out

    def _medians(self, name: str, tplan: TablePlan) -> exp.Select:
        columns: list[exp.Expr] = [column("provider"), column("period")]
        columns += [exp.alias_(m.copy(), n, quoted=True) for n, m in tplan.medians]
        return (exp.select(*columns).from_(f"obc_typed_{name}")
                .group_by(column("provider"), column("period")))

    def _first_periods(self, name: str, conditions: list[exp.Expr]
                       ) -> list[dict[str, Any]]:
        decl = self.vocabulary.table(name)
        key = decl.key if decl else None
        if key is None:
            raise MonitoringError(f"the table `{name}` has no person_id, so people cannot be "
                                  "paid for or counted once each")
        people = f"obc_people_{name}"
        columns: list[exp.Expr] = [column("provider")]
        columns += [exp.alias_(exp.Filter(this=exp.Min(this=column("period")),
                                          expression=exp.Where(this=c.copy())), f"c{i}",
                               quoted=True) for i, c in enumerate(conditions)]
        query = (exp.select(*columns).from_(f"obc_typed_{name}")
                 .where(conjunction([column(OK), exp.Not(this=exp.Is(
                     this=column(key), expression=exp.null()))]))
                 .group_by(column("provider"), column(key)))
        self.backend.create_table(people, query)
        rows: list[dict[str, Any]] = []
        for i in range(len(conditions)):
            first = column(f"c{i}")
            for row in self.backend.fetch(
                exp.select(column("provider"), exp.alias_(first, "period"),
                           exp.alias_(exp.Count(this=exp.Star()), "n"))
                .from_(people).where(exp.Not(this=exp.Is(this=first.copy(),
                                                         expression=exp.null())))
                .group_by(exp.Literal.number(1), exp.Literal.number(2))):
                rows.append({"condition": i, **row})
        return rows


class InvalidData(MonitoringError):
    """``--strict``: some records are invalid. ``result`` lists them."""

    def __init__(self, result: MonitoringResult) -> None:
        count = result.invalid_rows
        super().__init__(f"{count} invalid record(s) in the data; see the data-quality list "
                         "(run without --strict to exclude them and monitor the rest)")
        self.result = result
