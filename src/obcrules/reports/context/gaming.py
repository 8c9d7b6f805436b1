"""The gaming checks and alerts of ``monitoring.json`` in words a board member reads.

One home for how a gaming alert is worded: the monitoring report's *Gaming checks*
chapter, ``obc serve``'s dashboard (through ``obcrules.api.gaming_summary``) and
``obc monitor``'s table all show these views. Each alert says which pattern (what it
is, in a sentence), which provider and periods, what was compared with what (the
figures and what they are), the threshold that triggered it and what to do next;
outcomes by their titles and fields by their declared titles. The ruleset's own
terms (the condition, the names) are kept as a secondary ``detail``. A document
written before alerts carried their ``scope`` and ``comparison`` is shown with the
engine's explanation.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from obcrules.figures import count_text, number_text, percent_text
from obcrules.reports import formatting as fmt
from obcrules.results.gaming import GamingAlert, GamingCheck, GamingComparison, GamingScope


@dataclass(frozen=True)
class Pattern:
    """A form of gaming: its name, what it is, and what a contract manager does about it."""

    title: str
    meaning: str
    action: str


PATTERNS: dict[str, Pattern] = {
    "cream-skimming": Pattern(
        "Cream-skimming",
        "taking on the people most likely to succeed and leaving the harder cases to others",
        "Compare the people referred to {provider} with those it took on, and ask how it "
        "decides whom to accept; the fields compared should mark how hard a case is."),
    "parking": Pattern(
        "Parking",
        "taking people on, then doing little or nothing for them",
        "Ask {provider} what support these people received, and check a sample of their "
        "case files for contact its returns did not record."),
    "bunching": Pattern(
        "Bunching",
        "recording people just over the value that triggers a payment, moved up from just "
        "below it",
        "Check a sample of {provider}'s records at the cut-off against case files or the "
        "original assessments, to see whether the values were recorded as measured."),
    "drop-out": Pattern(
        "Drop-out before measurement",
        "losing people before their outcome is measured, so that failures are not counted",
        "Ask {provider} why these people left before their outcome was recorded, and check "
        "whether they were the people least likely to succeed."),
    "double-claims": Pattern(
        "Double claims",
        "being paid for people another provider is also paid for",
        "Check with the other provider which of them supported each person listed, and "
        "recover any payment made twice."),
}
"""Each pattern of docs/gaming.md: its title, what it is, and what to do next."""


@dataclass(frozen=True)
class GamingCheckRow:
    """A gaming check made: what, its threshold, and its alerts (or why it was not made)."""

    pattern: str
    subject: str
    threshold: str
    outcome: str
    detail: str = ""
    """What was checked in the ruleset's terms (names, the condition)."""


@dataclass(frozen=True)
class GamingAlertView:
    """A gaming alert in words, with the figures behind it."""

    pattern: str
    provider: str
    subject: str
    explanation: str
    figures: tuple[tuple[str, str, str], ...]
    """(group, people, figure) rows."""
    title: str = ""
    """``Possible bunching by Oak Care, 2025-Q1 to 2026-Q4``."""
    meaning: str = ""
    """The pattern in a sentence."""
    checked: str = ""
    """What was checked, by title."""
    threshold: str = ""
    """The threshold, and the figure that crossed it."""
    action: str = ""
    """What to do next."""
    detail: str = ""
    """What was checked in the ruleset's terms."""

    @property
    def line(self) -> str:
        """The alert in one line, for a list of alerts (the dashboard, the terminal)."""
        return f"{self.title}: {self.explanation}. {self.threshold}."


def gaming_views(checks: Sequence[GamingCheck], alerts: Sequence[GamingAlert],
                 titles: Mapping[str, str], unit: str = "period"
                 ) -> tuple[tuple[GamingCheckRow, ...], tuple[GamingAlertView, ...]]:
    """The check rows and alert views of a document's ``gaming_checks`` and
    ``gaming_alerts`` (outcomes named by ``titles``, periods counted in ``unit``, the
    document's ``period_unit``)."""
    return (tuple(check_row(c, titles, unit) for c in checks),
            tuple(alert_view(a, titles, unit) for a in alerts))


