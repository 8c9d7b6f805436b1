"""A realistic sample tender for the demo and the tests.

`build_sample_tender` writes the inputs of a workspace for any ruleset lot: three
or four bids (YAML, JSON and XLSX), one of them excluded by a gate (a target weaker
than required), three evaluators' returned score sheets, and one item on which
the evaluators diverge with its agreed score in ``moderation.csv``. It writes no
``obc.toml`` unless asked: the demo runs ``obc tender init`` with the evaluators
it returns, then ``template``, ``scoresheets``, ``evaluate`` and ``award``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from obcrules.io.atomic import write_bytes_atomic
from obcrules.io.xlsx import workbook_bytes
from obcrules.model import (
    BoundTarget,
    EvaluatorScoring,
    Item,
    NumberLit,
    PercentLit,
    RelativeTarget,
    Ruleset,
    Tender,
)
from obcrules.syntax.parser import parse_source
from obcrules.syntax.printer import format_number, format_target
from obcrules.tender import bid_layout
from obcrules.tender.config import OcdsSettings, Period, TenderConfig, render_config
from obcrules.tender.organisations import Organisation
from obcrules.tender.problems import TenderError
from obcrules.tender.workspace import BIDS_DIR, MODERATION_FILE, SCORES_DIR

EVALUATORS = ("alice", "bob", "carol")
BIDDERS = ("Acme Care Ltd", "Brightwater Health CIC", "Castlegate Support Services",
           "Dunmore Community Care")

# Per bidder: price as a share of the budget, how far targets beat the requirement
# (a multiple of a step), and each evaluator's score as a share of the scale.
_PROFILES: tuple[dict[str, Any], ...] = (
    {"price": Decimal("0.7667"), "beat": 2, "scores": ((0.8, 0.8, 0.6), (0.7, 0.7, 0.7))},
    {"price": Decimal("0.7"), "beat": 1, "scores": ((0.4, 0.8, 0.6), (0.5, 0.6, 0.5))},
    {"price": Decimal("0.8533"), "beat": -1, "scores": ((0.6, 0.6, 0.6), (0.6, 0.6, 0.6))},
    {"price": Decimal("0.9267"), "beat": 3, "scores": ((0.6, 0.6, 0.4), (0.8, 0.8, 0.9))},
)
_ORGANISATIONS: dict[str, dict[str, Any]] = {
    "Acme Care Ltd": {
        "legal_name": "Acme Care Limited", "scheme": "GB-COH", "identifier": "09876543",
        "scale": "sme",
        "address": {"street_address": "4 Mill Lane", "locality": "Anytown",
                    "postal_code": "AT1 4ML", "country_name": "United Kingdom"},
        "contact": {"name": "Bids team", "email": "bids@acme-care.example",
                    "telephone": "01632 960001"}},
    "Brightwater Health CIC": {
        "legal_name": "Brightwater Health C.I.C.", "scheme": "GB-COH",
        "identifier": "11223344", "scale": "small"},
    "Castlegate Support Services": {
        "legal_name": "Castlegate Support Services plc", "scheme": "GB-COH",
        "identifier": "02468013", "scale": "large"},
}
"""The bidders' ``organisation:`` blocks (the XLSX bid return carries none)."""

OCDS = OcdsSettings(
    base_uri="https://contracts.anytown.example/ocds/", procurement_method="open",
    procurement_method_details="Open procedure", main_procurement_category="services",
    cpv="85311100", cpv_description="Welfare services for the elderly",
    tender_period=Period(dt.date(2026, 1, 5), dt.date(2026, 2, 16)),
    contract_period=Period(dt.date(2026, 4, 1), dt.date(2029, 3, 31)),
    buyer=Organisation(
        legal_name="Anytown Borough Council", scheme="GB-LAE", identifier="ATN",
        address={"street_address": "Town Hall, Market Square", "locality": "Anytown",
                 "postal_code": "AT1 1AA", "country_name": "United Kingdom"},
        contact={"name": "Commissioning team", "email": "commissioning@anytown.example",
                 "telephone": "01632 960000"}))
"""The ``[ocds]`` settings of the sample workspace's ``obc.toml``."""

AWARD_DATE = dt.date(2026, 3, 2)
"""The sample tender's award date (the demo passes it as ``obc tender award --date``)."""

_JUSTIFICATIONS = (
    "Clear delivery plan with named staff and a credible mobilisation timetable.",
    "Evidence from two comparable contracts; risks identified with mitigations.",
    "Addresses most requirements; the approach to case finding is thin.",
    "Strong partnership with the local continence service; realistic caseloads.",
)


@dataclass(frozen=True)
class SampleTender:
    """What `build_sample_tender` wrote: the evaluators to name at init, and the bidders."""

    evaluators: tuple[str, ...]
    bidders: tuple[str, ...]
    excluded: str
    moderated: tuple[str, str]
    files: tuple[Path, ...]


