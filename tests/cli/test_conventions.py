"""The manners every command shares: folders walked, settings found, warnings selected,
ignored per line or made errors, -q/-v, colour and NO_COLOR, JSON, exit codes, fmt."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from obcrules.cli import main
from tests.cli.conftest import SPEC, run


def warned(folder: Path, name: str = "w.obc") -> Path:
    """The spec example with two warnings: OBC204 on line 11, OBC202 on line 22."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    text = SPEC.read_text(encoding="utf-8").replace(
        "    evidence objective                   # objective | self_reported",
        "    evidence self_reported").replace("    verify survey every year\n", "")
    path.write_text(text, encoding="utf-8")
    return path


def test_check_walks_a_folder_and_respects_gitignore(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".git").mkdir()
    shutil.copy(SPEC, tmp_path / "a.obc")
    (tmp_path / "sub").mkdir()
    shutil.copy(SPEC, tmp_path / "sub" / "b.obc")
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "broken.obc").write_text("ruleset x\n", encoding="utf-8")
    (tmp_path / "sub" / "skip.obc").write_text("ruleset x\n", encoding="utf-8")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "h.obc").write_text("ruleset x\n", encoding="utf-8")
    (tmp_path / ".gitignore").write_text("# built\nbuild/\n", encoding="utf-8")
    (tmp_path / "sub" / ".gitignore").write_text("skip.obc\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out = run("check", ".", "--format", "json")
    assert code == 0, out
    assert json.loads(out)["files"] == ["a.obc", "sub/b.obc"]
    code, out = run("check", "sub")
    assert (code, out.strip().splitlines()[-1]) == (0, "ok: 1 file(s), 0 error(s), 0 warning(s)")


def test_failed_counts_the_files_that_failed(tmp_path: Path) -> None:
    shutil.copy(SPEC, tmp_path / "a.obc")
    shutil.copy(SPEC, tmp_path / "b.obc")
    (tmp_path / "c.obc").write_text('ruleset x "t"\n', encoding="utf-8")
    code, out = run("check", str(tmp_path))
    assert code == 1
    assert out.strip().splitlines()[-1].startswith("failed: 1 of 3 file(s), ")


def test_a_folder_without_rulesets_is_a_usage_error(tmp_path: Path) -> None:
    assert run("check", str(tmp_path)) == (2, f"obc check: no .obc files in {tmp_path}\n")


def test_select_ignore_and_warnings_as_errors(tmp_path: Path) -> None:
    path = warned(tmp_path)
    code, out = run("check", str(path))
    assert code == 0 and "OBC204" in out and "OBC202" in out
    code, out = run("check", "--ignore", "OBC204", str(path))
    assert "OBC204" not in out and "OBC202" in out
    code, out = run("check", "--select", "OBC204", str(path))
    assert "OBC204" in out and "OBC202" not in out
    code, out = run("check", "--warnings-as-errors", str(path))
    assert code == 1
    assert "error[OBC204]" in out and out.strip().endswith("2 error(s), 0 warning(s)")


def test_settings_come_from_obc_toml_or_pyproject(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "project"
    path = warned(project / "rulesets")
    (project / ".git").mkdir()
    (project / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.obc]\nignore = ["OBC202"]\nwarnings-as-errors = true\n',
        encoding="utf-8")
    monkeypatch.chdir(project / "rulesets")
    code, out = run("check", path.name)
    assert code == 1 and "error[OBC204]" in out and "OBC202" not in out
    (project / "rulesets" / "obc.toml").write_text('select = ["OBC202"]\n', encoding="utf-8")
    code, out = run("check", path.name)
    assert code == 0 and "warning[OBC202]" in out and "OBC204" not in out
    assert run("check", "--no-such", path.name)[0] == 2
    (project / "rulesets" / "obc.toml").write_text('warnings-as-errors = "yes"\n',
                                                   encoding="utf-8")
    code, out = run("check", path.name)
    assert code == 2
    assert "obc.toml: warnings-as-errors must be true or false" in out


def test_a_comment_ignores_a_warning_on_its_line(tmp_path: Path) -> None:
    path = warned(tmp_path)
    text = path.read_text(encoding="utf-8").replace(
        'outcome untreated_continence "Fewer residents live with an untreated continence '
        'problem":', 'outcome untreated_continence "Fewer residents live with an untreated '
        'continence problem":  # obc: ignore[OBC204]')
    path.write_text(text, encoding="utf-8")
    assert run("check", str(path))[0] == 0
    out = run("check", str(path))[1]
    assert "OBC204" not in out and "OBC202" in out
    assert out.strip().endswith("0 error(s), 1 warning(s)")


def test_quiet_verbose_and_colour(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = warned(tmp_path)
    code, out = run("check", "-q", str(SPEC))
    assert (code, out) == (0, "")
    code, out = run("check", "--color", "always", str(path))
    assert "\x1b[33mwarning\x1b[0m[OBC204]" in out and "\x1b[32mok\x1b[0m:" in out
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in run("check", str(path))[1]
    assert "\x1b[" in run("check", "--color", "always", str(path))[1]
    result = CliRunner().invoke(main, ["check", "-v", str(SPEC)])
    assert f"checked {SPEC}" in result.stderr


def test_every_command_has_the_shared_options() -> None:
    from obcrules.cli import COMMANDS, LazyGroup

    def walk(command: object, name: str) -> list[tuple[str, set[str]]]:
        import click

        assert isinstance(command, click.Command)
        if isinstance(command, click.Group):
            subs = command.commands if not hasattr(command, "get_command") else {
                n: command.get_command(click.Context(command), n)
                for n in command.list_commands(click.Context(command))}
            return [x for n, c in subs.items() for x in walk(c, f"{name} {n}")]
        return [(name, {o for p in command.params for o in getattr(p, "opts", [])})]

    found = [x for name in COMMANDS for x in walk(LazyGroup._load(name), name)]
    assert len(found) > 20
    for name, flags in found:
        assert {"-q", "-v", "--color"} <= flags, name
        assert ("--format" in flags) is (name not in ("lsp", "serve")), name


def test_an_unforeseen_error_exits_3_without_a_traceback(monkeypatch: pytest.MonkeyPatch,
                                                          tmp_path: Path) -> None:
    from obcrules import api

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    def broken(*args: object, **kwargs: object) -> None:
        raise KeyError("boom")

    monkeypatch.setattr(api, "check", broken)
    result = CliRunner().invoke(main, ["check", str(SPEC)])
    assert result.exit_code == 3
    (log,) = (tmp_path / "cache" / "obcrules").glob("crash-*.log")
    assert f"obc: internal error (KeyError): the details are in {log}" in result.stderr
    assert "Traceback" not in result.output
    result = CliRunner().invoke(main, ["check", "-v", str(SPEC)])
    assert result.exit_code == 3
    assert "Traceback" in result.stderr and "KeyError: 'boom'" in result.stderr


def test_fmt_diff_stdin_and_json(tmp_path: Path) -> None:
    path = tmp_path / "r.obc"
    text = SPEC.read_text(encoding="utf-8").replace("    verify survey every year\n",
                                                    "    verify  survey every year\n")
    path.write_text(text, encoding="utf-8")
    code, out = run("fmt", "--diff", str(tmp_path))
    assert code == 1
    assert "-    verify  survey every year\n+    verify survey every year" in out
    assert path.read_text(encoding="utf-8") == text  # --diff changes nothing
    result = CliRunner().invoke(main, ["fmt", "-"], input=text)
    assert result.exit_code == 0
    assert "    verify survey every year\n" in result.stdout
    assert path.read_text(encoding="utf-8") == text  # stdin in, stdout out: no file touched
    code, out = run("fmt", "--format", "json", str(path))
    assert code == 0
    assert json.loads(out)["changed"] == [str(path)]
    assert path.read_text(encoding="utf-8") == result.stdout
    assert CliRunner().invoke(main, ["fmt", "--check", "-"], input=result.stdout).exit_code == 0


def test_fmt_keeps_an_indented_todo_in_its_block(tmp_path: Path) -> None:
    path = tmp_path / "r.obc"
    text = SPEC.read_text(encoding="utf-8").replace(
        "    verify case_file_audit sample 10% every year\n",
        "    verify case_file_audit sample 10% every year\n    # TODO: agree the sample\n")
    path.write_text(text, encoding="utf-8")
    assert run("fmt", str(path))[0] == 0
    formatted = path.read_text(encoding="utf-8")
    assert "    verify case_file_audit sample 10% every year\n    # TODO: agree the sample\n\n" \
           "outcome wellbeing" in formatted
    assert run("fmt", "--check", str(path)) == (0, "")


def test_progress_is_drawn_only_on_a_terminal_and_never_when_quiet(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import sys

    from obcrules.cli.console import Console

    assert Console().progress_callback() is None  # pytest's stderr is no terminal
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    out = Console()
    assert out.progress_callback() is not None
    out.progress("reading people.csv")
    out.say("done")
    captured = capsys.readouterr()
    assert captured.err == "\r\x1b[2Kreading people.csv\r\x1b[2K"  # drawn, then cleared
    assert captured.out == "done\n"
    for quiet in (Console(quiet=True), Console(json=True)):
        assert quiet.progress_callback() is None
        quiet.progress("reading people.csv")
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(("command", "remedy"), [
    (["monitor", "{r}", "--data", "{d}", "--out", "{d}/out"], "fix them (see `obc check`)"),
    (["finance", "{r}"], "fix them (see `obc check`)"),
    (["verify", "sample", "{r}", "--data", "{d}", "--period", "2026-Q1", "--out", "{d}/vs"],
     "fix them (see `obc check`)"),
    (["report", "framework", "{r}", "--out", "{d}/report"], "fix them first"),
], ids=["monitor", "finance", "verify-sample", "report-framework"])
def test_a_command_on_a_ruleset_with_errors_prints_them_and_says_so(
        tmp_path: Path, command: list[str], remedy: str) -> None:
    ruleset = tmp_path / "bad.obc"
    ruleset.write_text(SPEC.read_text(encoding="utf-8").replace(
        "continence_problem", "continence_problm", 1), encoding="utf-8")
    (tmp_path / "data").mkdir()
    args = [a.replace("{r}", str(ruleset)).replace("{d}", str(tmp_path / "data"))
            for a in command]
    code, out = run(*args)
    name = " ".join(command[:2] if command[0] in ("verify", "report") else command[:1])
    assert code == 1
    assert "error[OBC102]: `continence_problm` is not a field of `people`" in out
    assert f"obc {name}: {ruleset} has errors; {remedy}" in out
