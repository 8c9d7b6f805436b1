"""The gaming statistics, exact: from the counts the queries return to alerts with figures.

Every figure is a `Fraction` until it is shown; a square root (the standardised
difference's) is taken with `decimal` at 28 digits and rounded, so the same counts
always give the same text. docs/gaming.md gives each formula.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal, localcontext
from fractions import Fraction
from typing import Any

from obcrules.engine.gaming.settings import MINIMUM_AT_CUT_OFF, MINIMUM_PEOPLE, Setting
from obcrules.results.gaming import GamingAlert, GamingFigure

OTHERS = "the other providers"


def decimal_text(value: Fraction, places: int) -> str:
    """``value`` rounded half-even to ``places`` decimals, as text (``0.250``)."""
    quantum = Decimal(1).scaleb(-places)
    with localcontext() as context:
        context.prec = 40
        exact = Decimal(value.numerator) / Decimal(value.denominator)
        return str(exact.quantize(quantum, rounding=ROUND_HALF_EVEN))


def _sqrt(value: Fraction) -> Fraction:
    with localcontext() as context:
        context.prec = 28
        root = (Decimal(value.numerator) / Decimal(value.denominator)).sqrt()
    return Fraction(root)


def _number(value: Any) -> Fraction | None:
    """A value from the database as an exact fraction (booleans as 1 and 0)."""
    if isinstance(value, bool):
        return Fraction(int(value))
    if isinstance(value, int | Decimal):
        return Fraction(value)
    if isinstance(value, float):
        return Fraction(Decimal(repr(value)))
    return None


@dataclass(frozen=True)
class Moments:
    """People, mean and (population) variance of a value."""

    people: int
    mean: Fraction
    variance: Fraction


def moments(counts: dict[Fraction, int]) -> Moments | None:
    """The moments of ``value → people`` counts (None for none)."""
    people = sum(counts.values())
    if not people:
        return None
    mean = sum((v * n for v, n in counts.items()), Fraction(0)) / people
    variance = sum(((v - mean) ** 2 * n for v, n in counts.items()), Fraction(0)) / people
    return Moments(people, mean, variance)


def standardised_difference(a: Moments, b: Moments) -> Fraction | None:
    """(mean a − mean b) / √((var a + var b) / 2); None when both groups are all alike
    and differ (an unbounded difference), 0 when they are alike and equal."""
    pooled = (a.variance + b.variance) / 2
    if pooled == 0:
        return Fraction(0) if a.mean == b.mean else None
    return (a.mean - b.mean) / _sqrt(pooled)


def _figure(group: str, people: int, value: Fraction | None, places: int = 3) -> GamingFigure:
    return {"group": group, "people": people,
            "value": decimal_text(value, places) if value is not None else None}


def _points(share: Fraction) -> str:
    return decimal_text(share * 100, 1)


# ----------------------------------------------------------------------------- cream-skimming


Counts = dict[Any, int]
"""People by value of a field."""


def _by_provider(rows: list[dict[str, Any]], keep: Any = None) -> dict[str, Counts]:
    """``case_mix_query`` rows as people by provider and value (with ``keep``, only those
    taken on in a period it accepts)."""
    out: dict[str, Counts] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        if keep is None or keep(str(row["first"])):
            out[str(row["provider"])][row["v"]] += int(row["n"])
    return out


def case_mix_alerts(rows: list[dict[str, Any]], field: str, kind: str, subject: str,
                    setting: Setting) -> tuple[list[GamingAlert], int]:
    """Each provider whose new people's ``field`` differs from the other providers' (or,
    with a baseline, from its own new people of the baseline period) by more than the
    threshold (a category: its value that differs most, as a share); and the number of
    providers judged."""
    if setting.baseline is not None:
        return _against_baseline(rows, field, kind, subject, setting, setting.baseline)
    by_provider = _by_provider(rows)
    judged = {p for p, c in by_provider.items() if sum(c.values()) >= MINIMUM_PEOPLE}
    pool = set(by_provider)
    alerts: list[GamingAlert] = []
    while True:  # the most different first, then the rest against a pool without it
        worst: tuple[Fraction | None, str, Indicator, Moments, Moments] | None = None
        for provider in sorted(judged & pool):
            pooled: Counts = defaultdict(int)
            for name in pool - {provider}:
                for value, n in by_provider[name].items():
                    pooled[value] += n
            found = _worst(by_provider[provider], pooled, field, kind)
            if found is None or not _beyond_noise(found[0], found[2], found[3],
                                                  setting.threshold):
                continue
            if worst is None or _size(found[0]) > _size(worst[0]):
                worst = (found[0], provider, *found[1:])
        if worst is None:
            break
        d, provider, indicator, a, b = worst
        pool.discard(provider)
        alerts.append(_case_mix_alert(d, provider, indicator, (a, OTHERS), (b, OTHERS),
                                      subject, setting))
    return alerts, len(judged)


def _against_baseline(rows: list[dict[str, Any]], field: str, kind: str, subject: str,
                      setting: Setting, baseline: str) -> tuple[list[GamingAlert], int]:
    """Each provider's new people after the baseline period against its own of it."""
    before = _by_provider(rows, lambda first: first == baseline)
    after = _by_provider(rows, lambda first: first > baseline)
    alerts: list[GamingAlert] = []
    judged = 0
    since = f"taken on after {baseline}"
    then = f"taken on in {baseline}"
    for provider in sorted(set(before) & set(after)):
        found = _worst(after[provider], before[provider], field, kind)
        if found is None or sum(after[provider].values()) < MINIMUM_PEOPLE:
            continue
        judged += 1
        d, indicator, a, b = found
        if not _beyond_noise(d, a, b, setting.threshold):
            continue
        alerts.append(_case_mix_alert(d, provider, indicator, (a, since), (b, then),
                                      subject, setting))
    return alerts, judged


