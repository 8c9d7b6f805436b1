"""The monitoring document (`obcrules.engine.document`): its shape, hashes and sorted lists."""

from __future__ import annotations

import hashlib
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
