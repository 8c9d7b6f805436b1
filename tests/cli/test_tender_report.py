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
    assert verify(root).ok, verify(root).problems
    entry = json.loads((root / "out" / "audit.jsonl").read_text().splitlines()[-1])
    assert entry["command"] == "tender report"
    assert "out/evaluation.html" in {o["path"] for o in entry["outputs"]}
    (root / "out" / "evaluation.html").write_text("<p>edited</p>")
    assert not verify(root).ok


def test_a_report_removes_what_the_earlier_one_wrote_and_it_did_not(tmp_path: Path) -> None:
    """The PDFs of a report with PDFs go when the next is asked for without them, and the
    summary of a bidder whose bid was withdrawn before the next evaluation goes too; the
    audit entry lists what went, so verify still passes."""
    from obcrules.cli import main

    root = tmp_path / "demo"
    build_sample_tender(root, SPEC_EXAMPLE, "lot1", ["P01", "P02", "P03", "P04"],
                        write_config=True)
    run_evaluation(open_workspace(root))
    runner = CliRunner()
    assert runner.invoke(main, ["tender", "report", str(root)]).exit_code == 0
    pdfs = sorted(p.relative_to(root).as_posix() for p in (root / "out").rglob("*.pdf"))
    assert "out/evaluation.pdf" in pdfs and len(pdfs) > 1

    result = runner.invoke(main, ["tender", "report", str(root), "--no-pdf"])
    assert result.exit_code == 0, result.output
    assert not list((root / "out").rglob("*.pdf"))
    assert f"removed {root / 'out' / 'evaluation.pdf'}: the earlier report wrote it and " \
           "this one did not" in result.output
    entry = json.loads((root / "out" / "audit.jsonl").read_text().splitlines()[-1])
    assert entry["removed"] == pdfs
    assert verify(root).ok, verify(root).problems

    summaries = sorted((root / "out" / "feedback").glob("*.html"))
    withdrawn = "Acme Care Ltd"
    for bid in (root / "bids").iterdir():
        if bid.is_file() and withdrawn.encode() in bid.read_bytes():
            bid.unlink()
    for sheet in [*(root / "scores").glob("*.csv"), root / "moderation.csv"]:
        if sheet.is_file():
            lines = sheet.read_text(encoding="utf-8").splitlines(keepends=True)
            sheet.write_text("".join(x for x in lines if withdrawn not in x), encoding="utf-8")
    run_evaluation(open_workspace(root))
    result = runner.invoke(main, ["tender", "report", str(root), "--no-pdf"])
    assert result.exit_code == 0, result.output
    left = sorted((root / "out" / "feedback").glob("*.html"))
    assert len(left) == len(summaries) - 1
    (gone,) = set(summaries) - set(left)
    assert f"removed {gone}" in result.output
    # the withdrawn bid itself is a finding (an evaluation read it); its summary is not
    assert [p for p in verify(root).problems if "feedback" in p] == []
