"""What a plugin declares: pydantic models returned by the ``register_*`` hooks.

The core validates every declaration when the plugin loads and attributes it to
the plugin that returned it. Declarations are plain data plus, where behaviour is
needed (a function's SQL compiler, a check's ``run``), a callable.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

if TYPE_CHECKING:
    import sqlglot.expressions as exp

    from obcrules.diagnostics import Diagnostic
    from obcrules.model import Ruleset
    from obcrules.plugins.catalog import Vocabulary
    from obcrules.plugins.sql_context import SqlContext
    from obcrules.results import ReportDocument

IDENTIFIER = r"^[a-z_][a-z0-9_]*$"

FieldType = Literal["integer", "decimal", "boolean", "text", "date", "category"]
"""Types of a data field, as the plugin contract lists them."""

ValueType = Literal[
    "integer", "decimal", "number", "boolean", "text", "date", "duration", "percent", "any"
]
"""Types of function arguments and results (``number`` accepts integer or decimal)."""


class _Declaration(BaseModel):
    # Validators are built when a declaration of the kind is first made: checking a
    # ruleset never makes a reader, report section or sample-data declaration.
    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True,
                              defer_build=True)


# --------------------------------------------------------------------------
# Data: tables and fields
# --------------------------------------------------------------------------


class FieldDecl(_Declaration):
    """One column of a table.

    ``unit`` is free text shown to users, except ``"percent"``: such a field holds
    values from 0 to 100 and is compared with percentages (``>= 90%``).
    """

    name: str = Field(pattern=IDENTIFIER)
    type: FieldType
    title: str = ""
    description: str = ""
    unit: str | None = None
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    values: tuple[str, ...] = ()
    required: bool = False
    personal: bool = False

    @model_validator(mode="after")
    def _categories_have_values(self) -> FieldDecl:
        if self.type == "category" and not self.values:
            raise ValueError(f"category field {self.name!r} must list its allowed values")
        if self.type != "category" and self.values:
            raise ValueError(f"only a category field lists values ({self.name!r} is {self.type})")
        if self.minimum is not None and self.maximum is not None and self.minimum > self.maximum:
            raise ValueError(f"field {self.name!r}: minimum is above maximum")
        return self

    @property
    def is_percent(self) -> bool:
        """True when the field holds a percentage from 0 to 100."""
        return self.unit == "percent"


TableSubject = Literal["people", "services", "events"]


class TableDecl(_Declaration):
    """A table of monitoring data.

    ``subject`` says what one row is: a person served (``people``), a service
    delivered (``services``, e.g. a clinic session) or another record
    (``events``, e.g. a placement episode). An outcome measured over a table of
    services gets a warning: it counts outputs, not changes for people.
    ``key`` is unique within provider and period.
    """

    name: str = Field(pattern=IDENTIFIER)
    title: str
    description: str = ""
    subject: TableSubject = "people"
    key: str | None = "person_id"
    fields: tuple[FieldDecl, ...]

    @model_validator(mode="after")
    def _unique_field_names(self) -> TableDecl:
        seen: set[str] = set()
        for f in self.fields:
            if f.name in seen:
                raise ValueError(f"table {self.name!r} declares field {f.name!r} twice")
            seen.add(f.name)
        if self.key is not None and self.key not in seen:
            raise ValueError(f"table {self.name!r}: key {self.key!r} is not one of its fields")
        return self

    def field(self, name: str) -> FieldDecl | None:
        """The field called ``name``, if the table declares it."""
        return next((f for f in self.fields if f.name == name), None)


class FieldsDecl(_Declaration):
    """Extra fields that a plugin adds to a table another plugin (or the core) declared."""

    table: str = Field(pattern=IDENTIFIER)
    fields: tuple[FieldDecl, ...]


# --------------------------------------------------------------------------
# Functions
# --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Duration:
    """A duration literal as functions receive it: ``Duration(6, "month")``."""

    amount: int
    unit: Literal["day", "week", "month", "year"]


@dataclass(frozen=True, slots=True)
class FunctionContext:
    """What a function may read besides its arguments: the period being evaluated."""

    period_start: dt.date
    period_end: dt.date


class ParamDecl(_Declaration):
    """One parameter of a function. ``literal`` parameters take a literal (``6 months``, ``3``)."""

    name: str = Field(pattern=IDENTIFIER)
    type: ValueType
    literal: bool = False


if TYPE_CHECKING:
    SqlCompiler = Callable[[Sequence[Any], SqlContext], exp.Expression]
else:  # the precise type is for mypy; pydantic only needs a callable (and no sqlglot)
    SqlCompiler = Callable[..., Any]
"""``compile_sql(args, ctx) -> sqlglot.exp.Expression``.