def build_sample_tender(directory: str | Path, ruleset_path: str | Path, lot: str,
                        provider_ids: Sequence[str], *, write_config: bool = False,
                        ruleset_in_workspace: str = "ruleset.obc") -> SampleTender:
    """Write a sample tender's inputs into ``directory`` for ``lot`` of the ruleset.

    ``provider_ids`` (3 or 4) become the bids' ``provider_id`` (use the providers
    of the monitoring sample data so the award can be monitored). With
    ``write_config`` it also copies the ruleset into the workspace and writes
    ``obc.toml``, so the workspace is ready without ``obc tender init``.
    """
    root = Path(directory)
    source = Path(ruleset_path)
    parsed = parse_source(source.read_bytes(), str(source))
    if parsed.ruleset is None:
        raise TenderError(f"{source} does not parse; run `obc check` on it")
    ruleset = parsed.ruleset
    tender = ruleset.tender(lot)
    if tender is None:
        raise TenderError(f"{source} has no lot `{lot}`")
    if not 3 <= len(provider_ids) <= 4:
        raise TenderError("give three or four provider ids")
    budget = tender.budget.amount if tender.budget else Decimal(1_500_000)
    count = len(provider_ids)
    bidders = BIDDERS[:count]
    files: list[Path] = []
    for index, (bidder, provider) in enumerate(zip(bidders, provider_ids, strict=True)):
        profile = _PROFILES[index]
        price = (budget * profile["price"] / 1000).quantize(Decimal(1)) * 1000
        bid = _bid(ruleset, tender, bidder, provider, price, profile["beat"])
        files.append(_write_bid(root, index, bid))
    gated = [b for i, b in enumerate(bidders) if _PROFILES[i]["beat"] >= 0]
    criteria = [c for c in tender.criteria if isinstance(c.scoring, EvaluatorScoring)]
    for e, evaluator in enumerate(EVALUATORS):
        rows = [["bidder", "criterion", "score", "justification"]]
        for bidder in gated:
            profile = _PROFILES[bidders.index(bidder)]
            for c, criterion in enumerate(criteria):
                assert isinstance(criterion.scoring, EvaluatorScoring)
                share = profile["scores"][min(c, 1)][e]
                rows.append([bidder, criterion.name, _on_scale(criterion.scoring, share),
                             _JUSTIFICATIONS[(e + c + bidders.index(bidder)) % 4]])
        path = root / SCORES_DIR / f"{evaluator}.csv"
        write_bytes_atomic(path, _csv(rows))
        files.append(path)
    moderated = (bidders[1], criteria[0].name) if criteria else ("", "")
    if criteria:
        scoring = criteria[0].scoring
        assert isinstance(scoring, EvaluatorScoring)
        path = root / MODERATION_FILE
        write_bytes_atomic(path, _csv([
            ["bidder", "criterion", "score", "justification"],
            [bidders[1], criteria[0].name, _on_scale(scoring, 0.6),
             "Moderation meeting: the mobilisation plan is credible but the workforce "
             "plan relies on agency staff; agreed Satisfactory."]]))
        files.append(path)
    if write_config:
        write_bytes_atomic(root / ruleset_in_workspace, source.read_bytes())
        config = TenderConfig(ruleset=ruleset_in_workspace, lot=lot, evaluators=EVALUATORS,
                              ocds=OCDS)
        write_bytes_atomic(root / "obc.toml", render_config(config).encode("utf-8"))
        for folder in ("out",):
            (root / folder).mkdir(exist_ok=True)
    return SampleTender(evaluators=EVALUATORS, bidders=tuple(bidders), excluded=bidders[2],
                        moderated=moderated, files=tuple(files))


def _bid(ruleset: Ruleset, tender: Tender, bidder: str, provider: str, price: Decimal,
         beat: int) -> dict[str, Any]:
    outcomes = {}
    for n, item in enumerate(ruleset.outcomes):
        target = _offer(item, beat + n % 2 if beat >= 0 else beat)
        if target is None:
            continue
        methods = [v.method.name for v in item.verifications] or ["provider_return"]
        outcomes[item.name] = {"target": target, "people": 80 + 20 * (len(bidder) % 5),
                               "verify": methods}
    bid: dict[str, Any] = {"bidder": bidder, "lot": tender.name, "provider_id": provider,
                           "outcomes": outcomes}
    if tender.pricing is not None and ruleset.payment is not None:
        bid["rate_card"] = _rate_card(ruleset, price, len(bidder))
    else:
        bid["price"] = f"{price:f}"
    if bidder in _ORGANISATIONS:
        bid["organisation"] = _ORGANISATIONS[bidder]
    return bid


