"""The gaming alerts of ``monitoring.json``: what was checked, and each alert with its figures.

See docs/gaming.md for each pattern's statistic and default threshold. Figures are exact
decimal strings (a share in points, a standardised difference, a ratio), so the same data
gives the same bytes on every engine.
"""

from __future__ import annotations

from typing import Literal

from pydantic import ConfigDict, with_config
from typing_extensions import TypedDict

GamingPattern = Literal["cream-skimming", "parking", "bunching", "drop-out", "double-claims"]

_STRICT = ConfigDict(extra="forbid", use_attribute_docstrings=True)


@with_config(_STRICT)
class GamingFigure(TypedDict):
    """One row of the figures behind an alert: a group, its people and its figure."""

    group: str
    """What the row counts (``OAK: new people``, ``the other providers``, ``value 3``)."""
    people: int
    value: str | None
    """The group's figure as an exact decimal (a mean, a share in %, …); null for a count."""


@with_config(_STRICT)
class GamingAlert(TypedDict):
    """A provider whose figures cross a gaming threshold, with the figures behind it."""

    pattern: GamingPattern
    provider: str
    subject: str
    """What was checked: a field of the new people, a rate-card line's cut-off, …"""
    statistic: str | None
    """The statistic as an exact decimal; null where it is unbounded (no neighbours)."""
    measure: str
    """What the statistic is (``standardised difference``, ``points above the others``…)."""
    threshold: str
    explanation: str
    """The alert in words, with its figures."""
    figures: list[GamingFigure]


@with_config(_STRICT)
class GamingCheck(TypedDict):
    """One check a run made (or could not make), and how many providers it alerted on."""

    pattern: GamingPattern
    subject: str
    threshold: str
    """The threshold as the ruleset sets it, or the default (``above 0.2 standardised
    difference``)."""
    judged: int
    """Providers with enough people to judge."""
    alerts: int
    note: str | None
    """Why the check was not made, or was made for fewer providers."""