def _beyond_noise(d: Fraction | None, a: Moments, b: Moments, threshold: Decimal) -> bool:
    """|d| above the threshold and above twice its standard error, √(1/n₁ + 1/n₂) (so
    that a few dozen people do not alert on chance); an unbounded d always."""
    if d is None:
        return True
    noise = 4 * (Fraction(1, a.people) + Fraction(1, b.people))
    return abs(d) > threshold and d * d > noise


def _size(d: Fraction | None) -> Fraction:
    return abs(d) if d is not None else Fraction(10**9)


def _worst(own: Counts, other: Counts, field: str, kind: str
           ) -> tuple[Fraction | None, Indicator, Moments, Moments] | None:
    """The most different value of ``own`` against ``other`` (None: too few people)."""
    if sum(other.values()) < MINIMUM_PEOPLE:
        return None
    worst: tuple[Fraction | None, Indicator, Moments, Moments] | None = None
    for indicator, mine, theirs in _indicators(own, other, field, kind):
        a, b = moments(mine), moments(theirs)
        if a is None or b is None:
            continue
        d = standardised_difference(a, b)
        if worst is None or _size(d) > _size(worst[0]):
            worst = (d, indicator, a, b)
    return worst


def _case_mix_alert(d: Fraction | None, provider: str, indicator: Indicator,
                    a: tuple[Moments, str], b: tuple[Moments, str], subject: str,
                    setting: Setting) -> GamingAlert:
    """The alert: ``a`` the provider's new people and ``b`` those compared with, each with
    the words that name them; ``indicator`` the value compared."""
    (mine, named), (theirs, other) = a, b
    label, mean = indicator.label, indicator.mean
    scale, places = (1, 3) if mean else (100, 1)
    text = decimal_text(d, 3) if d is not None else None
    ours = f"{provider}: {label}" if named == OTHERS else f"{provider}, {named}: {label}"
    compared = f"{other}: {label}" if other == OTHERS else f"{provider}, {other}: {label}"
    whose = f"{OTHERS}'" if other == OTHERS else f"those {other}"
    return {
        "pattern": "cream-skimming", "provider": provider, "subject": subject,
        "statistic": text, "measure": "standardised difference",
        "threshold": setting.wording,
        "explanation": (
            f"{provider}'s new people" + ("" if named == OTHERS else f" {named}")
            + f" differ from {whose} in {label}: {decimal_text(mine.mean, 3)} against "
            f"{decimal_text(theirs.mean, 3)} ({mine.people} and {theirs.people} people), a "
            "standardised difference of "
            f"{text if text is not None else 'no spread to measure it by'}; it may be "
            "taking easier people"),
        "comparison": {"against": "others" if other == OTHERS else "baseline",
                       "unit": "mean" if mean else "percent",
                       "category": indicator.category,
                       "people": mine.people,
                       "value": decimal_text(mine.mean * scale, places),
                       "compared_people": theirs.people,
                       "compared_value": decimal_text(theirs.mean * scale, places)},
        "figures": [_figure(ours, mine.people, mine.mean),
                    _figure(f"{ours} (standard deviation)", mine.people,
                            _sqrt(mine.variance)),
                    _figure(compared, theirs.people, theirs.mean),
                    _figure(f"{compared} (standard deviation)", theirs.people,
                            _sqrt(theirs.variance))],
    }