def check_row(check: GamingCheck, titles: Mapping[str, str],
              unit: str = "period") -> GamingCheckRow:
    """One check in words: what it looked at, its threshold, what it found."""
    scope = check.get("scope")
    judged = count_text(check["judged"], "provider")
    found = f"{count_text(check['alerts'], 'alert')} among {judged} judged"
    if check["note"] and not check["judged"]:
        found = fmt.capitalise(check["note"])
    elif check["note"]:
        found += f"; {check['note']}"
    return GamingCheckRow(
        pattern=PATTERNS[check["pattern"]].title,
        subject=(_checked(check["pattern"], scope, titles, unit) if scope
                 else check["subject"]),
        threshold=(_threshold(check["pattern"], scope) if scope else check["threshold"]),
        outcome=found,
        detail=_detail(check["subject"]))


def alert_view(alert: GamingAlert, titles: Mapping[str, str],
               unit: str = "period") -> GamingAlertView:
    """One alert in words (the engine's explanation when the document predates scopes)."""
    pattern = PATTERNS[alert["pattern"]]
    provider = alert["provider"]
    scope, comparison = alert.get("scope"), alert.get("comparison")
    periods = _periods(scope["periods"]) if scope else ""
    figures = tuple((f["group"], fmt.number(f["people"]), f["value"] or "")
                    for f in alert["figures"])
    if scope is None or comparison is None:
        return GamingAlertView(
            alert["pattern"], provider, alert["subject"], alert["explanation"], figures,
            title=f"Possible {pattern.title.lower()} by {provider}",
            meaning=f"{pattern.title}: {pattern.meaning}.", checked=alert["subject"],
            threshold=f"Threshold: {alert['threshold']}.",
            action=pattern.action.format(provider=provider), detail="")
    return GamingAlertView(
        alert["pattern"], provider, alert["subject"],
        _compared(alert, scope, comparison, titles, unit), figures,
        title=f"Possible {pattern.title.lower()} by {provider}"
        + (f", {periods}" if periods else ""),
        meaning=f"{pattern.title}: {pattern.meaning}.",
        checked=_checked(alert["pattern"], scope, titles, unit),
        threshold=_crossed(alert, scope),
        action=pattern.action.format(provider=provider),
        detail=_detail(alert["subject"]))


# ----------------------------------------------------------------------------- the words


def _periods(periods: Sequence[str]) -> str:
    if not periods:
        return ""
    return periods[0] if periods[0] == periods[-1] else f"{periods[0]} to {periods[-1]}"


def _line(scope: GamingScope, titles: Mapping[str, str]) -> str:
    """``the rate-card line for “Residents report better wellbeing” (line 2)``."""
    outcome = scope["outcome"] or ""
    title = titles.get(outcome) or fmt.capitalise(fmt.humanise(outcome))
    return f"the rate-card line for “{title}” (line {scope['rate_line']})"


def _fields(names: Sequence[str], last: str = "or") -> str:
    """Fields by title in a sentence: ``age in years``, ``WEMWBS score at the end or …``."""
    return fmt.listing([fmt.sentence_case(n) for n in names], last) or "the fields it needs"


def _recorded(names: Sequence[str]) -> str:
    """Fields that had to be recorded, each title quoted (a title may read as a question:
    ``“Has a continence problem” or “Continence problem treated”``)."""
    return fmt.listing([f"“{n}”" for n in names], "or") or "the fields it needs"


def _activity(scope: GamingScope) -> str:
    return fmt.listing(scope["activity"], "or") or "any activity"


def _checked(pattern: str, scope: GamingScope, titles: Mapping[str, str], unit: str) -> str:
    """What a check looked at, by title."""
    people = scope["people"]
    if pattern == "cream-skimming":
        against = (f"those it took on in {scope['baseline']}" if scope["baseline"]
                   else "the other providers'")
        which = f"{_fields(scope['fields'], 'and')} of the " if scope["fields"] else "the "
        return (f"{fmt.capitalise(which)}people each provider newly took on ({people}), "
                f"against {against}")
    if pattern == "parking":
        return (f"People taken on ({people}) with no record in {_activity(scope)} within "
                f"{count_text(scope['within'] or 0, unit)}")
    if pattern == "bunching":
        return (f"Records of {people} at {scope['cut_off']}, the value that first pays on "
                f"{_line(scope, titles)}, against the values either side")
    if pattern == "drop-out":
        return (f"{people} with no record of {_recorded(scope['fields'])}, which "
                f"{_line(scope, titles)} needs to judge the outcome")
    return f"{people} paid for on {_line(scope, titles)} by more than one provider"


