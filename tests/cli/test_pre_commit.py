"""The hooks of .pre-commit-hooks.yaml, run by pre-commit itself on a scratch repository.

pre-commit would install obc into an environment of its own from the repository
(PyPI, minutes); the test runs the hooks as declared — their entry, files and
types — with `language: system` against the obc of this environment instead.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).parents[2]
SPEC = ROOT / "tests" / "fixtures" / "spec_example.obc"
PRE_COMMIT = shutil.which("pre-commit", path=str(Path(sys.executable).parent))

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(PRE_COMMIT is None or shutil.which("git") is None,
                                 reason="pre-commit (the dev extra) and git are needed")]


def test_the_hooks_are_obc_check_and_obc_fmt_on_rulesets() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [(h["id"], h["entry"], h["files"], h["language"]) for h in hooks] == [
        ("obc-check", "obc check", r"\.obc$", "python"),
        ("obc-fmt", "obc fmt", r"\.obc$", "python")]


def _repository(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    repo = tmp_path / "repo"
    repo.mkdir()
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "NO_COLOR": "1"}
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    obc = str(Path(sys.executable).parent / "obc")
    local = [{**h, "language": "system", "entry": h["entry"].replace("obc", obc, 1)}
             for h in hooks]
    (repo / ".pre-commit-config.yaml").write_text(
        yaml.safe_dump({"repos": [{"repo": "local", "hooks": local}]}), encoding="utf-8")
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True, env=env)
    return repo, env


def _run(repo: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True, env=env)
    return subprocess.run([str(PRE_COMMIT), "run", "--all-files"], cwd=repo, env=env,
                          capture_output=True, text=True, timeout=300, check=False)


def test_pre_commit_formats_then_passes_and_stops_a_broken_ruleset(tmp_path: Path) -> None:
    repo, env = _repository(tmp_path)
    (repo / "rulesets").mkdir()
    shutil.copy(SPEC, repo / "rulesets" / "a.obc")  # its comments are not yet laid out
    (repo / "notes.txt").write_text("ruleset x\n", encoding="utf-8")  # not a ruleset
    first = _run(repo, env)
    assert first.returncode == 1, first.stdout
    assert "obc check" in first.stdout and "obc fmt" in first.stdout
    assert "files were modified by this hook" in first.stdout
    second = _run(repo, env)
    assert second.returncode == 0, second.stdout
    (repo / "rulesets" / "b.obc").write_text(
        SPEC.read_text(encoding="utf-8").replace("continence_problem and not",
                                                 "continence_problm and not"),
        encoding="utf-8")
    third = _run(repo, env)
    assert third.returncode == 1
    assert "error[OBC102]: `continence_problm` is not a field of `people`" in third.stdout