@dataclass(frozen=True)
class Indicator:
    """A value compared between two groups of people: its words (``mean age``, ``share
    with setting care_home``), whether it is a mean (else a share), and for a category
    field the value whose share it is."""

    label: str
    mean: bool = False
    category: str | None = None


def _indicators(own: dict[Any, int], others: dict[Any, int], field: str, kind: str
                ) -> list[tuple[Indicator, dict[Fraction, int], dict[Fraction, int]]]:
    """The value compared: the field itself (a number or a yes/no, as its mean or share),
    or, for a category, each of its values as a share."""
    if kind != "category":
        def numeric(counts: dict[Any, int]) -> dict[Fraction, int]:
            out: dict[Fraction, int] = defaultdict(int)
            for value, n in counts.items():
                number = _number(value)
                if number is not None:
                    out[number] += n
            return out
        indicator = (Indicator(f"share with {field}") if kind == "boolean"
                     else Indicator(f"mean {field}", mean=True))
        return [(indicator, numeric(own), numeric(others))]
    values = sorted({str(v) for v in own} | {str(v) for v in others})

    def share(counts: dict[Any, int], of: str) -> dict[Fraction, int]:
        out: dict[Fraction, int] = defaultdict(int)
        for value, n in counts.items():
            out[Fraction(int(str(value) == of))] += n
        return out
    return [(Indicator(f"share with {field} {value}", category=value), share(own, value),
             share(others, value)) for value in values]


# ----------------------------------------------------------------------------- shares


@dataclass(frozen=True)
class ShareCounts:
    """Of a provider's people, those counted (parked, or never measured)."""

    people: int
    counted: int


def share_alerts(counts: dict[str, ShareCounts], pattern: str, subject: str,
                 setting: Setting, what: str) -> tuple[list[GamingAlert], int]:
    """Each provider whose share of ``what`` is more than the threshold in points above the
    share of the other providers together; and the number of providers judged."""
    alerts: list[GamingAlert] = []
    judged = 0
    for provider in sorted(counts):
        own = counts[provider]
        people = sum(c.people for p, c in counts.items() if p != provider)
        counted = sum(c.counted for p, c in counts.items() if p != provider)
        if own.people < MINIMUM_PEOPLE or people < MINIMUM_PEOPLE:
            continue
        judged += 1
        mine, theirs = Fraction(own.counted, own.people), Fraction(counted, people)
        points = (mine - theirs) * 100
        if points <= setting.threshold:
            continue
        alerts.append({
            "pattern": pattern,  # type: ignore[typeddict-item]
            "provider": provider, "subject": subject,
            "statistic": decimal_text(points, 1), "measure": "points above the others",
            "threshold": setting.wording,
            "explanation": (f"{own.counted} of {provider}'s {own.people} people {what} "
                            f"({_points(mine)}%), against {counted} of {people} for {OTHERS} "
                            f"({_points(theirs)}%): {decimal_text(points, 1)} points more"),
            "comparison": {"against": "others", "unit": "percent", "category": None,
                           "people": own.people,
                           "value": decimal_text(mine * 100, 1), "compared_people": people,
                           "compared_value": decimal_text(theirs * 100, 1)},
            "figures": [_figure(provider, own.people, mine * 100, 1),
                        _figure(OTHERS, people, theirs * 100, 1)],
        })
    return alerts, judged


