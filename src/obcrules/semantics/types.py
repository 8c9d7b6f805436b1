"""The types of values in conditions and expressions, and how fields map onto them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from obcrules.plugins.declarations import FieldDecl, ValueType

TypeKind = Literal[
    "boolean", "number", "percent", "points", "money", "duration", "date", "text",
    "category", "period", "unknown",
]


@dataclass(frozen=True)
class Type:
    """A value's type. ``values`` lists a category's allowed values."""

    kind: TypeKind
    values: tuple[str, ...] = ()

    def __str__(self) -> str:
        return NAMES[self.kind]

    @property
    def is_unknown(self) -> bool:
        """True after an earlier error: no further type errors are reported on it."""
        return self.kind == "unknown"


NAMES: dict[str, str] = {
    "boolean": "a yes/no value",
    "number": "a number",
    "percent": "a percentage",
    "points": "percentage points",
    "money": "an amount of money",
    "duration": "a duration",
    "date": "a date",
    "text": "text",
    "category": "a category",
    "period": "a period",
    "unknown": "a value of unknown type",
}

BOOLEAN = Type("boolean")
NUMBER = Type("number")
PERCENT = Type("percent")
POINTS = Type("points")
MONEY = Type("money")
DURATION = Type("duration")
DATE = Type("date")
TEXT = Type("text")
PERIOD = Type("period")
UNKNOWN = Type("unknown")

CONTEXT_VALUES = {"period_start": DATE, "period_end": DATE}
"""Names that every condition may use: the first and last day of the period evaluated."""


def field_type(decl: FieldDecl) -> Type:
    """The expression type of a declared field."""
    if decl.is_percent:
        return PERCENT
    if decl.type in ("integer", "decimal"):
        return NUMBER
    if decl.type == "category":
        return Type("category", decl.values)
    return {"boolean": BOOLEAN, "text": TEXT, "date": DATE}[decl.type]


def value_type(declared: ValueType) -> Type | None:
    """The expression type of a function parameter or result (None for ``any``)."""
    return {
        "integer": NUMBER,
        "decimal": NUMBER,
        "number": NUMBER,
        "boolean": BOOLEAN,
        "text": TEXT,
        "date": DATE,
        "duration": DURATION,
        "percent": PERCENT,
        "any": None,
    }[declared]


def comparable(a: Type, b: Type) -> bool:
    """Whether ``=``/``!=`` may compare values of these types."""
    if a.is_unknown or b.is_unknown:
        return True
    textual = {"text", "category"}
    if a.kind in textual and b.kind in textual:
        return True
    return a.kind == b.kind


def orderable(a: Type, b: Type) -> bool:
    """Whether ``<``, ``<=``, ``>``, ``>=`` and ``between`` may compare these types."""
    if a.is_unknown or b.is_unknown:
        return True
    return a.kind == b.kind and a.kind in {"number", "percent", "money", "duration", "date",
                                           "period", "points"}
