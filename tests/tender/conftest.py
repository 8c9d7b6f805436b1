"""A tender workspace built from text, against the test registry (core + `care`)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest

from obcrules.api import check_file
from obcrules.plugins.manager import Registry
from obcrules.semantics.checked import CheckedRuleset
from obcrules.tender.config import OcdsSettings, TenderConfig, render_config
from obcrules.tender.evaluation import evaluate
from obcrules.tender.result import evaluation_data
from obcrules.tender.workspace import Workspace, open_workspace

RULESET = """\
ruleset t "Test":
    version "1"
    service care
    period quarter
    commissioner "Testshire County Council"
    currency £

population residents "Residents":
    from people where setting = "care_home"

outcome untreated "Untreated continence":
    measure share of residents where continence_problem and not continence_treated
    target less than 10%
    baseline 18% at 2025-Q4
    verify provider_return every quarter

outcome wellbeing "Wellbeing":
    measure share of residents where wemwbs_end - wemwbs_start >= 3
    target at least 60%
    verify survey every year

tender lot1 "Lot 1":
    criterion quality "Quality":
        weight 60%
        scored by evaluators 0 to 5
        minimum 2
    criterion price "Price":
        weight 40%
        scored by lowest price
    require every outcome offered
    require targets no weaker than required
    require verification for every outcome
    budget at most £150_000
    tie break by quality

payment:
    contract value £100_000
    at risk 20%
    untreated pays £450 per resident where continence_problem and continence_treated, cap £9_000
"""

PRICED_RULESET = RULESET.replace(
    "    tie break by quality\n", "    tie break by quality\n    price from rate card\n").replace(
    "cap £9_000\n", "cap £9_000\n    wellbeing pays £200 per resident where wemwbs_end - "
    "wemwbs_start >= 3\n")
"""The test lot priced from the rate card: line 1 pays at most £450 per resident treated
(capped at £9,000), line 2 at most £200 per resident whose wellbeing rose; at risk 20%."""

Rows = Iterable[tuple[str, str, Any, str]]


def bid(bidder: str, price: Any, untreated: str = "less than 10%",
        wellbeing: str = "at least 60%", **extra: Any) -> dict[str, Any]:
    """A bid as plain data (both outcomes offered, verified)."""
    return {"bidder": bidder, "lot": "lot1", "price": price, "outcomes": {
        "untreated": {"target": untreated, "people": 100, "verify": ["provider_return"]},
        "wellbeing": {"target": wellbeing, "people": 80, "verify": ["survey"]},
    }, **extra}


def priced_bid(bidder: str, fixed_fee: Any, *lines: tuple[Any, Any]) -> dict[str, Any]:
    """A bid for the priced lot: a fixed fee and (price, people) for rate-card lines 1, 2."""
    data = bid(bidder, None)
    del data["price"]
    data["fixed_fee"] = fixed_fee
    data["rate_card"] = {str(n): {"price": price, "people": people}
                         for n, (price, people) in enumerate(lines, start=1)}
    return data


def csv_bytes(header: Iterable[str], rows: Rows) -> bytes:
    """CSV text of a header and rows."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(list(header))
    writer.writerows(rows)
    return buffer.getvalue().encode()


class Builder:
    """Writes a workspace's files; `open` returns the `Workspace`."""

    def __init__(self, root: Path, registry: Registry) -> None:
        self.root = root
        self.registry = registry

    def loader(self, path: Path) -> CheckedRuleset:
        return check_file(path, self.registry)

    def write(self, ruleset: str = RULESET, evaluators: tuple[str, ...] = ("ann", "ben", "cat"),
              **options: Any) -> Builder:
        (self.root / "ruleset.obc").write_text(ruleset, encoding="utf-8")
        options.setdefault("ocds", OcdsSettings(base_uri="https://testshire.example/ocds/"))
        config = TenderConfig(ruleset="ruleset.obc", lot="lot1", evaluators=evaluators,
                              **options)
        (self.root / "obc.toml").write_text(render_config(config), encoding="utf-8")
        return self

    def bid(self, name: str, data: dict[str, Any]) -> Builder:
        path = self.root / "bids" / name
        path.parent.mkdir(exist_ok=True)
        if name.endswith(".json"):
            path.write_text(json.dumps(data), encoding="utf-8")
        else:
            import yaml

            path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
        return self

    def scores(self, evaluator: str, rows: Rows) -> Builder:
        path = self.root / "scores" / f"{evaluator}.csv"
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(csv_bytes(("bidder", "criterion", "score", "justification"), rows))
        return self

    def quality(self, scores: dict[str, tuple[Any, ...]],
                evaluators: tuple[str, ...] = ("ann", "ben", "cat")) -> Builder:
        """Each evaluator's `quality` score per bidder (one tuple entry per evaluator)."""
        for index, evaluator in enumerate(evaluators):
            self.scores(evaluator, [(b, "quality", s[index], f"reason {index}")
                                    for b, s in scores.items()])
        return self

    def moderation(self, rows: Rows) -> Builder:
        (self.root / "moderation.csv").write_bytes(
            csv_bytes(("bidder", "criterion", "score", "justification"), rows))
        return self

    def open(self) -> Workspace:
        return open_workspace(self.root, self.registry)


@pytest.fixture
def build(tmp_path: Path, registry: Registry) -> Callable[[], Builder]:
    """build() -> a `Builder` over a fresh folder."""
    count = iter(range(1000))

    def make() -> Builder:
        root = tmp_path / f"ws{next(count)}"
        root.mkdir()
        return Builder(root, registry)

    return make


def published(builder: Builder) -> dict[str, Any]:
    ws = builder.open()
    return evaluation_data(ws, evaluate(ws))


def by_bidder(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {b["bidder"]: b for b in data["bids"]}


def awarded(builder: Builder) -> Builder:
    """Two bids (A wins), evaluated (audit line 1) and awarded on 2 March 2026 (line 2)."""
    from obcrules.tender.workflow import run_award, run_evaluation

    builder.write().bid("a.yaml", bid("A", 100000)).bid("b.yaml", bid("B", 80000))
    run_evaluation(builder.quality({"A": (5, 5, 4), "B": (3, 3, 3)}).open())
    run_award(builder.open(), dt.date(2026, 3, 2))
    return builder
