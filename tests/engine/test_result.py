"""The JSON result: its shape, sorted lists, and the same bytes for the same inputs."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from tests.engine.conftest import Run
from tests.engine.sample import people
from tests.engine.test_payments import PAID


def test_shape_and_hashes(run: Run, tmp_path: Path) -> None:
    result = run(PAID, people=people(3))
    document = result.document
    assert document["schema"] == "obcrules.monitoring/1"
    assert document["ruleset"]["name"] == "t"
    assert document["ruleset"]["version"] == "1.0"
    assert len(document["ruleset"]["sha256"]) == 64
    [entry] = document["inputs"]
    data = (tmp_path / "data" / "people.csv").read_bytes()
    assert entry == {"path": "people.csv", "table": "people",
                     "sha256": hashlib.sha256(data).hexdigest(), "rows": 270,
                     "ignored_columns": []}
    assert document["plugins"] == {"core": "unknown", "svc": "2.3.4"}
    keys = [(r["provider"], r["period"], r["name"]) for r in document["results"]]
    assert keys == sorted(keys)
    first = document["results"][0]
    assert set(first) >= {"provider", "period", "name", "kind", "value", "numerator",
                          "denominator", "target", "status", "trajectory"}
    assert all(isinstance(p["amount"], str) and p["amount"].count(".") == 1
               for p in document["payments"])


def test_same_inputs_give_the_same_bytes(run: Run, tmp_path: Path) -> None:
    first = run(PAID, people=people(5)).write(tmp_path / "a")
    second = run(PAID, people=people(5)).write(tmp_path / "b")
    assert first.read_bytes() == second.read_bytes()
    assert json.loads(first.read_text(encoding="utf-8"))["schema"] == "obcrules.monitoring/1"
    assert not [p for p in (tmp_path / "a").iterdir() if p.name != "monitoring.json"]


def test_status_table_renders_each_provider(run: Run) -> None:
    from obcrules.engine import status_table

    text = status_table(run(PAID, people=people(3)))
    assert text.startswith("P1 — 2026-Q3\n  item ")
    assert "improved_share" in text
    assert "outcome payments to date: £" in text
    assert text.count(" — 2026-Q3") == 3
