"""Records checked against the plugins' declarations, in SQL, in the same scan.

Each declared field present in a data file gets a *typed* expression (text
from CSV or XLSX parsed as the declared type; Parquet columns taken as they
are) and a list of *checks*, each a predicate that is true when a record breaks
the declaration: required, type, range, category. A record passes when it
breaks none; ``_obc_ok`` carries that into every aggregate, so invalid records
are excluded from every measure without a second pass over the data. Records
that repeat a ``person_id`` within provider and period are found by a separate
query (`duplicate_keys`) and excluded the same way, as are records whose period
is not one (`TypedTable.excluded`). `describe` turns a broken check back into
words for the data-quality list.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import sqlglot.expressions as exp

from obcrules.engine.backend import Backend, ColumnKind, Relation
from obcrules.engine.casts import INTEGER_PATTERN
from obcrules.engine.expressions import column
from obcrules.plugins.declarations import FieldDecl, TableDecl
from obcrules.plugins.sql import literal

OK = "_obc_ok"
ROW = "_obc_row"
ALWAYS_REQUIRED = ("provider", "period")
_TRUE_WORDS = ("true", "yes", "1")
_FALSE_WORDS = ("false", "no", "0")
BIGINT_BOUND = 9_200_000_000_000_000_000
"""Below 2**63: a whole number of a DOUBLE or DECIMAL column under it fits a BIGINT."""
_SQL_TYPES = {"integer": "BIGINT", "decimal": "DOUBLE", "boolean": "BOOLEAN", "text": "VARCHAR",
              "category": "VARCHAR", "date": "DATE"}


@dataclass(frozen=True)
class Check:
    """One way a record can break a field's declaration; ``broken`` is never NULL."""

    field: str
    kind: str  # required | type | range | category | spaces
    broken: exp.Expr


@dataclass
class TypedTable:
    """A data file seen through its table declaration: typed columns and checks."""

    decl: TableDecl
    relation: Relation
    typed: dict[str, exp.Expr] = field(default_factory=dict)
    checks: list[Check] = field(default_factory=list)

    @property
    def key(self) -> str | None:
        """The column unique within provider and period, if the table has one."""
        return self.decl.key

    def ok(self, deferred: Collection[str] = ()) -> exp.Expr:
        """TRUE when the record breaks no check (``deferred`` fields' checks left out)."""
        return _none_broken([c for c in self.checks if c.field not in deferred])

    def deferrable(self, keys: Collection[str]) -> list[str]:
        """The ``keys`` whose checks can be made once per group of a ``GROUP BY keys``:
        those read as they are, so that their checks read only the grouped column."""
        return [k for k in keys if self.typed.get(k) == column(k)]

    def group_ok(self, deferred: Collection[str]) -> exp.Expr:
        """TRUE when no check of the ``deferred`` fields is broken (over those columns)."""
        return _none_broken([c for c in self.checks if c.field in deferred])

    def provider_is(self, provider: str) -> exp.Expr:
        """TRUE for a record of ``provider`` (over the raw columns)."""
        return exp.EQ(this=self.typed["provider"].copy(), expression=literal(provider))

    def period_in(self, texts: list[str]) -> exp.Expr:
        """TRUE for a record whose period is written as one of ``texts``."""
        return exp.In(this=self.typed["period"].copy(),
                      expressions=[literal(text) for text in texts])

    def excluded(self, bad_periods: list[str], duplicates: str | None) -> exp.Expr | None:
        """Records to exclude besides the checks (over the raw columns): those in a
        period that is not one, and those whose key repeats (listed in temp table
        ``duplicates``); None when there are none."""
        parts: list[exp.Expr] = []
        if bad_periods:
            parts.append(self.period_in(bad_periods))
        if duplicates is not None:
            parts.append(is_duplicate(self, duplicates))
        either = None
        for part in parts:
            either = part if either is None else exp.Or(this=either, expression=part)
        return either

    def select(self, provider: str | None = None, excluded: exp.Expr | None = None,
               deferred: Collection[str] = ()) -> exp.Select:
        """The typed view: declared columns (absent ones as typed NULLs), ``_obc_ok``, ``_obc_row``.

        ``provider`` keeps only that provider's rows (a contract); ``excluded`` is a
        predicate over raw columns for records to exclude besides the checks
        (duplicates); the checks of ``deferred`` fields are left out of ``_obc_ok``.
        """
        columns: list[exp.Expr] = []
        for f in self.decl.fields:
            value = self.typed.get(f.name)
            if value is None:
                value = exp.cast(exp.null(), exp.DataType.build(_SQL_TYPES[f.type]))
            columns.append(exp.alias_(value.copy(), f.name, quoted=True))
        ok = self.ok(deferred)
        if excluded is not None:
            ok = exp.And(this=exp.Paren(this=ok), expression=exp.Not(this=exp.Paren(
                this=excluded)))
        columns.append(exp.alias_(ok, OK, quoted=True))
        columns.append(exp.alias_(self.relation.row.copy(), ROW, quoted=True))
        query = exp.select(*columns).from_(self.relation.source.copy())
        if provider is not None:
            query = query.where(exp.EQ(this=column("provider"), expression=literal(provider)))
        return query


