"""``obc fmt`` as a user runs it: --check reports, fmt rewrites, a broken file is left alone."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.cli.conftest import SPEC, run


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
