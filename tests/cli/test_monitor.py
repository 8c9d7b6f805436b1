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
    assert output.splitlines()[0] == (
        "OAK: 0 met, 2 missed, 0 no data, due £960,000.00, 3 alerts: untreated_continence: "
        "target missed in 2026-Q1; wellbeing: target missed in 2026-Q1; 1 invalid record "
        "left out of the measures")
    assert "1 invalid record(s) excluded" in output
    code, output = _monitor("--data", str(data), "--out", str(tmp_path / "out"), "--details")
    assert "OAK — 2026-Q1" in output
    document = json.loads((tmp_path / "out" / "monitoring.json").read_text(encoding="utf-8"))
    assert document["data_quality"][0]["problem"] == (
        "'maybe' is not yes or no (write true/false, yes/no or 1/0)")


def test_strict_exits_1_and_names_the_record(tmp_path: Path) -> None:
    data = _data(tmp_path, "a,OAK,2026-Q1,care_home,eighty,true,false,,\n")
    code, output = _monitor("--data", str(data), "--out", str(tmp_path / "out"), "--strict")
    assert code == 1
    assert "people.csv:2: age: 'eighty' is not a whole number" in output
    document = json.loads((tmp_path / "out" / "monitoring.json").read_text(encoding="utf-8"))
    assert [(p["row"], p["field"]) for p in document["data_quality"]] == [(2, "age")]
    assert f"wrote {tmp_path / 'out' / 'monitoring.json'}" in output
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
                                       str(out), "--pdf", "--pdf-variant",
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


def test_fail_on_gates_missed_outcomes_and_invalid_records(tmp_path: Path) -> None:
    data = _data(tmp_path, "a,OAK,2026-Q1,care_home,80,true,false,,\n"
                           "b,OAK,2026-Q1,care_home,80,maybe,false,,\n")
    out = str(tmp_path / "out")
    code, output = _monitor("--data", str(data), "--out", out, "--fail-on", "missed")
    assert code == 1
    assert "obc monitor: outcomes missed in the latest period: OAK (2)" in output
    assert (tmp_path / "out" / "monitoring.json").is_file()
    code, output = _monitor("--data", str(data), "--out", out, "--fail-on", "invalid")
    assert code == 1
    assert "1 of 2 record(s) invalid (50.0%), over the 0% --max-invalid allows" in output
    assert _monitor("--data", str(data), "--out", out, "--fail-on", "invalid",
                    "--max-invalid", "50%")[0] == 0
    assert _monitor("--data", str(data), "--out", out, "--max-invalid", "lots")[0] == 2


def test_misuse_and_configuration_exit_2(tmp_path: Path) -> None:
    code, output = _monitor("--data", str(tmp_path / "nope"), "--out", str(tmp_path / "out"))
    assert code == 2
    assert f"{tmp_path / 'nope'}: no such directory" in output
    code, output = _monitor("--data", str(tmp_path), "--out", str(tmp_path / "out"),
                            "--engine", "postgres")
    assert code == 2
    assert "--engine postgres needs --data postgresql://user@host/db" in output
    settings = tmp_path / "obc.toml"
    settings.write_text("[tables.people]\nrows = 1\n", encoding="utf-8")
    code, output = _monitor("--data", str(tmp_path), "--out", str(tmp_path / "out"),
                            "--config", str(settings))
    assert code == 2
    assert "[tables.people]: unknown key(s) rows; the keys are table, row and columns" in output


def test_json_summary(tmp_path: Path) -> None:
    data = _data(tmp_path, "a,OAK,2026-Q1,care_home,80,true,true,,\n")
    outcome = CliRunner().invoke(main, ["monitor", str(RULESET), "--data", str(data), "--out",
                                        str(tmp_path / "out"), "--format", "json", "--fail-on",
                                        "missed"])
    document = json.loads(outcome.stdout)
    assert (outcome.exit_code, document["command"]) == (document["exit_code"], "obc monitor")
    assert document["written"] == [str(tmp_path / "out" / "monitoring.json")]
    (oak,) = document["providers"]
    assert (oak["provider"], oak["met"] + oak["missed"] + oak["no_data"]) == ("OAK", 2)
    assert document["invalid_records"] == 0


