"""Gaming alerts: cream-skimming, parking, bunching, drop-out before measurement, double claims.

`gaming_findings` runs each check the ruleset's rate card allows (a ``gaming:`` block sets
thresholds and inputs, or turns a check off; docs/gaming.md): its query
(`obcrules.engine.gaming.queries`) returns counts, and
`obcrules.engine.gaming.statistics` turns them into exact figures and alerts. A check
that cannot be made (a contract's single provider has no one to compare with, no table
of activity) is listed with a note rather than left out silently.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import sqlglot.expressions as exp

from obcrules.engine import periods
from obcrules.engine.backend import Backend
from obcrules.engine.compile import conjunction
from obcrules.engine.expressions import ExpressionCompiler, RowContext, column
from obcrules.engine.gaming.queries import (
    bunching_query,
    case_mix_query,
    double_claims_query,
    drop_out_query,
    parking_query,
)
from obcrules.engine.gaming.settings import Setting, settings
from obcrules.engine.gaming.statistics import (
    ShareCounts,
    bunching_alerts,
    case_mix_alerts,
    double_claim_alerts,
    plain_number,
    share_alerts,
)
from obcrules.engine.planner import PeoplePlan, typed_view
from obcrules.figures import count_text
from obcrules.model import (
    Between,
    BoolExpr,
    Compare,
    Expr,
    FieldRef,
    GamingPattern,
    IsMissing,
    Node,
    NumberLit,
    PeriodUnit,
    RateLine,
    Ruleset,
)
from obcrules.plugins.catalog import Vocabulary
from obcrules.plugins.common_tables import COMMISSIONER_TABLES
from obcrules.results.gaming import GamingAlert, GamingCheck, GamingScope
from obcrules.semantics.scope import Source, resolve_source
from obcrules.syntax.printer import format_expr

NEIGHBOURS = 2
"""Values on each side of a cut-off that bunching compares it with."""


@dataclass
class GamingFindings:
    """The checks made and the alerts raised, for the document."""

    checks: list[GamingCheck] = field(default_factory=list)
    alerts: list[GamingAlert] = field(default_factory=list)


@dataclass(frozen=True)
class GamingInputs:
    """What the checks read from the run: the relations it made and who it monitors."""

    backend: Backend
    vocabulary: Vocabulary
    context: RowContext
    unit: PeriodUnit
    people: PeoplePlan
    tables: set[str]
    """The tables with data (files, or derived tables whose inputs have data)."""
    files: set[str]
    """The tables read from files or a warehouse (not derived)."""
    source: Callable[[str], str]
    """The relation a table's people are read from (its typed or referred view)."""
    span: list[str]
    providers: list[str]
    single: bool
    """A contract's run: one provider's data, so nobody to compare it with."""


@dataclass(frozen=True)
class _Line:
    number: int
    line: RateLine
    table: str
    key: str
    source: Source
    population: str
    people: str
    """The population's title (or its table's)."""

    @property
    def outcome(self) -> str:
        return self.line.outcome.name


def gaming_findings(ruleset: Ruleset, inputs: GamingInputs) -> GamingFindings:
    """Every gaming check of the ruleset's rate-card lines on the run's data."""
    found = GamingFindings()
    payment = ruleset.payment
    if payment is None:
        return found
    lines = list(_lines(ruleset, inputs))
    chosen = settings(ruleset)
    checks: dict[GamingPattern, Callable[[list[_Line], Setting, GamingInputs,
                                          GamingFindings], None]] = {
        "cream-skimming": _cream_skimming, "parking": _parking, "bunching": _bunching,
        "drop-out": _drop_out, "double-claims": _double_claims}
    for pattern, check in checks.items():
        if chosen[pattern].on and lines:
            check(lines, chosen[pattern], inputs, found)
    found.alerts.sort(key=lambda a: (a["pattern"], a["provider"], a["subject"]))
    return found


