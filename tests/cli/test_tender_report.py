"""``obc tender report``: the report is recorded in the audit trail, so verify still passes."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from obcrules.tender.audit import verify
from obcrules.tender.demo import build_sample_tender
from obcrules.tender.workflow import run_evaluation
from obcrules.tender.workspace import open_workspace

SPEC_EXAMPLE = Path(__file__).parents[1] / "fixtures" / "spec_example.obc"


def test_the_tender_report_is_recorded_so_verify_still_passes(tmp_path: Path) -> None:
    root = tmp_path / "demo"
    build_sample_tender(root, SPEC_EXAMPLE, "lot1", ["P01", "P02", "P03", "P04"],
                        write_config=True)
    ws = open_workspace(root)
    run_evaluation(ws)
    from obcrules.cli import main

    result = CliRunner().invoke(main, ["tender", "report", str(root), "--no-pdf"])
    assert result.exit_code == 0, result.output
    assert verify(root).ok
    entry = json.loads((root / "out" / "audit.jsonl").read_text().splitlines()[-1])
    assert entry["command"] == "tender report"
    assert "out/evaluation.html" in {o["path"] for o in entry["outputs"]}
    (root / "out" / "evaluation.html").write_text("<p>edited</p>")
    assert not verify(root).ok
