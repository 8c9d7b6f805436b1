"""The gaming alerts of ``monitoring.json``: what was checked, and each alert with its figures.

See docs/gaming.md for each pattern's statistic and default threshold. Figures are exact
decimal strings (a share in points, a standardised difference, a ratio), so the same data
gives the same bytes on every engine.
"""

from __future__ import annotations

from typing import Literal, NotRequired

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
class GamingScope(TypedDict):
    """What a check looked at, by the titles people know, so that a report can say it in
    words (``subject`` says it in the ruleset's names)."""

    outcome: str | None
    """The outcome whose rate-card line was checked (its name; the document's results
    carry its title); null for a check of a population or a table."""
    rate_line: int | None
    """That line's position in the payment block."""
    people: str
    """Whose records were looked at, by title (``Care home residents aged 65+``)."""
    fields: list[str]
    """The fields compared, or that had to be recorded, by title (``Age in years``)."""
    activity: list[str]
    """Parking: the tables whose records show activity, by title."""
    condition: str | None
    """The paid condition compared with a cut-off, as the ruleset writes it."""
    cut_off: str | None
    """Bunching: the first value that pays."""
    baseline: str | None
    """Cream-skimming against a baseline period: that period."""
    periods: list[str]
    """The first and last period looked at (empty without data)."""
    limit: str
    """The threshold as an exact decimal (``0.2``, ``10`` points, ``1.5`` times, ``0``
    people); ``threshold`` words it as the ``gaming:`` block does."""
    within: int | None
    """Parking: the periods without recorded activity after which a person counts."""


@with_config(_STRICT)
class GamingComparison(TypedDict):
    """The two figures an alert compares: the provider's, and what it was compared with."""

    against: Literal["others", "baseline", "neighbours", "none"]
    """The other providers; the provider's own people of the baseline period; the values
    next to a cut-off (bunching); nothing (double claims)."""
    unit: Literal["mean", "percent", "records", "people"]
    """What the two values are: means of the field, shares in per cent of the people, or
    (no value) a count of records or people."""
    category: str | None
    """Cream-skimming on a category field: the value whose share is compared."""
    people: int
    """The provider's people (bunching: its records at the cut-off)."""
    value: str | None
    """The provider's figure as an exact decimal: a mean or a share (%) of its people."""
    compared_people: int
    """The people compared with (bunching: records at the neighbouring values)."""
    compared_value: str | None
    """Their figure (bunching: the mean number of records at a neighbouring value)."""


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
    scope: NotRequired[GamingScope]
    """What was checked, by title (absent in documents written before it was recorded)."""
    comparison: NotRequired[GamingComparison]
    """The provider's figure and what it was compared with."""


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
    scope: NotRequired[GamingScope]
    """What was checked, by title (absent in documents written before it was recorded)."""