def _lines(ruleset: Ruleset, inputs: GamingInputs) -> Iterator[_Line]:
    payment = ruleset.payment
    assert payment is not None
    for number, line in enumerate(payment.rate_lines, start=1):
        item = ruleset.item(line.outcome.name)
        if item is None or item.measure is None:
            continue
        source = resolve_source(ruleset, item.measure.source.name)
        decl = inputs.vocabulary.table(source.table) if source is not None else None
        if source is None or decl is None or decl.key is None or source.table not in inputs.tables:
            continue
        name = item.measure.source.name
        population = ruleset.population(name)
        people = (population.title if population is not None and population.title
                  else _table_title(inputs, name))
        yield _Line(number, line, source.table, decl.key, source, name, people)


def _compile(inputs: GamingInputs, nodes: list[Expr]) -> tuple[exp.Expr, set[str]]:
    compiler = ExpressionCompiler(inputs.vocabulary, inputs.context)
    return conjunction([compiler.compile(n) for n in nodes]), compiler.fields


def _check(found: GamingFindings, pattern: GamingPattern, subject: str, setting: Setting,
           judged: int, alerts: list[GamingAlert], scope: GamingScope,
           note: str | None = None) -> None:
    found.checks.append({"pattern": pattern, "subject": subject, "threshold": setting.wording,
                         "judged": judged, "alerts": len(alerts), "note": note,
                         "scope": scope})
    for alert in alerts:
        alert["scope"] = scope
    found.alerts.extend(alerts)


def _scope(inputs: GamingInputs, setting: Setting, people: str, table: str,
           line: _Line | None = None,
           fields: list[str] | tuple[str, ...] = (), activity: list[str] | None = None,
           **words: str | None) -> GamingScope:
    """What a check looks at, by title: whose records (``people``, already a title), the
    fields of ``table`` and the ``activity`` tables by their declared titles, the periods."""
    return {"outcome": line.outcome if line else None,
            "rate_line": line.number if line else None,
            "people": people,
            "fields": [_field_title(inputs, table, f) for f in fields],
            "activity": [_table_title(inputs, a) for a in activity or []],
            "condition": words.get("condition"), "cut_off": words.get("cut_off"),
            "baseline": setting.baseline,
            "periods": [inputs.span[0], inputs.span[-1]] if inputs.span else [],
            "limit": plain_number(setting.threshold),
            "within": setting.periods if setting.pattern == "parking" else None}


def _table_title(inputs: GamingInputs, name: str) -> str:
    decl = inputs.vocabulary.table(name)
    return decl.title if decl is not None and decl.title else name


def _field_title(inputs: GamingInputs, table: str | None, name: str) -> str:
    decl = inputs.vocabulary.table(table) if table is not None else None
    declared = decl.field(name) if decl is not None else None
    return declared.title if declared is not None and declared.title else name


_ALONE = "one provider's data (a contract's run): there is no one to compare it with"


# ----------------------------------------------------------------------------- cream-skimming


def _compared_fields(conditions: list[Expr]) -> list[str]:
    """The fields a population's conditions compare with a number (``age >= 65``)."""
    names: list[str] = []

    def walk(node: Node) -> None:
        if isinstance(node, BoolExpr):
            walk(node.left)
            walk(node.right)
        elif isinstance(node, Compare | Between):
            sides = ([node.left, node.right] if isinstance(node, Compare)
                     else [node.operand, node.low, node.high])
            if any(isinstance(s, NumberLit) for s in sides):
                names.extend(s.name for s in sides if isinstance(s, FieldRef))
    for condition in conditions:
        walk(condition)
    return list(dict.fromkeys(names))


