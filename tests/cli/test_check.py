"""``obc check`` as a user runs it: exit codes, output, JSON, GitHub annotations, --engine."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from click.testing import CliRunner

from obcrules.cli import main
from tests.cli.conftest import SPEC, run


def test_check_exits_0_on_a_clean_ruleset(tmp_path: Path) -> None:
    code, out = run("check", str(SPEC))
    assert code == 0
    assert out.strip().splitlines()[-1] == "ok: 1 file(s), 0 error(s), 0 warning(s)"


def broken(tmp_path: Path) -> Path:
    path = tmp_path / "broken.obc"
    path.write_text(SPEC.read_text(encoding="utf-8").replace(
        "continence_problem and not", "continence_problm and not"), encoding="utf-8")
    return path


def test_check_exits_1_on_an_error_and_prints_the_caret(tmp_path: Path) -> None:
    path = broken(tmp_path)
    code, out = run("check", str(path))
    assert code == 1
    assert f"{path}:14:38: error[OBC102]: `continence_problm` is not a field of `people`" in out
    assert "  help: did you mean `continence_problem`?" in out
    assert "failed: 1 of 1 file(s), 1 error(s), 0 warning(s)" in out


def test_check_exits_2_when_a_file_is_missing(tmp_path: Path) -> None:
    code, out = run("check", str(tmp_path / "nope.obc"))
    assert code == 2
    assert "no such file" in out


def test_check_json_has_the_documented_fields(tmp_path: Path) -> None:
    path = broken(tmp_path)
    code, out = run("check", "--format", "json", str(path), str(SPEC))
    assert code == 1
    assert json.loads(out) == {
        "schema": "obcrules.diagnostics/1", "files": [str(path), str(SPEC)], "errors": 1,
        "warnings": 0,
        "diagnostics": [{
            "file": str(path), "line": 14, "column": 38, "end_line": 14, "end_column": 55,
            "severity": "error", "code": "OBC102",
            "message": "`continence_problm` is not a field of `people`",
            "suggestion": "did you mean `continence_problem`?",
        }],
    }
    schema = json.loads(run("schema", "diagnostics")[1])
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(json.loads(out))) == []


def test_check_sarif_and_rdjson_name_the_finding(tmp_path: Path) -> None:
    path = broken(tmp_path)
    code, out = run("check", "--format", "sarif", str(path))
    assert code == 1
    (result,) = json.loads(out)["runs"][0]["results"]
    assert result["ruleId"] == "OBC102"
    assert result["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 14, "startColumn": 38, "endLine": 14, "endColumn": 55}
    code, out = run("check", "--format", "rdjson", str(path))
    assert code == 1
    (entry,) = json.loads(out)["diagnostics"]
    assert entry["code"] == {"value": "OBC102"}
    assert entry["location"]["range"]["start"] == {"line": 14, "column": 38}


def test_check_github_format_annotates_the_line(tmp_path: Path) -> None:
    path = broken(tmp_path)
    code, out = run("check", "--format", "github", str(path))
    assert code == 1
    assert out.startswith(f"::error file={path},line=14,col=38,endLine=14,endColumn=55,"
                          "title=OBC102::`continence_problm` is not a field of `people`")


def test_obc_check_engine_flag_is_wired() -> None:

    path = Path(__file__).parents[2] / "rulesets" / "talking_therapies.obc"
    result = CliRunner().invoke(main, ["check", "--engine", "spark", str(path)])
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith("ok: 1 file(s), 0 error(s), 0 warning(s)")