def test_a_renamed_identifier_column_monitors_through_the_mapping(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = _data(tmp_path, "a,OAK,2026-Q1,care_home,80,true,false,,\n"
                           "b,OAK,2026-Q1,care_home,81,true,true,,\n")
    plain = tmp_path / "plain"
    assert _monitor("--data", str(data), "--out", str(plain))[0] == 0
    people = data / "people.csv"
    people.write_text(people.read_text(encoding="utf-8").replace("person_id,", "client_ref,", 1),
                      encoding="utf-8")
    code, output = _monitor("--data", str(data), "--out", str(tmp_path / "x"))
    assert code == 1
    assert "has no column `person_id`" in output
    assert '[tables.people] columns = { person_id = "…" }' in output
    project = tmp_path / "project"
    project.mkdir()
    (project / "pyproject.toml").write_text(
        '[tool.obc.tables.people]\ncolumns = { person_id = "client_ref" }\n', encoding="utf-8")
    monkeypatch.chdir(project)
    mapped = tmp_path / "mapped"
    code, output = _monitor("--data", str(data), "--out", str(mapped))
    assert code == 0, output

    def figures(folder: Path) -> object:
        document = json.loads((folder / "monitoring.json").read_text(encoding="utf-8"))
        return document["results"], document["payments"], document["data_quality"]

    assert figures(mapped) == figures(plain)
    (project / "pyproject.toml").write_text(
        '[tool.obc.tables.people]\ncolumns = { person_id = "client" }\n', encoding="utf-8")
    code, output = _monitor("--data", str(data), "--out", str(mapped))
    assert code == 2
    assert f"{people}: has no column `client` (obc.toml maps person_id to it)" in output
    (project / "pyproject.toml").write_text(
        '[tool.obc.tables.people]\ntable = "clients.csv"\n', encoding="utf-8")
    people.rename(data / "clients.csv")
    code, output = _monitor("--data", str(data), "--out", str(mapped))
    assert code == 1  # the file is found, but its identifier column is still client_ref
    assert f"{data / 'clients.csv'}: has no column `person_id`" in output


def test_progress_is_told_each_step(tmp_path: Path) -> None:
    from obcrules import api

    data = _data(tmp_path, "a,OAK,2026-Q1,care_home,80,true,false,,\n")
    steps: list[str] = []
    run = api.monitor(RULESET, data, out=tmp_path / "out", report="pdf", progress=steps.append)
    assert steps[0] == "reading people.csv"
    assert {"validating records", "measuring people", "statuses and payments",
            "laying out the PDF"} <= set(steps)
    assert run.report is not None and run.report.pdf is not None
    pages = len(PdfReader(run.report.pdf).pages)
    assert steps[-1] == f"writing the PDF: {pages} pages"


def test_a_report_of_the_earlier_data_is_removed_with_the_new_result(tmp_path: Path) -> None:
    """A run without --html removes the report an earlier run wrote, in the same change as
    the new monitoring.json, and says so: the report showed the earlier figures. With
    --strict too, whose invalid records still write monitoring.json."""
    data = _data(tmp_path, "a,OAK,2026-Q1,care_home,80,true,false,,\n")
    out = tmp_path / "out"
    code, output = _monitor("--data", str(data), "--out", str(out), "--html")
    assert code == 0 and (out / "monitoring.html").is_file(), output
    with (data / "people.csv").open("a", encoding="utf-8") as people:
        people.write("b,OAK,2026-Q1,care_home,81,true,true,,\n")
    code, output = _monitor("--data", str(data), "--out", str(out))
    assert code == 0, output
    assert f"removed {out / 'monitoring.html'}: it showed the earlier result (ask for it " \
           "again with --html or --pdf)" in output
    assert sorted(p.name for p in out.iterdir()) == ["monitoring.json"]

    code, output = _monitor("--data", str(data), "--out", str(out), "--html")
    (data / "people.csv").write_text(HEADER + "a,OAK,2026-Q1,care_home,eighty,true,false,,\n",
                                     encoding="utf-8")
    outcome = CliRunner().invoke(main, ["monitor", str(RULESET), "--data", str(data), "--out",
                                        str(out), "--strict", "--format", "json"])
    assert outcome.exit_code == 1
    assert json.loads(outcome.stdout)["removed"] == [str(out / "monitoring.html")]
    assert sorted(p.name for p in out.iterdir()) == ["monitoring.json"]


def test_a_report_is_kept_when_the_new_one_cannot_be_written(tmp_path: Path) -> None:
    """Nothing is removed unless the new result is put in place: a run that fails keeps
    the earlier result and its report together."""
    data = _data(tmp_path, "a,OAK,2026-Q1,care_home,80,true,false,,\n")
    out = tmp_path / "out"
    assert _monitor("--data", str(data), "--out", str(out), "--html")[0] == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    templates = tmp_path / "broken"
    templates.mkdir()
    (templates / "monitoring.html.j2").write_text("{{ no_such_value.field }}", encoding="utf-8")
    code, output = _monitor("--data", str(data), "--out", str(out), "--html", "--templates",
                            str(templates))
    assert code != 0, output
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