def _cream_skimming(lines: list[_Line], setting: Setting, inputs: GamingInputs,
                    found: GamingFindings) -> None:
    seen: set[tuple[str, str]] = set()
    for line in lines:
        decl = inputs.vocabulary.table(line.table)
        assert decl is not None
        types = {f.name: f.type for f in decl.fields}
        names = list(setting.fields) or [
            n for n in _compared_fields(list(line.source.conditions))
            if types.get(n) in ("integer", "decimal")]
        population, _ = _compile(inputs, list(line.source.conditions))
        for name in names:
            if (line.population, name) in seen:
                continue
            seen.add((line.population, name))
            subject = f"{name} of the new people in {line.population}"
            scope = _scope(inputs, setting, line.people, line.table, fields=[name])
            if name not in types:
                _check(found, "cream-skimming", subject, setting, 0, [], scope,
                       f"{_table_title(inputs, line.table)} has no field called {name}")
                continue
            if inputs.single and setting.baseline is None:
                _check(found, "cream-skimming", subject, setting, 0, [], scope,
                       f"{_ALONE}; naming a baseline period in the ruleset (cream-skimming "
                       "against PERIOD) compares its new people with its own of that period")
                continue
            rows = inputs.backend.fetch(case_mix_query(
                inputs.source(line.table), line.key, population.copy(), column(name)))
            alerts, judged = case_mix_alerts(rows, name, types[name], subject, setting)
            _check(found, "cream-skimming", subject, setting, judged, alerts, scope)
        if not names and (line.population, "") not in seen:
            seen.add((line.population, ""))
            _check(found, "cream-skimming", f"the new people in {line.population}", setting,
                   0, [], _scope(inputs, setting, line.people, line.table),
                   "nothing to compare: the population's conditions compare no number field; "
                   "the ruleset can name the fields to compare (cream-skimming on FIELD, "
                   "FIELD)")


# ----------------------------------------------------------------------------- parking


def _parking(lines: list[_Line], setting: Setting, inputs: GamingInputs,
             found: GamingFindings) -> None:
    for table, key in dict.fromkeys((line.table, line.key) for line in lines):
        activity = _activity(table, setting, inputs)
        names = ", ".join(f"`{a}`" for a, _ in activity) or "no table"
        subject = f"people taken on in {table} with no record in {names}"
        scope = _scope(inputs, setting, _table_title(inputs, table), table,
                       activity=[a for a, _ in activity])
        if not activity:
            _check(found, "parking", f"people taken on in {table}", setting, 0, [], scope,
                   "no other table of the returns names people, so no activity can be seen; "
                   "the ruleset can name one (parking after N periods without TABLE)")
            continue
        if inputs.single:
            _check(found, "parking", subject, setting, 0, [], scope, _ALONE)
            continue
        rows = inputs.backend.fetch(parking_query(
            inputs.source(table), key, [(typed_view(a), k) for a, k in activity]))
        counts = _parked(rows, setting.periods, inputs)
        within = count_text(setting.periods, "period")
        what = (f"taken on at least {within} ago had no record in {names} within {within}")
        alerts, judged = share_alerts(counts, "parking", subject, setting, what)
        _check(found, "parking", subject, setting, judged, alerts, scope)


def _activity(table: str, setting: Setting, inputs: GamingInputs) -> list[tuple[str, str]]:
    names = ([setting.activity] if setting.activity is not None else
             sorted(n for n in inputs.files if n != table and n not in COMMISSIONER_TABLES))
    out = []
    for name in names:
        decl = inputs.vocabulary.table(name)
        if decl is None or name not in inputs.files:
            continue
        key = decl.key or ("person_id" if any(f.name == "person_id" for f in decl.fields)
                           else None)
        if key is not None:
            out.append((name, key))
    return out


def _parked(rows: list[dict[str, Any]], within: int, inputs: GamingInputs
            ) -> dict[str, ShareCounts]:
    """Per provider, the people taken on long enough ago to judge, and those parked."""
    last = periods.ordinal(inputs.span[-1], inputs.unit) if inputs.span else None
    people: dict[str, list[int]] = {}
    for row in rows:
        first = periods.ordinal(str(row["taken_on"]), inputs.unit)
        if first is None or last is None or last - first + 1 < within:
            continue
        active = (periods.ordinal(str(row["active"]), inputs.unit)
                  if row["active"] is not None else None)
        parked = active is None or active - first >= within
        counts = people.setdefault(str(row["provider"]), [0, 0])
        counts[0] += int(row["n"])
        counts[1] += int(row["n"]) if parked else 0
    return {p: ShareCounts(n, parked) for p, (n, parked) in people.items()}


# ----------------------------------------------------------------------------- bunching


