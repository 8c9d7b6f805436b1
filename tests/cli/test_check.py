"""``obc check`` as a user runs it: exit codes, output, JSON."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner


def test_obc_check_engine_flag_is_wired() -> None:
    from obcrules.cli import main

    path = Path(__file__).parents[2] / "rulesets" / "talking_therapies.obc"
    result = CliRunner().invoke(main, ["check", "--engine", "spark", str(path)])
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith("ok: 1 file(s), 0 error(s), 0 warning(s)")