def _threshold(pattern: str, scope: GamingScope) -> str:
    """The threshold in words."""
    limit = scope["limit"]
    if pattern == "cream-skimming":
        return (f"A difference of more than {limit} standard deviations"
                + (f", against {scope['baseline']}" if scope["baseline"] else ""))
    if pattern == "bunching":
        return f"More than {limit} times the records at the values either side"
    if pattern == "double-claims":
        return ("Any person paid for twice" if limit == "0" else
                f"More than {count_text(int(limit), 'person')} paid for twice")
    return f"More than {_points(limit)} above the other providers"


def _points(value: str) -> str:
    """``10`` → ``10 percentage points``, ``1`` → ``1 percentage point``."""
    return f"{number_text(value, 1)} percentage point{'' if value == '1' else 's'}"


def _compared(alert: GamingAlert, scope: GamingScope, comparison: GamingComparison,
              titles: Mapping[str, str], unit: str) -> str:
    """What was compared with what, with the figures and what they are."""
    provider = alert["provider"]
    people, others = comparison["people"], comparison["compared_people"]
    mine, theirs = comparison["value"], comparison["compared_value"]
    pattern = alert["pattern"]
    if pattern == "cream-skimming":
        field = _fields(scope["fields"][:1])
        if comparison["unit"] == "mean":
            what = f"{field} averaged {fmt.number(mine)}"
            then = f"{fmt.number(theirs)}"
        else:
            valued = f" {comparison['category']}" if comparison["category"] else ""
            what = f"{_percent(mine)} had {field}{valued}"
            then = _percent(theirs)
        whom = (f"for the {count_text(others, 'person')} it took on in "
                f"{scope['baseline']}" if comparison["against"] == "baseline" else
                f"for the {count_text(others, 'person')} the other providers "
                "took on")
        since = f" after {scope['baseline']}" if comparison["against"] == "baseline" else ""
        return (f"Of the {count_text(people, 'person')} {provider} newly took "
                f"on{since}, {what}, against {then} {whom}")
    if pattern == "parking":
        within = count_text(scope["within"] or 0, unit)
        return (f"{_percent(mine)} of the {count_text(people, 'person')} {provider} "
                f"took on had no record in {_activity(scope)} within {within} of starting, "
                "against "
                f"{_percent(theirs)} of the {count_text(others, 'person')} the "
                "other providers took on")
    if pattern == "bunching":
        return (f"{count_text(people, 'record')} of {provider} sit exactly at "
                f"{scope['cut_off']}, the first value that pays on {_line(scope, titles)}, "
                f"against {fmt.number(theirs)} on average at each value either side")
    if pattern == "drop-out":
        return (f"{_percent(mine)} of {provider}'s {count_text(people, 'person')} "
                f"have no record of {_recorded(scope['fields'])}, so their outcome on "
                f"{_line(scope, titles)} is never judged, against {_percent(theirs)} of the "
                f"{count_text(others, 'person')} at the other providers")
    return (f"{count_text(people, 'person')} whom {provider} is paid for on "
            f"{_line(scope, titles)} are paid for on it by another provider too")


def _crossed(alert: GamingAlert, scope: GamingScope) -> str:
    """The figure that crossed the threshold, and the threshold."""
    statistic, pattern = alert["statistic"], alert["pattern"]
    limit = _threshold(pattern, scope).lower()
    if pattern == "cream-skimming":
        size = (f"{fmt.number(statistic.lstrip('-'), 3)} standard deviations"
                if statistic is not None else "a difference with no spread to measure it by")
        return (f"The difference is {size} (standardised difference {statistic}); the check "
                f"flags {limit}, when the groups are large enough for it not to be chance")
    if pattern == "bunching":
        times = (f"{fmt.number(statistic)} times as many records at the cut-off as at the "
                 "values either side" if statistic is not None
                 else "records at the cut-off and none at the values either side")
        return f"That is {times}; the check flags {limit}"
    if pattern == "double-claims":
        return f"The check flags {limit}"
    return f"That is {_points(statistic or '0')} more; the check flags {limit}"


def _detail(subject: str) -> str:
    """What was checked in the ruleset's own names (and the paid condition, for bunching)."""
    return f"In the ruleset's terms: {subject.replace('`', '')}"


def _percent(value: str | None) -> str:
    """A share the document gives in per cent (``84.8``) as the reports show shares."""
    return percent_text(Decimal(value) / 100) if value is not None else "–"
