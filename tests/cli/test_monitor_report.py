"""``obc monitor --pdf``: the monitoring report beside monitoring.json, with its numbers."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from pypdf import PdfReader

from obcrules.api import default_registry
from obcrules.cli import main
from obcrules.plugins.sample_files import write_sample_data

RULESET = Path(__file__).parents[2] / "rulesets" / "continence.obc"


def test_monitor_pdf_writes_the_report_with_the_json_figures(tmp_path: Path) -> None:
    data = tmp_path / "data"
    write_sample_data(default_registry(), "adult_social_care", 2000, data, "csv", 5)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["monitor", str(RULESET), "--data", str(data), "--out",
                                       str(out), "--quiet", "--pdf"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-2:] == [f"wrote {out / 'monitoring.html'}",
                                               f"wrote {out / 'monitoring.pdf'}"]
    document = json.loads((out / "monitoring.json").read_text(encoding="utf-8"))
    text = "".join("".join(p.extract_text() for p in PdfReader(out / "monitoring.pdf").pages)
                   .split())
    for totals in document["payment_totals"]:
        assert f"£{float(totals['total']):,.0f}" in text
    assert "Page1of" in text


def test_monitor_html_only(tmp_path: Path) -> None:
    data = tmp_path / "data"
    write_sample_data(default_registry(), "adult_social_care", 500, data, "csv", 5)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["monitor", str(RULESET), "--data", str(data), "--out",
                                       str(out), "--quiet", "--html"])
    assert result.exit_code == 0, result.output
    assert (out / "monitoring.html").is_file() and not (out / "monitoring.pdf").exists()
