"""The ruleset model: frozen, typed, validated nodes that carry their source span.

The parser's transformer builds these nodes directly from the lark tree; nothing
after the parser sees a ``lark.Tree``. Every other part of obcrules (the checker,
the monitoring engine, the tender workflow, the reports) reads this model.

Validation is built on first use (``defer_build``): the transformer makes nodes
with ``model_construct``, as its values already have the declared types (the
test suite validates every node it makes and requires the same node back), so
checking a small ruleset never pays for building 45 validators. Code that makes
nodes by calling the class is validated as usual.

Spans are excluded from serialisation and comparison helpers so that a ruleset
that is reformatted compares equal to the original (`same_model`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

# --------------------------------------------------------------------------
# Positions
# --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Span:
    """A 1-based, end-inclusive-line, end-exclusive-column range in a source file.

    A plain dataclass rather than a model: the parser makes one per node, from
    positions lark has already checked, and it is never serialised.
    """

    line: int
    column: int
    end_line: int
    end_column: int


class Node(BaseModel):
    """Base of every model node: frozen, strict about extra fields, with a span."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    span: Span | None = Field(default=None, exclude=True, repr=False)

    def __eq__(self, other: object) -> bool:
        """Nodes are equal when their content is, wherever they were written."""
        if type(self) is not type(other):
            return NotImplemented
        return all(
            getattr(self, name) == getattr(other, name)
            for name in type(self).model_fields
            if name != "span"
        )

    def __hash__(self) -> int:
        return hash((type(self), *(
            getattr(self, name) for name in type(self).model_fields if name != "span"
        )))


class Ref(Node):
    """A use of a name defined elsewhere (population, outcome, theme, table, …)."""

    name: str


# --------------------------------------------------------------------------
# Vocabulary of small enumerations
# --------------------------------------------------------------------------

PeriodUnit = Literal["month", "quarter", "year"]
MONTHS: dict[str, int] = {"month": 1, "quarter": 3, "year": 12}
"""Calendar months in one period of each unit."""
DurationUnit = Literal["day", "week", "month", "year"]
ItemKind = Literal["outcome", "output", "process", "input"]
Level = Literal["final", "interim"]
Evidence = Literal["objective", "self_reported"]
MeasureKind = Literal["share", "count", "mean", "median", "total"]
CompareOp = Literal["=", "!=", "<", "<=", ">", ">="]
ArithOp = Literal["+", "-", "*", "/"]
BoolOp = Literal["and", "or"]

# --------------------------------------------------------------------------
# Literal values
# --------------------------------------------------------------------------


class NumberLit(Node):
    """A plain number such as ``10``, ``10.5`` or ``-3``."""

    kind: Literal["number"] = "number"
    value: Decimal


class PercentLit(Node):
    """A percentage such as ``10%``; ``value`` is the fraction (0.10)."""

    kind: Literal["percent"] = "percent"
    value: Decimal


class PointsLit(Node):
    """Percentage points such as ``2 points``; ``value`` is in points (2)."""

    kind: Literal["points"] = "points"
    value: Decimal


class MoneyLit(Node):
    """An amount of money such as ``£450``."""

    kind: Literal["money"] = "money"
    currency: str
    amount: Decimal


class DurationLit(Node):
    """A duration such as ``6 months`` (calendar months) or ``182 days``."""

    kind: Literal["duration"] = "duration"
    amount: int
    unit: DurationUnit


class DateLit(Node):
    """A calendar date such as ``2026-06-30``."""

    kind: Literal["date"] = "date"
    value: dt.date


class PeriodLit(Node):
    """A reporting period: a quarter ``2026-Q1``, a month ``2026-03`` or a year ``2026``."""

    kind: Literal["period"] = "period"
    unit: PeriodUnit
    year: int
    index: int  # quarter 1-4, month 1-12, or 1 for a year

    @property
    def text(self) -> str:
        """The period as it is written in a ruleset and in data."""
        if self.unit == "quarter":
            return f"{self.year}-Q{self.index}"
        if self.unit == "month":
            return f"{self.year}-{self.index:02d}"
        return f"{self.year}"