def duplicate_keys(backend: Backend, table: TypedTable, name: str,
                   provider: str | None, bad_periods: list[str]) -> int:
    """Store the (provider, period, key) triples that repeat in temp table ``name``;
    return how many there are."""
    key = table.key
    assert key is not None
    typed = table.typed
    conditions: list[exp.Expr] = [
        exp.Not(this=exp.Is(this=typed[key].copy(), expression=exp.null()))]
    if provider is not None:
        conditions.append(table.provider_is(provider))
    if bad_periods:
        conditions.append(exp.Not(this=table.period_in(bad_periods)))
    where = conditions[0]
    for condition in conditions[1:]:
        where = exp.And(this=where, expression=condition)
    key_columns = [typed["provider"], typed["period"], typed[key]]
    if not backend.may_repeat(table.relation.source, key_columns, where):
        return 0
    query = (exp.select(exp.alias_(typed["provider"].copy(), "dp"),
                        exp.alias_(typed["period"].copy(), "dq"),
                        exp.alias_(typed[key].copy(), "dk"),
                        exp.alias_(exp.Count(this=exp.Star()), "dn"))
             .from_(table.relation.source.copy())
             .where(where)
             .group_by(exp.Literal.number(1), exp.Literal.number(2), exp.Literal.number(3))
             .having(exp.GT(this=exp.Count(this=exp.Star()), expression=exp.Literal.number(1))))
    backend.create_table(name, query)
    rows = backend.fetch(exp.select(exp.alias_(exp.Count(this=exp.Star()), "n")).from_(name))
    return int(rows[0]["n"])


def is_duplicate(table: TypedTable, name: str) -> exp.Expr:
    """TRUE for a record whose key repeats (its triple is in temp table ``name``)."""
    key = table.key
    assert key is not None
    typed = table.typed
    match = exp.And(
        this=exp.And(this=exp.EQ(this=column("dp"), expression=typed["provider"].copy()),
                     expression=exp.EQ(this=column("dq"), expression=typed["period"].copy())),
        expression=exp.EQ(this=column("dk"), expression=typed[key].copy()))
    return exp.Exists(this=exp.select(exp.Literal.number(1)).from_(name).where(match))


def _none_broken(checks: list[Check]) -> exp.Expr:
    if not checks:
        return exp.true()
    broken: exp.Expr = checks[0].broken.copy()
    for check in checks[1:]:
        broken = exp.Or(this=broken, expression=check.broken.copy())
    return exp.Not(this=exp.Paren(this=broken))


def typed_table(decl: TableDecl, relation: Relation) -> TypedTable:
    """Typed expressions and checks for the declared fields present in ``relation``."""
    table = TypedTable(decl=decl, relation=relation)
    for f in decl.fields:
        kind = relation.columns.get(f.name)
        if kind is None:
            continue
        raw = column(f.name)
        typed = typed_value(f, raw, kind)
        table.typed[f.name] = typed
        table.checks.extend(field_checks(f, raw, typed, kind,
                                         required=f.required or f.name in ALWAYS_REQUIRED
                                         or f.name == decl.key))
        if kind == "text" and f.name in (decl.key, "provider"):
            table.checks.append(_no_surrounding_spaces(f.name, raw))
    return table


