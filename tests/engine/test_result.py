"""The monitoring result (`obcrules.engine.result`): the same inputs write the same bytes."""

from __future__ import annotations

import json
from pathlib import Path

from tests.engine.conftest import Run
from tests.engine.sample import people
from tests.engine.test_payments import PAID


def test_same_inputs_give_the_same_bytes(run: Run, tmp_path: Path) -> None:
    first = run(PAID, people=people(5)).write(tmp_path / "a")
    second = run(PAID, people=people(5)).write(tmp_path / "b")
    assert first.read_bytes() == second.read_bytes()
    assert json.loads(first.read_text(encoding="utf-8"))["schema"] == "obcrules.monitoring/1"
    assert not [p for p in (tmp_path / "a").iterdir() if p.name != "monitoring.json"]


def test_a_large_document_is_written_in_the_standard_librarys_layout() -> None:
    from obcrules.engine import result as module

    document = {"results": [{"provider": f"P{i} £ é", "value": i / 7, "ok": i % 2 == 0,
                             "none": None} for i in range(3000)], "b": {"z": 1, "a": [1, 2]}}
    whole = json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert module.MonitoringResult(document).to_json() == whole