class StringLit(Node):
    """A quoted string such as ``"care_home"``."""

    kind: Literal["string"] = "string"
    value: str


class BoolLit(Node):
    """``true`` or ``false``."""

    kind: Literal["bool"] = "bool"
    value: bool


Literal_ = Annotated[
    NumberLit
    | PercentLit
    | PointsLit
    | MoneyLit
    | DurationLit
    | DateLit
    | PeriodLit
    | StringLit
    | BoolLit,
    Field(discriminator="kind"),
]

# --------------------------------------------------------------------------
# Expressions and conditions
# --------------------------------------------------------------------------


class FieldRef(Node):
    """A field of the table being measured, or a context value (``period_end``)."""

    kind: Literal["field"] = "field"
    name: str


class Call(Node):
    """A call of a function that a plugin provides."""

    kind: Literal["call"] = "call"
    name: str
    args: tuple[Expr, ...]


class Negate(Node):
    """Arithmetic negation ``-x``."""

    kind: Literal["negate"] = "negate"
    operand: Expr


class Not(Node):
    """Logical ``not``."""

    kind: Literal["not"] = "not"
    operand: Expr


class BoolExpr(Node):
    """``left and right`` / ``left or right``."""

    kind: Literal["bool_op"] = "bool_op"
    op: BoolOp
    left: Expr
    right: Expr


class Arith(Node):
    """``left + right`` and the other arithmetic operators."""

    kind: Literal["arith"] = "arith"
    op: ArithOp
    left: Expr
    right: Expr


class Compare(Node):
    """``left op right`` for one comparison operator (comparisons do not chain)."""

    kind: Literal["compare"] = "compare"
    op: CompareOp
    left: Expr
    right: Expr


class InList(Node):
    """``operand in ("a", "b")``."""

    kind: Literal["in"] = "in"
    operand: Expr
    values: tuple[Literal_, ...]


class Between(Node):
    """``operand between low and high`` (both bounds included)."""

    kind: Literal["between"] = "between"
    operand: Expr
    low: Expr
    high: Expr


class IsMissing(Node):
    """``operand is missing`` / ``operand is not missing``."""

    kind: Literal["is_missing"] = "is_missing"
    operand: Expr
    negated: bool = False


class DaysBetween(Node):
    """``days from start to end``: whole days from one date to another."""

    kind: Literal["days"] = "days"
    start: Expr
    end: Expr


Expr = Annotated[
    NumberLit
    | PercentLit
    | PointsLit
    | MoneyLit
    | DurationLit
    | DateLit
    | PeriodLit
    | StringLit
    | BoolLit
    | FieldRef
    | Call
    | Negate
    | Not
    | BoolExpr
    | Arith
    | Compare
    | InList
    | Between
    | IsMissing
    | DaysBetween,
    Field(discriminator="kind"),
]

# --------------------------------------------------------------------------
# Measures, targets and the fields of the four kinds
# --------------------------------------------------------------------------


class Measure(Node):
    """``share of POP where C``, ``count of POP [where C]``, ``mean of E over POP [where C]``."""

    kind: MeasureKind
    source: Ref
    where: Expr | None = None
    expr: Expr | None = None  # the averaged/totalled expression of mean, median and total


Value = Annotated[
    NumberLit | PercentLit | PointsLit | MoneyLit | DurationLit,
    Field(discriminator="kind"),
]

BoundOp = Literal["<", "<=", ">", ">="]


ShowValue = Callable[[NumberLit | PercentLit | PointsLit | MoneyLit | DurationLit], str]
"""How a wording shows a literal: the printer's source form, or the reports' ``£1,500``."""


