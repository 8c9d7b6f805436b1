"""``obc monitor`` on the command line: every example ruleset on its sample data, output,
--strict, --contract, --pdf and --html, and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from obcrules.api import default_registry
from obcrules.cli import main
from obcrules.plugins.sample_files import write_sample_data
from tests.engine.test_run import RULESETS, _sample

RULESET = Path(__file__).parents[2] / "rulesets" / "continence.obc"
HEADER = ("person_id,provider,period,setting,age,continence_problem,continence_treated,"
          "wemwbs_start,wemwbs_end\n")


def _data(tmp_path: Path, rows: str) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    (data / "people.csv").write_text(HEADER + rows, encoding="utf-8")
    (data / "sessions.csv").write_text("provider,period,session_kind,session_date\n",
                                       encoding="utf-8")
    return data


def _monitor(*args: str) -> tuple[int, str]:
    outcome = CliRunner().invoke(main, ["monitor", str(RULESET), *args])
    return outcome.exit_code, outcome.output


def test_monitor_prints_the_table_and_writes_the_result(tmp_path: Path) -> None:
    data = _data(tmp_path, "a,OAK,2026-Q1,care_home,80,true,false,,\n"
                           "b,OAK,2026-Q1,care_home,80,maybe,false,,\n")
    code, output = _monitor("--data", str(data), "--out", str(tmp_path / "out"))
    assert code == 0, output
    assert "OAK — 2026-Q1" in output
    assert "1 invalid record(s) excluded" in output
    document = json.loads((tmp_path / "out" / "monitoring.json").read_text(encoding="utf-8"))
    assert document["data_quality"][0]["problem"] == (
        "'maybe' is not yes or no (write true/false, yes/no or 1/0)")


def test_strict_exits_1_and_names_the_record(tmp_path: Path) -> None:
    data = _data(tmp_path, "a,OAK,2026-Q1,care_home,eighty,true,false,,\n")
    code, output = _monitor("--data", str(data), "--out", str(tmp_path / "out"), "--strict")
    assert code == 1
    assert "people.csv:2: age: 'eighty' is not a whole number" in output
    assert not (tmp_path / "out" / "monitoring.json").exists()
    assert "Traceback" not in output


def test_contract_and_usage_errors(tmp_path: Path) -> None:
    data = _data(tmp_path, "a,OAK,2026-Q1,care_home,80,true,false,,\n")
    contract = tmp_path / "contract.yaml"
    contract.write_text("schema: obcrules.contract/1\nprovider_id: OAK\n"
                        "targets: {untreated_continence: less than 8%}\n", encoding="utf-8")
    code, output = _monitor("--data", str(data), "--out", str(tmp_path / "out"),
                            "--contract", str(contract), "-q")
    assert code == 0, output
    document = json.loads((tmp_path / "out" / "monitoring.json").read_text(encoding="utf-8"))
    entry = next(r for r in document["results"] if r["name"] == "untreated_continence")
    assert entry["target"] == "less than 8%"
    contract.write_text("schema: obcrules.contract/1\nprovider_id: OAK\n"
                        "targets: {untreated_continence: fewer please}\n", encoding="utf-8")
    code, output = _monitor("--data", str(data), "--out", str(tmp_path / "out"),
                            "--contract", str(contract))
    assert code == 1
    assert "targets: untreated_continence:" in output and "is not a target" in output
    code, output = _monitor("--data", str(data), "--out", str(tmp_path / "out"),
                            "--contract", str(tmp_path / "none.yaml"))
    assert code == 2
    assert "no such contract file" in output


@pytest.mark.parametrize("ruleset", RULESETS, ids=lambda p: p.stem)
def test_example_ruleset_monitors_its_sample_data(ruleset: Path, tmp_path: Path) -> None:
    _sample(ruleset, tmp_path / "data")
    outcome = CliRunner().invoke(main, ["monitor", str(ruleset), "--data",
                                        str(tmp_path / "data"), "--out", str(tmp_path / "out")])
    assert outcome.exit_code == 0, outcome.output
    assert (tmp_path / "out" / "monitoring.json").is_file()
    assert "wrote" in outcome.output


def test_cli_errors_are_one_line_without_a_traceback(tmp_path: Path) -> None:
    outcome = CliRunner().invoke(main, ["monitor", str(RULESETS[0]), "--data",
                                        str(tmp_path), "--out", str(tmp_path / "out")])
    assert outcome.exit_code == 1
    assert "Traceback" not in outcome.output
    assert "no data for the table" in outcome.output


def test_monitor_pdf_writes_the_report_with_the_json_figures(tmp_path: Path) -> None:
    """With --pdf-variant pdf/a-3b the report is archival: monitoring.json rides inside it."""
    data = tmp_path / "data"
    write_sample_data(default_registry(), "adult_social_care", 2000, data, "csv", 5)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["monitor", str(RULESET), "--data", str(data), "--out",
                                       str(out), "--quiet", "--pdf", "--pdf-variant",
                                       "pdf/a-3b"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-2:] == [f"wrote {out / 'monitoring.html'}",
                                               f"wrote {out / 'monitoring.pdf'}"]
    document = json.loads((out / "monitoring.json").read_text(encoding="utf-8"))
    text = "".join("".join(p.extract_text() for p in PdfReader(out / "monitoring.pdf").pages)
                   .split())
    for totals in document["payment_totals"]:
        assert f"£{float(totals['total']):,.0f}" in text
    assert "Page1of" in text
    embedded = PdfReader(out / "monitoring.pdf").attachments["monitoring.json"]
    assert embedded == [(out / "monitoring.json").read_bytes()]


def test_monitor_refuses_an_unknown_pdf_variant(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["monitor", str(RULESET), "--data", str(tmp_path),
                                       "--out", str(tmp_path), "--pdf", "--pdf-variant", "pdf/x"])
    assert result.exit_code == 2
    assert "'pdf/x' is not one of 'pdf/ua-1', 'pdf/a-3b'" in result.output


def test_monitor_html_only(tmp_path: Path) -> None:
    data = tmp_path / "data"
    write_sample_data(default_registry(), "adult_social_care", 500, data, "csv", 5)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["monitor", str(RULESET), "--data", str(data), "--out",
                                       str(out), "--quiet", "--html"])
    assert result.exit_code == 0, result.output
    assert (out / "monitoring.html").is_file() and not (out / "monitoring.pdf").exists()
