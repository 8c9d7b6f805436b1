"""Each gaming check's threshold and inputs: the ruleset's ``gaming:`` block, or the defaults.

The defaults and why they were chosen are in docs/gaming.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from obcrules.model import GamingPattern, GamingRule, Ruleset

DEFAULT_THRESHOLDS: dict[GamingPattern, Decimal] = {
    "cream-skimming": Decimal("0.2"),
    "parking": Decimal(10),
    "bunching": Decimal("1.5"),
    "drop-out": Decimal(10),
    "double-claims": Decimal(0),
}
"""The threshold of each pattern when the ruleset sets none."""

DEFAULT_PARKING_PERIODS = 2
"""Periods without recorded activity after which a person taken on counts as parked."""

MINIMUM_PEOPLE = 20
"""Fewest people a provider needs for a comparison with the others to be judged."""

MINIMUM_AT_CUT_OFF = 10
"""Fewest records at a cut-off for bunching there to be judged."""


@dataclass(frozen=True)
class Setting:
    """One pattern as a run checks it."""

    pattern: GamingPattern
    on: bool
    threshold: Decimal
    periods: int = DEFAULT_PARKING_PERIODS
    activity: str | None = None
    fields: tuple[str, ...] = ()
    baseline: str | None = None
    """Cream-skimming's baseline period: the new people after it against its own."""

    @property
    def wording(self) -> str:
        """The threshold in the words of the ``gaming:`` block."""
        value = f"{self.threshold.normalize():f}"
        if self.pattern == "cream-skimming":
            against = f" against {self.baseline}" if self.baseline is not None else ""
            return f"above {value} standardised difference{against}"
        if self.pattern == "bunching":
            return f"above {value} times neighbours"
        if self.pattern == "double-claims":
            return f"above {value} {'person' if self.threshold == 1 else 'people'}"
        points = f"above {value} {'point' if self.threshold == 1 else 'points'}"
        if self.pattern == "parking":
            return f"after {self.periods} period{'s' if self.periods != 1 else ''}, {points}"
        return points


def settings(ruleset: Ruleset) -> dict[GamingPattern, Setting]:
    """Every pattern's setting: the ``gaming:`` block's line for it, else the default."""
    block = ruleset.gaming
    found: dict[GamingPattern, Setting] = {}
    for pattern, default in DEFAULT_THRESHOLDS.items():
        rule: GamingRule | None = block.rule(pattern) if block is not None else None
        if rule is None:
            found[pattern] = Setting(pattern, True, default)
            continue
        found[pattern] = Setting(
            pattern, not rule.off,
            rule.threshold.value if rule.threshold is not None else default,
            rule.periods or DEFAULT_PARKING_PERIODS,
            rule.activity.name if rule.activity is not None else None,
            tuple(f.name for f in rule.fields),
            rule.baseline.text if rule.baseline is not None else None)
    return found
