"""``obc verify sample`` and ``obc monitor --verification`` on the command line: the rough
sleeping example on its sample data, a sheet filled in, the report, and the errors."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from obcrules.api import default_registry
from obcrules.cli import main
from obcrules.plugins.sample_files import write_sample_data

RULESET = Path(__file__).parents[2] / "rulesets" / "rough_sleeping_pbr.obc"
FOLDER = Path("2026") / "service_user_confirmation"


def obc(*args: str) -> tuple[int, str]:
    outcome = CliRunner().invoke(main, [str(a) for a in args])
    assert outcome.exception is None or isinstance(outcome.exception, SystemExit), \
        outcome.output
    return outcome.exit_code, outcome.output


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("verify")
    (root / "data").mkdir()
    write_sample_data(default_registry(), "housing", 300, root / "data", "csv", 1)
    source = RULESET.read_text(encoding="utf-8").replace(
        "    cap total £1_800_000\n",
        "    cap total £1_800_000\n    claw back when more than 5% fail\n")
    (root / "rs.obc").write_text(source, encoding="utf-8")
    return root


def test_a_period_the_sample_is_not_drawn_for_is_a_usage_error(workspace: Path) -> None:
    code, output = obc("verify", "sample", workspace / "rs.obc", "--data", workspace / "data",
                       "--period", "2026-Q1", "--out", workspace / "nowhere")
    assert code == 2
    assert output == ("obc verify sample: '2026-Q1' is not a period any sample is drawn for "
                      "(service_user_confirmation every year): give e.g. 2026\n")
    assert not (workspace / "nowhere").exists()


def test_the_sample_is_drawn_returned_and_paid_on(workspace: Path) -> None:
    out = workspace / "samples"
    code, output = obc("verify", "sample", workspace / "rs.obc", "--data",
                       workspace / "data", "--period", "2026", "--out", out)
    assert code == 0, output
    assert f"wrote {out / FOLDER / 'sample.json'}" in output
    sheets = sorted(p.name for p in (out / FOLDER).iterdir())
    assert "sample.json" in sheets and len(sheets) % 2 == 1
    first = out / FOLDER / sorted(s for s in sheets if s.endswith(".csv"))[0]
    with first.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    rows[0]["finding"], rows[0]["note"] = "not found", "no file for this person"
    for row in rows[1:]:
        row["finding"] = "confirmed"
    with first.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    code, output = obc("monitor", workspace / "rs.obc", "--data", workspace / "data", "--out",
                       workspace / "out", "--verification", out, "--html", "-q")
    assert code == 0, output
    document = json.loads((workspace / "out" / "monitoring.json").read_text())
    [entry] = [e for e in document["verification"] if e["provider"] == rows[0]["provider"]]
    assert [(u["person_id"], u["finding"]) for u in entry["unpaid"]] == [
        (rows[0]["person_id"], "not found")]
    assert entry["returned"] == len(rows) and entry["outstanding"] == []
    html = (workspace / "out" / "monitoring.html").read_text(encoding="utf-8")
    assert "Verification: Service user confirmation, 2026" in html
    assert entry["working"].replace("£", "&pound;") in html or entry["working"] in html


def test_a_bad_finding_stops_the_run_naming_the_cell(workspace: Path) -> None:
    out = workspace / "bad"
    assert obc("verify", "sample", workspace / "rs.obc", "--data", workspace / "data",
               "--period", "2026", "--out", out)[0] == 0
    first = sorted((out / FOLDER).glob("*.csv"))[0]
    lines = first.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1][:-1] + "perhaps,"
    first.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, output = obc("monitor", workspace / "rs.obc", "--data", workspace / "data", "--out",
                       workspace / "out-bad", "--verification", out, "-q")
    assert code == 1
    assert output == (
        "obc monitor: 1 problem(s) in the returned verification sheets:\n"
        f"  {(FOLDER / first.name).as_posix()}: row 2, column finding: 'perhaps' is not a "
        "finding; write confirmed, not confirmed or not found\n")
    assert not (workspace / "out-bad" / "monitoring.json").exists()