``args`` are sqlglot expressions, one per parameter (a literal parameter arrives
as its Python value, an ``int``, ``Decimal`` or `Duration`, hence ``Any``);
``ctx`` is a `SqlContext`: the row's ``period_start`` and
``period_end`` as sqlglot expressions, ``period_unit``, and ``period_start_sql``
and ``period_end_sql`` for any period-text expression.
"""


class FunctionDecl(_Declaration):
    """A function that rulesets may call, e.g. ``recovered(phq9_start, …)``.

    ``python`` is the plain-Python reference implementation: it receives the
    argument values (None for missing) and a `FunctionContext`, and returns the
    result or None for missing. Tests cross-check it against ``compile_sql``.
    """

    name: str = Field(pattern=IDENTIFIER)
    title: str
    doc: str
    params: tuple[ParamDecl, ...]
    returns: ValueType
    python: Callable[..., Any]
    compile_sql: SqlCompiler | None = None


# --------------------------------------------------------------------------
# Verification and checks
# --------------------------------------------------------------------------


class VerificationMethodDecl(_Declaration):
    """A way of verifying an outcome, usable in ``verify``."""

    name: str = Field(pattern=IDENTIFIER)
    title: str
    objective: bool
    description: str = ""


@dataclass(frozen=True)
class CheckContext:
    """What a lint check sees: the checked ruleset, the vocabulary in scope and the file."""

    ruleset: Ruleset
    vocabulary: Vocabulary
    file: str

    def diagnostic(
        self,
        check: CheckDecl,
        node: Any,
        message: str,
        suggestion: str | None = None,
    ) -> Diagnostic:
        """A diagnostic of ``check`` placed on ``node`` (anything with a ``span``)."""
        from obcrules.diagnostics import Diagnostic

        return Diagnostic.at(node, code=check.code, severity=check.severity, file=self.file,
                             message=message, suggestion=suggestion)


class CheckDecl(_Declaration):
    """A lint check. ``bad`` and ``better`` are ruleset snippets that become its docs."""

    code: str = Field(pattern=r"^[A-Z]{2,6}\d{3}$")
    name: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    severity: Literal["error", "warning"]
    summary: str
    bad: str
    better: str
    run: Callable[[CheckContext], Iterable[Diagnostic]]


# --------------------------------------------------------------------------
# Tender
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkedScores:
    """Scores with their working: what a scoring method may return instead of a plain dict.

    ``working`` is JSON data (text, numbers, lists, mappings with text keys) that
    lets a reader redo the scores by hand; evaluation.json shows it as the
    criterion's ``working`` (the core's ``lowest_price`` gives
    ``{"lowest_price": "80000"}``).
    """

    scores: Mapping[str, Decimal]
    working: Mapping[str, Any] = field(default_factory=dict)


class ScoringMethodDecl(_Declaration):
    """A tender scoring method, used as ``scored by NAME``.

    ``score(context)`` receives the tender evaluation context (bids that passed
    the gates, the criterion, the method's ``maximum``) and returns each bidder's
    score from 0 to ``maximum``: a ``dict[bidder, Decimal]``, or `WorkedScores`
    to show the working too.
    """

    name: str = Field(pattern=IDENTIFIER)
    title: str
    description: str = ""
    maximum: Decimal = Decimal(100)
    score: Callable[[Any], Mapping[str, Decimal] | WorkedScores]


class GateDecl(_Declaration):
    """A tender gate, used as ``require NAME``.

    ``check(context, bid) -> list[str]`` returns the reasons the bid fails (empty
    when it passes).
    """

    name: str = Field(pattern=IDENTIFIER)
    title: str
    description: str = ""
    check: Callable[[Any, Any], list[str]]


# --------------------------------------------------------------------------
# Engine, readers, reports and sample data
# --------------------------------------------------------------------------


if TYPE_CHECKING:
    DerivedSqlBuilder = Callable[[dict[str, exp.Table], SqlContext], exp.Query]
else:  # as SqlCompiler: precise for mypy, a plain callable for pydantic
    DerivedSqlBuilder = Callable[..., Any]
"""``build_sql(inputs, ctx) -> sqlglot.exp.Select``: a sqlglot table per input table
(by name) in, a query with the derived table's fields out; ``ctx`` is a `SqlContext`
whose ``period_start``/``period_end`` are each row's period (from its ``period``)."""


class DerivedTableDecl(_Declaration):
    """A table the engine computes from declared input tables.

    ``build_sql(inputs, ctx)`` (a `DerivedSqlBuilder`) receives a sqlglot table
    expression per input table (by name) and returns a query with the declared
    fields; ``python(inputs, ctx)`` is the reference implementation over lists of
    dicts, used by tests.
    """

    table: TableDecl
    inputs: tuple[str, ...]
    build_sql: DerivedSqlBuilder
    python: Callable[[dict[str, list[dict[str, Any]]], Any], list[dict[str, Any]]] | None = None


class ReaderDecl(_Declaration):
    """Reads one data format into a ``pyarrow.Table``: ``read(path) -> pyarrow.Table``."""

    name: str = Field(pattern=IDENTIFIER)
    suffixes: tuple[str, ...]
    title: str
    read: Callable[[Path], Any]


ReportKind = Literal["framework", "evaluation", "feedback", "monitoring"]


if TYPE_CHECKING:
    SectionContext = Callable[[ReportDocument], dict[str, Any] | None]
else:  # as SqlCompiler: precise for mypy, a plain callable for pydantic (no results types
    # loaded to check a ruleset)
    SectionContext = Callable[..., Any]
"""``context(document) -> dict | None``: the view model of a report section."""


class ReportSectionDecl(_Declaration):
    """A section a plugin adds to a report.

    ``template`` is a Jinja template name found in ``template_dir``;
    ``context(document) -> dict`` builds the plain view model the template sees
    from the document the report reads (return None to leave the section out):
    a `MonitoringDocument`, an `EvaluationDocument`, a `FeedbackDocument` (the
    evaluation as one bidder may see it) or a `FrameworkDocument`, as ``report``
    says; its ``schema`` key tells them apart, for mypy as for the reader.
    """

    name: str = Field(pattern=IDENTIFIER)
    title: str
    report: ReportKind
    template: str
    template_dir: Path
    context: SectionContext


class SampleDataDecl(_Declaration):
    """A generator of realistic synthetic data for a service's tables.

    ``generate(rows, seed) -> dict[table name, pyarrow.Table]``: about ``rows``
    person rows over several providers and eight quarters, the same for the same
    seed.
    """

    service: str = Field(pattern=IDENTIFIER)
    tables: tuple[str, ...]
    description: str = ""
    generate: Callable[[int, int], dict[str, Any]]
