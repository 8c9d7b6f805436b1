"""What every rule family shares: the diagnostics it reports and a block's fields.

A field rule (``version``, ``target``, ``weight`` …) returns a `BlockField`; the
rule of the enclosing block gathers them with `RuleBase._fields`, which reports
a field given twice or one that does not belong in the block, so one run
reports them all.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from obcrules.diagnostics import Diagnostic
from obcrules.model import Span
from obcrules.syntax.tokens import Meta, Token
from obcrules.syntax.transformer.spans import nowhere, span_of

FIELD_LABELS = {
    "period_field": "period", "theme_def": "theme", "contributes": "contributes to",
    "scored": "scored by/from", "price_from_rate_card": "price from rate card",
    "rate_line": "rate-card line", "adjustment": "bonus/penalty",
    "cohort": "cohort", "claw_back": "claw back", "confirm": "confirm with",
    "investor_share": "investors receive",
}
"""How a field is named in messages."""

REPEATABLE = {
    "theme", "contributes", "verify", "service", "theme_def", "require", "rate_line", "adjustment",
    "drawdown",
}
"""The fields a block may give more than once; their values are gathered in a list."""


@dataclass(frozen=True)
class BlockField:
    """One field line of a block, before the block's rule gathers it."""

    key: str
    value: Any
    span: Span


def field_at(key: str, value: Any, meta: Meta | Token) -> BlockField:
    """The field ``key`` with ``value``, placed where ``meta`` is."""
    return BlockField(key, value, span_of(meta) or nowhere())


class RuleBase:
    """The state every rule family shares: the file's name and the diagnostics found."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.diagnostics: list[Diagnostic] = []

    def _error(self, code: str, span: Span | None, message: str,
               suggestion: str | None = None) -> None:
        self.diagnostics.append(Diagnostic.at(span, code=code, severity="error", file=self.file,
                                              message=message, suggestion=suggestion))

    def _fields(self, what: str, allowed: tuple[str, ...] | None,
                children: list[Any]) -> dict[str, Any]:
        """Gather field children into a dict; report repeats and misplaced fields."""
        found: dict[str, Any] = {}
        for child in children:
            if not isinstance(child, BlockField):
                continue
            label = FIELD_LABELS.get(child.key, child.key.replace("_", " "))
            if allowed is not None and child.key not in allowed:
                self._error(
                    "OBC121", child.span, f"`{label}` does not belong in {what}",
                    f"{what} takes: "
                    + ", ".join(f"`{FIELD_LABELS.get(a, a)}`" for a in allowed),
                )
                continue
            if child.key in REPEATABLE:
                found.setdefault(child.key, []).append(child.value)
            elif child.key in found:
                self._error("OBC108", child.span, f"`{label}` is given twice in {what}",
                            "keep one of the two lines")
            else:
                found[child.key] = child.value
        return found