# ----------------------------------------------------------------------------- bunching


def bunching_alerts(rows: list[dict[str, Any]], cut_off: Decimal, neighbours: list[Decimal],
                    subject: str, setting: Setting) -> tuple[list[GamingAlert], int]:
    """Each provider with more records at the cut-off than the threshold times the mean of
    the neighbouring values; and the number judged (those with enough at the cut-off)."""
    by_provider: dict[str, dict[Fraction, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        value = _number(row["v"])
        if value is not None:
            by_provider[str(row["provider"])][value] += int(row["n"])
    alerts: list[GamingAlert] = []
    judged = 0
    at, around = Fraction(cut_off), [Fraction(v) for v in neighbours]
    for provider in sorted(by_provider):
        counts = by_provider[provider]
        here = counts.get(at, 0)
        if here < MINIMUM_AT_CUT_OFF:
            continue
        judged += 1
        mean = Fraction(sum(counts.get(v, 0) for v in around), len(around))
        ratio = Fraction(here) / mean if mean else None
        if ratio is not None and ratio <= setting.threshold:
            continue
        text = decimal_text(ratio, 2) if ratio is not None else None
        alerts.append({
            "pattern": "bunching", "provider": provider, "subject": subject,
            "statistic": text, "measure": "times the neighbouring values",
            "threshold": setting.wording,
            "explanation": (f"{here} of {provider}'s records are exactly at the cut-off "
                            f"{plain_number(cut_off)}, against {decimal_text(mean, 2)} on "
                            "average at "
                            f"{', '.join(plain_number(v) for v in neighbours)}"
                            + (f": {text} times as many" if text else ": none there")),
            "comparison": {"against": "neighbours", "unit": "records", "category": None,
                           "people": here, "value": None,
                           "compared_people": sum(counts.get(v, 0) for v in around),
                           "compared_value": decimal_text(mean, 2)},
            "figures": [_figure(f"value {plain_number(v)}" + (" (cut-off)" if v == cut_off else ""),
                                counts.get(Fraction(v), 0), None)
                        for v in sorted([cut_off, *neighbours])],
        })
    return alerts, judged


def plain_number(value: Decimal) -> str:
    """``Decimal("3.0")`` → ``3``: a cut-off as the ruleset would write it."""
    return f"{value.normalize():f}"


# ----------------------------------------------------------------------------- double claims


def double_claim_alerts(rows: list[dict[str, Any]], subject: str, setting: Setting,
                        listed: int = 20) -> list[GamingAlert]:
    """Each provider paid for more people than the threshold whom another provider is paid
    for on the same line too; the people are listed (at most ``listed``)."""
    claims: dict[str, dict[str, str]] = defaultdict(dict)
    for row in rows:
        claims[str(row["person"])][str(row["provider"])] = str(row["period"])
    by_provider: dict[str, list[str]] = defaultdict(list)
    for person in sorted(claims):
        for provider in claims[person]:
            by_provider[provider].append(person)
    alerts: list[GamingAlert] = []
    for provider in sorted(by_provider):
        people = by_provider[provider]
        if len(people) <= setting.threshold:
            continue
        figures = []
        for person in people[:listed]:
            others = ", ".join(f"{p} ({period})" for p, period in sorted(claims[person].items())
                               if p != provider)
            figures.append(_figure(f"person {person}: {provider} "
                                   f"({claims[person][provider]}); also {others}", 1, None))
        alerts.append({
            "pattern": "double-claims", "provider": provider, "subject": subject,
            "statistic": str(len(people)), "measure": "people",
            "threshold": setting.wording,
            "explanation": (f"{len(people)} of the people {provider} is paid for on {subject} "
                            "are paid for on it by another provider too"
                            + (f" (the first {listed} listed)" if len(people) > listed else "")),
            "comparison": {"against": "none", "unit": "people", "category": None,
                           "people": len(people), "value": None,
                           "compared_people": 0, "compared_value": None},
            "figures": figures,
        })
    return alerts