class BoundTarget(Node):
    """``less than 10%``, ``at least 12 per quarter`` …; ``words`` keeps the wording used."""

    kind: Literal["bound"] = "bound"
    op: BoundOp
    words: str
    value: Value
    per: PeriodUnit | None = None

    def wording(self, show: ShowValue, baseline: str) -> str:
        """The target in words (``at least 12 per quarter``); the one wording of this form."""
        per = f" per {self.per}" if self.per else ""
        return f"{self.words} {show(self.value)}{per}"


class BetweenTarget(Node):
    """``between X and Y`` (both included)."""

    kind: Literal["between"] = "between"
    low: Value
    high: Value

    def wording(self, show: ShowValue, baseline: str) -> str:
        """The target in words (``between 40% and 60%``)."""
        return f"between {show(self.low)} and {show(self.high)}"


class RelativeTarget(Node):
    """Relative to the baseline: ``2 points below baseline``, ``10% higher than baseline``."""

    kind: Literal["relative"] = "relative"
    amount: PointsLit | PercentLit
    direction: Literal["below", "above"]

    def wording(self, show: ShowValue, baseline: str) -> str:
        """The target in words; ``baseline`` is how the reader calls it (``the baseline``)."""
        if isinstance(self.amount, PointsLit):
            return f"{show(self.amount)} {self.direction} {baseline}"
        word = "lower" if self.direction == "below" else "higher"
        return f"{show(self.amount)} {word} than {baseline}"


Target = Annotated[BoundTarget | BetweenTarget | RelativeTarget, Field(discriminator="kind")]
TARGET_FORMS = (BoundTarget, BetweenTarget, RelativeTarget)
"""Every form of target; a new form is added here and to `Target`."""


class Baseline(Node):
    """``baseline 18% at 2025-Q4``."""

    value: Value
    period: PeriodLit


class Trajectory(Node):
    """``improves every quarter [by N points]`` or ``no worse than previous quarter``."""

    kind: Literal["improves", "no_worse"]
    every: PeriodUnit
    by: PointsLit | None = None


class Verification(Node):
    """``verify METHOD [sample N%] [every PERIOD]``."""

    method: Ref
    sample: PercentLit | None = None
    every: PeriodUnit | None = None


class Theme(Node):
    """A strategic theme that outcomes hang from."""

    name: str
    title: str


class Header(Node):
    """The ``ruleset NAME "Title":`` block."""

    name: str
    title: str
    version: str | None = None
    services: tuple[Ref, ...] = ()
    period: PeriodUnit | None = None
    currency: str | None = None
    themes: tuple[Theme, ...] = ()
    commissioner: str | None = None


class Population(Node):
    """A named set of records: ``from TABLE_OR_POPULATION [where CONDITION]``."""

    name: str
    title: str
    source: Ref
    where: Expr | None = None


class Item(Node):
    """An outcome, output, process or input: the four rungs of the outcomes ladder."""

    kind: ItemKind
    name: str
    title: str
    level: Level | None = None
    themes: tuple[Ref, ...] = ()
    contributes_to: tuple[Ref, ...] = ()
    measure: Measure | None = None
    target: Target | None = None
    baseline: Baseline | None = None
    trajectory: Trajectory | None = None
    evidence: Evidence | None = None
    verifications: tuple[Verification, ...] = ()
    due: DateLit | None = None


# --------------------------------------------------------------------------
# Tenders
# --------------------------------------------------------------------------


class EvaluatorScoring(Node):
    """``scored by evaluators A to B``."""

    kind: Literal["evaluators"] = "evaluators"
    low: Decimal
    high: Decimal


class TargetScoring(Node):
    """``scored from targets``: the core plugin's method ``from_targets``."""

    kind: Literal["targets"] = "targets"

    @property
    def registered_name(self) -> str:
        """The name of the scoring method in the vocabulary."""
        return "from_targets"


class PriceScoring(Node):
    """``scored by lowest price``: the core plugin's method ``lowest_price``."""

    kind: Literal["lowest_price"] = "lowest_price"

    @property
    def registered_name(self) -> str:
        """The name of the scoring method in the vocabulary."""
        return "lowest_price"