def _cut_offs(node: Expr | None) -> Iterator[tuple[Compare, Expr, Decimal]]:
    """Each comparison of an expression with a whole number in a paid condition: the
    comparison, the expression, and the first value that pays (the cut-off)."""
    if node is None:
        return
    if isinstance(node, BoolExpr):
        yield from _cut_offs(node.left)
        yield from _cut_offs(node.right)
        return
    if not isinstance(node, Compare) or node.op in ("=", "!="):
        return
    flipped: dict[str, str] = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}
    op: str
    if isinstance(node.right, NumberLit) and not isinstance(node.left, NumberLit):
        expr, op, value = node.left, node.op, node.right.value
    elif isinstance(node.left, NumberLit) and not isinstance(node.right, NumberLit):
        expr, op, value = node.right, flipped[node.op], node.left.value
    else:
        return
    if value != value.to_integral_value():
        return
    step = {">=": 0, ">": 1, "<=": 0, "<": -1}[op]
    yield node, expr, value + step


def _bunching(lines: list[_Line], setting: Setting, inputs: GamingInputs,
              found: GamingFindings) -> None:
    for line in lines:
        population, _ = _compile(inputs, list(line.source.conditions))
        for compare, expr, cut_off in _cut_offs(line.line.where):
            subject = (f"line {line.number} ({line.line.outcome.name}): "
                       f"{format_expr(compare)}")
            around = [cut_off + d for d in range(-NEIGHBOURS, NEIGHBOURS + 1) if d]
            value, fields = _compile(inputs, [expr])
            rows = inputs.backend.fetch(bunching_query(
                inputs.source(line.table), line.key, population.copy(), value,
                sorted([cut_off, *around])))
            alerts, judged = bunching_alerts(rows, cut_off, around, subject, setting)
            _check(found, "bunching", subject, setting, judged, alerts,
                   _scope(inputs, setting, line.people, line.table, line, sorted(fields),
                          condition=format_expr(compare), cut_off=plain_number(cut_off)))


# ----------------------------------------------------------------------------- drop-out


def _conjuncts(node: Expr) -> list[Expr]:
    """The conjuncts of a condition (``a and b and c``)."""
    if isinstance(node, BoolExpr) and node.op == "and":
        return _conjuncts(node.left) + _conjuncts(node.right)
    return [node]


def _drop_out(lines: list[_Line], setting: Setting, inputs: GamingInputs,
              found: GamingFindings) -> None:
    for line in lines:
        parts = [c for condition in line.source.conditions for c in _conjuncts(condition)]
        recorded = [c for c in parts if isinstance(c, IsMissing) and c.negated]
        base, _ = _compile(inputs, [c for c in parts if c not in recorded])
        _, fields = _compile(inputs, [line.line.where] if line.line.where else [])
        fields |= _compile(inputs, list(recorded))[1]
        if not fields:
            continue
        names = sorted(fields)
        measured = conjunction([exp.Not(this=exp.Is(this=column(n), expression=exp.null()))
                                for n in names])
        subject = (f"line {line.number} ({line.line.outcome.name}): people of "
                   f"{line.population} without {', '.join(names)}")
        scope = _scope(inputs, setting, line.people, line.table, line, names)
        if inputs.single:
            _check(found, "drop-out", subject, setting, 0, [], scope, _ALONE)
            continue
        rows = inputs.backend.fetch(drop_out_query(inputs.source(line.table), line.key,
                                                   base, measured))
        counts = {str(r["provider"]): ShareCounts(int(r["people"]), int(r["unmeasured"]))
                  for r in rows}
        what = f"left before {', '.join(names)} was recorded"
        alerts, judged = share_alerts(counts, "drop-out", subject, setting, what)
        _check(found, "drop-out", subject, setting, judged, alerts, scope)


# ----------------------------------------------------------------------------- double claims


def _double_claims(lines: list[_Line], setting: Setting, inputs: GamingInputs,
                   found: GamingFindings) -> None:
    for line in lines:
        conditions = inputs.people.get(line.table, [])
        index = next((i for i, c in enumerate(conditions)
                      if c.role == "line" and c.index == line.number), None)
        if index is None:
            continue
        subject = f"line {line.number} ({line.line.outcome.name})"
        scope = _scope(inputs, setting, line.people, line.table, line)
        if inputs.single:
            _check(found, "double-claims", subject, setting, 0, [], scope, _ALONE)
            continue
        rows = inputs.backend.fetch(double_claims_query(line.table, index))
        alerts = double_claim_alerts(rows, subject, setting)
        _check(found, "double-claims", subject, setting, len(inputs.providers), alerts, scope)