def _no_surrounding_spaces(name: str, raw: exp.Expr) -> Check:
    """An identifier (the table's key, the provider) that begins or ends with a space.

    Identifiers are compared exactly, so ``'P1 '`` would be a person (or a provider)
    apart from ``'P1'``: counted and paid twice, and never linked as the same one by the
    repeated-key and double-claim checks. Trimming it silently would hide a return that
    differs from what the provider holds, so the record is invalid, and listed.
    """
    # Two LIKEs rather than raw <> TRIM(raw): no new string a row (5 % of a 10 M-row run)
    padded = exp.Or(this=exp.Like(this=raw.copy(), expression=literal(" %")),
                    expression=exp.Like(this=raw.copy(), expression=literal("% ")))
    return Check(name, "spaces", exp.func("COALESCE", exp.Paren(this=padded), exp.false()))


def whole_number(text: exp.Expr) -> exp.Expr:
    """``text`` as a BIGINT when it is written as a whole number, else NULL."""
    written = exp.RegexpLike(this=text.copy(), expression=exp.Literal.string(INTEGER_PATTERN))
    cast = exp.TryCast(this=text, to=exp.DataType.build("BIGINT"))
    return exp.Case(ifs=[exp.If(this=written, true=cast)])


def typed_value(f: FieldDecl, raw: exp.Expr, kind: ColumnKind) -> exp.Expr:
    """The value of a raw column as the declared type; NULL where it cannot be read."""
    text = exp.Trim(this=raw.copy()) if kind == "text" else exp.cast(raw.copy(), "VARCHAR")
    if f.type == "integer":
        if kind == "integer":
            return raw.copy()
        if kind == "decimal":  # a whole number a BIGINT holds: not NaN, infinite or 1e300
            whole = exp.and_(
                exp.func("ISFINITE", exp.cast(raw.copy(), "DOUBLE")),
                exp.EQ(this=raw.copy(), expression=exp.Floor(this=raw.copy())),
                exp.LT(this=exp.Abs(this=raw.copy()),
                       expression=exp.Literal.number(BIGINT_BOUND)))
            # ISFINITE, because a Parquet file's statistics leave NaN out, and DuckDB folds
            # the bound away from them. The cast of the guarded value, not a guarded cast:
            # an engine may cast every row before the CASE chooses
            return exp.cast(exp.Case(ifs=[exp.If(this=whole, true=raw.copy())]), "BIGINT")
        # DuckDB's TRY_CAST would read '1.5' as 2 and '1e2' as 100: a whole number is
        # written as one, so test the text first, as every other engine does (casts.py)
        return whole_number(text)
    if f.type == "decimal":
        if kind == "integer":
            return exp.cast(raw.copy(), "DOUBLE")
        if kind == "decimal":  # NaN and infinities are not numbers a person recorded
            value = exp.cast(raw.copy(), "DOUBLE")
            return exp.Case(ifs=[exp.If(this=exp.func("ISFINITE", value.copy()), true=value)])
        number = exp.TryCast(this=text, to=exp.DataType.build("DOUBLE"))
        finite = exp.func("ISFINITE", number.copy())
        return exp.Case(ifs=[exp.If(this=finite, true=number)])
    if f.type == "boolean":
        if kind == "boolean":
            return raw.copy()
        word = exp.Lower(this=text)
        return exp.Case(ifs=[
            exp.If(this=exp.In(this=word.copy(), expressions=[literal(w) for w in _TRUE_WORDS]),
                   true=exp.true()),
            exp.If(this=exp.In(this=word.copy(), expressions=[literal(w) for w in _FALSE_WORDS]),
                   true=exp.false()),
        ])
    if f.type == "date":
        if kind == "date":
            return raw.copy()
        if kind == "timestamp":
            return exp.cast(raw.copy(), "DATE")
        iso = exp.RegexpLike(this=text.copy(), expression=literal(r"^\d{4}-\d{2}-\d{2}$"))
        return exp.Case(ifs=[exp.If(this=iso, true=exp.TryCast(
            this=text, to=exp.DataType.build("DATE")))])
    if kind == "text":
        return raw.copy()  # text and categories are compared exactly as written
    return exp.cast(raw.copy(), "VARCHAR")