class PluginScoring(Node):
    """``scored by METHOD [ARG …]``: a scoring method that a plugin registers."""

    kind: Literal["plugin"] = "plugin"
    method: Ref
    args: tuple[Literal_, ...] = ()

    @property
    def registered_name(self) -> str:
        """The name of the scoring method in the vocabulary: ``METHOD``."""
        return self.method.name


Scoring = Annotated[
    EvaluatorScoring | TargetScoring | PriceScoring | PluginScoring,
    Field(discriminator="kind"),
]

AutomaticScoring = TargetScoring | PriceScoring | PluginScoring
"""The scorings a registered scoring method computes: all but the evaluators'."""


class Criterion(Node):
    """An evaluation criterion of one lot."""

    name: str
    title: str
    weight: PercentLit | None = None
    scoring: Scoring | None = None
    minimum: NumberLit | None = None


GateKind = Literal[
    "every_outcome_offered", "targets_no_weaker", "verification_for_every_outcome", "plugin"
]

CORE_GATE_NAMES: dict[str, str] = {
    "every_outcome_offered": "every_outcome_offered",
    "targets_no_weaker": "targets_no_weaker_than_required",
    "verification_for_every_outcome": "verification_for_every_outcome",
}
"""The name under which the core plugin registers the gate of each core `GateKind`."""


class Gate(Node):
    """A ``require …`` line; ``plugin`` gates name a gate that a plugin registers."""

    kind: GateKind
    name: Ref | None = None
    args: tuple[Literal_, ...] = ()

    @property
    def registered_name(self) -> str:
        """The name of the gate in the vocabulary: a core gate's, or the plugin gate's ``NAME``."""
        if self.kind == "plugin":
            return self.name.name if self.name is not None else ""
        return CORE_GATE_NAMES[self.kind]


class RateCardPricing(Node):
    """``price from rate card``: bids price each rate-card line and expect a number of people;
    the bid's price is its expected outcome cost."""

    kind: Literal["rate_card"] = "rate_card"


class Tender(Node):
    """One lot: its criteria, gates, budget, tie break and how bids are priced."""

    name: str
    title: str
    criteria: tuple[Criterion, ...] = ()
    gates: tuple[Gate, ...] = ()
    budget: MoneyLit | None = None
    tie_break: Ref | None = None
    pricing: RateCardPricing | None = None
    """``price from rate card``; None when a bid gives one price."""


# --------------------------------------------------------------------------
# Payment terms
# --------------------------------------------------------------------------


class Deadweight(Node):
    """What a rate-card line pays above: ``above 75% deadweight`` (a fixed share of the
    line's population) or ``above comparison NAME`` (the rate a commissioner-supplied
    comparison group reached in each period, from the ``comparison_rates`` table)."""

    kind: Literal["share", "comparison"]
    share: PercentLit | None = None
    comparison: Ref | None = None


class PriceGroup(Node):
    """``group NAME pays MONEY where CONDITION`` under a rate-card line: the price for the
    people of the line in the group; the groups of a line do not overlap."""

    name: str
    amount: MoneyLit
    where: Expr


class RateLine(Node):
    """``OUTCOME pays MONEY per MEMBER [where CONDITION] [, cap MONEY] [, above …]``, with
    its price groups indented under it."""

    outcome: Ref
    amount: MoneyLit
    per: str
    where: Expr | None = None
    cap: MoneyLit | None = None
    deadweight: Deadweight | None = None
    groups: tuple[PriceGroup, ...] = ()


class Adjustment(Node):
    """``bonus N% when OUTCOME beats target by X`` / ``penalty N% when … misses target by X``."""

    kind: Literal["bonus", "penalty"]
    percent: PercentLit
    outcome: Ref
    by: Value


class Confirmation(Node):
    """``confirm with TABLE [on FIELD]``: the commissioner's administrative data that
    confirm the claims on outcomes verified by ``admin_data``, one row per person and
    outcome; ``on`` names the table's column holding the person's identifier (default
    ``person_id``)."""

    table: Ref
    on: Ref | None = None

    @property
    def key(self) -> str:
        """The table's column holding the person's identifier."""
        return self.on.name if self.on is not None else "person_id"


