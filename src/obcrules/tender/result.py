"""``out/evaluation.json``: the evaluation as data (schema ``obcrules.evaluation/1``).

Decimals are strings (money and scores to 2 decimals), lists are sorted, and there
is no timestamp, so the same inputs give the same bytes. docs/tender.md documents
every field; the shape::

    {"schema": "obcrules.evaluation/1", "lot": {"name", "title"},
     "ruleset": {"path", "name", "version", "sha256"}, "currency": "£",
     "plugins": {name: version},
     "inputs": [{"path", "sha256"}],
     "criteria": [{"name", "title", "weight", "method", "max", "minimum", "working"}],
     "bids": [{"bidder", "file", "status": "ranked|excluded|invalid", "reasons",
               "price", "provider_id", "scores": {criterion: {"agreed", "max", "weighted"}},
               "total", "rank", "flags"}],
     "winner", "ties", "moderation": [...], "sensitivity": {"pairs", "smallest"},
     "settings": {"abnormally_low_price", "moderation_spread"}}
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from obcrules.model import EvaluatorScoring, PluginScoring, PriceScoring, TargetScoring
from obcrules.money import money_text
from obcrules.tender.audit import file_records
from obcrules.tender.evaluation import Evaluation
from obcrules.tender.ranking import publish
from obcrules.tender.scoresheets import scale_text
from obcrules.tender.sensitivity import Transfer, smallest
from obcrules.tender.workspace import Workspace

SCHEMA = "obcrules.evaluation/1"


def evaluation_data(ws: Workspace, evaluation: Evaluation) -> dict[str, Any]:
    """The evaluation as JSON-ready data."""
    assessment = evaluation.assessment
    header = ws.ruleset.header
    standings = {s.bidder: s for s in evaluation.standings}
    bids: list[dict[str, Any]] = []
    for bid in assessment.bids.valid:
        standing = standings.get(bid.bidder)
        gate = assessment.gate_reasons[bid.bidder]
        reasons = gate or (standing.reasons if standing else [])
        entry: dict[str, Any] = {
            "bidder": bid.bidder, "file": bid.file, "provider_id": bid.provider_id,
            "status": "ranked" if standing is not None and standing.ranked else "excluded",
            "reasons": reasons, "price": money_text(bid.price),
            "scores": {}, "total": None, "rank": None,
            "flags": sorted(evaluation.flags.get(bid.bidder, [])),
        }
        if standing is not None:
            entry["scores"] = {name: {"agreed": f"{s.agreed:f}", "max": _num(s.maximum),
                                      "weighted": f"{s.weighted:f}"}
                               for name, s in standing.scores.items()}
            entry["total"] = f"{standing.total:f}"
            entry["rank"] = standing.rank
        bids.append(entry)
    for invalid in assessment.bids.invalid:
        bids.append({"bidder": invalid.bidder, "file": invalid.file, "provider_id": None,
                     "status": "invalid", "reasons": [str(p) for p in invalid.problems],
                     "price": None, "scores": {}, "total": None, "rank": None, "flags": []})
    order = {"ranked": 0, "excluded": 1, "invalid": 2}
    bids.sort(key=lambda b: (order[b["status"]], b["rank"] or 0, b["bidder"], b["file"]))
    winner = evaluation.winner
    pairs = evaluation.sensitivity
    return {
        "schema": SCHEMA,
        "lot": {"name": ws.tender.name, "title": ws.tender.title},
        "ruleset": {"path": ws.config.ruleset, "name": header.name if header else None,
                    "version": header.version if header else None,
                    "sha256": ws.checked.sha256},
        "currency": (header.currency if header else None) or "£",
        "plugins": {name: info.version for name, info in
                    sorted(ws.checked.registry.plugins.items())},
        "inputs": file_records(ws.root, assessment.inputs),
        "settings": {"abnormally_low_price": _num(ws.config.abnormally_low_price),
                     "moderation_spread": _num(ws.config.moderation_spread)},
        "criteria": [_criterion(ws, evaluation, c.name) for c in ws.tender.criteria],
        "bids": bids,
        "winner": winner.bidder if winner else None,
        "ties": [{"bidders": [t.first, t.second], "total": f"{t.total:f}",
                  "decided_by": t.decided_by} for t in evaluation.ties],
        "moderation": [{
            "bidder": m.bidder, "criterion": m.criterion,
            "scores": {e: _num(s) for e, s in m.scores.items()},
            "spread": _num(m.spread), "threshold": _num(m.threshold),
            "needs_agreement": m.needs_agreement, "method": m.method,
            "agreed": _num(m.agreed) if m.agreed is not None else None,
            "justification": m.justification,
        } for m in assessment.moderation],
        "sensitivity": {
            "winner": winner.bidder if winner else None,
            "pairs": [_transfer(t) for t in pairs],
            "smallest": _transfer(best) if (best := smallest(pairs)) else None,
        },
    }


def render(data: dict[str, Any]) -> bytes:
    """Canonical JSON bytes: sorted keys, 2-space indent, UTF-8, final newline."""
    return (json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n").encode()


def _criterion(ws: Workspace, evaluation: Evaluation, name: str) -> dict[str, Any]:
    criterion = next(c for c in ws.tender.criteria if c.name == name)
    scoring = criterion.scoring
    automatic = evaluation.assessment.automatic.get(name)
    if isinstance(scoring, EvaluatorScoring):
        method, maximum = f"evaluators {scale_text(scoring)}", scoring.high
    elif isinstance(scoring, PriceScoring):
        method, maximum = "lowest price", Decimal(100)
    elif isinstance(scoring, TargetScoring):
        method, maximum = "from targets", Decimal(100)
    else:
        assert isinstance(scoring, PluginScoring)
        method = scoring.method.name
        maximum = automatic.maximum if automatic else Decimal(100)
    return {
        "name": name, "title": criterion.title,
        "weight": f"{publish(criterion.weight.value * 100):f}" if criterion.weight else None,
        "method": method, "max": _num(maximum),
        "minimum": _num(criterion.minimum.value) if criterion.minimum else None,
        "working": automatic.working if automatic else {},
    }


def _transfer(t: Transfer) -> dict[str, Any]:
    return {"from": t.source, "to": t.target,
            "points": f"{t.points:f}" if t.points is not None else None,
            "new_winner": t.new_winner,
            "note": None if t.points is not None else "none within the available weight"}


def _num(value: Decimal) -> str:
    """A decimal as plain text without exponent or trailing zeros (``5``, ``0.4``)."""
    return f"{value.normalize():f}"
