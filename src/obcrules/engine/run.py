"""`monitor`: a checked ruleset and a directory of data in, a `MonitoringResult` out.

The steps, each a small query or none: find and read the files (the
commissioner's tables only when the payment terms read them); count records per
provider and period (a narrow scan); find repeated person_ids; build typed views
with validity (and, under a referred cohort, each paid table's referred view);
one scan per table for every measure; medians; the comparison groups' rates; one
pass per table for the once-per-person payments and the people helped, and the
population of each deadweight line; the invalid records listed; the cohort's
listings and reach; the gaming checks (`gaming`); then statuses, trajectories,
breakdowns and payments in Python. The run only orders the steps: each query is built
where its concern lives (`planner` for the run's views, measures, people and evidence;
`validation`, `loading` and `findings` for theirs; `commissioner`, `cohort` and
`deadweight` for the payment terms that pay for the difference made).
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlglot.expressions as exp

from obcrules.collector import collector_paused
from obcrules.engine import periods
from obcrules.engine.aggregates import Aggregates
from obcrules.engine.backend import Backend
from obcrules.engine.cohort import cohort_findings, create_referred_views, referred_view
from obcrules.engine.commissioner import (
    commissioner_tables,
    comparison_query,
    comparison_rates,
    record_counts_query,
)
from obcrules.engine.compile import Compiler, Plan, TablePlan
from obcrules.engine.contract import Contract, read_contract
from obcrules.engine.deadweight import choose_paid
from obcrules.engine.document import monitoring_document
from obcrules.engine.duckdb_backend import DuckDBBackend
from obcrules.engine.equality import BROKEN_DOWN
from obcrules.engine.errors import MonitoringError
from obcrules.engine.expressions import RowContext
from obcrules.engine.findings import Findings, list_invalid
from obcrules.engine.gaming import GamingFindings, GamingInputs, gaming_findings
from obcrules.engine.loading import (
    DataFile,
    discover,
    group_counts,
    load,
    mapped_files,
    readers_by_suffix,
    require_columns,
)
from obcrules.engine.mapping import TableSource
from obcrules.engine.milestones import NAME as MILESTONES
from obcrules.engine.milestones import milestones_table
from obcrules.engine.payments import terms_of
from obcrules.engine.planner import (
    PeoplePlan,
    PersonCondition,
    derived_query,
    duplicates_table,
    evidence_query,
    fine_query,
    fine_table,
    first_period_counts,
    first_periods_query,
    measure_keys,
    median_query,
    people_plan,
    people_table,
    population_counts_query,
    population_plan,
    rollup_query,
    typed_view,
    valid_records,
    valid_view,
)
from obcrules.engine.result import MonitoringResult
from obcrules.engine.validation import duplicate_keys
from obcrules.engine.verification import add_verification
from obcrules.engine.verification.claims import Settlement, settle
from obcrules.engine.verification.drawn_terms import check_drawn_terms
from obcrules.engine.verification.sheets import Returned, struck
from obcrules.engine.warehouse import Warehouse, load_tables
from obcrules.model import PeriodUnit, Ruleset
from obcrules.plugins.catalog import Vocabulary
from obcrules.plugins.common_tables import COMMISSIONER_TABLES, COMPARISON_RATES, REFERRALS
from obcrules.plugins.declarations import TableDecl
from obcrules.semantics.checked import CheckedRuleset


@dataclass
class Options:
    """How to run: the contract, strictness, how many invalid records to list."""

    contract: Path | None = None
    strict: bool = False
    list_limit: int = 10_000
    settlement: Settlement = field(default_factory=Settlement)
    samples: list[Returned] | None = None
    tables: dict[str, TableSource] = field(default_factory=dict)
    """obc.toml's ``[tables.*]``: files' names and columns (`obcrules.engine.mapping`)."""
    progress: Callable[[str], None] | None = None
    """Told each step of the run as it starts (a terminal shows it)."""


def _no_progress(step: str) -> None:
    """Progress nobody watches."""


def monitor(checked: CheckedRuleset, data: str | Path, *, contract: str | Path | None = None,
            strict: bool = False, backend: Backend | None = None,
            list_limit: int = 10_000, samples: list[Returned] | None = None,
            settlement: Settlement | None = None,
            tables: dict[str, TableSource] | None = None,
            progress: Callable[[str], None] | None = None) -> MonitoringResult:
    """Monitor ``data`` (a directory of one file per table) against a checked ruleset.

    ``samples`` are returned audit samples (`obcrules.engine.verification.sheets`): their
    failed claims are not paid and a failure rate above the ruleset's threshold claws
    back. ``settlement`` gathers the claims person by person (``listing``) and the
    mismatches with the confirming table (`obcrules.engine.verification.claims`).
    ``tables`` maps declared tables to files and their columns (obc.toml's
    ``[tables.*]``); ``progress`` is told each step as it starts.

    Raises `MonitoringError` for input it cannot use (a missing table, column or
    file, an unreadable file, a contract that does not fit) and, with ``strict``,
    `InvalidData` when any record is invalid.
    """
    ruleset = checked.require()
    if checked.vocabulary is None:
        raise MonitoringError(f"{checked.file}: the ruleset has no vocabulary; run `obc check`")
    settlement = settlement or Settlement()
    if samples is not None:
        settlement.struck = settlement.struck | struck(samples)
    options = Options(Path(contract) if contract else None, strict, list_limit, settlement,
                      samples, dict(tables or {}), progress)
    own_backend = backend is None
    engine = backend or DuckDBBackend()
    release = engine.close if own_backend else _keep_open
    try:
        # The document's 80,000 entries at 20 outcomes and 400 groups make no reference
        # cycle; the collector would walk the growing heap again and again (a fifth of
        # building the document)
        with collector_paused():
            return _Run(checked, ruleset, checked.vocabulary, Path(data), options,
                        engine).run(release)
    finally:
        release()


def _keep_open() -> None:
    """The caller's backend: the caller closes it."""


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
        self.commissioner = commissioner_tables(ruleset)
        self.files: dict[str, DataFile] = {}
        self.excluded: dict[str, exp.Expr | None] = {}
        self.findings = Findings()
        self.step = options.progress or _no_progress

    def run(self, release: Callable[[], None]) -> MonitoringResult:
        """The queries, then the document; ``release`` is called between them (an
        in-process database then frees its memory before the document takes its own)."""
        if self.options.contract is not None:
            self.contract = read_contract(self.options.contract, self.ruleset)
        if self.options.samples is not None:
            payment = self.ruleset.payment
            header = self.ruleset.header
            check_drawn_terms(self.options.samples, payment,
                              terms_of(payment, self.contract) if payment is not None else None,
                              header.currency or "" if header is not None else "")
        compiler = Compiler(self.ruleset, self.vocabulary, self.context)
        plan = compiler.compile()
        people = people_plan(self.ruleset, self.vocabulary, self.contract, compiler)
        populations = population_plan(self.ruleset, compiler)
        found = Aggregates()
        with ThreadPoolExecutor(max_workers=2) as hasher:
            found.ignored_files = self._load(plan, set(people), hasher)
            provider = self.contract.provider_id if self.contract else None
            bad = self._bad_periods()
            self.step("validating records")
            self._typed_views(provider, bad)
            self._derived_views()
            if REFERRALS in self.commissioner:
                create_referred_views(self.backend, self.vocabulary, set(people) |
                                      set(populations), self.context)
            for name in sorted(set(self.files) | set(plan.tables)):
                if name in self.commissioner:
                    self.findings.count(name, self.backend.fetch(record_counts_query(
                        typed_view(name), self.commissioner[name])))
                    continue
                self.step(f"measuring {name}")
                tplan = plan.tables.get(name)
                broken_down = any(m.table == name and m.kind in BROKEN_DOWN
                                  and m.item.kind == "outcome" for m in plan.measures)
                fine = self._aggregate(name, tplan or TablePlan(name), provider, broken_down)
                found.add_fine(name, fine)
                if name in self.files:
                    self.findings.count(name, fine[""])
                if tplan is not None and tplan.medians:
                    found.add_medians(self.backend.fetch(median_query(name, tplan)))
            if COMPARISON_RATES in self.files:
                found.comparisons = comparison_rates(
                    self.backend.fetch(comparison_query(typed_view(COMPARISON_RATES))),
                    self.files[COMPARISON_RATES].path.name, self.findings)
            self.step("counting people and populations")
            for name, conditions in people.items():
                found.add_people(name, self._first_periods(name, conditions))
            for name, counts in populations.items():
                found.add_populations([c.index for c in counts], self.backend.fetch(
                    population_counts_query(self.vocabulary.table(name), name, counts,
                                            self._source(name))))
            if self.ruleset.payment is not None:
                choose_paid(self.backend, self.ruleset.payment, people, found)
            if MILESTONES in self.files:
                found.add_milestones(self.backend.fetch(evidence_query()))
            self.step("listing invalid records")
            for data in self.files.values():
                list_invalid(self.backend, data, self.findings, bad.get(data.table, []),
                             None if data.table in self.commissioner else provider,
                             self.options.list_limit, self.unit)
            for data in self.files.values():
                found.add_input(data)
            if REFERRALS in self.commissioner:
                found.cohort = cohort_findings(
                    self.backend, self.vocabulary, self.files, set(people),
                    found.coverage(self.unit, provider).span, provider, self.findings,
                    self.options.list_limit)
            found.gaming = self._gaming(people, found, provider)
        release()
        self.step("statuses and payments")
        result = MonitoringResult(monitoring_document(
            self.checked, unit=self.unit, contract=self.contract, plan=plan, people=people,
            aggregates=found, findings=self.findings, provider=provider))
        add_verification(result.document, self.ruleset, self.options.settlement,
                         self.options.samples)
        if self.options.strict and self.findings.total:
            raise InvalidData(result)
        return result

    # ------------------------------------------------------------------ loading

    def _load(self, plan: Plan, people_tables: set[str], hasher: ThreadPoolExecutor) -> list[str]:
        processes = tuple(i.name for i in self.ruleset.items if i.kind == "process")
        declared: dict[str, TableDecl] = {n: t for n, t in self.vocabulary.tables.items()
                                          if n not in self.vocabulary.derived}
        declared[MILESTONES] = milestones_table(processes)
        declared.update(self.commissioner)
        readers = readers_by_suffix(self.checked.registry)
        needed = self._needed(plan, people_tables) | set(self.commissioner)
        found: dict[str, Path] = {}
        ignored: list[str] = []
        if isinstance(self.backend, Warehouse):  # the data lives in the backend: no files
            self.files = load_tables(self.backend, declared, needed)
        else:
            found, ignored = discover(self.directory, set(declared) | set(COMMISSIONER_TABLES),
                                      readers)
            found = mapped_files(found, self.directory, self.options.tables,
                                 set(declared) | set(COMMISSIONER_TABLES), readers)
            found = {t: p for t, p in found.items()  # the commissioner's, only when read
                     if t not in COMMISSIONER_TABLES or t in self.commissioner}
        for table in sorted(needed - set(self.files)):
            if table not in found:
                suffixes = ", ".join(f"{table}{s}" for s in sorted(readers))
                why = ("which the ruleset's payment terms read (the commissioner supplies it)"
                       if table in self.commissioner else "which the ruleset measures")
                raise MonitoringError(f"{self.directory}: no data for the table `{table}`, "
                                      f"{why}; add one of {suffixes}")
        for table, path in found.items():
            self.step(f"reading {path.name}")
            self.files[table] = load(path, declared[table], self.backend, readers, hasher,
                                     self.options.tables.get(table))
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
            duplicates = None
            if data.typed.key is not None:
                table = duplicates_table(name)
                if duplicate_keys(self.backend, data.typed, table, provider, bad.get(name, [])):
                    duplicates = table
                    self.findings.duplicates[name] = table
            self.excluded[name] = data.typed.excluded(bad.get(name, []), duplicates)
            self.backend.create_view(typed_view(name), data.typed.select(
                provider=None if name in self.commissioner else provider,
                excluded=self.excluded[name]))
            self.backend.create_view(valid_view(name), valid_records(data.typed.decl))

    def _derived_views(self) -> None:
        for name, derived in self.vocabulary.derived.items():
            if not set(derived.inputs) <= set(self.files):
                continue
            try:
                query = derived_query(derived, self.context)
            except Exception as exc:
                owner = self.vocabulary.table_owner.get(name, "?")
                raise MonitoringError(f"the derived table `{name}` of plugin {owner} could not "
                                      f"be built ({type(exc).__name__}: {exc})") from None
            # Materialised once: every later query reads it, and its GROUP BY is costly.
            self.backend.create_table(typed_view(name), query)

    # ------------------------------------------------------------------ queries

    def _aggregate(self, name: str, tplan: TablePlan, provider: str | None, breakdowns: bool
                   ) -> dict[str, list[dict[str, Any]]]:
        data = self.files.get(name)
        typed = data.typed if data is not None else None
        keys = measure_keys(typed, breakdowns)
        self.backend.create_table(fine_table(name), fine_query(
            name, tplan, keys, typed, provider, self.excluded.get(name)))
        out = {"": self.backend.fetch(rollup_query(name, tplan, ["provider", "period"]))}
        for f in keys[2:]:
            out[f] = self.backend.fetch(rollup_query(name, tplan, ["provider", "period", f]))
        return out

    def _source(self, table: str) -> str:
        """The relation a table's people are counted from: its typed view, or its referred
        view under a cohort."""
        return referred_view(table) if REFERRALS in self.commissioner else typed_view(table)

    def _gaming(self, people: PeoplePlan, found: Aggregates, provider: str | None
                ) -> GamingFindings:
        coverage = found.coverage(self.unit, provider)
        tables = set(self.files) | {n for n, d in self.vocabulary.derived.items()
                                    if set(d.inputs) <= set(self.files)}
        return gaming_findings(self.ruleset, GamingInputs(
            self.backend, self.vocabulary, self.context, self.unit, people, tables,
            set(self.files), self._source, coverage.span, coverage.providers,
            single=provider is not None))

    def _first_periods(self, name: str, conditions: list[PersonCondition]
                       ) -> list[dict[str, Any]]:
        self.backend.create_table(people_table(name), first_periods_query(
            self.vocabulary.table(name), name, conditions, self._source(name)))
        settle(self.backend, self.ruleset, name, conditions, self.options.settlement)
        rows: list[dict[str, Any]] = []
        for i, condition in enumerate(conditions):
            for row in self.backend.fetch(first_period_counts(name, i, condition.of)):
                rows.append({"condition": i, **row})
        return rows


class InvalidData(MonitoringError):
    """``--strict``: some records are invalid. ``result`` lists them."""

    def __init__(self, result: MonitoringResult) -> None:
        count = result.invalid_rows
        super().__init__(f"{count} invalid record(s) in the data; see the data-quality list "
                         "(run without --strict to exclude them and monitor the rest)")
        self.result = result
        self.written: Path | None = None
        """monitoring.json, with the data-quality list, when the caller wrote it."""
        self.removed: tuple[Path, ...] = ()
        """The files made from the earlier monitoring.json that writing it removed."""