def field_checks(f: FieldDecl, raw: exp.Expr, typed: exp.Expr, kind: ColumnKind,
                 *, required: bool) -> list[Check]:
    """The checks of one field; each predicate is TRUE when a record breaks it."""
    is_null = exp.Is(this=raw.copy(), expression=exp.null())
    checks: list[Check] = []
    if required:
        checks.append(Check(f.name, "required", is_null))
    unreadable = exp.And(this=exp.Not(this=is_null.copy()),
                         expression=exp.Is(this=typed.copy(), expression=exp.null()))
    if typed != raw:  # a column already of the declared type cannot be unreadable
        checks.append(Check(f.name, "type", unreadable))
    bounds: list[exp.Expr] = []
    if f.minimum is not None:
        bounds.append(exp.LT(this=typed.copy(), expression=literal(f.minimum)))
    if f.maximum is not None:
        bounds.append(exp.GT(this=typed.copy(), expression=literal(f.maximum)))
    if bounds and f.type in ("integer", "decimal"):
        outside = bounds[0] if len(bounds) == 1 else exp.Or(this=bounds[0], expression=bounds[1])
        checks.append(Check(f.name, "range", exp.func("COALESCE", exp.Paren(this=outside),
                                                      exp.false())))
    if f.type == "category":
        unknown = exp.Not(this=exp.In(this=typed.copy(),
                                      expressions=[literal(v) for v in f.values]))
        checks.append(Check(f.name, "category", exp.func("COALESCE", unknown, exp.false())))
    return checks


def describe(f: FieldDecl, kind: str, value: Any) -> str:
    """A broken check in words, with the value as found in the data."""
    shown = repr(str(value)) if value is not None else "missing"
    if kind == "required":
        return f"{f.name} is missing, but every record needs it"
    if kind == "type":
        wanted = {
            "integer": "a whole number",
            "decimal": "a number",
            "boolean": "yes or no (write true/false, yes/no or 1/0)",
            "date": "a date (write dates as YYYY-MM-DD, e.g. 2026-03-31)",
            "text": "text",
            "category": "text",
        }[f.type]
        too_large = _too_large(f, value)
        return f"{shown} {too_large}" if too_large else f"{shown} is not {wanted}"
    if kind == "range":
        number = _number(value)
        if number is not None:  # 101.0 is text '101.0' in DuckDB and Spark, '101' in PostgreSQL
            shown = repr(_plain(number))
        if f.minimum is not None and number is not None and number < f.minimum:
            return f"{shown} is below the minimum {_plain(f.minimum)}"
        return f"{shown} is above the maximum {_plain(f.maximum)}"
    if kind == "spaces":
        return (f"{shown} begins or ends with a space: {f.name} is compared exactly, so it "
                f"would count apart from {str(value).strip()!r}; remove the space")
    allowed = ", ".join(f.values)
    return f"{shown} is not one of the allowed values: {allowed}"


def _too_large(f: FieldDecl, value: Any) -> str | None:
    """Why a number written plainly could not be read, when the reason is its size: the
    field's bound it passes, or the most digits a number is read with (a whole number
    past 18 digits, a number past a double's range)."""
    text = str(value).strip() if value is not None else ""
    if f.type == "integer" and not _WRITTEN_WHOLE.fullmatch(text):
        return None
    number = _number(text)
    if number is None or not number.is_finite() or f.type not in ("integer", "decimal"):
        return None
    if f.maximum is not None and number > f.maximum:
        return f"is above the maximum {_plain(f.maximum)}"
    if f.minimum is not None and number < f.minimum:
        return f"is below the minimum {_plain(f.minimum)}"
    if f.type == "integer":
        return "is too large a whole number to read (at most 18 digits): check the cell"
    return "is too large or too long a number to read: check the cell"


_WRITTEN_WHOLE = re.compile(r"[+-]?[0-9]+")
"""A whole number as a person writes one; past 18 digits the readers leave it unread."""


def _number(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value).strip())
    except ArithmeticError:
        return None


def _plain(value: Decimal | None) -> str:
    return "" if value is None else f"{value.normalize():f}"
