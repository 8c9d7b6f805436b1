"""Synthetic documents of any size, for benchmarks, report tests and previewing templates.

Built from the same types the engine and the tender write (mypy checks every
key; the schema tests validate the output), reproducible from a seed. The numbers
follow the documents' rules (a share is numerator ÷ denominator, a status
follows from the goal) but say nothing about any real service.
"""

from __future__ import annotations

import random
from decimal import Decimal

from obcrules.money import money_text
from obcrules.results.evaluation import (
    BidEntry,
    CriterionEntry,
    EvaluationDocument,
    ModerationEntry,
    Score,
)
from obcrules.results.monitoring import (
    DataProblem,
    EqualityGroup,
    GoalBounds,
    Helped,
    InvalidCount,
    ItemResult,
    LinePayment,
    MonitoringDocument,
    PaymentTotals,
    PeriodPayment,
    Status,
    TrajectoryStatus,
)

RATE = Decimal(450)
"""The one price of every synthetic rate-card line."""


def _periods(count: int) -> list[str]:
    return [f"{2025 + i // 4}-Q{i % 4 + 1}" for i in range(count)]


def monitoring_result(providers: int = 3, periods: int = 4, outcomes: int = 5,
                      seed: int = 7) -> MonitoringDocument:
    """An ``obcrules.monitoring/1`` document of the given size."""
    rng = random.Random(seed)  # noqa: S311  # reproducible test data, not secrets
    quarters = _periods(periods)
    names = [f"Provider {chr(65 + p % 26)}{p // 26 or ''}" for p in range(providers)]
    results: list[ItemResult] = []
    payments: list[LinePayment] = []
    totals: list[PaymentTotals] = []
    helped: list[Helped] = []
    equality: list[EqualityGroup] = []
    quality: list[DataProblem] = []
    counts: list[InvalidCount] = []
    for provider in names:
        for o in range(outcomes):
            name = f"outcome_{o + 1:02d}"
            share = o % 3 != 2
            bound = 0.6 if share else 40
            goal: GoalBounds = {"low": bound, "low_closed": True, "high": None,
                                "high_closed": False, "direction": "higher"}
            level = rng.uniform(0.4, 0.7) if share else rng.uniform(25, 50)
            previous: float | int | None = None
            for index, quarter in enumerate(quarters):
                level += rng.uniform(-0.04, 0.06) if share else rng.uniform(-3, 5)
                missing = rng.random() < 0.05
                den = rng.randint(40, 120)
                num = round(level * den)
                value: float | int | None = None
                if not missing:
                    value = round(num / den, 6) if share else round(level)
                status: Status = ("no data" if value is None else
                          "met" if value >= bound else "missed")
                trajectory: TrajectoryStatus = "first period" if index == 0 else (
                    "no data" if value is None or previous is None else
                    "improving" if value > previous else "not improving")
                results.append({
                    "provider": provider, "period": quarter, "name": name, "kind": "outcome",
                    "title": f"Outcome {o + 1}: people better off",
                    "measure": "share" if share else "count", "value": value,
                    "numerator": None if missing else (num if share else round(level)),
                    "denominator": den if share and not missing else None,
                    "target": "at least 60%" if share else "at least 40 per quarter",
                    "goal": goal, "status": status,
                    "trajectory": {"rule": "improves every quarter", "status": trajectory,
                                   "previous_period": quarters[index - 1] if index else None,
                                   "previous": previous, "change": None},
                    "baseline": None, "note": "no records" if missing else None,
                })
                previous = value
            expected = 120
            people_helped = rng.randint(40, 140)
            helped.append({"provider": provider, "name": name, "helped": people_helped,
                           "expected": expected,
                           "share_of_expected": round(people_helped / expected, 6),
                           "to_period": quarters[-1] if quarters else None})
            for group in ("female", "male", "not_known"):
                small = group == "not_known"
                den = rng.randint(3, 9) if small else rng.randint(20, 60)
                equality.append({"provider": provider,
                                 "period": quarters[-1] if quarters else "",
                                 "name": name, "field": "sex", "group": group,
                                 "suppressed": small,
                                 "numerator": None if small else den // 2,
                                 "denominator": None if small else den,
                                 "value": None if small else round((den // 2) / den, 6)})
        earned = Decimal(0)
        for o in range(min(outcomes, 4)):
            people = rng.randint(5, 60)
            by_period: list[PeriodPayment] = []
            left = people
            for i, quarter in enumerate(quarters):
                n = left if i == len(quarters) - 1 else rng.randint(0, left)
                left -= n
                by_period.append({"period": quarter, "people": n, "amount": money_text(n * RATE)})
            earned += people * RATE
            payments.append({"provider": provider, "line": f"outcome_{o + 1:02d}",
                             "rate_line": o + 1, "per": "person", "rate": money_text(RATE),
                             "cap": None, "capped": False, "people": people,
                             "amount": money_text(people * RATE), "by_period": by_period})
        due = money_text(earned)
        totals.append({"provider": provider, "contract_value": None, "at_risk_amount": None,
                       "rate_card": due, "rate_card_after_at_risk": due, "adjustments": [],
                       "cap_total": None, "outcome_payments": due,
                       "fixed": money_text(Decimal(0)), "total": due})
        rows = rng.randint(0, 3)
        for row in range(rows):
            quality.append({"table": "people", "file": "people.csv", "row": row * 17 + 2,
                            "provider": provider, "period": quarters[0] if quarters else None,
                            "field": "age", "problem": "age 131 is above the maximum 120"})
        if rows and quarters:
            counts.append({"table": "people", "provider": provider, "period": quarters[0],
                           "rows": 250, "invalid": rows})
    return {
        "schema": "obcrules.monitoring/1",
        "ruleset": {"name": "synthetic", "version": "1", "sha256": "0" * 64,
                    "file": "synthetic.obc"},
        "contract": None,
        "inputs": [{"path": "people.csv", "table": "people", "sha256": "1" * 64, "rows": 1000,
                    "ignored_columns": []}],
        "ignored_files": [],
        "plugins": {"core": "0.1.0"},
        "period_unit": "quarter",
        "currency": "£",
        "periods": quarters,
        "providers": names,
        "results": results,
        "equality": equality,
        "helped": helped,
        "payments": payments,
        "payment_totals": totals,
        "data_quality": quality,
        "data_quality_summary": counts,
        "data_quality_complete": True,
    }


def evaluation_result(bids: int = 12, seed: int = 7) -> EvaluationDocument:
    """An ``obcrules.evaluation/1`` document with ``bids`` bids, every fifth excluded."""
    rng = random.Random(seed)  # noqa: S311  # reproducible test data, not secrets
    criteria = [("approach", "Approach to achieving the outcomes", 40, 5),
                ("ambition", "Outcome targets offered", 20, 100),
                ("social_value", "Social value", 10, 100), ("price", "Price", 30, 100)]
    entries: list[BidEntry] = []
    moderation: list[ModerationEntry] = []
    for b in range(bids):
        bidder = f"Bidder {b + 1:02d} Ltd"
        excluded = b % 5 == 4
        scores: dict[str, Score] = {}
        for name, _title, weight, top in criteria:
            agreed = rng.randint(1, 5) if top == 5 else rng.randint(30, 100)
            weighted = Decimal(agreed) / top * weight
            by_evaluators = top == 5
            scores[name] = {"agreed": f"{agreed}.00", "max": str(top),
                            "weighted": f"{weighted.quantize(Decimal('0.01')):f}",
                            "settled_by": "mode" if by_evaluators else "automatic",
                            "reasons": [{"by": f"Evaluator {n}", "score": str(agreed),
                                         "text": f"Justification {n} of {bidder}"}
                                        for n in (1, 2)] if by_evaluators else [],
                            "working": None if by_evaluators else {
                                "formula": "synthetic", "calculation": f"= {agreed}.00",
                                "targets": []}}
            if top == 5 and not excluded:
                moderation.append({"bidder": bidder, "criterion": name,
                                   "scores": {"alice": str(agreed), "bob": str(agreed)},
                                   "spread": "0", "threshold": "2", "needs_agreement": False,
                                   "method": "mode", "agreed": str(agreed),
                                   "justification": ""})
        total = sum((Decimal(s["weighted"]) for s in scores.values()), Decimal(0))
        entries.append({"bidder": bidder, "file": f"bids/bidder-{b + 1:02d}.yaml",
                        "status": "excluded" if excluded else "ranked",
                        "reasons": ["the price is over the budget"] if excluded else [],
                        "price": f"{rng.randint(800, 1500) * 1000}.00",
                        "provider_id": f"B{b + 1:02d}",
                        "scores": {} if excluded else scores,
                        "total": None if excluded else f"{total:f}", "rank": None,
                        "flags": []})
    ranked = sorted((e for e in entries if e["status"] == "ranked"),
                    key=lambda e: (-Decimal(e["total"] or 0), e["bidder"]))
    for i, e in enumerate(ranked, start=1):
        e["rank"] = i
    winner = ranked[0]["bidder"] if ranked else None
    criteria_entries: list[CriterionEntry] = [
        {"name": n, "title": t, "weight": f"{w}.00", "max": str(m),
         "method": "evaluators 1 to 5" if m == 5 else "from targets", "minimum": None,
         "working": {}} for n, t, w, m in criteria]
    return {
        "schema": "obcrules.evaluation/1",
        "lot": {"name": "lot1", "title": "Lot 1: synthetic"},
        "ruleset": {"path": "synthetic.obc", "name": "synthetic", "title": "Synthetic",
                    "version": "1", "commissioner": "Synthetic council", "sha256": "0" * 64},
        "items": [{"name": "wellbeing", "title": "Residents report better wellbeing"}],
        "currency": "£",
        "plugins": {"core": "0.1.0"},
        "inputs": [{"path": f"bids/bidder-{b + 1:02d}.yaml", "sha256": f"{b:064x}"}
                   for b in range(bids)],
        "panel": [{"role": "Evaluator 1", "evaluator": "alice"},
                  {"role": "Evaluator 2", "evaluator": "bob"}],
        "settings": {"abnormally_low_price": "0.3", "moderation_spread": "0.4",
                     "rounding": "published", "settle": "mode-lower"},
        "criteria": criteria_entries,
        "bids": entries,
        "winner": winner,
        "ties": [],
        "moderation": moderation,
        "sensitivity": {"winner": winner, "pairs": [], "smallest": None},
    }