class Payment(Node):
    """The ``payment:`` block."""

    contract_value: MoneyLit | None = None
    at_risk: PercentLit | None = None
    rate_lines: tuple[RateLine, ...] = ()
    adjustments: tuple[Adjustment, ...] = ()
    cap_total: MoneyLit | None = None
    cohort: Ref | None = None
    """``cohort referrals``: only people the commissioner referred to a provider are paid."""
    claw_back: PercentLit | None = None
    """``claw back when more than N% fail``: a sampled verification whose failure rate is
    above N% takes the same share back from the provider's unsampled claims."""
    confirm: Confirmation | None = None
    """``confirm with TABLE [on FIELD]``: administrative data confirming claims."""

    def rate_card(self) -> tuple[RateCardEntry, ...]:
        """Every price of the rate card, in order: each rate-card line's, then its groups'."""
        entries: list[RateCardEntry] = []
        for number, line in enumerate(self.rate_lines, start=1):
            entries.append(RateCardEntry(key=str(number), line=number, rate_line=line,
                                         amount=line.amount))
            entries.extend(RateCardEntry(key=f"{number}.{group.name}", line=number,
                                         rate_line=line, amount=group.amount, group=group.name)
                           for group in line.groups)
        return tuple(entries)


GamingPattern = Literal["cream-skimming", "parking", "bunching", "drop-out", "double-claims"]
"""The forms of gaming `obc monitor` watches for (docs/gaming.md)."""
GAMING_PATTERNS: tuple[GamingPattern, ...] = (
    "cream-skimming", "parking", "bunching", "drop-out", "double-claims")


class GamingRule(Node):
    """One line of the ``gaming:`` block: a pattern's threshold and inputs, or ``off``.

    ``threshold`` is a standardised difference (cream-skimming), points above the other
    providers (parking, drop-out), times the neighbouring values (bunching) or people
    (double claims); None keeps the default. ``periods`` and ``activity`` are parking's
    (``after N periods without TABLE``), ``fields`` and ``baseline`` cream-skimming's
    (``on a, b against 2025-Q4``: the new people after the baseline period against those
    of that period; without it, against the other providers').
    """

    pattern: GamingPattern
    off: bool = False
    threshold: NumberLit | PointsLit | None = None
    periods: int | None = None
    activity: Ref | None = None
    fields: tuple[Ref, ...] = ()
    baseline: PeriodLit | None = None

    def wording(self) -> str:
        """The line as a ruleset states it."""
        words = "double claims" if self.pattern == "double-claims" else self.pattern
        if self.off:
            return f"{words} off"
        parts: list[str] = [words]
        if self.fields:
            parts.append("on " + ", ".join(f.name for f in self.fields))
        if self.baseline is not None:
            parts.append(f"against {self.baseline.text}")
        if self.periods is not None:
            parts.append(f"after {self.periods} period{'s' if self.periods != 1 else ''}")
        if self.activity is not None:
            parts.append(f"without {self.activity.name}")
        if self.threshold is not None:
            value = self.threshold.value.normalize()
            text = f"{value:f}"
            unit = {"cream-skimming": "standardised difference", "bunching": "times neighbours",
                    "double-claims": "person" if value == 1 else "people"}.get(
                        self.pattern, "point" if value == 1 else "points")
            parts.append(f"above {text} {unit}")
        return " ".join(parts)


class Gaming(Node):
    """The ``gaming:`` block: the ruleset's thresholds for the gaming alerts."""

    rules: tuple[GamingRule, ...] = ()

    def rule(self, pattern: GamingPattern) -> GamingRule | None:
        """The line setting ``pattern``, if any."""
        return next((r for r in self.rules if r.pattern == pattern), None)


