"""Synthetic results of any size, for benchmarks, tests and previewing custom templates.

The numbers follow the documented JSON shapes and are reproducible (a seeded
generator); they are not realistic data and say nothing about any service.
"""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

from obcrules.money import money_text


def _periods(count: int) -> list[str]:
    return [f"{2025 + i // 4}-Q{i % 4 + 1}" for i in range(count)]


def monitoring_result(providers: int = 3, periods: int = 4, outcomes: int = 5,
                      seed: int = 7) -> dict[str, Any]:
    """A ``obcrules.monitoring/1`` result of the given size."""
    rng = random.Random(seed)  # noqa: S311  # reproducible test data, not secrets
    quarters = _periods(periods)
    results: list[dict[str, Any]] = []
    payments: list[dict[str, Any]] = []
    helped: list[dict[str, Any]] = []
    equality: list[dict[str, Any]] = []
    quality: list[dict[str, Any]] = []
    for p in range(providers):
        provider = f"Provider {chr(65 + p % 26)}{p // 26 or ''}"
        for o in range(outcomes):
            name = f"outcome_{o + 1:02d}"
            share = o % 3 != 2
            target = 0.6 if share else 40
            level = rng.uniform(0.4, 0.7) if share else rng.uniform(25, 50)
            for q in quarters:
                level += rng.uniform(-0.04, 0.06) if share else rng.uniform(-3, 5)
                missing = rng.random() < 0.05
                den = rng.randint(40, 120)
                num = round(level * den) if share else None
                value = None if missing else (num / den if share and num is not None
                                              else round(level))
                results.append({
                    "provider": provider, "period": q, "name": name,
                    "title": f"Outcome {o + 1}: people better off",
                    "kind": "share" if share else "count", "value": value,
                    "numerator": None if missing else (num if share else value),
                    "denominator": None if missing or not share else den,
                    "target": {"text": "at least 60%" if share else "at least 40 per quarter",
                               "value": target},
                    "status": "no data" if value is None else
                    ("met" if value >= target else "missed"),
                    "trajectory": {"status": rng.choice(["improving", "not improving"])},
                })
            helped.append({"provider": provider, "name": name, "expected": 120,
                           "helped": rng.randint(40, 140)})
            for group in ("female", "male", "not recorded"):
                small = group == "not recorded"
                den = rng.randint(3, 9) if small else rng.randint(20, 60)
                equality.append({"provider": provider, "period": quarters[-1], "name": name,
                                 "field": "sex", "group": group, "suppressed": small,
                                 "numerator": None if small else den // 2,
                                 "denominator": None if small else den,
                                 "value": None if small else (den // 2) / den})
        for o in range(min(outcomes, 4)):
            people = rng.randint(5, 60)
            payments.append({"provider": provider, "line": f"outcome_{o + 1:02d}",
                             "rate": "450.00", "cap": None, "capped": False,
                             "people": people, "amount": money_text(Decimal(people * 450))})
        for row in range(rng.randint(0, 3)):
            quality.append({"provider": provider, "table": "people", "row": row * 17 + 2,
                            "field": "age", "problem": "age 131 is above the maximum 120"})
    return {
        "schema": "obcrules.monitoring/1",
        "ruleset": {"name": "synthetic", "version": "1", "sha256": "0" * 64},
        "inputs": [{"path": "data/people.csv", "sha256": "1" * 64, "rows": 1000}],
        "plugins": {"core": "0.1.0"},
        "results": results, "payments": payments, "helped": helped,
        "equality": equality, "data_quality": quality,
    }


def evaluation_result(bids: int = 12, seed: int = 7) -> dict[str, Any]:
    """A ``obcrules.evaluation/1`` result with ``bids`` bids, a few of them excluded."""
    rng = random.Random(seed)  # noqa: S311  # reproducible test data, not secrets
    criteria = [("approach", "Approach to achieving the outcomes", 40, 5),
                ("ambition", "Outcome targets offered", 20, 100),
                ("social_value", "Social value", 10, 100), ("price", "Price", 30, 100)]
    entries: list[dict[str, Any]] = []
    moderation: list[dict[str, Any]] = []
    for b in range(bids):
        bidder = f"Bidder {b + 1:02d} Ltd"
        excluded = b % 5 == 4
        scores = {}
        for name, _title, weight, top in criteria:
            agreed = rng.randint(1, 5) if top == 5 else rng.randint(30, 100)
            scores[name] = {"agreed": str(agreed), "max": str(top),
                            "weighted": f"{agreed / top * weight:.2f}"}
            if top == 5:
                moderation.append({"bidder": bidder, "criterion": name,
                                   "scores": {"alice": str(agreed), "bob": str(agreed)},
                                   "spread": "0", "threshold": "2", "needs_agreement": False,
                                   "method": "mode", "agreed": str(agreed),
                                   "justification": ""})
        total = sum(float(s["weighted"]) for s in scores.values())
        entries.append({"bidder": bidder, "status": "excluded" if excluded else "ranked",
                        "reasons": ["price is over the budget"] if excluded else [],
                        "price": f"{rng.randint(800, 1500) * 1000}.00",
                        "scores": {} if excluded else scores,
                        "total": None if excluded else f"{total:.2f}", "rank": None,
                        "flags": []})
    ranked = sorted((e for e in entries if e["status"] == "ranked"),
                    key=lambda e: -float(e["total"]))
    for i, e in enumerate(ranked, start=1):
        e["rank"] = i
    return {
        "schema": "obcrules.evaluation/1",
        "lot": {"name": "lot1", "title": "Lot 1: synthetic"},
        "ruleset": {"name": "synthetic", "version": "1", "sha256": "0" * 64},
        "plugins": {"core": "0.1.0"},
        "inputs": [{"path": f"bids/bidder-{b + 1:02d}.yaml", "sha256": f"{b:064x}"}
                   for b in range(bids)],
        "criteria": [{"name": n, "title": t, "weight": str(w), "max": str(m),
                      "method": "evaluators 1 to 5" if m == 5 else "from targets",
                      "minimum": None} for n, t, w, m in criteria],
        "bids": entries, "winner": ranked[0]["bidder"] if ranked else None, "ties": [],
        "moderation": moderation,
        "sensitivity": {"pairs": [], "smallest": None},
    }
