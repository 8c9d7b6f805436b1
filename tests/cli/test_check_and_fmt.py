"""``obc check`` and ``obc fmt`` as a user runs them: exit codes, output, JSON."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from obcrules.cli import main

SPEC = Path(__file__).parents[1] / "fixtures" / "spec_example.obc"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


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
    assert "failed: 1 file(s), 1 error(s), 0 warning(s)" in out


def test_check_exits_2_when_a_file_is_missing(tmp_path: Path) -> None:
    code, out = run("check", str(tmp_path / "nope.obc"))
    assert code == 2
    assert "no such file" in out


def test_check_json_has_the_documented_fields(tmp_path: Path) -> None:
    path = broken(tmp_path)
    code, out = run("check", "--format", "json", str(path))
    assert code == 1
    assert json.loads(out) == [{
        "file": str(path), "line": 14, "column": 38, "end_line": 14, "end_column": 55,
        "severity": "error", "code": "OBC102",
        "message": "`continence_problm` is not a field of `people`",
        "suggestion": "did you mean `continence_problem`?",
    }]


def test_check_github_format_annotates_the_line(tmp_path: Path) -> None:
    path = broken(tmp_path)
    code, out = run("check", "--format", "github", str(path))
    assert code == 1
    assert out.startswith(f"::error file={path},line=14,col=38,endLine=14,endColumn=55,"
                          "title=OBC102::`continence_problm` is not a field of `people`")


def test_fmt_check_reports_then_fmt_rewrites_and_is_idempotent(tmp_path: Path) -> None:
    path = tmp_path / "r.obc"
    shutil.copy(SPEC, path)
    code, out = run("fmt", "--check", str(path))
    assert (code, out.strip()) == (1, f"would reformat {path}")
    assert path.read_bytes() == SPEC.read_bytes()  # --check changes nothing
    assert run("fmt", str(path))[0] == 0
    formatted = path.read_text(encoding="utf-8")
    assert "    service adult_social_care  # plugin that supplies tables, fields, functions" in (
        formatted)
    assert run("fmt", "--check", str(path)) == (0, "")


def test_fmt_leaves_a_broken_file_alone_and_exits_1(tmp_path: Path) -> None:
    path = tmp_path / "bad.obc"
    path.write_text('ruleset x "t"\n', encoding="utf-8")
    code, out = run("fmt", str(path))
    assert code == 1
    assert "error[OBC007]" in out
    assert path.read_text(encoding="utf-8") == 'ruleset x "t"\n'