@dataclass(frozen=True)
class RateCardEntry:
    """One price of the rate card, as a bid for a lot priced from the rate card prices it.

    ``key`` names it in a bid and a contract: the line's number (``"2"``), or the line's
    number and a price group's name (``"2.over_50"``).
    """

    key: str
    line: int
    """The rate-card line's number, from 1."""
    rate_line: RateLine
    amount: MoneyLit
    """The ruleset's price: the most a bid may ask."""
    group: str | None = None

    @property
    def outcome(self) -> str:
        """The outcome the line pays on."""
        return self.rate_line.outcome.name


# --------------------------------------------------------------------------
# The ruleset
# --------------------------------------------------------------------------


class Ruleset(Node):
    """A whole ``.obc`` file. Statements keep their source order."""

    header: Header | None = None
    populations: tuple[Population, ...] = ()
    items: tuple[Item, ...] = ()
    tenders: tuple[Tender, ...] = ()
    payment: Payment | None = None
    gaming: Gaming | None = None
    """The ``gaming:`` block; without it the alerts run with their defaults."""

    _names: _Names | None = PrivateAttr(default=None)

    def item(self, name: str) -> Item | None:
        """The outcome, output, process or input called ``name`` (the first, if twice)."""
        return self._index().items.get(name)

    def population(self, name: str) -> Population | None:
        """The population called ``name`` (the first, if twice)."""
        return self._index().populations.get(name)

    def tender(self, name: str) -> Tender | None:
        """The tender lot called ``name`` (the first, if twice)."""
        return self._index().tenders.get(name)

    def _index(self) -> _Names:
        # Built on the first lookup, so that a checker's lookups cost O(1) each rather
        # than a scan of the ruleset. A copy made with `model_copy(update=…)` carries
        # its original's index along: it is rebuilt when it indexes other tuples.
        names = self._names
        if names is None or not names.indexes(self):
            names = self._names = _Names.of(self)
        return names

    @property
    def outcomes(self) -> tuple[Item, ...]:
        """The items of kind ``outcome``, in source order."""
        return tuple(i for i in self.items if i.kind == "outcome")


@dataclass(frozen=True, slots=True)
class _Names:
    """A ruleset's definitions by name; the first definition of a name wins."""

    of_items: tuple[Item, ...]
    of_populations: tuple[Population, ...]
    of_tenders: tuple[Tender, ...]
    items: dict[str, Item]
    populations: dict[str, Population]
    tenders: dict[str, Tender]

    @classmethod
    def of(cls, ruleset: Ruleset) -> _Names:
        """Index the items, populations and tender lots of ``ruleset``."""
        return cls(ruleset.items, ruleset.populations, ruleset.tenders,
                   _first_by_name(ruleset.items), _first_by_name(ruleset.populations),
                   _first_by_name(ruleset.tenders))

    def indexes(self, ruleset: Ruleset) -> bool:
        """True when this index was built from the very tuples ``ruleset`` holds."""
        return (self.of_items is ruleset.items and self.of_populations is ruleset.populations
                and self.of_tenders is ruleset.tenders)


def _first_by_name(nodes: tuple[Any, ...]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for node in nodes:
        found.setdefault(node.name, node)
    return found


def same_model(a: BaseModel, b: BaseModel) -> bool:
    """True when two nodes are equal apart from their source spans."""
    return dump(a) == dump(b)


def dump(node: BaseModel) -> dict[str, Any]:
    """A JSON-ready dict of a node, without spans (decimals and dates as strings)."""
    return node.model_dump(mode="json")


PERIOD_FIELD = "period"
"""The field naming each record's reporting period (``2026-Q1``), written as text."""


def period_literal_of(field: object, other: object) -> PeriodLit | None:
    """``other`` when ``field`` is the ``period`` field and ``other`` a period literal:
    such a comparison (```period` >= 2026-Q1``) compares the periods' first days, so a
    quarter, a month and a year compare in time whatever the record's unit."""
    if isinstance(field, FieldRef) and field.name == PERIOD_FIELD and isinstance(
            other, PeriodLit):
        return other
    return None