def _rate_card(ruleset: Ruleset, cost: Decimal, seed: int) -> dict[str, Any]:
    """A priced rate card whose expected cost is about ``cost``: a discount of 0 to 15% on
    every price, and fewer people expected on each later line of an outcome."""
    assert ruleset.payment is not None
    entries = ruleset.payment.rate_card()
    discount = Decimal(seed % 4) * 5
    weights = [Decimal(1) / (1 + sum(1 for e in entries[:i] if e.outcome == entry.outcome))
               for i, entry in enumerate(entries)]
    per_person = sum((e.amount.amount * w for e, w in zip(entries, weights, strict=True)),
                     Decimal(0)) * (1 - discount / 100)
    people = cost / per_person if per_person else Decimal(0)
    return {entry.key: {"price": f"{format_number(discount)}%" if discount else
                        f"{entry.amount.amount:f}",
                        "people": int(people * weight)}
            for entry, weight in zip(entries, weights, strict=True)}


def _offer(item: Item, beat: int) -> str | None:
    """A target ``beat`` steps stronger (negative: weaker) than the required one."""
    target = item.target
    if target is None:
        return None
    if isinstance(target, BoundTarget):
        lower = target.op in ("<", "<=")
        sign = -1 if lower else 1
        if isinstance(target.value, PercentLit):
            value = target.value.value * 100 + sign * beat
            text = format_number(value.normalize()) + "%"
        elif isinstance(target.value, NumberLit):
            value = (target.value.value * (1 + sign * Decimal(beat) / 10)).quantize(Decimal(1))
            text = format_number(value)
        else:
            return format_target(target)
        per = f" per {target.per}" if target.per else ""
        return f"{target.words} {text}{per}"
    if isinstance(target, RelativeTarget):
        amount = target.amount.value * (100 if isinstance(target.amount, PercentLit) else 1)
        unit = "%" if isinstance(target.amount, PercentLit) else " points"
        stronger = max(amount + beat, Decimal(0))
        if isinstance(target.amount, PercentLit):
            word = "lower" if target.direction == "below" else "higher"
            return f"{format_number(stronger.normalize())}% {word} than baseline"
        return f"{format_number(stronger.normalize())}{unit} {target.direction} baseline"
    return format_target(target)  # other forms: the sample bid offers the required target


def _on_scale(scoring: EvaluatorScoring, share: float) -> str:
    span = scoring.high - scoring.low
    step = Decimal(1) if span <= 10 else Decimal(5)
    value = scoring.low + (span * Decimal(str(share)) / step).quantize(Decimal(1)) * step
    return f"{value.normalize():f}"


def _write_bid(root: Path, index: int, bid: dict[str, Any]) -> Path:
    name = bid["provider_id"].lower()
    if index == 1:
        path = root / BIDS_DIR / f"{name}.json"
        write_bytes_atomic(path, (json.dumps(bid, indent=2, ensure_ascii=False) + "\n").encode())
    elif index == 3:
        path = root / BIDS_DIR / f"{name}.xlsx"
        write_bytes_atomic(path, _xlsx(bid))
    else:
        import yaml

        path = root / BIDS_DIR / f"{name}.yaml"
        write_bytes_atomic(path, yaml.safe_dump(bid, sort_keys=False, allow_unicode=True).encode())
    return path


def _xlsx(bid: dict[str, Any]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = bid_layout.SHEET
    sheet["A1"] = f"Bid return: {bid['bidder']}"
    labels: list[str] = [k for k in ("bidder", "lot", "price", "provider_id") if k in bid]
    for offset, key in enumerate(labels):
        sheet.cell(bid_layout.FIRST_LABEL_ROW + offset, 1, bid_layout.LABELS[key])
        value = bid[key]
        sheet.cell(bid_layout.FIRST_LABEL_ROW + offset, 2,
                   int(Decimal(value)) if key == "price" else value)
    columns = list(bid_layout.COLUMNS)
    for col, key in enumerate(columns, start=1):
        sheet.cell(bid_layout.HEADER_ROW, col, bid_layout.COLUMNS[key])
    for row, (name, offer) in enumerate(bid["outcomes"].items(), start=bid_layout.HEADER_ROW + 1):
        sheet.cell(row, 1, name)
        sheet.cell(row, columns.index("target") + 1, offer["target"])
        sheet.cell(row, columns.index("people") + 1, offer["people"])
        sheet.cell(row, columns.index("verify") + 1, ", ".join(offer["verify"]))
    if "rate_card" in bid:
        header = bid_layout.HEADER_ROW + len(bid["outcomes"]) + 2
        rate_columns = list(bid_layout.RATE_COLUMNS)
        for col, title in enumerate(bid_layout.RATE_COLUMNS.values(), start=1):
            sheet.cell(header, col, title)
        for row, (number, line) in enumerate(bid["rate_card"].items(), start=header + 1):
            sheet.cell(row, 1, number)
            sheet.cell(row, rate_columns.index("price") + 1, line["price"])
            sheet.cell(row, rate_columns.index("people") + 1, line["people"])
    return workbook_bytes(book)


def _csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")
