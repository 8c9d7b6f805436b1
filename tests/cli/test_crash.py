"""A command that fails by a bug: one line naming the crash log, exit 3, the traceback (with
every password masked) in a private file of the user's cache folder; never a traceback on
the terminal."""

from __future__ import annotations

import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from obcrules import api
from obcrules.cli import main
from obcrules.cli.crash import cache_folder
from obcrules.diagnostics import ExitCode

DSN = "postgresql://obc:S3cret-crash@db.example/returns"


def _explode(*_args: object, **_kwargs: object) -> None:
    raise RuntimeError(f"a bug, quoting {DSN} and PGPASSWORD=S3cret-env")


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("PGPASSWORD", "S3cret-env")
    return tmp_path / "cache" / "obcrules"


def test_a_bug_prints_one_line_and_writes_a_private_crash_log(
        cache: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(api, "monitor", _explode)
    result = CliRunner().invoke(main, ["monitor", "x.obc", "--data", DSN, "--out",
                                       str(tmp_path / "out")])
    assert result.exit_code == ExitCode.INTERNAL == 3
    (log,) = cache.glob("crash-*.log")
    assert result.output.splitlines() == [
        f"obc: internal error (RuntimeError): the details are in {log}; please report it "
        "(docs/security.md says how), with that file if there is one"]
    text = log.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in text and "RuntimeError: a bug" in text
    assert "command: obc monitor x.obc --data postgresql://obc:***@db.example/returns" in text
    assert "S3cret" not in text
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700


def test_without_a_writable_cache_the_temporary_folder_takes_the_log(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder should be", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr("tempfile.tempdir", None)
    monkeypatch.setattr(api, "check", _explode)
    result = CliRunner().invoke(main, ["check", "x.obc"])
    assert result.exit_code == 3
    (log,) = (tmp_path / "tmp" / "obcrules").glob("crash-*.log")
    assert f"the details are in {log}" in result.output


def test_with_nowhere_to_write_the_line_says_so(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr("obcrules.cli.crash._write_private", refuse)
    monkeypatch.setattr(api, "check", _explode)
    result = CliRunner().invoke(main, ["check", "x.obc"])
    assert result.exit_code == 3
    assert "no crash log could be written (No space left on device)" in result.output
    assert "Traceback" not in result.output


def test_errors_click_handles_and_api_errors_are_not_crashes(cache: Path) -> None:
    result = CliRunner().invoke(main, ["monitor", "--no-such-option"])
    assert result.exit_code == 2 and not cache.exists()
    result = CliRunner().invoke(main, ["check", "no-such.obc"])
    assert result.exit_code == 2 and not cache.exists()


def test_outside_standalone_mode_the_exception_reaches_the_caller(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(api, "check", _explode)
    with pytest.raises(RuntimeError, match="a bug"):
        main.main(["check", "x.obc"], standalone_mode=False)


@pytest.mark.parametrize(("platform", "environment", "expected"), [
    ("linux", {"XDG_CACHE_HOME": "/var/cache/me"}, Path("/var/cache/me/obcrules")),
    ("linux", {"XDG_CACHE_HOME": "relative/ignored"}, Path.home() / ".cache" / "obcrules"),
    ("linux", {}, Path.home() / ".cache" / "obcrules"),
    ("darwin", {"XDG_CACHE_HOME": "/ignored"}, Path.home() / "Library" / "Caches" / "obcrules"),
    ("win32", {"LOCALAPPDATA": "C:/Users/me/AppData/Local"},
     Path("C:/Users/me/AppData/Local") / "obcrules" / "Cache"),
])
def test_the_cache_folder_is_where_each_platform_keeps_caches(
        platform: str, environment: dict[str, str], expected: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", platform)
    for name in ("XDG_CACHE_HOME", "LOCALAPPDATA"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert cache_folder() == expected


@pytest.mark.slow
def test_a_real_process_crashes_with_exit_3_and_no_traceback(tmp_path: Path) -> None:
    script = ("import sys\nfrom obcrules import api\nfrom obcrules.cli import main\n"
              "def explode(*a, **k):\n    raise ValueError('deep inside')\n"
              "api.check = explode\nsys.argv = ['obc', 'check', 'x.obc']\nmain()\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env={"XDG_CACHE_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
                          check=False)
    assert done.returncode == 3
    assert done.stdout == "" and "Traceback" not in done.stderr
    assert done.stderr.startswith("obc: internal error (ValueError): the details are in "
                                  f"{tmp_path / 'obcrules'}")


def test_the_file_system_refusing_is_one_line_and_exit_1_not_a_crash(
        cache: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    result = CliRunner().invoke(main, ["demo", "--rulesets", str(tmp_path), "--out",
                                       str(blocker / "out")])
    assert result.exit_code == 1
    assert result.output.splitlines()[-1].startswith("obc: the system refused: Not a directory: "
                                                     f"{blocker / 'out'}")
    assert not cache.exists()
