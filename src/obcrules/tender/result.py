"""``out/evaluation.json``: the evaluation as data (schema ``obcrules.evaluation/1``).

Decimals are strings (money and scores to 2 decimals), lists are sorted, and there
is no timestamp, so the same inputs give the same bytes. docs/tender.md documents
every field; the shape::

    {"schema": "obcrules.evaluation/1", "lot": {"name", "title"},
     "ruleset": {"path", "name", "title", "version", "commissioner", "sha256"},
     "currency": "£", "items": [{"name", "title"}],
     "plugins": {name: version},
     "inputs": [{"path", "sha256"}],
     "panel": [{"role", "evaluator"}],
     "criteria": [{"name", "title", "weight", "method", "max", "minimum", "working"}],
     "bids": [{"bidder", "file", "status": "ranked|excluded|withdrawn|invalid", "reasons",
               "price", "provider_id", "scores": {criterion: {"agreed", "max", "weighted",
               "settled_by", "reasons", "working"}}, "total", "rank", "flags"}],
     "winner", "ties", "moderation": [...], "sensitivity": {"pairs", "smallest"},
     "settings": {"abnormally_low_price", "moderation_spread", "rounding", "settle"}}

Every score carries its reasons: the moderation note where moderation set it, else
the justifications of the evaluators whose score was adopted, by their role on the
panel (``Evaluator 2``); an automatic score carries its working instead.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path, PurePosixPath
from typing import Any

from obcrules.model import EvaluatorScoring, PluginScoring, PriceScoring, TargetScoring
from obcrules.money import money_text
from obcrules.tender.audit import AUDIT_FILE, file_records
from obcrules.tender.evaluation import Evaluation
from obcrules.tender.moderation import ModeratedItem
from obcrules.tender.ranking import CriterionScore, publish
from obcrules.tender.scoresheets import scale_text
from obcrules.tender.sensitivity import Transfer, smallest
from obcrules.tender.workspace import Workspace

SCHEMA = "obcrules.evaluation/1"
MODERATION = "Moderation"
"""Who gives the reason for a score set at moderation."""


def evaluation_data(ws: Workspace, evaluation: Evaluation) -> dict[str, Any]:
    """The evaluation as JSON-ready data."""
    assessment = evaluation.assessment
    header = ws.ruleset.header
    standings = {s.bidder: s for s in evaluation.standings}
    roles = panel_roles(ws.config.evaluators)
    items = {(m.bidder, m.criterion): m for m in assessment.moderation}
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
            entry["scores"] = {name: _score(evaluation, bid.bidder, name, s,
                                            items.get((bid.bidder, name)), roles)
                               for name, s in standing.scores.items()}
            entry["total"] = f"{standing.total:f}"
            entry["rank"] = standing.rank
        bids.append(entry)
    for invalid in assessment.bids.invalid:
        bids.append({"bidder": invalid.bidder, "file": invalid.file, "provider_id": None,
                     "status": "invalid", "reasons": [str(p) for p in invalid.problems],
                     "price": None, "scores": {}, "total": None, "rank": None, "flags": []})
    for withdrawn in assessment.withdrawn:
        offer = withdrawn.bid
        bids.append({"bidder": withdrawn.bidder, "file": withdrawn.withdrawal.file,
                     "provider_id": offer.provider_id if offer else None,
                     "status": "withdrawn", "reasons": [withdrawn.withdrawal.statement],
                     "price": money_text(offer.price) if offer else None,
                     "scores": {}, "total": None, "rank": None, "flags": []})
    order = {"ranked": 0, "excluded": 1, "withdrawn": 2, "invalid": 3}
    bids.sort(key=lambda b: (order[b["status"]], b["rank"] or 0, b["bidder"], b["file"]))
    winner = evaluation.winner
    pairs = evaluation.sensitivity
    return {
        "schema": SCHEMA,
        "lot": {"name": ws.tender.name, "title": ws.tender.title},
        "ruleset": {"path": ws.config.ruleset, "name": header.name if header else None,
                    "title": header.title if header else None,
                    "version": header.version if header else None,
                    "commissioner": header.commissioner if header else None,
                    "sha256": ws.checked.sha256},
        "currency": (header.currency if header else None) or "£",
        "plugins": {name: info.version for name, info in
                    sorted(ws.checked.registry.plugins.items())},
        "inputs": file_records(ws.root, assessment.inputs),
        "items": [{"name": item.name, "title": item.title} for item in ws.ruleset.items],
        "panel": [{"role": role, "evaluator": evaluator}
                  for evaluator, role in roles.items()],
        "settings": {"abnormally_low_price": _num(ws.config.abnormally_low_price),
                     "moderation_spread": _num(ws.config.moderation_spread),
                     "rounding": ws.config.rounding, "settle": ws.config.settle},
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
            "agreed": _figure(m.agreed) if m.agreed is not None else None,
            "justification": m.justification,
        } for m in assessment.moderation],
        "sensitivity": {
            "winner": winner.bidder if winner else None,
            "pairs": [_transfer(t) for t in pairs],
            "smallest": _transfer(best) if (best := smallest(pairs)) else None,
        },
    }


def panel_roles(evaluators: Sequence[str]) -> dict[str, str]:
    """Each evaluator's role, by which published reasons name them: ``Evaluator 1``… in
    the order of ``obc.toml``."""
    return {evaluator: f"Evaluator {n}" for n, evaluator in enumerate(evaluators, start=1)}


def evaluation_time(result_path: Path) -> str | None:
    """When ``obc tender evaluate`` wrote the bytes now in ``result_path``: the UTC time of
    the first entry of the audit trail beside it (``out/audit.jsonl``) that recorded them,
    or None when no entry did (the file was not written by obc, or has no trail).

    evaluation.json holds no timestamp, so that the same inputs give the same bytes;
    this is the date the reports give the evaluation, the same however often they
    are made.
    """
    log = result_path.parent / PurePosixPath(AUDIT_FILE).name
    if not (result_path.is_file() and log.is_file()):
        return None
    digest = hashlib.sha256(result_path.read_bytes()).hexdigest()
    for line in log.read_bytes().splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if not isinstance(entry, dict) or entry.get("command") != "tender evaluate":
            continue
        outputs = entry.get("outputs")
        if isinstance(outputs, list) and any(
                isinstance(o, dict) and o.get("sha256") == digest for o in outputs):
            time = entry.get("time")
            return time if isinstance(time, str) else None
    return None


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


def _score(evaluation: Evaluation, bidder: str, criterion: str, score: CriterionScore,
           item: ModeratedItem | None, roles: Mapping[str, str]) -> dict[str, Any]:
    """One published score with its reasons (by evaluators) or its working (automatic)."""
    entry: dict[str, Any] = {"agreed": f"{score.agreed:f}", "max": _num(score.maximum),
                             "weighted": f"{score.weighted:f}", "reasons": [],
                             "working": None}
    automatic = evaluation.assessment.automatic.get(criterion)
    if automatic is not None:
        working = automatic.working_of(bidder)
        calculation = working["calculation"]
        if calculation:
            calculation += f" = {score.agreed:f}"
        return {**entry, "settled_by": "automatic",
                "working": {**working, "calculation": calculation}}
    assert item is not None and item.agreed is not None
    if item.method == "agreed":
        reasons = [{"by": MODERATION, "score": _num(item.agreed), "text": item.justification}]
    else:
        reasons = [{"by": roles.get(evaluator, evaluator), "score": _num(item.scores[evaluator]),
                    "text": item.justifications.get(evaluator, "")}
                   for evaluator in roles if evaluator in item.adopted]
    return {**entry, "settled_by": item.method, "reasons": reasons}


def _transfer(t: Transfer) -> dict[str, Any]:
    return {"from": t.source, "to": t.target,
            "points": f"{t.points:f}" if t.points is not None else None,
            "new_winner": t.new_winner,
            "note": None if t.points is not None else "none within the available weight"}


def _figure(value: Decimal) -> str:
    """A figure that may not terminate (a mean of scores) as text: exact up to 6 decimals."""
    return _num(value.quantize(Decimal("0.000001")))


def _num(value: Decimal) -> str:
    """A decimal as plain text without exponent or trailing zeros (``5``, ``0.4``)."""
    return f"{value.normalize():f}"
